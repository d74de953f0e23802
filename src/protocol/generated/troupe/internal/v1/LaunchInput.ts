// Original file: proto/troupe/internal/v1/remote_launch.proto

import type { LaunchStart as _troupe_internal_v1_LaunchStart, LaunchStart__Output as _troupe_internal_v1_LaunchStart__Output } from '../../../troupe/internal/v1/LaunchStart';

export interface LaunchInput {
  'start'?: (_troupe_internal_v1_LaunchStart | null);
  'stdin'?: (Buffer | Uint8Array | string);
  'stdinClosed'?: (boolean);
  'input'?: "start"|"stdin"|"stdinClosed";
}

export interface LaunchInput__Output {
  'start'?: (_troupe_internal_v1_LaunchStart__Output | null);
  'stdin'?: (Buffer);
  'stdinClosed'?: (boolean);
  'input'?: "start"|"stdin"|"stdinClosed";
}
