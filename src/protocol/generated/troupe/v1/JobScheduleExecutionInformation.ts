// Original file: proto/troupe/v1/job_schedule.proto

import type { RecentJob as _troupe_v1_RecentJob, RecentJob__Output as _troupe_v1_RecentJob__Output } from '../../troupe/v1/RecentJob';

export interface JobScheduleExecutionInformation {
  'nextRunTime'?: (string);
  'recentJob'?: (_troupe_v1_RecentJob | null);
  'endTime'?: (string);
}

export interface JobScheduleExecutionInformation__Output {
  'nextRunTime': (string);
  'recentJob': (_troupe_v1_RecentJob__Output | null);
  'endTime': (string);
}
