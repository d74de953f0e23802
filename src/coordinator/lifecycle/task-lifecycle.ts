// How a task record changes, as pure functions: dispatch, a worker's report, retry or requeue,
// termination. The coordinator stores what these return; nothing here does I/O.
import { randomUuid } from '../../protocol/random-uuid.ts';
import type { DispatchMessage, TaskAttemptRef, TaskReport } from '../../protocol/nats/messages.ts';
import type { JobRecord, PoolRecord, TaskIn, TaskRecord, TaskSpecRecord } from '../../protocol/records/records.ts';
import { DEFAULT_RETENTION_MS } from '../../protocol/records/records.ts';
import { taskTransition } from '../../protocol/records/states.ts';
import { copyWith } from '../../protocol/records/copy-with.ts';
import { applyInstanceReport } from './multi-instance-lifecycle.ts';
import { attemptEnded, exitCodeFailure, endedByItsNode, requeued, type ReportOutcome } from './task-attempt.ts';

/** What every new task starts with, shared by all of them (records are never changed in place:
 *  each change copies what it changes), as the empty list of settings most have: a million queued
 *  tasks are a million objects fewer for the collector to trace, twice. */
const INITIAL_EXEC: TaskIn<'active'>['exec'] = Object.freeze({ attempt: 0, retryCount: 0, requeueCount: 0 });
const NO_SETTINGS: TaskSpecRecord['environmentSettings'] = Object.freeze([]) as unknown as TaskSpecRecord['environmentSettings'];

type Constraints = TaskIn<'active'>['constraints'];
/** The constraints the last new task got, shared (frozen) with the next one that gets the same:
 *  the tasks of a collection mostly do. */
let lastConstraints: Constraints | undefined;

function constraintsOf(spec: TaskSpecRecord, job: JobRecord): Constraints {
  // The job's maxWallClockTime bounds the job as a whole (JobOperations), not each task.
  const maxWallClockTimeMs = spec.constraints.maxWallClockTimeMs;
  const retentionTimeMs = spec.constraints.retentionTimeMs ?? DEFAULT_RETENTION_MS;
  const maxTaskRetryCount = spec.constraints.maxTaskRetryCount ?? job.maxTaskRetryCount;
  const maxMemoryMib = spec.constraints.maxMemoryMib;
  const last = lastConstraints;
  if (last && last.maxWallClockTimeMs === maxWallClockTimeMs && last.retentionTimeMs === retentionTimeMs &&
    last.maxTaskRetryCount === maxTaskRetryCount && last.maxMemoryMib === maxMemoryMib) return last;
  const made: Constraints = { maxWallClockTimeMs, retentionTimeMs, maxTaskRetryCount };
  if (maxMemoryMib !== undefined) made.maxMemoryMib = maxMemoryMib;
  return (lastConstraints = Object.freeze(made));
}

export function newTaskRecord(jobId: string, spec: TaskSpecRecord, job: JobRecord, seq: number, now: string): TaskIn<'active'> {
  // The fields every task has, in one literal without spreads, then the optional ones each task
  // may add: a literal with eleven conditional spreads gave every record room for 25 fields
  // (224 bytes of heap per queued task instead of 136; bench/zz heap counts).
  const t: TaskIn<'active'> = {
    jobId,
    id: spec.id,
    uid: randomUuid(),
    seq,
    displayName: spec.displayName,
    commandLine: spec.commandLine,
    argv: spec.argv,
    environmentSettings: spec.environmentSettings.length === 0 ? NO_SETTINGS : spec.environmentSettings,
    constraints: constraintsOf(spec, job),
    requiredSlots: spec.requiredSlots,
    state: 'active',
    creationTime: now,
    stateTransitionTime: now,
    exec: INITIAL_EXEC,
  };
  if (spec.requiredGpus) t.requiredGpus = spec.requiredGpus;
  if (spec.multiInstance) t.multiInstance = spec.multiInstance;
  if (spec.resourceFiles?.length) t.resourceFiles = spec.resourceFiles;
  if (spec.outputFiles?.length) t.outputFiles = spec.outputFiles;
  if (spec.applicationPackageReferences?.length) t.applicationPackageReferences = spec.applicationPackageReferences;
  if (spec.userIdentity) t.userIdentity = spec.userIdentity;
  if (spec.authenticationTokenSettings) t.authenticationTokenSettings = spec.authenticationTokenSettings;
  if (spec.metadata) t.metadata = spec.metadata;
  if (spec.dependsOn) t.dependsOn = spec.dependsOn;
  if (spec.exitConditions) t.exitConditions = spec.exitConditions;
  if (spec.pty) t.pty = spec.pty;
  return t;
}

/** Names the task's current attempt in messages to workers (terminate, reconcile). */
export function attemptRef(t: TaskRecord): TaskAttemptRef {
  return { jobId: t.jobId, taskId: t.id, uid: t.uid, attempt: t.exec.attempt };
}

export function dispatchMessage(t: TaskRecord, job: JobRecord, pool?: PoolRecord): DispatchMessage {
  const env: Record<string, string> = {};
  for (const e of job.commonEnvironmentSettings) env[e.name] = e.value;
  for (const e of t.environmentSettings) env[e.name] = e.value;
  // Built by assignment, not as { ...ref, ...optional }: that spread then added keys cost 7 us a
  // dispatch (copy-with.ts says why).
  const m: DispatchMessage = copyWith(attemptRef(t), {
    poolId: job.poolId,
    argv: t.argv,
    env,
    maxWallClockTimeMs: t.constraints.maxWallClockTimeMs,
    retentionTimeMs: t.constraints.retentionTimeMs,
    requiredSlots: t.requiredSlots,
  });
  if (t.exec.gpuIds?.length) m.gpuIds = t.exec.gpuIds;
  if (t.constraints.maxMemoryMib !== undefined) m.maxMemoryMib = t.constraints.maxMemoryMib;
  addTaskFileFields(m, t, pool);
  if (t.userIdentity) m.userIdentity = t.userIdentity;
  if (t.pty) m.pty = t.pty;
  return m;
}

/** The optional file fields, only when set. A task's application package wins over the pool's
 *  reference to another version of the same application. */
function addTaskFileFields(m: DispatchMessage, t: Pick<TaskRecord, 'resourceFiles' | 'outputFiles' | 'applicationPackageReferences'>, pool?: PoolRecord): void {
  if (t.resourceFiles?.length) m.resourceFiles = t.resourceFiles;
  if (t.outputFiles?.length) m.outputFiles = t.outputFiles;
  const taskRefs = t.applicationPackageReferences ?? [];
  const poolRefs = (pool?.applicationPackageReferences ?? []).filter(
    (p) => !taskRefs.some((r) => r.applicationId.toLowerCase() === p.applicationId.toLowerCase()),
  );
  if (poolRefs.length + taskRefs.length > 0) m.applicationPackageReferences = [...poolRefs, ...taskRefs];
}

/** What a worker's report does to the task. A report of another attempt, or one that arrives
 *  after the task moved on (redelivery after a coordinator crash), is stale and changes nothing. */
export function applyReport(t: TaskRecord, r: TaskReport, now: string): { outcome: ReportOutcome; next?: TaskRecord } {
  if (t.multiInstance) return applyInstanceReport(t, r, now);
  if (r.uid !== t.uid || r.attempt !== t.exec.attempt || r.nodeId !== t.exec.nodeId) return { outcome: 'stale' };
  if (r.kind === 'started') {
    if (t.state !== 'preparing') return { outcome: 'stale' };
    return {
      outcome: 'started',
      next: { ...t, state: taskTransition(t.state, 'running'), stateTransitionTime: now, exec: copyWith(t.exec, { startTime: r.time }) },
    };
  }
  if (r.kind !== 'exited' || (t.state !== 'preparing' && t.state !== 'running')) return { outcome: 'stale' };
  // Killed because its worker is shutting down: not the task's failure, it goes back to the
  // queue (whichever comes first, this report or the worker's leaving heartbeat, requeues it).
  if (endedByItsNode(r.failure)) return { outcome: 'requeued', next: requeued(t, now) };
  const failure = r.failure ?? (r.exitCode === 0 ? undefined : exitCodeFailure(r.exitCode));
  return attemptEnded(t, { endTime: r.time, exitCode: r.exitCode, startTime: r.startTime, usage: r.usage }, failure, now);
}

/** Ends a task that is not running anywhere (active), e.g. terminated or its job ended. */
export function endedWithoutRunning(t: TaskIn<'active'>, code: string, message: string, now: string): TaskIn<'completed'> {
  return {
    ...t,
    state: taskTransition(t.state, 'completed'),
    stateTransitionTime: now,
    exec: { ...t.exec, endTime: now, result: 'failure', failureInfo: { category: 'usererror', code, message } },
  };
}

/** A failed task back in the queue with its retries reset (Azure Batch's reactivate). The
 *  attempt number keeps growing: late reports of earlier attempts stay stale. */
export function reactivated(t: TaskIn<'completed'>, now: string): TaskIn<'active'> {
  return {
    ...t,
    state: taskTransition(t.state, 'active'),
    stateTransitionTime: now,
    exec: { attempt: t.exec.attempt, retryCount: 0, requeueCount: t.exec.requeueCount, lastRequeueTime: t.exec.lastRequeueTime },
  };
}
