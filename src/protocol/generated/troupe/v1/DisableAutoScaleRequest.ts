// Original file: proto/troupe/v1/autoscale.proto


export interface DisableAutoScaleRequest {
  'poolId'?: (string);
}

export interface DisableAutoScaleRequest__Output {
  'poolId': (string);
}
