// Original file: proto/troupe/v1/pool_scaling.proto


export interface GetPoolNodeCountsRequest {
  'poolId'?: (string);
}

export interface GetPoolNodeCountsRequest__Output {
  'poolId': (string);
}
