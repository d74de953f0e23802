// Original file: proto/troupe/v1/terminal.proto

import type { WindowSize as _troupe_v1_WindowSize, WindowSize__Output as _troupe_v1_WindowSize__Output } from '../../troupe/v1/WindowSize';

export interface ExecStart {
  'jobId'?: (string);
  'taskId'?: (string);
  'command'?: (string)[];
  'tty'?: (boolean);
  'window'?: (_troupe_v1_WindowSize | null);
  'stdin'?: (boolean);
}

export interface ExecStart__Output {
  'jobId': (string);
  'taskId': (string);
  'command': (string)[];
  'tty': (boolean);
  'window': (_troupe_v1_WindowSize__Output | null);
  'stdin': (boolean);
}
