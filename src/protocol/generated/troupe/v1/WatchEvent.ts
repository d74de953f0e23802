// Original file: proto/troupe/v1/batch_service.proto

import type { Job as _troupe_v1_Job, Job__Output as _troupe_v1_Job__Output } from '../../troupe/v1/Job';
import type { Task as _troupe_v1_Task, Task__Output as _troupe_v1_Task__Output } from '../../troupe/v1/Task';
import type { Node as _troupe_v1_Node, Node__Output as _troupe_v1_Node__Output } from '../../troupe/v1/Node';
import type { DeletedTask as _troupe_v1_DeletedTask, DeletedTask__Output as _troupe_v1_DeletedTask__Output } from '../../troupe/v1/DeletedTask';
import type { TaskBatch as _troupe_v1_TaskBatch, TaskBatch__Output as _troupe_v1_TaskBatch__Output } from '../../troupe/v1/TaskBatch';

export interface WatchEvent {
  'job'?: (_troupe_v1_Job | null);
  'task'?: (_troupe_v1_Task | null);
  'node'?: (_troupe_v1_Node | null);
  'initialSyncDone'?: (boolean);
  'jobDeleted'?: (string);
  'taskDeleted'?: (_troupe_v1_DeletedTask | null);
  'taskBatch'?: (_troupe_v1_TaskBatch | null);
  'event'?: "job"|"task"|"node"|"initialSyncDone"|"jobDeleted"|"taskDeleted"|"taskBatch";
}

export interface WatchEvent__Output {
  'job'?: (_troupe_v1_Job__Output | null);
  'task'?: (_troupe_v1_Task__Output | null);
  'node'?: (_troupe_v1_Node__Output | null);
  'initialSyncDone'?: (boolean);
  'jobDeleted'?: (string);
  'taskDeleted'?: (_troupe_v1_DeletedTask__Output | null);
  'taskBatch'?: (_troupe_v1_TaskBatch__Output | null);
  'event'?: "job"|"task"|"node"|"initialSyncDone"|"jobDeleted"|"taskDeleted"|"taskBatch";
}
