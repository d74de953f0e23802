// Lifecycles of Azure Batch, with the transitions troupe allows. A transition not listed here
// throws IllegalStateError: callers go through `transition()`, never assign `state` by hand.
import { IllegalStateError } from '../errors.ts';

export type TaskState =
  /** Queued: waiting for a node with enough free slots. */
  | 'active'
  /** Assigned to a node (attempt dispatched), the process is not started yet. */
  | 'preparing'
  /** The process runs on its node. */
  | 'running'
  /** Ended: executionInfo.result says success or failure. Terminal, unless a failed task is
   *  reactivated by a user. */
  | 'completed';

export type NodeState =
  /** Registered, not yet ready to take tasks. */
  | 'starting'
  /** Ready, no task running. */
  | 'idle'
  /** At least one task running. */
  | 'running'
  /** The pool's start task runs and must succeed before tasks are scheduled. */
  | 'waitingforstarttask'
  /** The start task failed: the node takes no tasks. */
  | 'starttaskfailed'
  /** Missed heartbeats for longer than the node timeout; its tasks were requeued. */
  | 'offline'
  /** The agent reported it cannot run tasks (e.g. its directories are not writable). */
  | 'unusable'
  /** The agent is shutting down and takes no new tasks. */
  | 'leavingpool'
  /** Taken back by its provider (or `troupe node preempt`) after a notice period; its tasks were
   *  requeued. Listed until removed; a worker that starts again under its id starts over. */
  | 'preempted';

export type SchedulingState =
  /** Tasks may be scheduled on the node. */
  | 'enabled'
  /** No new task is scheduled on the node. */
  | 'disabled';

export type JobState =
  /** Tasks are scheduled. */
  | 'active'
  /** Being disabled: running tasks are handled per the disable option. */
  | 'disabling'
  /** No task is scheduled. */
  | 'disabled'
  /** Going back to active. */
  | 'enabling'
  /** Terminate was asked: running tasks are being killed. */
  | 'terminating'
  /** Ended: no task is added or scheduled any more. Terminal. */
  | 'completed'
  /** Being deleted with its tasks. */
  | 'deleting';

export type PoolState =
  /** Usable. */
  | 'active'
  /** Being deleted. */
  | 'deleting';

export type TaskResult = 'success' | 'failure';

export const TASK_STATES: readonly TaskState[] = ['active', 'preparing', 'running', 'completed'];
export const JOB_STATES: readonly JobState[] = [
  'active', 'disabling', 'disabled', 'enabling', 'terminating', 'completed', 'deleting',
];

const TASK_TRANSITIONS: Record<TaskState, readonly TaskState[]> = {
  active: ['preparing', 'completed'],
  // preparing -> active: requeued (node lost) or retried before the process started.
  preparing: ['running', 'active', 'completed'],
  // running -> active: retry after a failure, or requeue after node loss.
  running: ['active', 'completed'],
  // Reactivation of a failed task.
  completed: ['active'],
};

const JOB_TRANSITIONS: Record<JobState, readonly JobState[]> = {
  active: ['disabling', 'terminating', 'completed', 'deleting'],
  disabling: ['disabled', 'enabling', 'terminating', 'deleting'],
  disabled: ['enabling', 'terminating', 'deleting'],
  enabling: ['active', 'terminating', 'deleting'],
  terminating: ['completed', 'deleting'],
  completed: ['deleting'],
  deleting: [],
};

const NODE_TRANSITIONS: Record<NodeState, readonly NodeState[]> = {
  // starting -> starttaskfailed: the start task failed before the coordinator heard of it running.
  starting: ['idle', 'running', 'waitingforstarttask', 'starttaskfailed', 'offline', 'unusable', 'leavingpool', 'preempted'],
  // idle -> waitingforstarttask: the worker found its pool (with a start task) only after joining.
  idle: ['running', 'offline', 'unusable', 'leavingpool', 'starting', 'waitingforstarttask', 'preempted'],
  running: ['idle', 'offline', 'unusable', 'leavingpool', 'starting', 'preempted'],
  waitingforstarttask: ['idle', 'starttaskfailed', 'offline', 'leavingpool', 'starting', 'preempted'],
  starttaskfailed: ['starting', 'offline', 'leavingpool', 'preempted'],
  // An offline node that heartbeats again starts over.
  offline: ['starting', 'idle', 'leavingpool', 'waitingforstarttask', 'starttaskfailed', 'preempted'],
  unusable: ['starting', 'offline', 'leavingpool', 'preempted'],
  // leavingpool -> preempted: a preempted worker's last word (it leaves because it was preempted).
  leavingpool: ['starting', 'offline', 'preempted'],
  // A preempted machine that comes back (a worker under the same id) starts over.
  preempted: ['starting', 'idle', 'waitingforstarttask', 'starttaskfailed'],
};

function check<S extends string, To extends S>(kind: string, table: Record<S, readonly S[]>, from: S, to: To): To {
  // Staying in a state is not a transition: a caller that "moves" a task to where it is has
  // misread it (e.g. requeueing a queued task would count a requeue that never happened).
  if (!table[from].includes(to)) throw new IllegalStateError(kind, from, to);
  return to;
}

/** Returns `to` when the lifecycle allows from -> to; throws IllegalStateError otherwise. The
 *  types already rule out most illegal calls; this guards records read back from the store. */
export const taskTransition = <To extends TaskState>(from: TaskState, to: To): To => check('task', TASK_TRANSITIONS, from, to);
export const jobTransition = <To extends JobState>(from: JobState, to: To): To => check('job', JOB_TRANSITIONS, from, to);
export const nodeTransition = <To extends NodeState>(from: NodeState, to: To): To => check('node', NODE_TRANSITIONS, from, to);

export function isTaskState(s: string): s is TaskState {
  return (TASK_STATES as readonly string[]).includes(s);
}

export function isJobState(s: string): s is JobState {
  return (JOB_STATES as readonly string[]).includes(s);
}

/** Nodes in these states may receive new tasks (when scheduling is enabled). */
export function nodeAcceptsTasks(state: NodeState): boolean {
  return state === 'idle' || state === 'running';
}
