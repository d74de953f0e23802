// Original file: proto/troupe/v1/node_tasks.proto

import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from '../../troupe/v1/EnvironmentSetting';

export interface StartTask {
  'commandLine'?: (string);
  'commandArgs'?: (string)[];
  'environmentSettings'?: (_troupe_v1_EnvironmentSetting)[];
  'waitForSuccess'?: (boolean);
  'maxTaskRetryCount'?: (number);
}

export interface StartTask__Output {
  'commandLine': (string);
  'commandArgs': (string)[];
  'environmentSettings': (_troupe_v1_EnvironmentSetting__Output)[];
  'waitForSuccess': (boolean);
  'maxTaskRetryCount': (number);
}
