// Original file: proto/troupe/v1/pool_scaling.proto


export interface StopPoolResizeRequest {
  'poolId'?: (string);
}

export interface StopPoolResizeRequest__Output {
  'poolId': (string);
}
