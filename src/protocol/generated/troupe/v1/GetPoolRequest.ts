// Original file: proto/troupe/v1/pool.proto


export interface GetPoolRequest {
  'poolId'?: (string);
}

export interface GetPoolRequest__Output {
  'poolId': (string);
}
