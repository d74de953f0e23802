// Original file: proto/troupe/v1/job_schedule.proto


export interface TerminateJobScheduleRequest {
  'jobScheduleId'?: (string);
}

export interface TerminateJobScheduleRequest__Output {
  'jobScheduleId': (string);
}
