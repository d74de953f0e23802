// Original file: proto/troupe/v1/task.proto


export interface ListSubtasksRequest {
  'jobId'?: (string);
  'taskId'?: (string);
}

export interface ListSubtasksRequest__Output {
  'jobId': (string);
  'taskId': (string);
}
