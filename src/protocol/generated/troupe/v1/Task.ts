// Original file: proto/troupe/v1/task.proto

import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from '../../troupe/v1/EnvironmentSetting';
import type { TaskConstraints as _troupe_v1_TaskConstraints, TaskConstraints__Output as _troupe_v1_TaskConstraints__Output } from '../../troupe/v1/TaskConstraints';
import type { TaskExecutionInformation as _troupe_v1_TaskExecutionInformation, TaskExecutionInformation__Output as _troupe_v1_TaskExecutionInformation__Output } from '../../troupe/v1/TaskExecutionInformation';
import type { MultiInstanceSettings as _troupe_v1_MultiInstanceSettings, MultiInstanceSettings__Output as _troupe_v1_MultiInstanceSettings__Output } from '../../troupe/v1/MultiInstanceSettings';

export interface Task {
  'id'?: (string);
  'jobId'?: (string);
  'displayName'?: (string);
  'commandLine'?: (string);
  'commandArgs'?: (string)[];
  'environmentSettings'?: (_troupe_v1_EnvironmentSetting)[];
  'constraints'?: (_troupe_v1_TaskConstraints | null);
  'requiredSlots'?: (number);
  'state'?: (string);
  'creationTime'?: (string);
  'stateTransitionTime'?: (string);
  'executionInfo'?: (_troupe_v1_TaskExecutionInformation | null);
  'multiInstanceSettings'?: (_troupe_v1_MultiInstanceSettings | null);
}

export interface Task__Output {
  'id': (string);
  'jobId': (string);
  'displayName': (string);
  'commandLine': (string);
  'commandArgs': (string)[];
  'environmentSettings': (_troupe_v1_EnvironmentSetting__Output)[];
  'constraints': (_troupe_v1_TaskConstraints__Output | null);
  'requiredSlots': (number);
  'state': (string);
  'creationTime': (string);
  'stateTransitionTime': (string);
  'executionInfo': (_troupe_v1_TaskExecutionInformation__Output | null);
  'multiInstanceSettings': (_troupe_v1_MultiInstanceSettings__Output | null);
}
