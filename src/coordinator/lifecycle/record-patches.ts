// A patch applied to a job or task record, as pure functions: which states may be patched, and
// what changes (only the fields the patch holds). The effects around them (the scheduler reading
// the new priority, the deadline re-armed, the node told) are in operations/record-updates.ts.
import type { JobRecord, TaskRecord } from '../../protocol/records/records.ts';
import type { JobState, TaskState } from '../../protocol/records/states.ts';
import type { JobPatch, TaskConstraintsPatch } from '../../protocol/records/patch-records.ts';

/** A job that has ended, or is ending, has nothing left to patch. */
export const PATCHABLE_JOB_STATES: readonly JobState[] = ['active', 'disabling', 'disabled', 'enabling'];
/** A completed task has no constraint left to apply. */
export const UPDATABLE_TASK_STATES: readonly TaskState[] = ['active', 'preparing', 'running'];

export function patchedJob(j: JobRecord, p: JobPatch): JobRecord | undefined {
  if (!PATCHABLE_JOB_STATES.includes(j.state)) return undefined;
  const next: JobRecord = { ...j };
  if (p.priority !== undefined) next.priority = p.priority;
  if (p.maxParallelTasks !== undefined) next.maxParallelTasks = p.maxParallelTasks;
  if (p.maxWallClockTimeMs === null) delete next.maxWallClockTimeMs;
  else if (p.maxWallClockTimeMs !== undefined) next.maxWallClockTimeMs = p.maxWallClockTimeMs;
  if (p.maxTaskRetryCount !== undefined) next.maxTaskRetryCount = p.maxTaskRetryCount;
  if (p.onAllTasksComplete !== undefined) next.onAllTasksComplete = p.onAllTasksComplete;
  if (p.metadata !== undefined) {
    if (p.metadata.length > 0) next.metadata = p.metadata;
    else delete next.metadata;
  }
  return next;
}

/** The task with its constraints patched; a running attempt is marked as one its node must be
 *  told about (limitChangedAttempt) when its wall clock or retention changed. */
export function patchedTask(t: TaskRecord, p: TaskConstraintsPatch): TaskRecord | undefined {
  if (!UPDATABLE_TASK_STATES.includes(t.state)) return undefined;
  const constraints = { ...t.constraints };
  if (p.maxWallClockTimeMs === null) delete constraints.maxWallClockTimeMs;
  else if (p.maxWallClockTimeMs !== undefined) constraints.maxWallClockTimeMs = p.maxWallClockTimeMs;
  if (p.retentionTimeMs !== undefined) constraints.retentionTimeMs = p.retentionTimeMs;
  if (p.maxTaskRetryCount !== undefined) constraints.maxTaskRetryCount = p.maxTaskRetryCount;
  const next = { ...t, constraints } as TaskRecord;
  const nodeMustKnow = p.maxWallClockTimeMs !== undefined || p.retentionTimeMs !== undefined;
  if (nodeMustKnow && (t.state === 'preparing' || t.state === 'running')) next.limitChangedAttempt = t.exec.attempt;
  return next;
}
