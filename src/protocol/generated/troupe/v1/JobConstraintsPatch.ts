// Original file: proto/troupe/v1/updates.proto


export interface JobConstraintsPatch {
  'maxWallClockTime'?: (string);
  'maxTaskRetryCount'?: (number);
  '_maxWallClockTime'?: "maxWallClockTime";
  '_maxTaskRetryCount'?: "maxTaskRetryCount";
}

export interface JobConstraintsPatch__Output {
  'maxWallClockTime'?: (string);
  'maxTaskRetryCount'?: (number);
  '_maxWallClockTime'?: "maxWallClockTime";
  '_maxTaskRetryCount'?: "maxTaskRetryCount";
}
