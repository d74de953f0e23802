// Original file: proto/troupe/v1/terminal.proto

import type { AttachStart as _troupe_v1_AttachStart, AttachStart__Output as _troupe_v1_AttachStart__Output } from '../../troupe/v1/AttachStart';
import type { WindowSize as _troupe_v1_WindowSize, WindowSize__Output as _troupe_v1_WindowSize__Output } from '../../troupe/v1/WindowSize';

export interface AttachInput {
  'start'?: (_troupe_v1_AttachStart | null);
  'stdin'?: (Buffer | Uint8Array | string);
  'resize'?: (_troupe_v1_WindowSize | null);
  'input'?: "start"|"stdin"|"resize";
}

export interface AttachInput__Output {
  'start'?: (_troupe_v1_AttachStart__Output | null);
  'stdin'?: (Buffer);
  'resize'?: (_troupe_v1_WindowSize__Output | null);
  'input'?: "start"|"stdin"|"resize";
}
