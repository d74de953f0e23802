// PatchJob, UpdateTask and PatchPool requests to patches: a field absent from the request is
// absent from the patch (proto3 `optional` and unset messages tell "not given" from zero); a
// given field is checked by the same rules as at creation, the error naming it.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import { DURATION_RULE, parseDuration } from '../../protocol/duration.ts';
import type { MetadataRecord } from '../../protocol/records/metadata-records.ts';
export type { JobPatch, TaskConstraintsPatch } from '../../protocol/records/patch-records.ts';
import type { JobPatch, TaskConstraintsPatch } from '../../protocol/records/patch-records.ts';
import type { PatchJobRequest__Output } from '../../protocol/generated/troupe/v1/PatchJobRequest.ts';
import type { UpdateTaskRequest__Output } from '../../protocol/generated/troupe/v1/UpdateTaskRequest.ts';
import type { PatchPoolRequest__Output } from '../../protocol/generated/troupe/v1/PatchPoolRequest.ts';
import { MAX_PARALLEL_TASKS, MAX_PRIORITY, MAX_RETRY_COUNT, validateId } from './validation.ts';
import { validateMetadata } from './metadata-validation.ts';

const given = (v: unknown): boolean => v !== undefined && v !== null;

function intIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function message(value: unknown, field: string): Record<string, unknown> | undefined {
  if (!given(value)) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(field, 'must be an object');
  return value as Record<string, unknown>;
}

/** "" = unlimited (null); else a duration. */
function limit(value: unknown, field: string): number | null {
  if (typeof value !== 'string') throw new InvalidArgumentError(field, DURATION_RULE);
  return parseDuration(value, field) ?? null;
}

function metadataPatch(value: unknown, field: string): { metadata?: MetadataRecord[] } {
  const m = message(value, field);
  return m ? { metadata: validateMetadata(m.items, `${field}.items`) } : {};
}

export function validatePatchJob(req: PatchJobRequest__Output | null | undefined): { jobId: string; patch: JobPatch } {
  const r = (req ?? {}) as Record<string, unknown>;
  const jobId = validateId('job', r.jobId, 'jobId');
  const patch: JobPatch = {};
  if (given(r.priority)) patch.priority = intIn(r.priority, 'priority', -MAX_PRIORITY, MAX_PRIORITY);
  if (given(r.maxParallelTasks)) patch.maxParallelTasks = intIn(r.maxParallelTasks, 'maxParallelTasks', 0, MAX_PARALLEL_TASKS);
  const c = message(r.constraints, 'constraints');
  if (c && given(c.maxWallClockTime)) patch.maxWallClockTimeMs = limit(c.maxWallClockTime, 'constraints.maxWallClockTime');
  if (c && given(c.maxTaskRetryCount)) patch.maxTaskRetryCount = intIn(c.maxTaskRetryCount, 'constraints.maxTaskRetryCount', -1, MAX_RETRY_COUNT);
  if (given(r.onAllTasksComplete)) {
    if (r.onAllTasksComplete !== 'noaction' && r.onAllTasksComplete !== 'terminatejob') {
      throw new InvalidArgumentError('onAllTasksComplete', 'must be noaction or terminatejob');
    }
    patch.onAllTasksComplete = r.onAllTasksComplete;
  }
  Object.assign(patch, metadataPatch(r.metadata, 'metadata'));
  return { jobId, patch };
}

export function validateUpdateTask(req: UpdateTaskRequest__Output | null | undefined): { jobId: string; taskId: string; patch: TaskConstraintsPatch } {
  const r = (req ?? {}) as Record<string, unknown>;
  const jobId = validateId('job', r.jobId, 'jobId');
  const taskId = validateId('task', r.taskId, 'taskId');
  const c = message(r.constraints, 'constraints');
  const patch: TaskConstraintsPatch = {};
  if (c && given(c.maxWallClockTime)) patch.maxWallClockTimeMs = limit(c.maxWallClockTime, 'constraints.maxWallClockTime');
  if (c && given(c.retentionTime)) {
    const ms = limit(c.retentionTime, 'constraints.retentionTime');
    if (ms === null) throw new InvalidArgumentError('constraints.retentionTime', `${DURATION_RULE} (a task directory is always kept for a bounded time)`);
    patch.retentionTimeMs = ms;
  }
  if (c && given(c.maxTaskRetryCount)) patch.maxTaskRetryCount = intIn(c.maxTaskRetryCount, 'constraints.maxTaskRetryCount', -1, MAX_RETRY_COUNT);
  return { jobId, taskId, patch };
}

export function validatePatchPool(req: PatchPoolRequest__Output | null | undefined): { poolId: string; metadata?: MetadataRecord[] } {
  const r = (req ?? {}) as Record<string, unknown>;
  return { poolId: validateId('pool', r.poolId, 'poolId'), ...metadataPatch(r.metadata, 'metadata') };
}
