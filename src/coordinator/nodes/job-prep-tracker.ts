// The coordinator's side of job preparation and release tasks.
//
// Workers write each job's preparation/release status on their node into a KV bucket
// (worker/job-preparation.ts); this tracker follows that bucket and:
//   - tells the dispatcher which nodes a job must avoid: those whose preparation task (with
//     waitForSuccess) failed in the node's current worker process (a restarted worker prepares
//     again, so it is eligible again);
//   - puts back in the queue the tasks that were sent to such a node (the worker does not run
//     them); they are requeued (requeueCount), not counted as retries;
//   - when no live node of the pool could run the job any more (every one failed its
//     preparation), ends the job's queued tasks as failures (JobPreparationFailed, naming the
//     nodes) instead of leaving them active forever; while any node could still run them, or no
//     node is there at all, they wait. A user may reactivate them after fixing the preparation;
//   - when a job ends (completed, or being deleted), asks every node that ran its tasks to run
//     the job's release task;
//   - answers ListPreparationAndReleaseTaskStatus.
import type { NatsConnection } from '@nats-io/transport-node';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { openKv } from '../../protocol/nats/jetstream-resources.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeLiveness } from './node-registry.ts';
import { endedWithoutRunning } from '../lifecycle/task-lifecycle.ts';
import { requeued } from '../lifecycle/task-attempt.ts';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { InvalidArgumentError, NotFoundError } from '../../protocol/errors.ts';
import type { Logger } from '../../protocol/log.ts';
import type { DispatchMessage, JobReleaseMessage } from '../../protocol/nats/messages.ts';
import type { JobNodeTasksRecord } from '../../protocol/records/node-task-records.ts';
import type { JobRecord, TaskIn, TaskRecord } from '../../protocol/records/records.ts';
import { attemptNodes } from '../lifecycle/multi-instance-lifecycle.ts';
import { nowIso } from '../../protocol/records/records.ts';
import { nodeAcceptsTasks } from '../../protocol/records/states.ts';
import { BUCKET_JOB_NODE_TASKS, jobNodeTaskKey, jobReleaseSubject, taskKey } from '../../protocol/nats/subjects.ts';

export const JOB_PREPARATION_FAILED_CODE = 'JobPreparationFailed';

/** A task of a job with preparation/release tasks may not take their directories' names
 *  (workitems/<job>/job-1/jobpreparation and jobrelease): it would share their files. */
export function reservedTaskId(job: JobRecord, taskId: string, field: string): InvalidArgumentError | undefined {
  if (job.jobPreparationTask && taskId === 'jobpreparation') return new InvalidArgumentError(field, "must not be 'jobpreparation' in a job with a job preparation task (its directory)");
  if (job.jobReleaseTask && taskId === 'jobrelease') return new InvalidArgumentError(field, "must not be 'jobrelease' in a job with a job release task (its directory)");
  return undefined;
}

/** The dispatch of a task of `job`, with what the worker needs of the job's node tasks. */
export function withJobNodeTasks(d: DispatchMessage, job: JobRecord): DispatchMessage {
  if (!job.jobPreparationTask && !job.jobReleaseTask) return d;
  const prep = job.jobPreparationTask;
  return {
    ...d,
    // The job's common environment applies to its preparation task too (theirs wins).
    ...(prep ? { jobPreparationTask: { ...prep, environmentSettings: [...job.commonEnvironmentSettings, ...prep.environmentSettings] } } : {}),
    ...(job.jobReleaseTask ? { hasJobReleaseTask: true } : {}),
  };
}

export class JobPrepTracker {
  /** jobId -> nodeId -> the node's record. */
  private readonly records = new Map<string, Map<string, JobNodeTasksRecord>>();
  private readonly releaseSent = new Set<string>();
  /** Jobs with a failed preparation on some node: the only ones a node change may make unrunnable. */
  private readonly jobsWithFailures = new Set<string>();
  /** Jobs whose "can it still run anywhere" check is due (coalesced: one check per turn). */
  private readonly checksDue = new Set<string>();
  private kv?: KV;
  private stopped = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly liveness: NodeLiveness,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.kv = await openKv(this.nc, BUCKET_JOB_NODE_TASKS);
    const watch = await this.kv.watch({ key: '>' });
    let initialDone: () => void;
    const initial = new Promise<void>((r) => { initialDone = r; });
    void (async () => {
      for await (const e of watch) {
        if (this.stopped) break;
        this.onEntry(e);
        if (!e.isUpdate && e.delta === 0) initialDone!();
      }
    })().catch((err) => this.log.warn('job preparation status watch ended', { err }));
    // The initial values arrive first; an empty bucket has none to wait for.
    const status = await this.kv.status();
    if (status.values === 0) initialDone!();
    await Promise.race([initial, new Promise((r) => setTimeout(r, 5000))]);

    this.state.events.on('task', (t) => {
      if (!this.jobsWithFailures.has(t.jobId)) return;
      // A task added, requeued or dispatched in a job whose preparation failed somewhere: it may
      // have nowhere left to run (whatever order the dispatch and the failures came in).
      if (t.state === 'active') this.checkRunnable(t.jobId);
      if (!notStartedOn(t, '')) return;
      for (const nodeId of attemptNodes(t)) if (this.blocks(t.jobId, nodeId)) void this.requeueFrom(t.jobId, nodeId);
    });
    this.state.events.on('job', (j) => this.onJob(j));
    this.state.events.on('node', () => { for (const jobId of this.jobsWithFailures) this.checkRunnable(jobId); });
    // Jobs that ended while no coordinator was there to ask for their release.
    for (const { value: job } of this.state.jobs.rows.values()) this.onJob(job);
  }

  stop(): void {
    this.stopped = true;
  }

  private onEntry(e: KvWatchEntry): void {
    if (e.operation !== 'PUT' || e.value.length === 0) return;
    let record: JobNodeTasksRecord;
    try {
      record = decode<JobNodeTasksRecord>(e.value);
    } catch {
      return;
    }
    if (!this.state.jobs.get(record.jobId)) {
      // The job is gone: its status has no reader any more. Kept only while a release runs.
      if (record.release?.state !== 'running') this.forget(record.jobId, record.nodeId);
      return;
    }
    let byNode = this.records.get(record.jobId);
    if (!byNode) this.records.set(record.jobId, (byNode = new Map()));
    byNode.set(record.nodeId, record);
    if (record.preparation?.result === 'failure') this.jobsWithFailures.add(record.jobId);
    if (this.blocks(record.jobId, record.nodeId)) {
      this.log.warn('job preparation task failed on node: the job is no longer scheduled there', { jobId: record.jobId, nodeId: record.nodeId });
      void this.requeueFrom(record.jobId, record.nodeId).then(() => this.checkRunnable(record.jobId));
    }
    const job = this.state.jobs.get(record.jobId);
    if (job) this.onJob(job); // a node that ran the job's tasks, heard of after the job ended
  }

  /** The job's preparation (which its tasks wait for) failed on this node's current worker. */
  private blocks(jobId: string, nodeId: string): boolean {
    const r = this.records.get(jobId)?.get(nodeId);
    if (!r || r.preparation?.state !== 'completed' || r.preparation.result !== 'failure') return false;
    const job = this.state.jobs.get(jobId);
    if (!job?.jobPreparationTask?.waitForSuccess) return false;
    return this.state.nodes.get(nodeId)?.bootId === r.bootId;
  }

  /** For the dispatcher: the nodes the job must avoid. */
  excludedNodes(jobId: string): ReadonlySet<string> | undefined {
    const byNode = this.records.get(jobId);
    if (!byNode) return undefined;
    let out: Set<string> | undefined;
    for (const nodeId of byNode.keys()) if (this.blocks(jobId, nodeId)) (out ??= new Set()).add(nodeId);
    return out;
  }

  private async requeueFrom(jobId: string, nodeId: string): Promise<void> {
    const book = this.state.books.get(jobId);
    if (!book) return;
    const now = nowIso();
    for (const id of book.order) {
      if (this.state.taskState(jobId, id) === 'completed') continue; // not decoded for nothing
      const t = this.state.task(jobId, id);
      // Only attempts that never started: the worker did not run them.
      if (!t || !notStartedOn(t, nodeId)) continue;
      const attempt = t.exec.attempt;
      await this.state.mutateTask(taskKey(jobId, id), (c) =>
        notStartedOn(c, nodeId) && c.exec.attempt === attempt ? requeued(c, now) : undefined)
        .catch((err) => this.log.warn('could not requeue task after a failed job preparation', { jobId, taskId: id, err }));
    }
  }

  private checkRunnable(jobId: string): void {
    if (this.checksDue.has(jobId)) return;
    this.checksDue.add(jobId);
    setImmediate(() => {
      this.checksDue.delete(jobId);
      if (!this.stopped) void this.maybeEndUnrunnable(jobId);
    });
  }

  /** Ends the job's queued tasks when every live node of its pool failed the preparation. */
  private async maybeEndUnrunnable(jobId: string): Promise<void> {
    const job = this.state.jobs.get(jobId);
    if (!job?.jobPreparationTask?.waitForSuccess || job.state !== 'active') return;
    const book = this.state.books.get(jobId);
    if (!book || book.counts.active === 0) return;
    const candidates = [...this.state.nodes.rows.values()].map((r) => r.value)
      .filter((n) => n.poolId === job.poolId && nodeAcceptsTasks(n.state) && n.schedulingState === 'enabled' && this.liveness.isAlive(n.id));
    if (candidates.length === 0 || candidates.some((n) => !this.blocks(jobId, n.id))) return;
    const names = candidates.map((n) => n.id).join(', ');
    this.log.warn('job preparation task failed on every node of the pool: ending the job\'s queued tasks', { jobId, nodes: names });
    const now = nowIso();
    const message = `the job preparation task failed on every node of pool '${job.poolId}' (${names}): see ListPreparationAndReleaseTaskStatus; reactivate the task once fixed`;
    for (const id of [...book.queuedTaskIds()]) {
      await this.state.mutateTask(taskKey(jobId, id), (c) => (c.state === 'active' ? endedWithoutRunning(c, JOB_PREPARATION_FAILED_CODE, message, now) : undefined))
        .catch((err) => this.log.warn('could not end task', { jobId, taskId: id, err }));
    }
  }

  /** Removes the status of a job that no longer exists (from memory and the bucket). */
  private forget(jobId: string, nodeId: string): void {
    const byNode = this.records.get(jobId);
    byNode?.delete(nodeId);
    if (byNode?.size === 0) {
      this.records.delete(jobId);
      this.jobsWithFailures.delete(jobId);
    }
    this.releaseSent.delete(`${jobId}.${nodeId}`);
    void this.kv?.delete(jobNodeTaskKey(jobId, nodeId)).catch(() => {});
  }

  private onJob(job: JobRecord): void {
    if (job.state === 'deleting' && !job.jobReleaseTask) {
      // Nothing more will happen on the nodes: forget the job's status once it is gone.
      setTimeout(() => {
        if (this.state.jobs.get(job.id)) return;
        for (const nodeId of [...(this.records.get(job.id)?.keys() ?? [])]) this.forget(job.id, nodeId);
      }, 5000).unref();
    }
    if (!job.jobReleaseTask || (job.state !== 'completed' && job.state !== 'deleting')) return;
    const byNode = this.records.get(job.id);
    if (!byNode) return;
    const env: Record<string, string> = {};
    for (const e of job.commonEnvironmentSettings) env[e.name] = e.value;
    const msg: JobReleaseMessage = { jobId: job.id, poolId: job.poolId, jobReleaseTask: job.jobReleaseTask, env };
    for (const record of byNode.values()) {
      const key = jobNodeTaskKey(job.id, record.nodeId);
      if (!record.ranTasks || record.release || this.releaseSent.has(key)) continue;
      this.releaseSent.add(key);
      this.log.info('asking node to run the job release task', { jobId: job.id, nodeId: record.nodeId });
      this.nc.publish(jobReleaseSubject(record.nodeId), encode(msg));
    }
  }

  /** Azure Batch's ListPreparationAndReleaseTaskStatus: one entry per node the job reached. */
  status(jobId: string): { records: JobNodeTasksRecord[]; preparationFailed: number; preparationSucceeded: number } {
    if (!this.state.jobs.get(jobId)) throw new NotFoundError('job', jobId);
    const records = [...(this.records.get(jobId)?.values() ?? [])].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
    return {
      records,
      preparationFailed: records.filter((r) => r.preparation?.result === 'failure').length,
      preparationSucceeded: records.filter((r) => r.preparation?.result === 'success').length,
    };
  }
}

/** The task's current attempt has not started on `nodeId` ('' = on any of its nodes): a single
 *  task still preparing there, or a gang whose instance there is still preparing (the gang goes
 *  back to the queue as a whole). */
function notStartedOn(t: TaskRecord, nodeId: string): t is TaskIn<'preparing' | 'running'> {
  if (t.state !== 'preparing' && t.state !== 'running') return false;
  if (!t.exec.subtasks) return t.state === 'preparing' && (nodeId === '' ? t.exec.nodeId !== undefined : t.exec.nodeId === nodeId);
  return t.exec.subtasks.some((s) => s.state === 'preparing' && (nodeId === '' || s.nodeId === nodeId));
}
