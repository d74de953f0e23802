// Original file: proto/troupe/v1/scheduling.proto

import type { WaitReason as _troupe_v1_WaitReason, WaitReason__Output as _troupe_v1_WaitReason__Output } from '../../troupe/v1/WaitReason';

export interface TaskExplanation {
  'jobId'?: (string);
  'taskId'?: (string);
  'state'?: (string);
  'eligible'?: (boolean);
  'reasons'?: (_troupe_v1_WaitReason)[];
}

export interface TaskExplanation__Output {
  'jobId': (string);
  'taskId': (string);
  'state': (string);
  'eligible': (boolean);
  'reasons': (_troupe_v1_WaitReason__Output)[];
}
