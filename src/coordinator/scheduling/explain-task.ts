// Why is a task not running? Decided from a read-only snapshot of what the dispatcher schedules
// from (explain-snapshot.ts gathers it; nothing here reads the cluster or the clock), as a list of
// reasons in the order the scheduler meets them:
//
//   the task: not waiting at all (preparing, running, completed)        → that alone
//   its own gates: dependencies · the job manager first                 ┐
//   its job: not active · at maxParallelTasks                           │ blocking
//   its pool: missing · no node · none schedulable · none enforcing its │
//     memory limit · all excluded by a failed job preparation           │
//   its size: more slots than a node has (never) · no node with room    │
//     now · a gang: fewer nodes than instances (never) / fewer with room┘
//   then, worth knowing: jobs ahead by priority, its place in its job's queue;
//   and `eligible` when nothing blocks (the next pass should start it).
//
// The rules mirror scheduler.ts, excluded-nodes.ts and pool-slots.ts: a node takes work when
// idle or running, scheduling enabled and its agent heard from; a task with a memory limit only
// on a node that enforces one; a gang (or an exclusive job manager) whole nodes when asked.

/** Every kind of reason, in the order they are reported. */
export type WaitReasonKind =
  /** Dispatched, its node is setting it up. */
  | 'taskPreparing'
  /** Its process runs. */
  | 'taskRunning'
  /** It ended. */
  | 'taskCompleted'
  /** Some task it depends on has not completed yet. */
  | 'dependenciesWaiting'
  /** Some task it depends on failed without `satisfy`, or does not exist: it waits forever. */
  | 'dependenciesBlocked'
  /** Its job's job manager task has not started yet: nothing else of the job is scheduled. */
  | 'jobManagerFirst'
  | 'jobDisabled' | 'jobDisabling' | 'jobEnabling' | 'jobTerminating' | 'jobCompleted' | 'jobDeleting'
  /** Its job runs as many tasks as its maxParallelTasks allows. */
  | 'jobAtMaxParallelTasks'
  /** Its job's pool does not exist. */
  | 'poolMissing'
  /** The pool has no node. */
  | 'poolEmpty'
  /** No node of the pool is idle or running with scheduling enabled and its agent alive. */
  | 'noSchedulableNode'
  /** It has a memory limit and no schedulable node of the pool enforces one. */
  | 'noNodeEnforcesMemoryLimit'
  /** Its job's preparation task failed on some nodes: the job does not run there. */
  | 'excludedByJobPreparation'
  /** It needs more slots than a node of the pool has: it can never run there. */
  | 'slotsInfeasible'
  /** No node has enough free slots now. */
  | 'noNodeWithFreeSlots'
  /** It needs more GPU devices than a node of the pool offers (gpu-index.ts): it waits for one. */
  | 'gpusInfeasible'
  /** No node has enough GPU devices and slots free now. */
  | 'noNodeWithFreeGpus'
  /** An exclusive job manager: no node is wholly free now. */
  | 'exclusiveWaiting'
  /** A multi-instance task wants more nodes than the pool has that may take it. */
  | 'gangInfeasible'
  /** A multi-instance task: fewer nodes with room now than instances (held back for its gang). */
  | 'gangWaiting'
  /** Queued tasks of jobs the scheduler serves first on the pool (higher priority, or older). */
  | 'jobsAhead'
  /** Tasks of its own job queued before it. */
  | 'queuePosition'
  /** Nothing holds it back: the next scheduling pass should start it. */
  | 'eligible';

export interface WaitReason {
  kind: WaitReasonKind;
  message: string;
  /** It keeps the task from starting (else: worth knowing only). */
  blocking: boolean;
  nodeId?: string;
  taskIds?: string[];
  taskIdCount?: number;
  blockedBy?: string[];
  blockedByCount?: number;
  jobState?: string;
  runningTasks?: number;
  maxParallelTasks?: number;
  poolId?: string;
  nodes?: number;
  nodeIds?: string[];
  eligibleNodes?: number;
  requiredSlots?: number;
  bestFreeSlots?: number;
  taskSlotsPerNode?: number;
  instances?: number;
  nodesWithRoom?: number;
  jobsAhead?: number;
  tasksAhead?: number;
  queuePosition?: number;
}

export interface Explanation {
  state: string;
  eligible: boolean;
  reasons: WaitReason[];
}

/** The task as the scheduler takes it, plus what it is doing. */
export interface ExplainedTask {
  id: string;
  state: 'active' | 'preparing' | 'running' | 'completed';
  nodeId?: string;
  exitCode?: number;
  result?: string;
  requiredSlots: number;
  /** Multi-instance: distinct nodes wanted at once. */
  instances?: number;
  /** Multi-instance: each instance takes its whole node. */
  wholeNodes?: boolean;
  needsMemoryLimit?: boolean;
  /** A job manager with runExclusive: a whole free node. */
  exclusive?: boolean;
  /** GPU devices it needs on its node (absent = none). */
  requiredGpus?: number;
}

export interface ExplainedJob {
  id: string;
  state: string;
  poolId: string;
  priority: number;
  /** 0 = unlimited. */
  maxParallelTasks: number;
  /** Tasks of the job placed on nodes now (as the dispatcher counts them). */
  runningTasks: number;
}

export interface ExplainedNode {
  id: string;
  state: string;
  schedulingState: string;
  /** Its agent was heard from recently and no peer reported it lost. */
  mayTakeWork: boolean;
  totalSlots: number;
  freeSlots: number;
  enforcesMemoryLimits: boolean;
  /** GPU devices it offers, and those free now (absent = none). */
  totalGpus?: number;
  freeGpus?: number;
  /** A preemption was announced: it takes nothing new (node-preemption.ts). */
  underPreemptionNotice?: boolean;
}

/** Everything the explanation is decided from. */
export interface ExplainSnapshot {
  task: ExplainedTask;
  job: ExplainedJob;
  /** Where its dependencies stand (ClusterState.dependencyState); undefined = it has none, or
   *  it is past its first dispatch. */
  dependencies?: { state: 'waiting' | 'blocked' | 'satisfied'; waitingOn: string[]; waitingOnCount: number; blockedBy: string[]; blockedByCount: number };
  /** The job manager task that holds its job back (not started yet), when that is another task. */
  heldBackByJobManager?: string;
  /** undefined = the pool does not exist. */
  pool?: { id: string; taskSlotsPerNode: number };
  /** Every node of the pool, whatever its state. */
  nodes: readonly ExplainedNode[];
  /** Nodes the job must avoid (its preparation task failed there). */
  excludedNodes: readonly string[];
  /** Queued tasks of other active jobs of the pool the scheduler takes first. */
  ahead: { jobs: number; tasks: number };
  /** Tasks of its job queued before it; undefined when it is not in the queue (held). */
  queuePosition?: number;
}

/** Explains why `snapshot.task` is not running. Pure. */
export function explainTask(s: ExplainSnapshot): Explanation {
  const { task } = s;
  if (task.state !== 'active') return { state: task.state, eligible: false, reasons: [notWaiting(task)] };
  const reasons: WaitReason[] = [
    ...gateReasons(s),
    ...jobReasons(s.job),
    ...capacityReasons(s),
  ];
  const eligible = !reasons.some((r) => r.blocking);
  reasons.push(...orderReasons(s));
  if (eligible) reasons.push({ kind: 'eligible', blocking: false, message: 'nothing holds it back: the next scheduling pass should start it' });
  return { state: task.state, eligible, reasons };
}

function notWaiting(task: ExplainedTask): WaitReason {
  const node = task.nodeId ? { nodeId: task.nodeId } : {};
  const on = task.nodeId ? ` on node '${task.nodeId}'` : '';
  if (task.state === 'preparing') return { kind: 'taskPreparing', blocking: false, ...node, message: `not waiting: dispatched${on}, being set up there` };
  if (task.state === 'running') return { kind: 'taskRunning', blocking: false, ...node, message: `not waiting: running${on}` };
  const outcome = task.result ? ` (${task.result}${task.exitCode !== undefined ? `, exit code ${task.exitCode}` : ''})` : '';
  return { kind: 'taskCompleted', blocking: false, ...node, message: `not waiting: completed${outcome}${on}` };
}

function gateReasons(s: ExplainSnapshot): WaitReason[] {
  const reasons: WaitReason[] = [];
  const d = s.dependencies;
  if (d && d.state !== 'satisfied') {
    const listed = (ids: string[], count: number) => `${ids.slice(0, 10).join(', ')}${count > 10 ? ` and ${count - 10} more` : ''}`;
    const fields = { taskIds: d.waitingOn, taskIdCount: d.waitingOnCount, blockedBy: d.blockedBy, blockedByCount: d.blockedByCount };
    if (d.blockedByCount > 0) {
      reasons.push({
        kind: 'dependenciesBlocked', blocking: true, ...fields,
        message: `blocked by ${d.blockedByCount} task(s) it depends on (failed without dependencyAction satisfy, or missing): ${listed(d.blockedBy, d.blockedByCount)}; it will not run unless they are reactivated or added and succeed`
          + (d.waitingOnCount > 0 ? `; also waiting on ${d.waitingOnCount}: ${listed(d.waitingOn, d.waitingOnCount)}` : ''),
      });
    } else {
      reasons.push({
        kind: 'dependenciesWaiting', blocking: true, ...fields,
        message: `waiting on ${d.waitingOnCount} task(s) it depends on to complete: ${listed(d.waitingOn, d.waitingOnCount)}`,
      });
    }
  }
  if (s.heldBackByJobManager !== undefined) {
    reasons.push({
      kind: 'jobManagerFirst', blocking: true, taskIds: [s.heldBackByJobManager], taskIdCount: 1,
      message: `its job's job manager task '${s.heldBackByJobManager}' has not started yet: the job's other tasks wait for it`,
    });
  }
  return reasons;
}

const JOB_STATE_REASONS: Record<string, { kind: WaitReasonKind; why: string }> = {
  disabled: { kind: 'jobDisabled', why: 'its job is disabled: no task of it is scheduled until it is enabled' },
  disabling: { kind: 'jobDisabling', why: 'its job is being disabled' },
  enabling: { kind: 'jobEnabling', why: 'its job is being enabled: scheduling resumes when it is active' },
  terminating: { kind: 'jobTerminating', why: 'its job is terminating' },
  completed: { kind: 'jobCompleted', why: 'its job is completed: none of its tasks will run' },
  deleting: { kind: 'jobDeleting', why: 'its job is being deleted' },
};

function jobReasons(job: ExplainedJob): WaitReason[] {
  const reasons: WaitReason[] = [];
  if (job.state !== 'active') {
    const r = JOB_STATE_REASONS[job.state] ?? { kind: 'jobDisabled' as const, why: `its job is ${job.state}` };
    reasons.push({ kind: r.kind, blocking: true, jobState: job.state, message: r.why });
  }
  if (job.maxParallelTasks > 0 && job.runningTasks >= job.maxParallelTasks) {
    reasons.push({
      kind: 'jobAtMaxParallelTasks', blocking: true, runningTasks: job.runningTasks, maxParallelTasks: job.maxParallelTasks,
      message: `its job runs ${job.runningTasks} task(s), its maxParallelTasks (${job.maxParallelTasks}): it starts when one of them ends`,
    });
  }
  return reasons;
}

/** As scheduler.ts counts them: a fraction or less than 1 is 1. */
function slotsOf(requiredSlots: number): number {
  return Number.isFinite(requiredSlots) && requiredSlots > 1 ? Math.ceil(requiredSlots) : 1;
}

function acceptsTasks(n: ExplainedNode): boolean {
  return (n.state === 'idle' || n.state === 'running') && n.schedulingState === 'enabled' && n.mayTakeWork && n.underPreemptionNotice !== true;
}

function capacityReasons(s: ExplainSnapshot): WaitReason[] {
  const { task, pool } = s;
  if (!pool) return [{ kind: 'poolMissing', blocking: true, poolId: s.job.poolId, message: `its job's pool '${s.job.poolId}' does not exist` }];
  if (s.nodes.length === 0) return [{ kind: 'poolEmpty', blocking: true, poolId: pool.id, nodes: 0, message: `pool '${pool.id}' has no node: start a worker in it` }];
  let usable = s.nodes.filter(acceptsTasks);
  if (usable.length === 0) {
    const byState = countBy(s.nodes, (n) => (n.schedulingState !== 'enabled' ? 'scheduling disabled' : !n.mayTakeWork ? 'not heard from' : n.underPreemptionNotice ? 'under a preemption notice' : n.state));
    return [{
      kind: 'noSchedulableNode', blocking: true, poolId: pool.id, nodes: s.nodes.length,
      message: `no node of pool '${pool.id}' takes tasks (idle or running, scheduling enabled, agent alive); its ${s.nodes.length} node(s): ${byState}`,
    }];
  }
  if (task.needsMemoryLimit) {
    usable = usable.filter((n) => n.enforcesMemoryLimits);
    if (usable.length === 0) {
      return [{ kind: 'noNodeEnforcesMemoryLimit', blocking: true, poolId: pool.id, nodes: s.nodes.length, message: `it has a memory limit (maxMemoryMib) and no schedulable node of pool '${pool.id}' enforces one` }];
    }
  }
  const reasons: WaitReason[] = [];
  const excluded = new Set(s.excludedNodes);
  const excludedHere = usable.filter((n) => excluded.has(n.id)).map((n) => n.id);
  if (excludedHere.length > 0) {
    usable = usable.filter((n) => !excluded.has(n.id));
    reasons.push({
      kind: 'excludedByJobPreparation', blocking: usable.length === 0, nodeIds: excludedHere, eligibleNodes: usable.length,
      message: `its job's preparation task failed on ${excludedHere.length} node(s) (${excludedHere.slice(0, 10).join(', ')}), which the job avoids until their worker restarts; ${usable.length} node(s) left`,
    });
    if (usable.length === 0) return reasons;
  }
  reasons.push(...sizeReasons(task, pool.taskSlotsPerNode, usable));
  return reasons;
}

function sizeReasons(task: ExplainedTask, taskSlotsPerNode: number, usable: readonly ExplainedNode[]): WaitReason[] {
  const slots = slotsOf(task.requiredSlots);
  const largest = Math.max(...usable.map((n) => n.totalSlots));
  const bestFree = Math.max(...usable.map((n) => Math.max(0, n.freeSlots)));
  if (task.instances !== undefined) {
    const instances = Math.max(1, Math.floor(task.instances));
    const whole = task.wholeNodes === true;
    if (!whole && slots > largest) return [infeasible(slots, largest, taskSlotsPerNode)];
    const fit = usable.filter((n) => (whole ? n.freeSlots >= n.totalSlots : n.freeSlots >= slots)).length;
    if (usable.length < instances) {
      return [{
        kind: 'gangInfeasible', blocking: true, instances, eligibleNodes: usable.length,
        message: `a multi-instance task needs ${instances} nodes at once; the pool has ${usable.length} that may take it`,
      }];
    }
    if (fit < instances) {
      const each = whole ? 'a whole free node each' : `${slots} free slot(s) on each`;
      return [{
        kind: 'gangWaiting', blocking: true, instances, nodesWithRoom: fit, requiredSlots: whole ? 0 : slots, eligibleNodes: usable.length,
        message: `a multi-instance task needs ${instances} nodes at once (${each}); ${fit} have room now: the scheduler holds nodes back for its gang as they free up`,
      }];
    }
    return [];
  }
  if (task.exclusive) {
    const wholeFree = usable.some((n) => n.freeSlots >= n.totalSlots);
    if (wholeFree) return [];
    return [{
      kind: 'exclusiveWaiting', blocking: true, requiredSlots: largest, bestFreeSlots: bestFree,
      message: `an exclusive job manager task needs a node with every slot free; the freest has ${bestFree} free`,
    }];
  }
  if (slots > largest) return [infeasible(slots, largest, taskSlotsPerNode)];
  const gpus = task.requiredGpus !== undefined && task.requiredGpus > 0 ? Math.ceil(task.requiredGpus) : 0;
  if (gpus > 0) {
    const mostGpus = Math.max(...usable.map((n) => n.totalGpus ?? 0));
    if (gpus > mostGpus) {
      return [{ kind: 'gpusInfeasible', blocking: true, eligibleNodes: usable.length,
        message: `it needs ${gpus} GPU device(s) on one node and the most a node of the pool offers is ${mostGpus}: it waits until a node with ${gpus} joins (troupe worker --gpus)` }];
    }
    if (usable.some((n) => (n.freeGpus ?? 0) >= gpus && n.freeSlots >= slots)) return [];
    return [{ kind: 'noNodeWithFreeGpus', blocking: true, eligibleNodes: usable.length,
      message: `it needs ${gpus} GPU device(s) and ${slots} slot(s) free on one node; no node has both now (the most free devices: ${Math.max(...usable.map((n) => n.freeGpus ?? 0))})` }];
  }
  if (bestFree >= slots) return [];
  return [{
    kind: 'noNodeWithFreeSlots', blocking: true, requiredSlots: slots, bestFreeSlots: bestFree, eligibleNodes: usable.length,
    message: `it needs ${slots} free slot(s) on one node; the freest of the pool's ${usable.length} eligible node(s) has ${bestFree}`,
  }];
}

/** `largest`: the most slots a node that may take it has (a worker may offer fewer than its
 *  pool's taskSlotsPerNode, which the add-time check goes by). */
function infeasible(slots: number, largest: number, taskSlotsPerNode: number): WaitReason {
  const pool = largest === taskSlotsPerNode ? ' (taskSlotsPerNode)' : ` (the pool's taskSlotsPerNode is ${taskSlotsPerNode})`;
  return {
    kind: 'slotsInfeasible', blocking: true, requiredSlots: slots, taskSlotsPerNode: largest,
    message: `it needs ${slots} slots on one node and the largest node that may take it has ${largest}${pool}: it cannot run until a larger node joins`,
  };
}

function orderReasons(s: ExplainSnapshot): WaitReason[] {
  const reasons: WaitReason[] = [];
  if (s.ahead.tasks > 0) {
    reasons.push({
      kind: 'jobsAhead', blocking: false, jobsAhead: s.ahead.jobs, tasksAhead: s.ahead.tasks,
      message: `${s.ahead.tasks} queued task(s) of ${s.ahead.jobs} job(s) of the same pool are served first (higher priority than ${s.job.priority}, or as high and older)`,
    });
  }
  if (s.queuePosition !== undefined && s.queuePosition > 0) {
    reasons.push({
      kind: 'queuePosition', blocking: false, queuePosition: s.queuePosition, tasksAhead: s.queuePosition,
      message: `${s.queuePosition} task(s) of its job are queued before it`,
    });
  }
  return reasons;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}
