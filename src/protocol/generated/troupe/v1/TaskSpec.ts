// Original file: proto/troupe/v1/task.proto

import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from '../../troupe/v1/EnvironmentSetting';
import type { TaskConstraints as _troupe_v1_TaskConstraints, TaskConstraints__Output as _troupe_v1_TaskConstraints__Output } from '../../troupe/v1/TaskConstraints';
import type { MultiInstanceSettings as _troupe_v1_MultiInstanceSettings, MultiInstanceSettings__Output as _troupe_v1_MultiInstanceSettings__Output } from '../../troupe/v1/MultiInstanceSettings';

export interface TaskSpec {
  'id'?: (string);
  'displayName'?: (string);
  'commandLine'?: (string);
  'commandArgs'?: (string)[];
  'environmentSettings'?: (_troupe_v1_EnvironmentSetting)[];
  'constraints'?: (_troupe_v1_TaskConstraints | null);
  'requiredSlots'?: (number);
  'multiInstanceSettings'?: (_troupe_v1_MultiInstanceSettings | null);
}

export interface TaskSpec__Output {
  'id': (string);
  'displayName': (string);
  'commandLine': (string);
  'commandArgs': (string)[];
  'environmentSettings': (_troupe_v1_EnvironmentSetting__Output)[];
  'constraints': (_troupe_v1_TaskConstraints__Output | null);
  'requiredSlots': (number);
  'multiInstanceSettings': (_troupe_v1_MultiInstanceSettings__Output | null);
}
