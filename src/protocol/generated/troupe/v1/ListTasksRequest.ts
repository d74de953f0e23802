// Original file: proto/troupe/v1/task.proto


export interface ListTasksRequest {
  'jobId'?: (string);
  'state'?: (string);
  'maxResults'?: (number);
  'pageToken'?: (string);
  'filter'?: (string);
  'select'?: (string);
}

export interface ListTasksRequest__Output {
  'jobId': (string);
  'state': (string);
  'maxResults': (number);
  'pageToken': (string);
  'filter': (string);
  'select': (string);
}
