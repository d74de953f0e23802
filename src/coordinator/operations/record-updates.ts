// PatchJob, UpdateTask and PatchPool: the patch stored with a revision check, then its effects.
// A job's new priority and maxParallelTasks are read by the scheduler's next pass (the job's
// change wakes it); its maxWallClockTime is re-armed and onAllTasksComplete checked again at
// once (JobOperations.patched). A running task's new maxWallClockTime or retentionTime goes to
// the node of its attempt, which re-arms the attempt's timer from the same start; the record
// marks that attempt (limitChangedAttempt), so a coordinator that died before telling the node
// tells it at its next start (resume).
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import type { JobOperations } from './job-operations.ts';
import { FailedPreconditionError, NotFoundError } from '../../protocol/errors.ts';
import type { JobRecord, PoolRecord, TaskRecord } from '../../protocol/records/records.ts';
import type { MetadataRecord } from '../../protocol/records/metadata-records.ts';
import type { LimitsMessage } from '../../protocol/nats/messages.ts';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { limitsSubject, taskKey } from '../../protocol/nats/subjects.ts';
import type { Logger } from '../../protocol/log.ts';
import { attemptRef } from '../lifecycle/task-lifecycle.ts';
import { patchedJob, patchedTask, PATCHABLE_JOB_STATES, UPDATABLE_TASK_STATES } from '../lifecycle/record-patches.ts';
import type { JobPatch, TaskConstraintsPatch } from '../validation/update-validation.ts';

const TELL_NODE_TIMEOUT_MS = 5000;
const TELL_NODE_TRIES = 3;

export class RecordUpdates {
  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly jobs: JobOperations,
    private readonly log: Logger,
  ) {}

  async patchJob(jobId: string, patch: JobPatch): Promise<JobRecord> {
    const job = this.jobs.get(jobId);
    if (!PATCHABLE_JOB_STATES.includes(job.state)) {
      throw new FailedPreconditionError(`job '${jobId}' is ${job.state}: a job can be patched while ${PATCHABLE_JOB_STATES.join(', ')}`);
    }
    const after = await this.state.mutateJob(jobId, (j) => patchedJob(j, patch));
    if (!after) throw new NotFoundError('job', jobId);
    if (!PATCHABLE_JOB_STATES.includes(after.state)) {
      throw new FailedPreconditionError(`job '${jobId}' became ${after.state} meanwhile: it was not patched`);
    }
    this.jobs.patched(after);
    this.log.info('job patched', { jobId, fields: Object.keys(patch) });
    return after;
  }

  async updateTask(jobId: string, taskId: string, patch: TaskConstraintsPatch): Promise<TaskRecord> {
    if (!this.state.jobs.get(jobId)) throw new NotFoundError('job', jobId);
    const t = this.state.task(jobId, taskId);
    if (!t) throw new NotFoundError('task', taskId);
    const refused = (state: string) => new FailedPreconditionError(`task '${taskId}' is ${state}: the constraints of a task can be updated while it is ${UPDATABLE_TASK_STATES.join(', ')}`);
    if (!UPDATABLE_TASK_STATES.includes(t.state)) throw refused(t.state);
    const result = await this.state.mutateTask(taskKey(jobId, taskId), (c) => patchedTask(c, patch));
    if (!result) throw new NotFoundError('task', taskId);
    if (!result.after) throw refused(result.before.state);
    this.log.info('task constraints updated', { jobId, taskId, fields: Object.keys(patch) });
    const after = result.after;
    const nodeMustKnow = patch.maxWallClockTimeMs !== undefined || patch.retentionTimeMs !== undefined;
    if (nodeMustKnow && after.limitChangedAttempt === after.exec.attempt) await this.tellNode(after);
    return after;
  }

  async patchPool(poolId: string, metadata: MetadataRecord[] | undefined): Promise<PoolRecord> {
    const pool = this.state.pools.get(poolId);
    if (!pool) throw new NotFoundError('pool', poolId);
    if (pool.state !== 'active') throw new FailedPreconditionError(`pool '${poolId}' is ${pool.state}: it can no longer be patched`);
    if (metadata === undefined) return pool;
    const result = await this.state.pools.mutate(poolId, (p) => {
      const next: PoolRecord = { ...p };
      if (metadata.length > 0) next.metadata = metadata;
      else delete next.metadata;
      return next;
    });
    const after = result?.[1];
    if (!after) throw new NotFoundError('pool', poolId);
    this.log.info('pool patched', { poolId });
    return after;
  }

  /** At start-up: tells the nodes of running attempts whose limits changed (the previous
   *  coordinator may have died between storing the change and telling the node). */
  resume(): void {
    for (const t of this.state.unfinishedTasks()) {
      if ((t.state === 'preparing' || t.state === 'running') && t.limitChangedAttempt === t.exec.attempt) void this.tellNode(t);
    }
  }

  /** The attempt's node is told its new limits, a few times if it does not answer; a node that
   *  never answers is lost anyway (its attempt is then requeued and the next carries them). */
  private async tellNode(t: TaskRecord): Promise<void> {
    const nodeId = t.exec.nodeId;
    if (!nodeId) return;
    const message: LimitsMessage = {
      ...attemptRef(t),
      ...(t.constraints.maxWallClockTimeMs === undefined ? {} : { maxWallClockTimeMs: t.constraints.maxWallClockTimeMs }),
      retentionTimeMs: t.constraints.retentionTimeMs,
    };
    for (let i = 1; i <= TELL_NODE_TRIES; i++) {
      try {
        const reply = decode<{ applied: boolean }>((await this.nc.request(limitsSubject(nodeId), encode(message), { timeout: TELL_NODE_TIMEOUT_MS })).data);
        if (reply.applied) return;
        // Not applied: the attempt is no longer on that node (its next one carries the limits),
        // or its dispatch has not reached it yet: then asked again a little later.
        const now = this.state.task(t.jobId, t.id);
        if (!now || now.uid !== t.uid || now.exec.attempt !== t.exec.attempt || (now.state !== 'preparing' && now.state !== 'running')) return;
        await new Promise((r) => setTimeout(r, 500 * i));
      } catch (err) {
        this.log.warn('node did not confirm the task\'s new limits', { jobId: t.jobId, taskId: t.id, nodeId, try: i, err });
      }
    }
  }
}
