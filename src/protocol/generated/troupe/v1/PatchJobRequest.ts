// Original file: proto/troupe/v1/updates.proto

import type { JobConstraintsPatch as _troupe_v1_JobConstraintsPatch, JobConstraintsPatch__Output as _troupe_v1_JobConstraintsPatch__Output } from '../../troupe/v1/JobConstraintsPatch';
import type { MetadataPatch as _troupe_v1_MetadataPatch, MetadataPatch__Output as _troupe_v1_MetadataPatch__Output } from '../../troupe/v1/MetadataPatch';

export interface PatchJobRequest {
  'jobId'?: (string);
  'priority'?: (number);
  'maxParallelTasks'?: (number);
  'constraints'?: (_troupe_v1_JobConstraintsPatch | null);
  'onAllTasksComplete'?: (string);
  'metadata'?: (_troupe_v1_MetadataPatch | null);
  '_priority'?: "priority";
  '_maxParallelTasks'?: "maxParallelTasks";
  '_onAllTasksComplete'?: "onAllTasksComplete";
}

export interface PatchJobRequest__Output {
  'jobId': (string);
  'priority'?: (number);
  'maxParallelTasks'?: (number);
  'constraints': (_troupe_v1_JobConstraintsPatch__Output | null);
  'onAllTasksComplete'?: (string);
  'metadata': (_troupe_v1_MetadataPatch__Output | null);
  '_priority'?: "priority";
  '_maxParallelTasks'?: "maxParallelTasks";
  '_onAllTasksComplete'?: "onAllTasksComplete";
}
