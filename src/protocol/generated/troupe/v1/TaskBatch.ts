// Original file: proto/troupe/v1/batch_service.proto

import type { Task as _troupe_v1_Task, Task__Output as _troupe_v1_Task__Output } from '../../troupe/v1/Task';

export interface TaskBatch {
  'tasks'?: (_troupe_v1_Task)[];
}

export interface TaskBatch__Output {
  'tasks': (_troupe_v1_Task__Output)[];
}
