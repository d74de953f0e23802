// Runs the scheduler over a snapshot of the cluster state and applies its decisions: reserve the
// slots at once (so the next pass cannot double-book them), store the dispatch, then tell the
// worker. Dispatches the worker may have missed (coordinator crash, lost message) are re-sent.
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import { randomUUID } from 'node:crypto';
import { type JobQueue, type NodeCapacity, type PoolPolicy, type QueuedTask } from './scheduler.ts';
import { scheduleAvoiding } from './excluded-nodes.ts';
import { withJobNodeTasks } from '../nodes/job-prep-tracker.ts';
import { dispatchMessage } from '../lifecycle/task-lifecycle.ts';
import { dispatched } from '../lifecycle/task-attempt.ts';
import { dispatchedGang, instanceDispatches } from '../lifecycle/multi-instance-lifecycle.ts';
import type { NodeLiveness } from '../nodes/node-registry.ts';
import type { PlacementPart } from '../state/node-usage.ts';
import { encode } from '../../protocol/nats/codec.ts';
import { dispatchSubject, taskKey } from '../../protocol/nats/subjects.ts';
import { nodeAcceptsTasks } from '../../protocol/records/states.ts';
import { nowIso } from '../../protocol/records/records.ts';
import type { Logger } from '../../protocol/log.ts';
import { enforcesMemoryLimits } from '../../protocol/records/resource-limits.ts';
import type { DispatchMessage } from '../../protocol/nats/messages.ts';
import type { JobRecord, TaskRecord } from '../../protocol/records/records.ts';
import { jobManagerFirst } from './job-manager-queue.ts';
import { releasesItsJob, withHeldSlots } from '../lifecycle/job-manager.ts';

const RESEND_AFTER_MS = 3000;

export class Dispatcher {
  private scheduled = false;
  private running = false;
  private again = false;
  /** taskKey -> when its current attempt was last sent to its node (tasks in 'preparing'). */
  private readonly sentAt = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** Nodes a job must not be scheduled on (its preparation task failed there); see job-prep-tracker.ts. */
  excludedNodes: (jobId: string) => ReadonlySet<string> | undefined = () => undefined;
  /** What a dispatch carries beyond the task (a job-scoped credential: auth/job-credentials.ts);
   *  a promise delays its sending until it is ready. */
  completeDispatch: (t: TaskRecord, job: JobRecord, message: DispatchMessage) => DispatchMessage | Promise<DispatchMessage> = (_t, _j, m) => m;

  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly liveness: NodeLiveness,
    private readonly log: Logger,
  ) {
    // Tasks found in 'preparing' at start-up may never have reached their worker: resend them
    // after the usual delay, which leaves the reports waiting in the stream time to land first.
    const loadedAt = Date.now();
    for (const t of state.unfinishedTasks()) {
      if (t.state === 'preparing') this.sentAt.set(taskKey(t.jobId, t.id), loadedAt);
    }
    state.events.on('task', (after, before) => {
      const key = taskKey(after.jobId, after.id);
      if (after.state !== 'preparing') this.sentAt.delete(key);
      // Dispatched without this dispatcher sending it (a stored write whose acknowledgement was
      // lost, found later): the re-send below gets it to its node.
      else if (!this.sentAt.has(key)) this.sentAt.set(key, Date.now());
      // Schedule again on new work, or when a task gave its slots back.
      const newWork = after.state === 'active';
      const freedSlots = (before?.state === 'preparing' || before?.state === 'running') && after.state !== 'running';
      if (newWork || freedSlots || releasesItsJob(after, before)) this.wake();
    });
    state.events.on('node', () => this.wake());
    // Dependents released by a parent's completion (their records did not change).
    state.events.on('tasksReleased', () => this.wake());
    state.events.on('job', () => this.wake());
    this.timers.push(setInterval(() => this.wake(), 1000));
    this.timers.push(setInterval(() => this.resendStale(), 1000));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }

  /** Asks for a scheduling pass soon; many wake-ups in one tick make one pass. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pass();
    });
  }

  private pass(): void {
    this.running = true;
    try {
      const assignments = scheduleAvoiding(this.snapshot(), this.excludedNodes);
      for (const a of assignments) {
        const part = this.singlePart(a.nodeId, a.requiredSlots, a.gpus ?? 0);
        if (part) this.apply(a.jobId, a.taskId, a.instances ?? [part], a.instances !== undefined);
      }
    } catch (err) {
      this.log.error('scheduling pass failed', { err });
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    }
  }

  private snapshot() {
    const { state } = this;
    const pools = new Map<string, PoolPolicy>();
    for (const { value: p } of state.pools.rows.values()) pools.set(p.id, { id: p.id, nodeFillType: p.nodeFillType });
    const nodes: NodeCapacity[] = [];
    const poolsWithRoom = new Set<string>();
    for (const { value: n } of state.nodes.rows.values()) {
      if (!nodeAcceptsTasks(n.state) || n.schedulingState !== 'enabled' || !this.liveness.mayTakeWork(n.id)) continue;
      // A node under a preemption notice takes nothing new (its tasks end with the notice).
      if (n.preemptionDeadline !== undefined) continue;
      const free = n.taskSlots - state.usage.usedSlots(n.id);
      if (free <= 0) continue;
      const gpus = n.gpuIds?.length ? { freeGpus: n.gpuIds.length - state.usage.usedGpus(n.id).size } : {};
      nodes.push({ id: n.id, poolId: n.poolId, freeSlots: free, totalSlots: n.taskSlots, enforcesMemoryLimits: enforcesMemoryLimits(n.resourceLimits), ...gpus });
      poolsWithRoom.add(n.poolId);
    }
    const jobs: JobQueue[] = [];
    for (const [jobId, book] of state.books) {
      const job = state.jobs.get(jobId);
      if (!job || job.state !== 'active' || book.counts.active === 0 || !poolsWithRoom.has(job.poolId)) continue;
      jobs.push({
        jobId,
        poolId: job.poolId,
        priority: job.priority,
        order: Date.parse(job.creationTime),
        maxParallelTasks: job.maxParallelTasks,
        runningTasks: state.usage.placedTasksOfJob(jobId),
        queued: jobManagerFirst(state, jobId, () => this.queuedTasks(jobId), queuedTask),
      });
    }
    return { pools, nodes, jobs };
  }

  private *queuedTasks(jobId: string): Generator<QueuedTask> {
    const book = this.state.books.get(jobId)!;
    for (const taskId of book.queuedTaskIds()) {
      const key = taskKey(jobId, taskId);
      if (this.state.usage.placementOf(key)) continue; // reserved, dispatch being stored
      const t = this.state.tasks.get(key);
      if (!t) continue;
      yield queuedTask(t);
    }
  }

  /** A single task's part: its slots and, when it asks for GPUs, which devices of the node (the
   *  first free ones in the node's order). Undefined if they are not free after all. */
  private singlePart(nodeId: string, slots: number, gpus: number): PlacementPart | undefined {
    if (gpus === 0) return { nodeId, slots };
    const offered = this.state.nodes.get(nodeId)?.gpuIds ?? [];
    const gpuIds = this.state.usage.freeGpus(nodeId, offered, gpus);
    if (!gpuIds) {
      this.log.warn('GPU devices planned for a task are not free: not dispatched this pass', { nodeId, gpus });
      return undefined;
    }
    return { nodeId, slots, gpuIds };
  }

  private apply(jobId: string, taskId: string, parts: PlacementPart[], gang: boolean): void {
    const key = taskKey(jobId, taskId);
    const nodeId = parts[0]!.nodeId;
    this.state.usage.place(key, { jobId, parts });
    const now = nowIso();
    const nodeOf = (id: string) => this.state.nodes.get(id);
    this.state
      .mutateTask(key, (t) => {
        if (t.state !== 'active') return undefined;
        if (gang) return dispatchedGang(t, parts, nodeOf, randomUUID(), now);
        return withGpus(withHeldSlots(dispatched(t, nodeId, now), parts[0]!.slots), parts[0]!.gpuIds);
      })
      .then((result) => {
        const after = result?.after;
        if (!after) {
          this.unreserve(key);
          return;
        }
        this.send(after.jobId, after.id);
      })
      .catch((err) => {
        this.unreserve(key);
        this.log.warn('could not store dispatch', { jobId, taskId, nodeId, err });
      });
  }

  /** Gives back the slots reserved for a dispatch that was not stored, unless the record, as the
   *  store has it now, holds them (it was dispatched after all: ClusterState placed it). */
  private unreserve(key: string): void {
    const t = this.state.tasks.get(key);
    if (t && (t.state === 'preparing' || t.state === 'running')) return;
    this.state.usage.release(key);
  }

  private send(jobId: string, taskId: string): void {
    const t = this.state.task(jobId, taskId);
    const job = this.state.jobs.get(jobId);
    if (!t || !job || t.state !== 'preparing' || !t.exec.nodeId) return;
    this.sentAt.set(taskKey(jobId, taskId), Date.now());
    const message = this.completeDispatch(t, job, withJobNodeTasks(dispatchMessage(t, job, this.state.pools.get(job.poolId)), job));
    if (message instanceof Promise) {
      // Sent only if the attempt is still the one waiting for it (it may have ended meanwhile).
      message.then((m) => {
        const now = this.state.task(jobId, taskId);
        if (now?.state === 'preparing' && now.uid === t.uid && now.exec.attempt === t.exec.attempt) this.publish(now, m);
      }).catch((err) => this.log.warn('could not complete a dispatch (sent again later)', { jobId, taskId, err }));
    } else {
      this.publish(t, message);
    }
  }

  private publish(t: TaskRecord, message: DispatchMessage): void {
    if (!t.exec.nodeId) return;
    if (!t.exec.subtasks) {
      this.nc.publish(dispatchSubject(t.exec.nodeId), encode(message));
      return;
    }
    // A gang: each instance's node gets its own part (workers ignore an attempt they already have).
    for (const d of instanceDispatches(t, message, (id) => this.state.nodes.get(id))) {
      this.nc.publish(dispatchSubject(d.nodeId), encode(d.message));
    }
  }

  private resendStale(): void {
    const limit = Date.now() - RESEND_AFTER_MS;
    for (const [key, at] of this.sentAt) {
      if (at > limit) continue;
      const t = this.state.tasks.get(key);
      if (!t || t.state !== 'preparing') {
        this.sentAt.delete(key);
        continue;
      }
      if (t.exec.nodeId && this.liveness.isAlive(t.exec.nodeId)) {
        this.log.debug('re-sending dispatch', { jobId: t.jobId, taskId: t.id, attempt: t.exec.attempt });
        this.send(t.jobId, t.id);
      }
    }
  }
}

/** The attempt holds these GPU devices of its node (stored with the dispatch). */
function withGpus<T extends TaskRecord>(t: T, gpuIds: readonly string[] | undefined): T {
  return gpuIds?.length ? { ...t, exec: { ...t.exec, gpuIds: [...gpuIds] } } : t;
}

/** A task as the scheduler takes it. */
function queuedTask(t: TaskRecord): QueuedTask {
  const limited = t.constraints.maxMemoryMib !== undefined ? { needsMemoryLimit: true } : {};
  const jobId = t.jobId;
  const taskId = t.id;
  if (t.multiInstance) {
    return { jobId, taskId, requiredSlots: t.requiredSlots, instances: t.multiInstance.numberOfInstances, wholeNodes: t.multiInstance.wholeNodes, ...limited };
  }
  return { jobId, taskId, requiredSlots: t.requiredSlots, ...limited, ...(t.jobManager?.runExclusive ? { exclusive: true } : {}), ...(t.requiredGpus ? { requiredGpus: t.requiredGpus } : {}) };
}
