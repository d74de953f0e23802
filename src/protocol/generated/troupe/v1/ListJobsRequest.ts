// Original file: proto/troupe/v1/job.proto


export interface ListJobsRequest {
  'state'?: (string);
}

export interface ListJobsRequest__Output {
  'state': (string);
}
