// Original file: proto/troupe/v1/job_schedule.proto


export interface EnableJobScheduleRequest {
  'jobScheduleId'?: (string);
}

export interface EnableJobScheduleRequest__Output {
  'jobScheduleId': (string);
}
