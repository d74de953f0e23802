// Original file: proto/troupe/v1/terminal.proto

import type { TerminalExit as _troupe_v1_TerminalExit, TerminalExit__Output as _troupe_v1_TerminalExit__Output } from '../../troupe/v1/TerminalExit';

export interface TerminalOutput {
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exit'?: (_troupe_v1_TerminalExit | null);
  'output'?: "stdout"|"stderr"|"exit";
}

export interface TerminalOutput__Output {
  'stdout'?: (Buffer);
  'stderr'?: (Buffer);
  'exit'?: (_troupe_v1_TerminalExit__Output | null);
  'output'?: "stdout"|"stderr"|"exit";
}
