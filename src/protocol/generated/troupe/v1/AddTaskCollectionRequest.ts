// Original file: proto/troupe/v1/task.proto

import type { TaskSpec as _troupe_v1_TaskSpec, TaskSpec__Output as _troupe_v1_TaskSpec__Output } from '../../troupe/v1/TaskSpec';

export interface AddTaskCollectionRequest {
  'jobId'?: (string);
  'tasks'?: (_troupe_v1_TaskSpec)[];
}

export interface AddTaskCollectionRequest__Output {
  'jobId': (string);
  'tasks': (_troupe_v1_TaskSpec__Output)[];
}
