// Original file: proto/troupe/v1/dependencies.proto

import type { TaskIdRange as _troupe_v1_TaskIdRange, TaskIdRange__Output as _troupe_v1_TaskIdRange__Output } from '../../troupe/v1/TaskIdRange';

export interface TaskDependencies {
  'taskIds'?: (string)[];
  'taskIdRanges'?: (_troupe_v1_TaskIdRange)[];
}

export interface TaskDependencies__Output {
  'taskIds': (string)[];
  'taskIdRanges': (_troupe_v1_TaskIdRange__Output)[];
}
