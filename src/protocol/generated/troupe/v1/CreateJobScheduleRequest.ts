// Original file: proto/troupe/v1/job_schedule.proto

import type { JobSchedule as _troupe_v1_JobSchedule, JobSchedule__Output as _troupe_v1_JobSchedule__Output } from '../../troupe/v1/JobSchedule';

export interface CreateJobScheduleRequest {
  'jobSchedule'?: (_troupe_v1_JobSchedule | null);
}

export interface CreateJobScheduleRequest__Output {
  'jobSchedule': (_troupe_v1_JobSchedule__Output | null);
}
