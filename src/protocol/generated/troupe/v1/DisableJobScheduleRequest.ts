// Original file: proto/troupe/v1/job_schedule.proto


export interface DisableJobScheduleRequest {
  'jobScheduleId'?: (string);
}

export interface DisableJobScheduleRequest__Output {
  'jobScheduleId': (string);
}
