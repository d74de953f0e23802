// The coordinator's view of the cluster: four KV tables (the truth, in JetStream) plus indexes
// rebuilt from them (job books, slot usage). Every task change goes through `mutateTask` or
// `createTasks`, so the indexes, the Watch events and the scheduler's wake-up never miss one.
import { EventEmitter } from 'node:events';
import type { NatsConnection } from '@nats-io/transport-node';
import { KvTable } from './kv-table.ts';
import { jetstreamManager } from '@nats-io/jetstream';
import type { TimeSlice } from '../../protocol/time-slice.ts';
import { JetStreamWriter } from '../../protocol/nats/jetstream-writer.ts';
import { openKv } from '../../protocol/nats/jetstream-resources.ts';
import { JobBook } from './job-book.ts';
import { JobStatisticsBook } from './job-statistics.ts';
import { NodeUsage } from './node-usage.ts';
import { JobDependencies, type DependencyChanges } from './task-dependencies.ts';
import type { DependencyStateRecord } from '../../protocol/records/dependency-records.ts';
import { withPendingJobAction } from '../lifecycle/exit-conditions.ts';
import type { JobRecord, NodeRecord, PoolRecord, TaskRecord } from '../../protocol/records/records.ts';
import type { TroupeError } from '../../protocol/errors.ts';
import { BUCKET_JOBS, BUCKET_NODES, BUCKET_POOLS, BUCKET_TASKS, taskKey } from '../../protocol/nats/subjects.ts';

export interface ClusterEvents {
  task: [after: TaskRecord, before: TaskRecord | undefined];
  job: [job: JobRecord];
  node: [node: NodeRecord];
  /** The job and all its tasks are gone from the store. */
  jobDeleted: [jobId: string];
  /** One task was deleted on its own (not as part of its job). */
  taskDeleted: [jobId: string, taskId: string];
  /** The tasks a node runs changed (its live state, slots in use): coalesced, at most one per
   *  node every NODE_USAGE_COALESCE_MS, for watchers; the node record itself did not change. */
  nodeUsage: [node: NodeRecord];
  /** Tasks whose dependencies are now satisfied went to their job's queue (their records did
   *  not change: the scheduler and watchers are told here). */
  tasksReleased: [jobId: string, taskIds: string[]];
}

/** How long usage changes of a node are gathered before one nodeUsage event: at full
 *  throughput a node's usage changes thousands of times a second. */
export const NODE_USAGE_COALESCE_MS = 50;

export class ClusterState {
  readonly books = new Map<string, JobBook>();
  /** Per job: the statistics of its completed tasks (job-statistics.ts). */
  readonly jobStatistics = new JobStatisticsBook();
  readonly usage = new NodeUsage();
  /** Per job that uses task dependencies: who waits on whom (task-dependencies.ts). */
  readonly dependencies = new Map<string, JobDependencies>();
  readonly events = new EventEmitter<ClusterEvents>();

  private constructor(
    readonly pools: KvTable<PoolRecord>,
    readonly jobs: KvTable<JobRecord>,
    readonly tasks: KvTable<TaskRecord>,
    readonly nodes: KvTable<NodeRecord>,
    private readonly writer: JetStreamWriter,
  ) {
    this.events.setMaxListeners(0);
    // A record the cache learned from the store rather than wrote (see KvTable.refreshed): the
    // indexes and listeners follow it as they follow a write, or a task stored as dispatched
    // whose acknowledgement was lost would stay queued in its job book forever.
    tasks.refreshed = (_key, before, after) => this.index(before, after);
    jobs.refreshed = (_key, _before, after) => this.events.emit('job', after);
    nodes.refreshed = (_key, _before, after) => this.events.emit('node', after);
    this.usage.changed = (nodeId) => this.nodeUsageChanged(nodeId);
  }

  private readonly usageChanged = new Set<string>();
  private usageTimer?: NodeJS.Timeout;

  private nodeUsageChanged(nodeId: string): void {
    if (this.events.listenerCount('nodeUsage') === 0) return;
    this.usageChanged.add(nodeId);
    this.usageTimer ??= setTimeout(() => {
      this.usageTimer = undefined;
      const ids = [...this.usageChanged];
      this.usageChanged.clear();
      for (const id of ids) {
        const node = this.nodes.get(id);
        if (node) this.events.emit('nodeUsage', node);
      }
    }, NODE_USAGE_COALESCE_MS);
  }

  /** Opens the buckets (createJetStreamResources made them). `mayWrite` guards every store write
   *  (the leadership lease). */
  static async open(nc: NatsConnection, mayWrite: () => boolean = () => true): Promise<ClusterState> {
    const writer = new JetStreamWriter(nc, 10_000, mayWrite);
    const jsm = await jetstreamManager(nc);
    const open = async <T>(name: string, kind: 'pool' | 'job' | 'task' | 'node', pack?: (value: T) => boolean) =>
      new KvTable<T>(await openKv(nc, name), writer, name, kind, async (filter) => {
        if (!mayWrite()) throw new Error('this coordinator does not hold the lease');
        await jsm.streams.purge(`KV_${name}`, { filter });
      }, pack);
    const state = new ClusterState(
      await open(BUCKET_POOLS, 'pool'),
      await open(BUCKET_JOBS, 'job'),
      // A completed task is read again only when asked for: kept packed (kv-table.ts, Row).
      await open<TaskRecord>(BUCKET_TASKS, 'task', (t) => t.state === 'completed'),
      await open(BUCKET_NODES, 'node'),
      writer,
    );
    await state.load();
    return state;
  }

  /** Rebuilds every index from the store: what a restarted coordinator starts from. */
  private async load(): Promise<void> {
    await Promise.all([this.pools.load(), this.jobs.load(), this.tasks.load(), this.nodes.load()]);
    for (const job of this.jobs.rows.keys()) this.books.set(job, new JobBook(job));
    // A task's place in its job's order is its seq, whatever order it comes in (job-book.ts);
    // only the unfinished ones are sorted, so that the queue is oldest first again. Finished
    // ones are decoded one at a time, never all together (a million of them would take GBs).
    const unfinished: TaskRecord[] = [];
    for (const row of this.tasks.rows.values()) {
      if (!row.isPacked) unfinished.push(row.value);
      else this.indexLoaded(row.value);
    }
    for (const task of unfinished.sort((a, b) => a.seq - b.seq)) this.indexLoaded(task);
  }

  private indexLoaded(task: TaskRecord): void {
    if (!this.books.has(task.jobId)) return; // task of a job deleted half-way: ignored, removed by the next delete
    this.index(undefined, task);
  }

  close(): void {
    clearTimeout(this.usageTimer);
    this.writer.close();
  }

  book(jobId: string): JobBook {
    let book = this.books.get(jobId);
    if (!book) this.books.set(jobId, (book = new JobBook(jobId)));
    return book;
  }

  /** The dependency graph of a job that uses task dependencies (undefined for other jobs). */
  jobDependencies(jobId: string): JobDependencies | undefined {
    let deps = this.dependencies.get(jobId);
    if (deps || !this.jobs.get(jobId)?.usesTaskDependencies) return deps;
    deps = new JobDependencies((taskId) => this.task(jobId, taskId));
    this.dependencies.set(jobId, deps);
    const book = this.book(jobId);
    book.isHeld = (taskId) => deps!.isHeld(taskId);
    return deps;
  }

  /** Where a task with dependencies stands, while it has not run (undefined otherwise). */
  dependencyState(t: TaskRecord): DependencyStateRecord | undefined {
    return t.dependsOn ? this.dependencies.get(t.jobId)?.stateOf(t) : undefined;
  }

  /** An AddTaskCollection is about to add these ids to a job that uses dependencies. */
  expectTasks(jobId: string, ids: string[]): void {
    this.jobDependencies(jobId)?.expect(ids);
  }

  /** The call that expected these ids is over (some may not have been added). */
  settleExpectedTasks(jobId: string, ids: string[]): void {
    const deps = this.jobDependencies(jobId);
    if (deps) this.applyDependencyChanges(jobId, deps.settle(ids));
  }

  private applyDependencyChanges(jobId: string, changes: DependencyChanges): void {
    if (changes.released.length === 0 && changes.held.length === 0) return;
    const book = this.book(jobId);
    for (const id of changes.held) book.hold(id);
    for (const id of changes.released) book.release(id);
    if (changes.released.length > 0) this.events.emit('tasksReleased', jobId, changes.released);
  }

  task(jobId: string, taskId: string): TaskRecord | undefined {
    return this.tasks.get(taskKey(jobId, taskId));
  }

  /** A task's state without decoding a packed record (a completed task is kept packed). */
  taskState(jobId: string, taskId: string): TaskRecord['state'] | undefined {
    const key = taskKey(jobId, taskId);
    const packed = this.tasks.rows.isPacked(key);
    if (packed === undefined) return undefined;
    return packed ? 'completed' : this.tasks.rows.value(key)!.state;
  }

  /** Every task not completed (those kept whole in memory): what start-up scans look for. */
  *unfinishedTasks(): Generator<TaskRecord> {
    yield* this.tasks.rows.liveValues();
  }

  async createTask(record: TaskRecord): Promise<TaskRecord> {
    const stored = await this.tasks.create(taskKey(record.jobId, record.id), record, record.id);
    this.index(undefined, stored);
    return stored;
  }

  /** Creates many tasks of one job in batch values (KvTable.createMany), indexing each as its
   *  batch is stored: each record, or why it was not created. */
  createTasks(jobId: string, records: readonly TaskRecord[], slice: TimeSlice): Promise<(TaskRecord | TroupeError)[]> {
    const entries = records.map((r) => ({ key: taskKey(jobId, r.id), value: r, id: r.id }));
    return this.tasks.createMany(jobId, entries, slice, (stored) => this.index(undefined, stored));
  }

  /** Applies `change` to a task and updates every index; undefined when the task is gone. */
  async mutateTask(key: string, change: (t: TaskRecord) => TaskRecord | undefined): Promise<{ before: TaskRecord; after?: TaskRecord } | undefined> {
    const result = await this.tasks.mutate(key, (t) => {
      const next = change(t);
      // Every way a task completes passes here: the job action its exit conditions ask for is
      // stored with the completion itself.
      return next?.state === 'completed' && t.state !== 'completed' ? withPendingJobAction(next, this.jobs.get(next.jobId)) : next;
    });
    if (!result) return undefined;
    const [before, after] = result;
    if (after) this.index(before, after);
    return { before, after };
  }

  /** Removes a task; `alone`: deleted on its own, not with its job (watchers are told). */
  async removeTask(record: TaskRecord, alone = false): Promise<void> {
    // The value at removal time, not the caller's copy: it may have changed meanwhile.
    const removed = await this.tasks.remove(taskKey(record.jobId, record.id));
    if (!removed) return;
    if (alone) this.events.emit('taskDeleted', record.jobId, record.id);
    this.usage.release(taskKey(record.jobId, record.id));
    const book = this.books.get(record.jobId);
    book?.onTaskChanged(removed, undefined);
    const deps = this.dependencies.get(record.jobId);
    if (deps) this.applyDependencyChanges(record.jobId, deps.onTaskChanged(removed, undefined));
    this.jobStatistics.onTaskChanged(record.jobId, removed, undefined);
    // The last task of a job already deleted: nothing is left to index.
    if (book && book.taskCount === 0 && !this.jobs.get(record.jobId)) this.books.delete(record.jobId);
  }

  /** Removes every task of a job (one purge; see KvTable.removeAllUnder), in slices that yield. */
  async removeTasksOfJob(jobId: string, slice: TimeSlice): Promise<number> {
    // Before the keys are taken: a collection's batch stored after that would be left cached.
    await this.tasks.closeBatchesUnder(jobId);
    const book = this.books.get(jobId);
    const keys = (book?.order ?? []).map((id) => taskKey(jobId, id));
    // Out of the indexes first (the scheduler's queue, slot usage), as removeTask does.
    book?.dropQueue();
    for (const key of keys) {
      this.usage.release(key);
      await slice.yield();
    }
    await this.tasks.removeAllUnder(jobId, keys, slice);
    this.jobStatistics.dropJob(jobId);
    this.dependencies.delete(jobId);
    if (!this.jobs.get(jobId)) this.books.delete(jobId);
    return keys.length;
  }

  async mutateJob(jobId: string, change: (j: JobRecord) => JobRecord | undefined): Promise<JobRecord | undefined> {
    const result = await this.jobs.mutate(jobId, change);
    const after = result?.[1];
    if (after) this.events.emit('job', after);
    return after ?? result?.[0];
  }

  async mutateNode(nodeId: string, change: (n: NodeRecord) => NodeRecord | undefined): Promise<NodeRecord | undefined> {
    const result = await this.nodes.mutate(nodeId, change);
    const after = result?.[1];
    if (after) this.events.emit('node', after);
    return after ?? result?.[0];
  }

  private index(before: TaskRecord | undefined, after: TaskRecord): void {
    const key = taskKey(after.jobId, after.id);
    // The graph first: the book asks it whether a new active task is held.
    const deps = this.jobDependencies(after.jobId);
    const changes = deps?.onTaskChanged(before, after);
    this.book(after.jobId).onTaskChanged(before, after);
    if (changes) this.applyDependencyChanges(after.jobId, changes);
    this.jobStatistics.onTaskChanged(after.jobId, before, after);
    if ((after.state === 'preparing' || after.state === 'running') && after.exec.nodeId) {
      const parts = after.exec.subtasks
        ? after.exec.subtasks.map((s) => ({ nodeId: s.nodeId, slots: s.slots }))
        // Its GPU devices come from its record: a restarted coordinator knows which are taken.
        : [{ nodeId: after.exec.nodeId, slots: after.exec.heldSlots ?? after.requiredSlots, ...(after.exec.gpuIds?.length ? { gpuIds: after.exec.gpuIds } : {}) }];
      this.usage.place(key, { jobId: after.jobId, parts });
    } else {
      this.usage.release(key);
    }
    this.events.emit('task', after, before);
  }
}
