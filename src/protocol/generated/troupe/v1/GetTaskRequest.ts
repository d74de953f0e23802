// Original file: proto/troupe/v1/task.proto


export interface GetTaskRequest {
  'jobId'?: (string);
  'taskId'?: (string);
}

export interface GetTaskRequest__Output {
  'jobId': (string);
  'taskId': (string);
}
