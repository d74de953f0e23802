// Original file: proto/troupe/v1/job.proto


export interface DeleteJobRequest {
  'jobId'?: (string);
}

export interface DeleteJobRequest__Output {
  'jobId': (string);
}
