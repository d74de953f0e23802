// Original file: proto/troupe/v1/node_tasks.proto

import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from '../../troupe/v1/EnvironmentSetting';
import type { ResourceFile as _troupe_v1_ResourceFile, ResourceFile__Output as _troupe_v1_ResourceFile__Output } from '../../troupe/v1/ResourceFile';
import type { UserIdentity as _troupe_v1_UserIdentity, UserIdentity__Output as _troupe_v1_UserIdentity__Output } from '../../troupe/v1/UserIdentity';

export interface JobReleaseTask {
  'id'?: (string);
  'commandLine'?: (string);
  'commandArgs'?: (string)[];
  'environmentSettings'?: (_troupe_v1_EnvironmentSetting)[];
  'maxWallClockTime'?: (string);
  'resourceFiles'?: (_troupe_v1_ResourceFile)[];
  'userIdentity'?: (_troupe_v1_UserIdentity | null);
}

export interface JobReleaseTask__Output {
  'id': (string);
  'commandLine': (string);
  'commandArgs': (string)[];
  'environmentSettings': (_troupe_v1_EnvironmentSetting__Output)[];
  'maxWallClockTime': (string);
  'resourceFiles': (_troupe_v1_ResourceFile__Output)[];
  'userIdentity': (_troupe_v1_UserIdentity__Output | null);
}
