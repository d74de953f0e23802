// Original file: proto/troupe/v1/task.proto


export interface DeleteTaskRequest {
  'jobId'?: (string);
  'taskId'?: (string);
}

export interface DeleteTaskRequest__Output {
  'jobId': (string);
  'taskId': (string);
}
