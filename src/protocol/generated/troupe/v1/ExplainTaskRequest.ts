// Original file: proto/troupe/v1/scheduling.proto


export interface ExplainTaskRequest {
  'jobId'?: (string);
  'taskId'?: (string);
}

export interface ExplainTaskRequest__Output {
  'jobId': (string);
  'taskId': (string);
}
