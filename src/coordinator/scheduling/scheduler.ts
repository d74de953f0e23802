// The scheduler decides, and only decides: given a read-only snapshot of the pools' nodes and the
// jobs' queues, it returns which task goes to which node. The caller applies the assignments (and
// may find some stale: a node gone, a task cancelled) and asks again on the next pass. No I/O, no
// clock, no randomness, the snapshot is never written: the same snapshot gives the same plan.
//
// One pass:
//   jobs by priority desc, then order asc (then jobId, then input position: total and stable)
//     └─ tasks of the job in queue order, pulled lazily from its iterator
//          ├─ fits a node of the job's pool → assign (spread: fullest node; pack: tightest fit);
//          │  a task with a memory limit only on a node that enforces it (pool-slots.ts)
//          ├─ a gang (multi-instance): N distinct nodes at once or nothing; one that does not fit
//          │  holds back the N nodes closest to fitting from every later task of this pass
//          ├─ exclusive (a job manager with runExclusive): one wholly free node, as a gang of one
//          ├─ asks for GPUs: a node with that many devices and its slots free (gpu-index.ts)
//          └─ fits nowhere now → skip; smaller tasks behind it may still backfill
//   a job stops at: pool without free slots · maxParallelTasks · maxSkipsPerJob consecutive skips
//   the pass stops at maxAssignments.
// Cost: O(jobs log jobs + nodes + maxSlots + (assignments + skips) * log(nodes)); a queue is
// never read past the task where its job stops. A GPU task adds O(GPU nodes of its pool).
import type { NodeFillType } from './slot-index.ts';
import { PoolSlots } from './pool-slots.ts';
import { GpuIndex } from './gpu-index.ts';

export interface NodeCapacity {
  id: string;
  poolId: string;
  /** Slots free now; clamped to 0..totalSlots. */
  freeSlots: number;
  /** The pool's taskSlotsPerNode. */
  totalSlots: number;
  /** Whether the node enforces a task's memory limit (records/resource-limits.ts). */
  enforcesMemoryLimits?: boolean;
  /** GPU devices free now (absent = none). */
  freeGpus?: number;
}

export interface QueuedTask {
  jobId: string;
  taskId: string;
  /** Slots the task occupies on one node; below 1 (or not a number) counts as 1. */
  requiredSlots: number;
  /** Multi-instance (gang): this many distinct nodes at once, all or none. */
  instances?: number;
  /** Gang: each instance takes its whole node (requiredSlots is then ignored). */
  wholeNodes?: boolean;
  /** It has a memory limit: only nodes that enforce one may take it. */
  needsMemoryLimit?: boolean;
  /** It takes a whole free node, all its slots (an exclusive job manager task). */
  exclusive?: boolean;
  /** GPU devices it needs on its node (absent or 0 = none; gpu-index.ts). */
  requiredGpus?: number;
}

export interface JobQueue {
  jobId: string;
  poolId: string;
  /** -1000..1000, higher first. */
  priority: number;
  /** Creation order, lower = older; breaks priority ties. */
  order: number;
  /** 0 = unlimited. */
  maxParallelTasks: number;
  /** Tasks of this job already assigned or running. */
  runningTasks: number;
  /** Oldest first. Lazy: may hold a million tasks; only what is needed is iterated. */
  queued: Iterable<QueuedTask>;
}

export interface PoolPolicy {
  id: string;
  nodeFillType: 'spread' | 'pack';
}

export interface SchedulingSnapshot {
  pools: ReadonlyMap<string, PoolPolicy>;
  nodes: readonly NodeCapacity[];
  jobs: readonly JobQueue[];
}

export interface Assignment {
  jobId: string;
  taskId: string;
  /** The node (a gang's primary: instance 0). */
  nodeId: string;
  requiredSlots: number;
  /** GPU devices taken on the node (absent = none): the dispatcher picks which. */
  gpus?: number;
  /** Gangs: every instance's node and the slots taken there, instance 0 first. */
  instances?: { nodeId: string; slots: number }[];
}

export interface ScheduleLimits {
  /** Assignments in one pass; default 10,000. */
  maxAssignments?: number;
  /** Consecutive tasks of one job that fit nowhere before the pass leaves that job; default 256. */
  maxSkipsPerJob?: number;
}

export const DEFAULT_MAX_ASSIGNMENTS = 10_000;
export const DEFAULT_MAX_SKIPS_PER_JOB = 256;

/** Plans one scheduling pass over `snapshot`. Pure: reads the snapshot, returns new objects. */
export function schedule(snapshot: SchedulingSnapshot, limits: ScheduleLimits = {}): Assignment[] {
  const maxAssignments = countLimit(limits.maxAssignments, DEFAULT_MAX_ASSIGNMENTS);
  const maxSkips = countLimit(limits.maxSkipsPerJob, DEFAULT_MAX_SKIPS_PER_JOB);
  const assignments: Assignment[] = [];
  if (maxAssignments === 0) return assignments;

  const pools = new PoolIndexes(snapshot);
  for (const job of jobsInOrder(snapshot.jobs)) {
    if (assignments.length >= maxAssignments) break;
    const pool = pools.get(job.poolId);
    if (pool === undefined || pool.freeSlots === 0) continue;
    let allowance = job.maxParallelTasks > 0 ? job.maxParallelTasks - job.runningTasks : Infinity;
    if (!(allowance > 0)) continue;

    // Every stop condition is checked before the next task is pulled, so a lazy queue is read
    // exactly as far as the job goes, and an infinite one ends.
    const tasks = job.queued[Symbol.iterator]();
    let skips = 0;
    let drained = false;
    try {
      while (pool.freeSlots > 0 && allowance > 0 && assignments.length < maxAssignments) {
        const next = tasks.next();
        if (next.done) {
          drained = true;
          break;
        }
        const task = next.value;
        const slots = slotsOf(task);
        const limited = task.needsMemoryLimit === true;
        if (task.instances !== undefined) {
          // A gang takes all its nodes at once or none; one that does not fit holds back the
          // nodes it will need from everything after it in this pass (see reserveForGang).
          const gang = pool.takeGang(Math.max(1, Math.floor(task.instances)), slots, task.wholeNodes === true, limited);
          if (gang === undefined) {
            pool.reserveForGang(Math.max(1, Math.floor(task.instances)), limited);
            if (++skips >= maxSkips) break;
            continue;
          }
          skips = 0;
          allowance--;
          assignments.push({ jobId: task.jobId, taskId: task.taskId, nodeId: gang[0]!.nodeId, requiredSlots: gang[0]!.slots, instances: gang });
          continue;
        }
        if (task.exclusive === true) {
          // A gang of one whole node: a node with every slot free, or it holds back the node
          // closest to it from the rest of this pass (as a gang does), so it is not starved.
          const whole = pool.takeGang(1, slots, true, limited);
          if (whole === undefined) {
            pool.reserveForGang(1, limited);
            if (++skips >= maxSkips) break;
            continue;
          }
          skips = 0;
          allowance--;
          assignments.push({ jobId: task.jobId, taskId: task.taskId, nodeId: whole[0]!.nodeId, requiredSlots: whole[0]!.slots });
          continue;
        }
        const gpus = gpusOf(task);
        if (gpus > 0) {
          const onGpuNode = pools.gpus(job.poolId)!.take(gpus, slots, limited, pool);
          if (onGpuNode === undefined) {
            if (++skips >= maxSkips) break;
            continue;
          }
          skips = 0;
          allowance--;
          assignments.push({ jobId: task.jobId, taskId: task.taskId, nodeId: onGpuNode, requiredSlots: slots, gpus });
          continue;
        }
        const nodeId = pool.take(slots, limited);
        if (nodeId === undefined) {
          if (++skips >= maxSkips) break;
          continue;
        }
        skips = 0;
        allowance--;
        assignments.push({ jobId: task.jobId, taskId: task.taskId, nodeId, requiredSlots: slots });
      }
    } finally {
      if (!drained) tasks.return?.(); // as `for...of` would: a generator runs its `finally`
    }
  }
  return assignments;
}

/** The slot index of each pool, built the first time a job of that pool is looked at. */
class PoolIndexes {
  private readonly nodesByPool = new Map<string, NodeCapacity[]>();
  private readonly built = new Map<string, PoolSlots>();
  private readonly gpuBuilt = new Map<string, GpuIndex>();

  constructor(private readonly snapshot: SchedulingSnapshot) {
    for (const node of snapshot.nodes) {
      const list = this.nodesByPool.get(node.poolId);
      if (list) list.push(node);
      else this.nodesByPool.set(node.poolId, [node]);
    }
  }

  get(poolId: string): PoolSlots | undefined {
    let index = this.built.get(poolId);
    if (index === undefined) {
      const nodes = this.nodesByPool.get(poolId);
      if (nodes === undefined) return undefined;
      const fill: NodeFillType = this.snapshot.pools.get(poolId)?.nodeFillType ?? 'spread';
      index = new PoolSlots(nodes, fill === 'pack' ? 'pack' : 'spread');
      this.built.set(poolId, index);
    }
    return index;
  }

  /** The pool's GPU index, built the first time a GPU task of that pool is looked at. */
  gpus(poolId: string): GpuIndex | undefined {
    let index = this.gpuBuilt.get(poolId);
    if (index === undefined) {
      const nodes = this.nodesByPool.get(poolId);
      if (nodes === undefined) return undefined;
      const fill: NodeFillType = this.snapshot.pools.get(poolId)?.nodeFillType ?? 'spread';
      index = new GpuIndex(nodes, fill === 'pack' ? 'pack' : 'spread');
      this.gpuBuilt.set(poolId, index);
    }
    return index;
  }
}

/** Priority desc, order asc, jobId asc; Array#sort is stable, so input position breaks the rest. */
function jobsInOrder(jobs: readonly JobQueue[]): JobQueue[] {
  return [...jobs].sort(
    (a, b) =>
      b.priority - a.priority ||
      a.order - b.order ||
      (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0),
  );
}

function slotsOf(task: QueuedTask): number {
  const r = task.requiredSlots;
  return Number.isFinite(r) && r > 1 ? Math.ceil(r) : 1;
}

function gpusOf(task: QueuedTask): number {
  const g = task.requiredGpus;
  return g !== undefined && Number.isFinite(g) && g > 0 ? Math.ceil(g) : 0;
}

function countLimit(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return Number.isNaN(value) ? fallback : Math.max(0, Math.floor(value));
}
