// Original file: proto/troupe/internal/v1/remote_launch.proto

import type { LaunchExit as _troupe_internal_v1_LaunchExit, LaunchExit__Output as _troupe_internal_v1_LaunchExit__Output } from '../../../troupe/internal/v1/LaunchExit';

export interface LaunchOutput {
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exit'?: (_troupe_internal_v1_LaunchExit | null);
  'output'?: "stdout"|"stderr"|"exit";
}

export interface LaunchOutput__Output {
  'stdout'?: (Buffer);
  'stderr'?: (Buffer);
  'exit'?: (_troupe_internal_v1_LaunchExit__Output | null);
  'output'?: "stdout"|"stderr"|"exit";
}
