// Original file: proto/troupe/v1/job.proto


export interface JobConstraints {
  'maxWallClockTime'?: (string);
  'maxTaskRetryCount'?: (number);
}

export interface JobConstraints__Output {
  'maxWallClockTime': (string);
  'maxTaskRetryCount': (number);
}
