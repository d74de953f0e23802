// Original file: proto/troupe/v1/job_schedule.proto


export interface RecentJob {
  'id'?: (string);
}

export interface RecentJob__Output {
  'id': (string);
}
