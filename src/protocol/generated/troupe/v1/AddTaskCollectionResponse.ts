// Original file: proto/troupe/v1/task.proto

import type { TaskAddResult as _troupe_v1_TaskAddResult, TaskAddResult__Output as _troupe_v1_TaskAddResult__Output } from '../../troupe/v1/TaskAddResult';

export interface AddTaskCollectionResponse {
  'results'?: (_troupe_v1_TaskAddResult)[];
}

export interface AddTaskCollectionResponse__Output {
  'results': (_troupe_v1_TaskAddResult__Output)[];
}
