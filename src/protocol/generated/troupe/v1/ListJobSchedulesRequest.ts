// Original file: proto/troupe/v1/job_schedule.proto


export interface ListJobSchedulesRequest {
  'state'?: (string);
  'maxResults'?: (number);
  'pageToken'?: (string);
}

export interface ListJobSchedulesRequest__Output {
  'state': (string);
  'maxResults': (number);
  'pageToken': (string);
}
