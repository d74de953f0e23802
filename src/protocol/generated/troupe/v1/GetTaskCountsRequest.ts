// Original file: proto/troupe/v1/job.proto


export interface GetTaskCountsRequest {
  'jobId'?: (string);
}

export interface GetTaskCountsRequest__Output {
  'jobId': (string);
}
