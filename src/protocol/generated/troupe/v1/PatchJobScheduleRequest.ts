// Original file: proto/troupe/v1/job_schedule.proto

import type { Schedule as _troupe_v1_Schedule, Schedule__Output as _troupe_v1_Schedule__Output } from '../../troupe/v1/Schedule';
import type { Job as _troupe_v1_Job, Job__Output as _troupe_v1_Job__Output } from '../../troupe/v1/Job';

export interface PatchJobScheduleRequest {
  'jobScheduleId'?: (string);
  'schedule'?: (_troupe_v1_Schedule | null);
  'jobSpecification'?: (_troupe_v1_Job | null);
}

export interface PatchJobScheduleRequest__Output {
  'jobScheduleId': (string);
  'schedule': (_troupe_v1_Schedule__Output | null);
  'jobSpecification': (_troupe_v1_Job__Output | null);
}
