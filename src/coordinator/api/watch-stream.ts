// The Watch stream: job, task and node changes pushed to clients, so that none polls.
//
// One hub listens to the cluster state for all watchers and maps each change to its API form
// once, however many watchers want it (50 watchers mapped every task change 50 times before).
// What a watcher gets:
//   - with includeInitial, the current state first, then initialSyncDone;
//   - job and task changes (of one job, or of all); node changes with includeNodes, including
//     its live state (idle, running) and slots in use, coalesced per node (nodeUsage);
//   - jobDeleted when a job is gone with its tasks (a watch of that job then ends), taskDeleted
//     for a task deleted on its own;
//   - a job that does not exist yet: NOT_FOUND, unless waitForJob (its events flow once it is
//     created);
//   - with batch, task changes gathered per 20 ms, each task once with its latest state, in one
//     task_batch event encoded once for every batching watcher of the same job (or of all
//     jobs): at full throughput, 50 watchers each decoding one message per change fell seconds
//     behind, and the coordinator encoded every change 50 times.
//   - with taskSelect, each task with only the properties named ($select): a client following
//     states decodes a third of each task (the watchers' own decoding was what made events of a
//     creation burst late). Batching watchers of one job and selection share one encoding.
// A watcher that does not read is cut off (RESOURCE_EXHAUSTED) past WATCH_MAX_QUEUED_EVENTS
// queued events, so that it cannot make the coordinator buffer without bound.
import * as grpc from '@grpc/grpc-js';
import type { WatchEvent } from '../../protocol/generated/troupe/v1/WatchEvent.ts';
import type { WatchRequest__Output } from '../../protocol/generated/troupe/v1/WatchRequest.ts';
import type { NodeRecord, TaskRecord } from '../../protocol/records/records.ts';
import type { Logger } from '../../protocol/log.ts';
import { failStream, toStatus } from '../../protocol/grpc/grpc-handlers.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { validateId } from '../validation/validation.ts';
import { NotFoundError, PermissionDeniedError } from '../../protocol/errors.ts';
import { callerOf } from '../auth/authorize.ts';
import { seesAllJobs } from '../auth/call-policy.ts';
import { jobToApi, nodeToApi, taskToApi } from './api-mapping.ts';
import { applySelect, parseSelect, type Selection } from '../listing/select.ts';
import { encodeWatchEvent } from '../../protocol/grpc/proto.ts';

export const WATCH_MAX_QUEUED_EVENTS = 200_000;
/** Snapshot events sent between two yields. */
const SNAPSHOT_SLICE = 500;
/** A batching watcher's task changes are sent at least this often, and at most this many. */
const BATCH_MS = 20;
const BATCH_TASKS = 1000;

type WatchCall = grpc.ServerWritableStream<WatchRequest__Output, WatchEvent>;
type ApiTask = NonNullable<WatchEvent['task']>;

interface Watcher {
  /** '' = every job. */
  jobId: string;
  nodes: boolean;
  /** Takes task changes as the hub's shared task_batch events. */
  batch: boolean;
  /** The task properties it asked for (undefined = all), and their canonical text. */
  select: Selection;
  selectKey: string;
  send(event: WatchEvent): void;
  /** An event the hub encoded already (a task_batch shared by several watchers). */
  sendEncoded(bytes: Buffer): void;
  /** The watched job was deleted: the stream ends. */
  end(): void;
  /** A submitter's watch (the name it speaks for): of one job of that name only. */
  owner?: string;
  /** Ends the stream with PERMISSION_DENIED (the job it waited for is someone else's). */
  refuse(details: string): void;
}

/** The batching watchers of one channel (a job, '' = all jobs) that asked for one selection. */
interface BatchGroup {
  select: Selection;
  watchers: Set<Watcher>;
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  /** Batching watchers by channel, then by selectKey: a batch is encoded once per group. */
  private readonly batching = new Map<string, Map<string, BatchGroup>>();

  constructor(private readonly state: ClusterState, private readonly registry: NodeRegistry, private readonly log: Logger) {
    state.events.on('task', (t) => this.fanOut(t.jobId, () => ({ task: taskToApi(t, state) })));
    // Released by their dependencies: the record did not change, its dependencyState did.
    state.events.on('tasksReleased', (jobId, ids) => {
      for (const id of ids) {
        const t = state.task(jobId, id);
        if (t) this.fanOut(jobId, () => ({ task: taskToApi(t, state) }));
      }
    });
    state.events.on('job', (j) => {
      // A submitter waiting for a job id that someone else's job took sees none of it.
      for (const w of this.watchers) if (w.owner !== undefined && w.jobId === j.id && j.owner !== w.owner) w.refuse(`Watch: job '${j.id}' is not ${w.owner}'s`);
      this.fanOut(j.id, () => ({ job: jobToApi(j) }));
    });
    state.events.on('taskDeleted', (jobId, taskId) => this.fanOut(jobId, () => ({ taskDeleted: { jobId, taskId } })));
    state.events.on('jobDeleted', (jobId) => {
      this.fanOut(jobId, () => ({ jobDeleted: jobId }));
      for (const w of this.watchers) if (w.jobId === jobId) w.end();
    });
    const onNode = (n: NodeRecord) => this.fanOutNodes(() => ({ node: nodeToApi(n, state, registry) }));
    state.events.on('node', onNode);
    // Only watchers of nodes make usage changes worth gathering (cluster-state.ts).
    this.onNodeUsage = onNode;
  }

  private readonly onNodeUsage: (n: NodeRecord) => void;
  private nodeWatchers = 0;

  /** The Watch handler. */
  readonly handle = (call: WatchCall): void => {
    const { state } = this;
    const request = call.request;
    const jobId = request.jobId ?? '';
    const caller = callerOf(call);
    const owner = seesAllJobs(caller.role) ? undefined : caller.name;
    let select: Selection;
    try {
      select = parseSelect(request.taskSelect ?? '', 'troupe.v1.Task', 'taskSelect');
      if (owner !== undefined && !jobId) throw new PermissionDeniedError(`Watch of every job is not allowed for role '${caller.role}': give job_id, one of ${caller.name}'s jobs`);
      if (jobId) {
        validateId('job', jobId, 'jobId');
        if (!state.jobs.get(jobId) && !request.waitForJob) throw new NotFoundError('job', jobId);
      }
    } catch (err) {
      failStream(call, toStatus(this.log, 'Watch', err));
      return;
    }
    let stopped = false;
    const write = (event: WatchEvent) => {
      if (stopped || call.cancelled) return;
      if (call.writableLength >= WATCH_MAX_QUEUED_EVENTS) {
        stop();
        failStream(call, { code: grpc.status.RESOURCE_EXHAUSTED, details: `the watcher fell ${WATCH_MAX_QUEUED_EVENTS} events behind: watch again with includeInitial` });
        return;
      }
      call.write(event);
    };
    const watcher: Watcher = {
      jobId,
      nodes: request.includeNodes,
      batch: request.batch,
      select,
      selectKey: select ? select.map((p) => p.join('/')).join(',') : '',
      send: write,
      sendEncoded: (bytes) => write(bytes as unknown as WatchEvent),
      end: () => {
        if (stopped) return;
        stop();
        call.end();
      },
      ...(owner !== undefined ? { owner } : {}),
      refuse: (details) => {
        if (stopped) return;
        stop();
        failStream(call, { code: grpc.status.PERMISSION_DENIED, details });
      },
    };
    const stop = () => {
      if (stopped) return;
      stopped = true;
      this.watchers.delete(watcher);
      if (watcher.batch) this.leaveBatchGroup(watcher);
      if (watcher.nodes && --this.nodeWatchers === 0) state.events.off('nodeUsage', this.onNodeUsage);
    };
    // Subscribed before the snapshot, so no change falls between the two.
    this.watchers.add(watcher);
    if (watcher.batch) this.joinBatchGroup(watcher);
    if (watcher.nodes && this.nodeWatchers++ === 0) state.events.on('nodeUsage', this.onNodeUsage);
    call.on('cancelled', stop);
    call.on('close', stop);
    call.on('error', stop);
    if (request.includeInitial) {
      this.sendSnapshot(watcher, call, () => stopped || call.cancelled).catch((err) => {
        stop();
        failStream(call, toStatus(this.log, 'Watch', err));
      });
    }
  };

  /** The current state, in slices that yield (and wait while the client is behind): a job of
   *  a million tasks must not hold the coordinator's only thread. Live changes sent in between
   *  are never older than what the snapshot sends after them: it reads each record when sent. */
  private async sendSnapshot(w: Watcher, call: WatchCall, stopped: () => boolean): Promise<void> {
    const { state } = this;
    let sent = 0;
    const send = async (event: WatchEvent) => {
      w.send(event);
      if (++sent % SNAPSHOT_SLICE !== 0) return;
      if (call.writableLength > SNAPSHOT_SLICE) await new Promise((r) => call.once('drain', r));
      else await new Promise((r) => setImmediate(r));
    };
    const jobIds = w.jobId ? [w.jobId] : [...state.jobs.rows.keys()];
    for (const jobId of jobIds) {
      const job = state.jobs.get(jobId);
      if (!job || stopped()) continue;
      await send({ job: jobToApi(job) });
      const order = state.books.get(jobId)?.order ?? [];
      for (let i = 0; i < order.length && !stopped(); i++) {
        const t: TaskRecord | undefined = state.task(jobId, order[i]!);
        if (t) await send({ task: applySelect(taskToApi(t, state), w.select) });
      }
    }
    if (w.nodes) for (const { value: n } of state.nodes.rows.values()) w.send({ node: nodeToApi(n, state, this.registry) });
    w.send({ initialSyncDone: true });
  }

  private fanOut(jobId: string, event: () => WatchEvent): void {
    let mapped: WatchEvent | undefined;
    let selected: Map<string, WatchEvent> | undefined;
    for (const w of this.watchers) {
      if (w.jobId && w.jobId !== jobId) continue;
      mapped ??= event();
      const task = mapped.task;
      if (!task) this.sendInOrder(w, mapped);
      else if (!w.batch) {
        if (!w.select) this.sendInOrder(w, mapped);
        else {
          selected ??= new Map();
          let e = selected.get(w.selectKey);
          if (!e) selected.set(w.selectKey, (e = { task: applySelect(task, w.select) }));
          this.sendInOrder(w, e);
        }
      }
    }
    // Gathered once per channel, however many batching watchers it has.
    if (mapped?.task) {
      if (this.batching.has('')) this.gather('', mapped.task);
      if (this.batching.has(jobId)) this.gather(jobId, mapped.task);
    }
  }

  private joinBatchGroup(w: Watcher): void {
    let groups = this.batching.get(w.jobId);
    if (!groups) this.batching.set(w.jobId, (groups = new Map()));
    let group = groups.get(w.selectKey);
    if (!group) groups.set(w.selectKey, (group = { select: w.select, watchers: new Set() }));
    group.watchers.add(w);
  }

  private leaveBatchGroup(w: Watcher): void {
    const groups = this.batching.get(w.jobId);
    const group = groups?.get(w.selectKey);
    if (!groups || !group) return;
    group.watchers.delete(w);
    if (group.watchers.size === 0) groups.delete(w.selectKey);
    if (groups.size === 0) this.batching.delete(w.jobId);
  }

  private fanOutNodes(event: () => WatchEvent): void {
    let mapped: WatchEvent | undefined;
    for (const w of this.watchers) if (w.nodes) this.sendInOrder(w, (mapped ??= event()));
  }

  /** Anything but a task change reaches a batching watcher after the changes gathered before it. */
  private sendInOrder(w: Watcher, event: WatchEvent): void {
    if (w.batch) this.flushBatches();
    w.send(event);
  }

  /** Task changes waiting for the batching watchers of one job ('' = of all jobs). */
  private readonly batches = new Map<string, Map<string, ApiTask>>();
  private batchTimer?: NodeJS.Timeout;

  private gather(channel: string, task: ApiTask): void {
    let batch = this.batches.get(channel);
    if (!batch) this.batches.set(channel, (batch = new Map()));
    const key = `${task.jobId}\u0000${task.id}`;
    batch.delete(key); // set again: in the order of its latest change
    batch.set(key, task);
    if (batch.size >= BATCH_TASKS) this.flushBatches();
    else this.batchTimer ??= setTimeout(() => this.flushBatches(), BATCH_MS);
  }

  /** Sends what is gathered: each channel's batch encoded once per selection, to each of its
   *  watchers. Before any other event reaches a batching watcher, so the order of events holds. */
  private flushBatches(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batches.size === 0) return;
    const batches = [...this.batches];
    this.batches.clear();
    for (const [channel, gathered] of batches) {
      const tasks = [...gathered.values()];
      for (const group of this.batching.get(channel)?.values() ?? []) {
        const bytes = encodeWatchEvent({ taskBatch: { tasks: group.select ? tasks.map((t) => applySelect(t, group.select)) : tasks } });
        for (const w of group.watchers) w.sendEncoded(bytes);
      }
    }
  }
}
