// Original file: proto/troupe/v1/updates.proto

import type { TaskConstraintsPatch as _troupe_v1_TaskConstraintsPatch, TaskConstraintsPatch__Output as _troupe_v1_TaskConstraintsPatch__Output } from '../../troupe/v1/TaskConstraintsPatch';

export interface UpdateTaskRequest {
  'jobId'?: (string);
  'taskId'?: (string);
  'constraints'?: (_troupe_v1_TaskConstraintsPatch | null);
}

export interface UpdateTaskRequest__Output {
  'jobId': (string);
  'taskId': (string);
  'constraints': (_troupe_v1_TaskConstraintsPatch__Output | null);
}
