// Original file: proto/troupe/v1/job.proto


export interface TerminateJobRequest {
  'jobId'?: (string);
  'terminateReason'?: (string);
}

export interface TerminateJobRequest__Output {
  'jobId': (string);
  'terminateReason': (string);
}
