// Original file: proto/troupe/v1/job_schedule.proto


export interface DeleteJobScheduleRequest {
  'jobScheduleId'?: (string);
}

export interface DeleteJobScheduleRequest__Output {
  'jobScheduleId': (string);
}
