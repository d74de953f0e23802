// Original file: proto/troupe/v1/task.proto

import type { Task as _troupe_v1_Task, Task__Output as _troupe_v1_Task__Output } from '../../troupe/v1/Task';

export interface ListTasksResponse {
  'tasks'?: (_troupe_v1_Task)[];
  'nextPageToken'?: (string);
}

export interface ListTasksResponse__Output {
  'tasks': (_troupe_v1_Task__Output)[];
  'nextPageToken': (string);
}
