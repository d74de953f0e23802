// Task dependencies and exit conditions as stored (Azure Batch's dependsOn and exitConditions),
// validated once at the door (coordinator/validation/dependency-validation.ts).

/** The tasks a task waits for: ids, and ranges of integer ids (both ends included). */
export interface TaskDependenciesRecord {
  taskIds: string[];
  ranges: TaskIdRangeRecord[];
}

export interface TaskIdRangeRecord {
  start: number;
  end: number;
}

/** What a task's completion does to its job (only when the job's onTaskFailure asks for it). */
export type JobAction = 'none' | 'disable' | 'terminate';
/** What a task's completion does to the tasks that depend on it. */
export type DependencyAction = 'satisfy' | 'block';
/** A job's answer to the failure of one of its tasks. */
export type OnTaskFailure = 'noaction' | 'performexitoptionsjobaction';

export const JOB_ACTIONS: readonly JobAction[] = ['none', 'disable', 'terminate'];
export const DEPENDENCY_ACTIONS: readonly DependencyAction[] = ['satisfy', 'block'];
export const ON_TASK_FAILURE: readonly OnTaskFailure[] = ['noaction', 'performexitoptionsjobaction'];

/** Absent fields take Azure Batch's defaults (exit-conditions.ts). */
export interface ExitOptionsRecord {
  jobAction?: JobAction;
  dependencyAction?: DependencyAction;
}

export interface ExitConditionsRecord {
  exitCodes?: { code: number; options: ExitOptionsRecord }[];
  exitCodeRanges?: { start: number; end: number; options: ExitOptionsRecord }[];
  preProcessingError?: ExitOptionsRecord;
  fileUploadError?: ExitOptionsRecord;
  default?: ExitOptionsRecord;
}

/** Where a task with dependencies stands while it has not run (derived, never stored). */
export interface DependencyStateRecord {
  state: 'waiting' | 'blocked' | 'satisfied';
  waitingOn: string[];
  waitingOnCount: number;
  blockedBy: string[];
  blockedByCount: number;
}
