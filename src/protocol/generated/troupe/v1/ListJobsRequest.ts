// Original file: proto/troupe/v1/job.proto


export interface ListJobsRequest {
  'state'?: (string);
  'maxResults'?: (number);
  'pageToken'?: (string);
  'filter'?: (string);
  'select'?: (string);
  'jobScheduleId'?: (string);
}

export interface ListJobsRequest__Output {
  'state': (string);
  'maxResults': (number);
  'pageToken': (string);
  'filter': (string);
  'select': (string);
  'jobScheduleId': (string);
}
