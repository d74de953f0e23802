// Original file: proto/troupe/v1/task.proto


export interface ReactivateTaskRequest {
  'jobId'?: (string);
  'taskId'?: (string);
}

export interface ReactivateTaskRequest__Output {
  'jobId': (string);
  'taskId': (string);
}
