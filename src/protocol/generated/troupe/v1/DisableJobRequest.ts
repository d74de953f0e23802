// Original file: proto/troupe/v1/job.proto


export interface DisableJobRequest {
  'jobId'?: (string);
  'disableTasks'?: (string);
}

export interface DisableJobRequest__Output {
  'jobId': (string);
  'disableTasks': (string);
}
