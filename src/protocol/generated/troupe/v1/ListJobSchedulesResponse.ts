// Original file: proto/troupe/v1/job_schedule.proto

import type { JobSchedule as _troupe_v1_JobSchedule, JobSchedule__Output as _troupe_v1_JobSchedule__Output } from '../../troupe/v1/JobSchedule';

export interface ListJobSchedulesResponse {
  'jobSchedules'?: (_troupe_v1_JobSchedule)[];
  'nextPageToken'?: (string);
}

export interface ListJobSchedulesResponse__Output {
  'jobSchedules': (_troupe_v1_JobSchedule__Output)[];
  'nextPageToken': (string);
}
