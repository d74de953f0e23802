// Original file: proto/troupe/v1/batch_service.proto


export interface WatchRequest {
  'jobId'?: (string);
  'includeNodes'?: (boolean);
  'includeInitial'?: (boolean);
  'waitForJob'?: (boolean);
  'batch'?: (boolean);
  'taskSelect'?: (string);
}

export interface WatchRequest__Output {
  'jobId': (string);
  'includeNodes': (boolean);
  'includeInitial': (boolean);
  'waitForJob': (boolean);
  'batch': (boolean);
  'taskSelect': (string);
}
