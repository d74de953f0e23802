// How one attempt of a task begins and ends, as pure functions: a dispatch with a new attempt
// number, then success, a retry, a final failure or a requeue. task-lifecycle.ts (single tasks)
// and multi-instance-lifecycle.ts (gangs) are both built on these.
import type { FailureInfo, ResourceUsage, SubtaskExecution, TaskIn, TaskRecord } from '../../protocol/records/records.ts';
import { taskTransition } from '../../protocol/records/states.ts';
import { copyWith } from '../../protocol/records/copy-with.ts';
import { withAttempt } from './task-statistics.ts';

export type ReportOutcome = 'stale' | 'started' | 'succeeded' | 'retried' | 'requeued' | 'failed' | 'subtask';

/** active -> preparing on `nodeId`, with a new attempt number (the fencing token). */
export function dispatched(t: TaskIn<'active'>, nodeId: string, now: string): TaskIn<'preparing'> {
  return {
    ...t,
    state: taskTransition(t.state, 'preparing'),
    stateTransitionTime: now,
    exec: {
      attempt: t.exec.attempt + 1,
      nodeId,
      retryCount: t.exec.retryCount,
      requeueCount: t.exec.requeueCount,
      lastRetryTime: t.exec.lastRetryTime,
      lastRequeueTime: t.exec.lastRequeueTime,
    },
  };
}

/** The attempt is over: success, or a failure that is retried while retries are left. */
export function attemptEnded(
  t: TaskIn<'preparing' | 'running'>,
  ended: { endTime: string; exitCode?: number; startTime?: string; usage?: ResourceUsage },
  failure: FailureInfo | undefined,
  now: string,
): { outcome: ReportOutcome; next: TaskRecord } {
  const startTime = t.exec.startTime ?? ended.startTime;
  const outcome: ReportOutcome = !failure ? 'succeeded' : mayRetry(t, failure) ? 'retried' : 'failed';
  // One copy of the exec and one of the record (copy-with.ts: not `{ ...r, newKey }`).
  const exec: TaskRecord['exec'] = copyWith(t.exec, {
    startTime, endTime: ended.endTime, exitCode: ended.exitCode, failureInfo: failure, subtasks: closedSubtasks(t.exec.subtasks, now), usage: ended.usage,
  });
  if (outcome === 'retried') {
    exec.retryCount = t.exec.retryCount + 1;
    exec.lastRetryTime = now;
    exec.nodeId = undefined;
  } else {
    exec.result = outcome === 'succeeded' ? 'success' : 'failure';
  }
  const state = taskTransition(t.state, outcome === 'retried' ? 'active' : 'completed');
  const stats = withAttempt(t.stats, startTime, ended.endTime, ended.usage);
  const next = copyWith(t, stats ? { stats, state, stateTransitionTime: now, exec } : { state, stateTransitionTime: now, exec }) as TaskRecord;
  return { outcome, next };
}

/** The task's own failures retry while retryCount < maxTaskRetryCount (-1 = forever);
 *  a termination asked by a user never retries. */
function mayRetry(t: TaskRecord, failure: FailureInfo): boolean {
  if (failure.code === TERMINATED_CODE) return false;
  const max = t.constraints.maxTaskRetryCount;
  return max === -1 || t.exec.retryCount < max;
}

export const TERMINATED_CODE = 'TaskTerminated';
export const NODE_LEAVING_CODE = 'NodeLeaving';
/** The worker could not reach NATS for half the node timeout and ended its tasks itself. */
export const NODE_CUT_OFF_CODE = 'NodeCutOff';
/** Its node was preempted (PreemptNode): ended at the end of the notice period. */
export const NODE_PREEMPTED_CODE = 'NodePreempted';
/** mpiexec failed after the node of another instance of its gang was lost. */
export const MPI_NODE_LOST_CODE = 'MpiNodeLost';

/** Killed by its own node going away or being cut off: not the task's failure; it goes back to
 *  the queue (whichever comes first, this report or the node's loss, requeues it). */
export function endedByItsNode(failure: FailureInfo | undefined): boolean {
  return failure?.code === NODE_LEAVING_CODE || failure?.code === NODE_CUT_OFF_CODE || failure?.code === MPI_NODE_LOST_CODE || failure?.code === NODE_PREEMPTED_CODE;
}

export function exitCodeFailure(exitCode: number | undefined): FailureInfo {
  return {
    category: 'usererror',
    code: 'FailureExitCode',
    message: `The task process exited with an exit code representing a failure (${exitCode})`,
  };
}

/** Its node was lost: back to the queue without counting against maxTaskRetryCount. */
export function requeued(t: TaskIn<'preparing' | 'running'>, now: string): TaskIn<'active'> {
  return {
    ...t,
    state: taskTransition(t.state, 'active'),
    stateTransitionTime: now,
    exec: { ...t.exec, nodeId: undefined, requeueCount: t.exec.requeueCount + 1, lastRequeueTime: now, subtasks: closedSubtasks(t.exec.subtasks, now) },
  };
}

/** A gang's attempt is over: no subtask stays preparing or running (an instance whose node is
 *  lost never reports). Each still open is closed, marked so that its instance's own exit
 *  report, if it comes, replaces it, and so that the instance is told to end. */
function closedSubtasks(subtasks: SubtaskExecution[] | undefined, now: string): SubtaskExecution[] | undefined {
  if (!subtasks?.some((s) => s.state !== 'completed')) return subtasks;
  return subtasks.map((s) => (s.state === 'completed' ? s : {
    ...s, state: 'completed', endTime: now, closedWithAttempt: true,
    failureInfo: { category: 'servererror', code: 'InstanceEndedWithAttempt', message: `the task's attempt ended before the instance on node ${s.nodeId} reported its own end` },
  }));
}
