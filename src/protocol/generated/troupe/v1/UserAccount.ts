// Original file: proto/troupe/v1/users.proto

import type { LinuxUserConfiguration as _troupe_v1_LinuxUserConfiguration, LinuxUserConfiguration__Output as _troupe_v1_LinuxUserConfiguration__Output } from '../../troupe/v1/LinuxUserConfiguration';

export interface UserAccount {
  'name'?: (string);
  'elevationLevel'?: (string);
  'linuxUserConfiguration'?: (_troupe_v1_LinuxUserConfiguration | null);
}

export interface UserAccount__Output {
  'name': (string);
  'elevationLevel': (string);
  'linuxUserConfiguration': (_troupe_v1_LinuxUserConfiguration__Output | null);
}
