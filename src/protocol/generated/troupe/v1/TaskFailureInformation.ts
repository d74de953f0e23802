// Original file: proto/troupe/v1/task.proto


export interface TaskFailureInformation {
  'category'?: (string);
  'code'?: (string);
  'message'?: (string);
}

export interface TaskFailureInformation__Output {
  'category': (string);
  'code': (string);
  'message': (string);
}
