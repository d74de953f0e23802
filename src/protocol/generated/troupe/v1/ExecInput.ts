// Original file: proto/troupe/v1/terminal.proto

import type { ExecStart as _troupe_v1_ExecStart, ExecStart__Output as _troupe_v1_ExecStart__Output } from '../../troupe/v1/ExecStart';
import type { WindowSize as _troupe_v1_WindowSize, WindowSize__Output as _troupe_v1_WindowSize__Output } from '../../troupe/v1/WindowSize';

export interface ExecInput {
  'start'?: (_troupe_v1_ExecStart | null);
  'stdin'?: (Buffer | Uint8Array | string);
  'stdinClosed'?: (boolean);
  'resize'?: (_troupe_v1_WindowSize | null);
  'input'?: "start"|"stdin"|"stdinClosed"|"resize";
}

export interface ExecInput__Output {
  'start'?: (_troupe_v1_ExecStart__Output | null);
  'stdin'?: (Buffer);
  'stdinClosed'?: (boolean);
  'resize'?: (_troupe_v1_WindowSize__Output | null);
  'input'?: "start"|"stdin"|"stdinClosed"|"resize";
}
