// Original file: proto/troupe/v1/job.proto

import type { PoolInformation as _troupe_v1_PoolInformation, PoolInformation__Output as _troupe_v1_PoolInformation__Output } from '../../troupe/v1/PoolInformation';
import type { JobConstraints as _troupe_v1_JobConstraints, JobConstraints__Output as _troupe_v1_JobConstraints__Output } from '../../troupe/v1/JobConstraints';
import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from '../../troupe/v1/EnvironmentSetting';
import type { JobExecutionInformation as _troupe_v1_JobExecutionInformation, JobExecutionInformation__Output as _troupe_v1_JobExecutionInformation__Output } from '../../troupe/v1/JobExecutionInformation';
import type { JobPreparationTask as _troupe_v1_JobPreparationTask, JobPreparationTask__Output as _troupe_v1_JobPreparationTask__Output } from '../../troupe/v1/JobPreparationTask';
import type { JobReleaseTask as _troupe_v1_JobReleaseTask, JobReleaseTask__Output as _troupe_v1_JobReleaseTask__Output } from '../../troupe/v1/JobReleaseTask';
import type { JobManagerTask as _troupe_v1_JobManagerTask, JobManagerTask__Output as _troupe_v1_JobManagerTask__Output } from '../../troupe/v1/JobManagerTask';
import type { MetadataItem as _troupe_v1_MetadataItem, MetadataItem__Output as _troupe_v1_MetadataItem__Output } from '../../troupe/v1/MetadataItem';

export interface Job {
  'id'?: (string);
  'displayName'?: (string);
  'poolInfo'?: (_troupe_v1_PoolInformation | null);
  'priority'?: (number);
  'constraints'?: (_troupe_v1_JobConstraints | null);
  'commonEnvironmentSettings'?: (_troupe_v1_EnvironmentSetting)[];
  'onAllTasksComplete'?: (string);
  'state'?: (string);
  'creationTime'?: (string);
  'stateTransitionTime'?: (string);
  'executionInfo'?: (_troupe_v1_JobExecutionInformation | null);
  'maxParallelTasks'?: (number);
  'jobPreparationTask'?: (_troupe_v1_JobPreparationTask | null);
  'jobReleaseTask'?: (_troupe_v1_JobReleaseTask | null);
  'owner'?: (string);
  'jobManagerTask'?: (_troupe_v1_JobManagerTask | null);
  'jobScheduleId'?: (string);
  'metadata'?: (_troupe_v1_MetadataItem)[];
  'usesTaskDependencies'?: (boolean);
  'onTaskFailure'?: (string);
}

export interface Job__Output {
  'id': (string);
  'displayName': (string);
  'poolInfo': (_troupe_v1_PoolInformation__Output | null);
  'priority': (number);
  'constraints': (_troupe_v1_JobConstraints__Output | null);
  'commonEnvironmentSettings': (_troupe_v1_EnvironmentSetting__Output)[];
  'onAllTasksComplete': (string);
  'state': (string);
  'creationTime': (string);
  'stateTransitionTime': (string);
  'executionInfo': (_troupe_v1_JobExecutionInformation__Output | null);
  'maxParallelTasks': (number);
  'jobPreparationTask': (_troupe_v1_JobPreparationTask__Output | null);
  'jobReleaseTask': (_troupe_v1_JobReleaseTask__Output | null);
  'owner': (string);
  'jobManagerTask': (_troupe_v1_JobManagerTask__Output | null);
  'jobScheduleId': (string);
  'metadata': (_troupe_v1_MetadataItem__Output)[];
  'usesTaskDependencies': (boolean);
  'onTaskFailure': (string);
}
