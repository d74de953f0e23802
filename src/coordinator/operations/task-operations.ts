// Tasks: add one or thousands, get, terminate, and read their output from the node that ran
// them (through NATS, so clients never reach a worker directly). Pages of them:
// listing/task-listing.ts.
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { endedWithoutRunning, newTaskRecord, reactivated } from '../lifecycle/task-lifecycle.ts';
import { TERMINATED_CODE } from '../lifecycle/task-attempt.ts';
import { FailedPreconditionError, NotFoundError, TroupeError } from '../../protocol/errors.ts';
import { checkIdentityOnPool } from '../validation/user-validation.ts';
import { TimeSlice } from '../../protocol/time-slice.ts';
import { decode, encode } from '../../protocol/nats/codec.ts';
import type { OutputReply, OutputRequest } from '../../protocol/nats/messages.ts';
import type { JobRecord, SubtaskExecution, TaskRecord, TaskSpecRecord } from '../../protocol/records/records.ts';
import type { OutputStream } from '../../protocol/nats/messages.ts';
import { nowIso } from '../../protocol/records/records.ts';
import { outputSubject, taskKey } from '../../protocol/nats/subjects.ts';
import type { Logger } from '../../protocol/log.ts';
import { reservedTaskId } from '../nodes/job-prep-tracker.ts';
import { dependencyRefusals } from './dependency-refusals.ts';

export type AddOutcome = { ok: true; task: TaskRecord } | { ok: false; error: TroupeError };

const TERMINATE_WAIT_MS = 15_000;
const OUTPUT_CHUNK = 256 * 1024;

export class TaskOperations {
  /** Tasks a user asked to terminate while they were dispatched: if requeued, they end instead. */
  private readonly terminating = new Set<string>();
  /** More reasons to refuse a task (a token asked for with no API address to give: see
   *  auth/job-credentials.ts). */
  checkSpec: (spec: TaskSpecRecord, field: string) => TroupeError | undefined = () => undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly nodes: NodeRegistry,
    private readonly log: Logger,
  ) {
    state.events.on('task', (t) => {
      const key = taskKey(t.jobId, t.id);
      if (!this.terminating.has(key)) return;
      if (t.state === 'completed') this.terminating.delete(key);
      else if (t.state === 'active') void this.endActive(key).catch(() => {});
    });
  }

  private jobAcceptingTasks(jobId: string): JobRecord {
    const job = this.state.jobs.get(jobId);
    if (!job) throw new NotFoundError('job', jobId);
    if (job.state !== 'active' && job.state !== 'disabled' && job.state !== 'disabling' && job.state !== 'enabling') {
      throw new FailedPreconditionError(`job '${jobId}' is ${job.state}: tasks can no longer be added`);
    }
    return job;
  }

  /** The most slots one node of the pool can give a task: its default, or a larger node's. */
  private largestNodeSlots(poolId: string): number {
    let most = this.state.pools.get(poolId)?.taskSlotsPerNode ?? 1;
    for (const { value: n } of this.state.nodes.rows.values()) if (n.poolId === poolId && n.taskSlots > most) most = n.taskSlots;
    return most;
  }

  /** A task that no node could ever take is refused now, not left queued forever. */
  private checkFits(job: Pick<JobRecord, 'poolId'>, spec: TaskSpecRecord, field: string, most = this.largestNodeSlots(job.poolId)): TroupeError | undefined {
    if (spec.multiInstance) return this.checkGangFits(job, spec, field);
    if (spec.requiredSlots <= most) return undefined;
    return new FailedPreconditionError(`${field}.requiredSlots ${spec.requiredSlots} is more than any node of pool '${job.poolId}' has (at most ${most} slots): it could never run`);
  }

  /** A gang needs a pool that allows inter-node communication and has enough nodes for it
   *  (Azure Batch would leave such a task active forever). */
  private checkGangFits(job: Pick<JobRecord, 'poolId'>, spec: TaskSpecRecord, field: string): TroupeError | undefined {
    const pool = this.state.pools.get(job.poolId);
    const wanted = spec.multiInstance!.numberOfInstances;
    const f = `${field}.multiInstanceSettings.numberOfInstances`;
    if (!pool?.enableInterNodeCommunication) {
      return new FailedPreconditionError(`${f}: pool '${job.poolId}' does not enable inter-node communication, which a multi-instance task needs (create the pool with enableInterNodeCommunication)`);
    }
    const slots = spec.multiInstance!.wholeNodes ? 1 : spec.requiredSlots;
    let nodes = 0;
    for (const { value: n } of this.state.nodes.rows.values()) {
      if (n.poolId === job.poolId && n.state !== 'leavingpool' && n.taskSlots >= slots) nodes++;
    }
    if (wanted <= nodes) return undefined;
    const which = slots > 1 ? ` with at least ${slots} slots` : '';
    return new FailedPreconditionError(`${f} ${wanted} is more than the ${nodes} node(s)${which} in pool '${job.poolId}': each instance needs a node of its own, so it could never run`);
  }

  /** Whether the task's userIdentity may run on the job's pool (user-validation.ts). */
  private checkIdentity(job: Pick<JobRecord, 'poolId'>, spec: TaskSpecRecord, field: string): TroupeError | undefined {
    return checkIdentityOnPool(spec.userIdentity, job.poolId, this.state.pools.get(job.poolId), `${field}.userIdentity`);
  }

  /** Why a task could never run on the job's pool as asked (too big, a user the pool refuses, a
   *  token with no API address), or undefined: also a job manager's, before its job exists. */
  refusal(job: Pick<JobRecord, 'poolId'>, spec: TaskSpecRecord, field: string): TroupeError | undefined {
    return this.checkFits(job, spec, field) ?? this.checkIdentity(job, spec, field) ?? this.checkSpec(spec, field);
  }

  async add(jobId: string, spec: TaskSpecRecord): Promise<TaskRecord> {
    const job = this.jobAcceptingTasks(jobId);
    const unfit = this.checkFits(job, spec, 'task') ?? reservedTaskId(job, spec.id, 'task.id') ?? this.checkIdentity(job, spec, 'task') ?? this.checkSpec(spec, 'task')
      ?? dependencyRefusals(this.state, job, [spec], ['task'])?.[0];
    if (unfit) throw unfit;
    const task = newTaskRecord(jobId, spec, job, this.state.book(jobId).allocateSeq(), nowIso());
    return this.state.createTask(task);
  }

  /** Adds many tasks; each gets its own outcome (a bad or duplicate one does not stop the rest). */
  async addMany(jobId: string, specs: (TaskSpecRecord | TroupeError)[], slice = new TimeSlice(), refusedIds?: ReadonlySet<string>): Promise<AddOutcome[]> {
    const job = this.jobAcceptingTasks(jobId);
    const fields = specs.map((_s, i) => `tasks[${i}]`);
    const refusals = dependencyRefusals(this.state, job, specs.map((s) => (s instanceof TroupeError ? undefined : s)), fields, refusedIds);
    if (refusals) specs = specs.map((s, i) => refusals[i] ?? s);
    // Tasks of this request that others of it depend on may be stored after them: until the
    // request is over, a missing one counts as coming (task-dependencies.ts).
    const expected = refusals ? specs.flatMap((s) => (s instanceof TroupeError ? [] : [s.id])) : [];
    if (refusals) this.state.expectTasks(jobId, expected);
    try {
      return await this.addEach(job, specs, slice);
    } finally {
      if (refusals) this.state.settleExpectedTasks(jobId, expected);
    }
  }

  private async addEach(job: JobRecord, specs: (TaskSpecRecord | TroupeError)[], slice: TimeSlice): Promise<AddOutcome[]> {
    const jobId = job.id;
    const book = this.state.book(jobId);
    const now = nowIso();
    const most = this.largestNodeSlots(job.poolId);
    const outcomes: AddOutcome[] = new Array(specs.length);
    const records: TaskRecord[] = [];
    const indexes: number[] = [];
    for (let i = 0; i < specs.length; i++) {
      if (slice.due) await slice.yield();
      const spec = specs[i]!;
      const unfit = spec instanceof TroupeError ? spec : this.unfitInCollection(job, spec, i, most);
      if (unfit) {
        outcomes[i] = { ok: false, error: unfit };
        continue;
      }
      records.push(newTaskRecord(jobId, spec as TaskSpecRecord, job, book.allocateSeq(), now));
      indexes.push(i);
    }
    // Stored together, a few batch values for the whole collection (kv-table.ts).
    const created = await this.state.createTasks(jobId, records, slice);
    for (let j = 0; j < created.length; j++) {
      const c = created[j]!;
      outcomes[indexes[j]!] = c instanceof TroupeError ? { ok: false, error: c } : { ok: true, task: c };
    }
    return outcomes;
  }

  private unfitInCollection(job: JobRecord, spec: TaskSpecRecord, i: number, most: number): TroupeError | undefined {
    const field = `tasks[${i}]`;
    return this.checkFits(job, spec, field, most) ?? reservedTaskId(job, spec.id, `${field}.id`) ?? this.checkIdentity(job, spec, field) ?? this.checkSpec(spec, field);
  }

  get(jobId: string, taskId: string): TaskRecord {
    if (!this.state.jobs.get(jobId)) throw new NotFoundError('job', jobId);
    const t = this.state.task(jobId, taskId);
    if (!t) throw new NotFoundError('task', taskId);
    return t;
  }

  async terminate(jobId: string, taskId: string): Promise<TaskRecord> {
    const t = this.get(jobId, taskId);
    if (t.state === 'completed') return t;
    const key = taskKey(jobId, taskId);
    this.terminating.add(key);
    const completed = this.waitForCompletion(key, TERMINATE_WAIT_MS);
    if (t.state === 'active') await this.endActive(key);
    else if (t.exec.nodeId) {
      this.nodes.terminateAttempt(t, 'terminated by user request');
    }
    await completed;
    return this.get(jobId, taskId);
  }

  async reactivate(jobId: string, taskId: string): Promise<TaskRecord> {
    const t = this.get(jobId, taskId);
    const job = this.jobAcceptingTasks(jobId);
    if (t.state !== 'completed') throw new FailedPreconditionError(`task '${taskId}' is ${t.state}: only a completed task that failed can be reactivated`);
    if (t.exec.result === 'success') throw new FailedPreconditionError(`task '${taskId}' succeeded: only a failed task can be reactivated`);
    const now = nowIso();
    const result = await this.state.mutateTask(taskKey(jobId, taskId), (c) =>
      c.state === 'completed' && c.exec.result !== 'success' ? reactivated(c, now) : undefined);
    if (!result?.after) throw new FailedPreconditionError(`task '${taskId}' changed meanwhile: it can no longer be reactivated`);
    this.log.info('task reactivated', { jobId: job.id, taskId });
    return result.after;
  }

  /** Removes the task; a running one is killed (its late report then finds no task). */
  async delete(jobId: string, taskId: string): Promise<void> {
    const t = this.get(jobId, taskId);
    if ((t.state === 'preparing' || t.state === 'running') && t.exec.nodeId) {
      this.nodes.terminateAttempt(t, 'the task was deleted');
    }
    this.terminating.delete(taskKey(jobId, taskId));
    await this.state.removeTask(t, true);
    this.log.info('task deleted', { jobId, taskId, state: t.state });
  }

  private async endActive(key: string): Promise<void> {
    const now = nowIso();
    await this.state.mutateTask(key, (c) =>
      c.state === 'active' ? endedWithoutRunning(c, TERMINATED_CODE, 'the task was terminated by user request', now) : undefined);
  }

  private waitForCompletion(key: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const listener = (t: TaskRecord) => {
        if (t.state === 'completed' && taskKey(t.jobId, t.id) === key) done();
      };
      const timer = setTimeout(() => done(), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.state.events.off('task', listener);
        resolve();
      };
      this.state.events.on('task', listener);
    });
  }

  /** The instances of a multi-instance task's current (or last) attempt. */
  subtasks(jobId: string, taskId: string): SubtaskExecution[] {
    const t = this.get(jobId, taskId);
    if (!t.multiInstance) throw new FailedPreconditionError(`task '${taskId}' is not a multi-instance task: it has no subtasks`);
    return t.exec.subtasks ?? [];
  }

  /** Streams a byte range of the task's (or one subtask's) output from its node, chunk by chunk. */
  async *output(jobId: string, taskId: string, stream: OutputStream, offset: number, length: number, subtaskId?: number): AsyncGenerator<Uint8Array> {
    const t = this.get(jobId, taskId);
    let nodeId = t.exec.nodeId ?? t.exec.subtasks?.[0]?.nodeId;
    if (subtaskId !== undefined) {
      if (!t.multiInstance) throw new FailedPreconditionError(`subtaskId: task '${taskId}' is not a multi-instance task`);
      const sub = t.exec.subtasks?.[subtaskId];
      if (!sub) throw new TroupeError('NOT_FOUND', `subtaskId: task '${taskId}' has no subtask ${subtaskId} (its current attempt has ${t.exec.subtasks?.length ?? 0})`);
      nodeId = sub.nodeId;
    }
    if (!nodeId) throw new FailedPreconditionError(`task '${taskId}' has not run on a node yet`);
    if (!this.nodes.isAlive(nodeId)) throw new TroupeError('UNAVAILABLE', `node '${nodeId}' that ran task '${taskId}' is not reachable`);
    let position = offset;
    let remaining = length > 0 ? length : Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      const request: OutputRequest = { jobId, taskId, stream, offset: position, length: Math.min(OUTPUT_CHUNK, remaining) };
      let reply: OutputReply;
      try {
        const msg = await this.nc.request(outputSubject(nodeId), encode(request), { timeout: 10_000 });
        reply = decode<OutputReply>(msg.data);
      } catch (err) {
        throw new TroupeError('UNAVAILABLE', `node '${nodeId}' did not answer: ${(err as Error).message}`);
      }
      if (!reply.ok) throw new TroupeError(reply.code === 'SUPERSEDED' ? 'FAILED_PRECONDITION' : reply.code, reply.message);
      if (reply.data.length === 0) return;
      yield reply.data;
      position += reply.data.length;
      remaining -= reply.data.length;
      if (position >= reply.size) return;
    }
  }
}
