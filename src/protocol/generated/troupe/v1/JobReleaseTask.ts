// Original file: proto/troupe/v1/node_tasks.proto

import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from '../../troupe/v1/EnvironmentSetting';

export interface JobReleaseTask {
  'id'?: (string);
  'commandLine'?: (string);
  'commandArgs'?: (string)[];
  'environmentSettings'?: (_troupe_v1_EnvironmentSetting)[];
  'maxWallClockTime'?: (string);
}

export interface JobReleaseTask__Output {
  'id': (string);
  'commandLine': (string);
  'commandArgs': (string)[];
  'environmentSettings': (_troupe_v1_EnvironmentSetting__Output)[];
  'maxWallClockTime': (string);
}
