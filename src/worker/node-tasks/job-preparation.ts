// A job's preparation and release tasks on this node (Azure Batch semantics).
//
// Preparation: before the first task of a job runs here, once per job per worker process (a
// restarted worker prepares again). Tasks dispatched meanwhile wait for it (state `preparing`).
// With waitForSuccess (the default) a failure, after its retries, keeps the job off this node:
// the waiting tasks are not run (the coordinator puts them back in the queue and no longer
// schedules the job here, see coordinator/job-prep-tracker.ts). Without it, tasks start at once.
//
// Release: when the job ends the coordinator asks every node that ran its tasks (a node whose
// preparation failed ran none: no release there); it runs once, after the job's tasks on this
// node have ended, with a wall clock (default 15 min).
//
// Status goes into the BUCKET_JOB_NODE_TASKS KV bucket (key <job>.<node>), written only by this
// worker: it is durable, tells the coordinator which nodes ran the job (who gets a release), and
// is what ListPreparationAndReleaseTaskStatus shows.
import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import type { KV } from '@nats-io/kv';
import { openKv } from '../../protocol/nats/jetstream-resources.ts';
import { decode, encode } from '../../protocol/nats/codec.ts';
import type { DispatchMessage, JobReleaseMessage } from '../../protocol/nats/messages.ts';
import type { JobNodeTasksRecord, JobPreparationTaskRecord, NodeTaskInfo } from '../../protocol/records/node-task-records.ts';
import { BUCKET_JOB_NODE_TASKS, jobNodeTaskKey } from '../../protocol/nats/subjects.ts';
import type { NodeLayout } from '../node-layout.ts';
import { runNodeTask, type NodeTaskContext, type NodeTaskHandle } from './node-task-process.ts';

export interface JobNodeTasksContext extends NodeTaskContext {
  nc: NatsConnection;
  nodeId: string;
  poolId: string;
  bootId: string;
  layout: NodeLayout;
  baseEnv: Record<string, string>;
  /** Resolves once no task of the job runs on this node any more. */
  jobTasksEnded(jobId: string): Promise<void>;
}

interface JobHere {
  record: JobNodeTasksRecord;
  /** The preparation's outcome: true when the job's tasks may run here. */
  prepared?: Promise<boolean>;
  /** Settles when the preparation task has ended (or at once without one). */
  preparationEnded?: Promise<unknown>;
  releasing?: Promise<void>;
  /** The preparation succeeded: later tasks of the job start without waiting. */
  ok?: boolean;
}

export class JobNodeTasks {
  private kv?: Promise<KV>;
  private readonly jobs = new Map<string, JobHere>();
  private readonly running = new Set<NodeTaskHandle>();
  /** Serialises the record writes of each job, so the last one stored is the newest. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly ctx: JobNodeTasksContext) {}

  private bucket(): Promise<KV> {
    // Opened, never created: the coordinator creates it (with its replica count).
    this.kv ??= openKv(this.ctx.nc, BUCKET_JOB_NODE_TASKS, { directGets: false });
    this.kv.catch(() => { this.kv = undefined; });
    return this.kv;
  }

  /** True when the dispatched task may start now, with nothing to wait for (the fast path). */
  ready(d: DispatchMessage): boolean {
    if (!d.jobPreparationTask && !d.hasJobReleaseTask) return true;
    const here = this.jobs.get(d.jobId);
    return here !== undefined && (here.prepared === undefined || here.ok === true);
  }

  /** Runs (or waits for) the job's preparation on this node; true when the task may run. */
  beforeTask(d: DispatchMessage): Promise<boolean> {
    let here = this.jobs.get(d.jobId);
    if (!here) {
      here = { record: { jobId: d.jobId, nodeId: this.ctx.nodeId, poolId: this.ctx.poolId, bootId: this.ctx.bootId } };
      this.jobs.set(d.jobId, here);
      if (d.jobPreparationTask) this.prepare(here, d.jobPreparationTask);
    }
    return here.prepared ?? Promise.resolve(true);
  }

  /** A task of the job starts here: remembered (durably), so the job's release runs here. */
  taskStarting(d: DispatchMessage): void {
    if (!d.jobPreparationTask && !d.hasJobReleaseTask) return;
    const here = this.jobs.get(d.jobId);
    if (!here || here.record.ranTasks) return;
    here.record = { ...here.record, ranTasks: true };
    this.store(here);
  }

  private prepare(here: JobHere, spec: JobPreparationTaskRecord): void {
    const { layout, nodeId, poolId } = this.ctx;
    const jobId = here.record.jobId;
    const dir = layout.jobPrepDir(jobId);
    this.ctx.log.info('job preparation task starting', { jobId });
    const handle = runNodeTask({
      what: 'job preparation task',
      dir,
      command: spec,
      env: { ...this.ctx.baseEnv, ...layout.taskEnvironment({ poolId, nodeId, jobId, taskId: spec.id }), AZ_BATCH_TASK_DIR: dir, AZ_BATCH_TASK_WORKING_DIR: path.join(dir, 'wd') },
      onChange: (info) => {
        here.record = { ...here.record, preparation: info };
        this.store(here);
      },
    }, this.ctx);
    this.running.add(handle);
    const done = handle.done.finally(() => this.running.delete(handle));
    here.preparationEnded = done;
    const outcome = done.then((info) => {
      this.ctx.log.info('job preparation task ended', { jobId, result: info.result, exitCode: info.exitCode });
      here.ok = info.result === 'success';
      return here.ok;
    });
    // Without waitForSuccess the job's tasks do not wait, whatever the outcome.
    here.prepared = spec.waitForSuccess ? outcome : Promise.resolve(true);
  }

  /** The job ended: runs its release task if this node ran the job's tasks and has not yet. */
  release(msg: JobReleaseMessage): Promise<void> {
    const here = this.jobs.get(msg.jobId);
    if (here?.releasing) return here.releasing;
    const releasing = this.runRelease(msg, here).catch((err) => this.ctx.log.warn('job release failed', { jobId: msg.jobId, err }));
    if (here) here.releasing = releasing;
    else this.jobs.set(msg.jobId, { record: { jobId: msg.jobId, nodeId: this.ctx.nodeId, poolId: this.ctx.poolId, bootId: this.ctx.bootId }, releasing });
    return releasing;
  }

  private async runRelease(msg: JobReleaseMessage, known: JobHere | undefined): Promise<void> {
    const key = jobNodeTaskKey(msg.jobId, this.ctx.nodeId);
    let record = known?.record;
    if (!record) {
      // Ran the job's tasks in an earlier life of this worker: the stored record says so.
      const entry = await (await this.bucket()).get(key);
      if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return;
      record = decode<JobNodeTasksRecord>(entry.value);
    }
    // Already released (before a restart), or no task of the job ran here (e.g. its preparation
    // failed): nothing to release.
    if (record.release || !record.ranTasks) return;
    const here = this.jobs.get(msg.jobId)!;
    here.record = { ...record, bootId: this.ctx.bootId };
    await known?.preparationEnded;
    await this.ctx.jobTasksEnded(msg.jobId);
    const { layout, nodeId, poolId } = this.ctx;
    const spec = msg.jobReleaseTask;
    const dir = path.join(layout.jobDir(msg.jobId), 'jobrelease');
    this.ctx.log.info('job release task starting', { jobId: msg.jobId });
    const handle = runNodeTask({
      what: 'job release task',
      dir,
      command: spec,
      env: { ...this.ctx.baseEnv, ...layout.taskEnvironment({ poolId, nodeId, jobId: msg.jobId, taskId: spec.id }), AZ_BATCH_TASK_DIR: dir, AZ_BATCH_TASK_WORKING_DIR: path.join(dir, 'wd'), ...msg.env },
      onChange: (info: NodeTaskInfo) => {
        here.record = { ...here.record, release: info };
        this.store(here);
      },
    }, this.ctx);
    this.running.add(handle);
    const info = await handle.done.finally(() => this.running.delete(handle));
    this.ctx.log.info('job release task ended', { jobId: msg.jobId, result: info.result, exitCode: info.exitCode });
    await this.writes.get(msg.jobId);
    // The job has ended: nothing of it runs here any more.
    this.writes.delete(msg.jobId);
  }

  private store(here: JobHere): void {
    const jobId = here.record.jobId;
    const previous = this.writes.get(jobId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await (await this.bucket()).put(jobNodeTaskKey(jobId, this.ctx.nodeId), encode(here.record));
      } catch (err) {
        this.ctx.log.warn('could not store job preparation/release status', { jobId, err });
      }
    });
    this.writes.set(jobId, next);
  }

  /** Kills running preparation and release tasks (the worker is stopping). */
  async stop(): Promise<void> {
    for (const h of this.running) h.kill('the worker is shutting down');
    await Promise.race([Promise.all([...this.running].map((h) => h.done)), new Promise((r) => setTimeout(r, 10_000))]);
    await Promise.race([Promise.all(this.writes.values()), new Promise((r) => setTimeout(r, 2000))]);
  }
}
