// Original file: proto/troupe/v1/terminal.proto

import type { WindowSize as _troupe_v1_WindowSize, WindowSize__Output as _troupe_v1_WindowSize__Output } from '../../troupe/v1/WindowSize';

export interface AttachStart {
  'jobId'?: (string);
  'taskId'?: (string);
  'window'?: (_troupe_v1_WindowSize | null);
  'replay'?: (boolean);
}

export interface AttachStart__Output {
  'jobId': (string);
  'taskId': (string);
  'window': (_troupe_v1_WindowSize__Output | null);
  'replay': (boolean);
}
