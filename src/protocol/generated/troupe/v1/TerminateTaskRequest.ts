// Original file: proto/troupe/v1/task.proto


export interface TerminateTaskRequest {
  'jobId'?: (string);
  'taskId'?: (string);
}

export interface TerminateTaskRequest__Output {
  'jobId': (string);
  'taskId': (string);
}
