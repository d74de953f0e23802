// Original file: proto/troupe/v1/job_schedule.proto


export interface GetJobScheduleRequest {
  'jobScheduleId'?: (string);
}

export interface GetJobScheduleRequest__Output {
  'jobScheduleId': (string);
}
