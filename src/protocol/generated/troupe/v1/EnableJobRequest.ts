// Original file: proto/troupe/v1/job.proto


export interface EnableJobRequest {
  'jobId'?: (string);
}

export interface EnableJobRequest__Output {
  'jobId': (string);
}
