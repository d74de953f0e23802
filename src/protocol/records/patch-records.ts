// What PatchJob and UpdateTask change: only the fields present (validation/update-validation.ts
// builds them, lifecycle/record-patches.ts applies them).
import type { MetadataRecord } from './metadata-records.ts';
import type { OnAllTasksComplete } from './records.ts';

export interface JobPatch {
  priority?: number;
  maxParallelTasks?: number;
  /** null = unlimited. */
  maxWallClockTimeMs?: number | null;
  maxTaskRetryCount?: number;
  onAllTasksComplete?: OnAllTasksComplete;
  metadata?: MetadataRecord[];
}

export interface TaskConstraintsPatch {
  /** null = unlimited. */
  maxWallClockTimeMs?: number | null;
  retentionTimeMs?: number;
  maxTaskRetryCount?: number;
}
