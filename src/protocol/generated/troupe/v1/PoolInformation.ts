// Original file: proto/troupe/v1/job.proto


export interface PoolInformation {
  'poolId'?: (string);
}

export interface PoolInformation__Output {
  'poolId': (string);
}
