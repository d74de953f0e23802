// Original file: proto/troupe/v1/updates.proto


export interface TaskConstraintsPatch {
  'maxWallClockTime'?: (string);
  'retentionTime'?: (string);
  'maxTaskRetryCount'?: (number);
  '_maxWallClockTime'?: "maxWallClockTime";
  '_retentionTime'?: "retentionTime";
  '_maxTaskRetryCount'?: "maxTaskRetryCount";
}

export interface TaskConstraintsPatch__Output {
  'maxWallClockTime'?: (string);
  'retentionTime'?: (string);
  'maxTaskRetryCount'?: (number);
  '_maxWallClockTime'?: "maxWallClockTime";
  '_retentionTime'?: "retentionTime";
  '_maxTaskRetryCount'?: "maxTaskRetryCount";
}
