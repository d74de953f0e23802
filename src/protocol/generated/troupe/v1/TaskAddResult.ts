// Original file: proto/troupe/v1/task.proto

import type { ErrorDetail as _troupe_v1_ErrorDetail, ErrorDetail__Output as _troupe_v1_ErrorDetail__Output } from '../../troupe/v1/ErrorDetail';

export interface TaskAddResult {
  'taskId'?: (string);
  'status'?: (string);
  'error'?: (_troupe_v1_ErrorDetail | null);
}

export interface TaskAddResult__Output {
  'taskId': (string);
  'status': (string);
  'error': (_troupe_v1_ErrorDetail__Output | null);
}
