// Original file: proto/troupe/v1/task.proto

import type { Subtask as _troupe_v1_Subtask, Subtask__Output as _troupe_v1_Subtask__Output } from '../../troupe/v1/Subtask';

export interface ListSubtasksResponse {
  'subtasks'?: (_troupe_v1_Subtask)[];
}

export interface ListSubtasksResponse__Output {
  'subtasks': (_troupe_v1_Subtask__Output)[];
}
