// Original file: proto/troupe/v1/job_schedule.proto

import type { Schedule as _troupe_v1_Schedule, Schedule__Output as _troupe_v1_Schedule__Output } from '../../troupe/v1/Schedule';
import type { Job as _troupe_v1_Job, Job__Output as _troupe_v1_Job__Output } from '../../troupe/v1/Job';
import type { JobScheduleExecutionInformation as _troupe_v1_JobScheduleExecutionInformation, JobScheduleExecutionInformation__Output as _troupe_v1_JobScheduleExecutionInformation__Output } from '../../troupe/v1/JobScheduleExecutionInformation';

export interface JobSchedule {
  'id'?: (string);
  'displayName'?: (string);
  'schedule'?: (_troupe_v1_Schedule | null);
  'jobSpecification'?: (_troupe_v1_Job | null);
  'state'?: (string);
  'creationTime'?: (string);
  'stateTransitionTime'?: (string);
  'previousState'?: (string);
  'previousStateTransitionTime'?: (string);
  'executionInfo'?: (_troupe_v1_JobScheduleExecutionInformation | null);
  'owner'?: (string);
}

export interface JobSchedule__Output {
  'id': (string);
  'displayName': (string);
  'schedule': (_troupe_v1_Schedule__Output | null);
  'jobSpecification': (_troupe_v1_Job__Output | null);
  'state': (string);
  'creationTime': (string);
  'stateTransitionTime': (string);
  'previousState': (string);
  'previousStateTransitionTime': (string);
  'executionInfo': (_troupe_v1_JobScheduleExecutionInformation__Output | null);
  'owner': (string);
}
