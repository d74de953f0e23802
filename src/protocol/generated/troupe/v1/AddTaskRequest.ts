// Original file: proto/troupe/v1/task.proto

import type { TaskSpec as _troupe_v1_TaskSpec, TaskSpec__Output as _troupe_v1_TaskSpec__Output } from '../../troupe/v1/TaskSpec';

export interface AddTaskRequest {
  'jobId'?: (string);
  'task'?: (_troupe_v1_TaskSpec | null);
}

export interface AddTaskRequest__Output {
  'jobId': (string);
  'task': (_troupe_v1_TaskSpec__Output | null);
}
