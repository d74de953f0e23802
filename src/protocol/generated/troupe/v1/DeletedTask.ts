// Original file: proto/troupe/v1/batch_service.proto


export interface DeletedTask {
  'jobId'?: (string);
  'taskId'?: (string);
}

export interface DeletedTask__Output {
  'jobId': (string);
  'taskId': (string);
}
