// Original file: proto/troupe/v1/pool.proto


export interface DeletePoolRequest {
  'poolId'?: (string);
}

export interface DeletePoolRequest__Output {
  'poolId': (string);
}
