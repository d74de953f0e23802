// Original file: proto/troupe/v1/task.proto

import type { ResourceFile as _troupe_v1_ResourceFile, ResourceFile__Output as _troupe_v1_ResourceFile__Output } from '../../troupe/v1/ResourceFile';

export interface MultiInstanceSettings {
  'numberOfInstances'?: (number);
  'coordinationCommandLine'?: (string);
  'coordinationCommandArgs'?: (string)[];
  'commonResourceFiles'?: (_troupe_v1_ResourceFile)[];
}

export interface MultiInstanceSettings__Output {
  'numberOfInstances': (number);
  'coordinationCommandLine': (string);
  'coordinationCommandArgs': (string)[];
  'commonResourceFiles': (_troupe_v1_ResourceFile__Output)[];
}
