// Original file: proto/troupe/v1/task.proto


export interface TaskConstraints {
  'maxWallClockTime'?: (string);
  'retentionTime'?: (string);
  'maxTaskRetryCount'?: (number);
  'maxMemoryMib'?: (number);
  '_maxTaskRetryCount'?: "maxTaskRetryCount";
}

export interface TaskConstraints__Output {
  'maxWallClockTime': (string);
  'retentionTime': (string);
  'maxTaskRetryCount'?: (number);
  'maxMemoryMib': (number);
  '_maxTaskRetryCount'?: "maxTaskRetryCount";
}
