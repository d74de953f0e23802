// How a multi-instance (MPI) task's record changes, as pure functions (see task-lifecycle.ts for
// single tasks). One attempt of a gang:
//
//   dispatched to N nodes (subtasks preparing)
//     -> every instance reports `started`, runs its coordination command, reports `coordinated`
//     -> all coordinated with exit 0: applicationReleased (the coordinator tells the primary)
//     -> the primary's application exits: the task ends with its exit code; the other instances
//        are released (they report `exited` and their subtask completes)
//
// Any instance failing before that (coordination command, an instance dying, its node leaving)
// ends the attempt for the whole gang: the retry policy applies to the task as one.
import type { DispatchMessage, TaskReport } from '../../protocol/nats/messages.ts';
import type { NodeRecord, SubtaskExecution, TaskIn, TaskRecord } from '../../protocol/records/records.ts';
import { taskTransition } from '../../protocol/records/states.ts';
import { attemptEnded, dispatched, exitCodeFailure, endedByItsNode, requeued, TERMINATED_CODE, type ReportOutcome } from './task-attempt.ts';
import { gangUsage } from './task-statistics.ts';

export const COORDINATION_FAILED_CODE = 'CoordinationCommandFailed';
export const INSTANCE_FAILED_CODE = 'SubtaskFailed';

/** active -> preparing on every node of the gang, with a new attempt number and launch token. */
export function dispatchedGang(
  t: TaskIn<'active'>,
  instances: { nodeId: string; slots: number }[],
  nodeOf: (id: string) => NodeRecord | undefined,
  launchToken: string,
  now: string,
): TaskIn<'preparing'> {
  const subtasks: SubtaskExecution[] = instances.map((p, id) => ({
    id, nodeId: p.nodeId, address: nodeOf(p.nodeId)?.address ?? '', slots: p.slots, state: 'preparing',
  }));
  const next = dispatched(t, instances[0]!.nodeId, now);
  return { ...next, exec: { ...next.exec, subtasks, applicationReleased: false, launchToken } };
}

/** The nodes the task's current attempt occupies (every instance's for a gang). */
export function attemptNodes(t: TaskRecord): string[] {
  if (t.exec.subtasks) return t.exec.subtasks.map((s) => s.nodeId);
  return t.exec.nodeId ? [t.exec.nodeId] : [];
}

/** The dispatch each instance's node gets (`base` is the single-task dispatch of the task). */
export function instanceDispatches(t: TaskRecord, base: DispatchMessage, nodeOf: (id: string) => NodeRecord | undefined): { nodeId: string; message: DispatchMessage }[] {
  const subtasks = t.exec.subtasks ?? [];
  const hosts = subtasks.map((s) => ({ nodeId: s.nodeId, address: s.address, slots: s.slots, launchPort: nodeOf(s.nodeId)?.launchPort ?? 0 }));
  return subtasks.map((s) => ({
    nodeId: s.nodeId,
    message: {
      ...base,
      requiredSlots: s.slots,
      instance: {
        index: s.id, hosts, coordinationArgv: t.multiInstance?.coordinationArgv ?? [], launchToken: t.exec.launchToken ?? '',
        ...(t.multiInstance?.commonResourceFiles ? { commonResourceFiles: t.multiInstance.commonResourceFiles } : {}),
      },
    },
  }));
}

const live = (t: TaskRecord): t is TaskIn<'preparing' | 'running'> => t.state === 'preparing' || t.state === 'running';

/** What an instance's report does to a multi-instance task. Reports of the current attempt that
 *  arrive after the task moved on still complete their subtask's record (outcome 'subtask'). */
export function applyInstanceReport(t: TaskRecord, r: TaskReport, now: string): { outcome: ReportOutcome; next?: TaskRecord } {
  const index = r.instance;
  const subtasks = t.exec.subtasks;
  const sub = index === undefined ? undefined : subtasks?.[index];
  if (!subtasks || !sub || r.uid !== t.uid || r.attempt !== t.exec.attempt || r.nodeId !== sub.nodeId) return { outcome: 'stale' };
  const withSub = (change: Partial<SubtaskExecution>): SubtaskExecution[] => subtasks.map((s) => (s.id === sub.id ? { ...s, ...change } : s));

  if (r.kind === 'started') {
    if (r.application) {
      if (!live(t) || sub.id !== 0 || t.exec.applicationStarted) return { outcome: 'stale' };
      return { outcome: 'subtask', next: { ...t, exec: { ...t.exec, applicationStarted: true } } };
    }
    if (sub.state !== 'preparing') return { outcome: 'stale' };
    const subtasksNow = withSub({ state: 'running', startTime: r.time });
    if (!live(t)) return { outcome: 'subtask', next: { ...t, exec: { ...t.exec, subtasks: subtasksNow } } };
    if (t.state === 'preparing') {
      return {
        outcome: 'started',
        next: { ...t, state: taskTransition(t.state, 'running'), stateTransitionTime: now, exec: { ...t.exec, startTime: r.time, subtasks: subtasksNow } },
      };
    }
    return { outcome: 'subtask', next: { ...t, exec: { ...t.exec, subtasks: subtasksNow } } };
  }

  if (r.kind === 'coordinated') {
    if (sub.coordinationExitCode !== undefined || sub.state === 'completed') return { outcome: 'stale' };
    const exitCode = r.exitCode;
    const failed = r.failure !== undefined || exitCode !== 0;
    const subtasksNow = withSub({ state: 'running', startTime: sub.startTime ?? r.time, coordinationExitCode: exitCode ?? -1 });
    if (!live(t)) return { outcome: 'subtask', next: { ...t, exec: { ...t.exec, subtasks: subtasksNow } } };
    const base = t.state === 'preparing'
      ? { ...t, state: taskTransition(t.state, 'running'), stateTransitionTime: now, exec: { ...t.exec, startTime: t.exec.startTime ?? r.time, subtasks: subtasksNow } }
      : { ...t, exec: { ...t.exec, subtasks: subtasksNow } };
    if (failed) {
      const reason = r.failure ? `${r.failure.code}: ${r.failure.message}` : `exit code ${exitCode}`;
      return attemptEnded(base, { endTime: r.time, exitCode }, {
        category: r.failure?.category ?? 'usererror',
        code: COORDINATION_FAILED_CODE,
        message: `the coordination command failed on subtask ${sub.id} (node ${sub.nodeId}, ${sub.address}): ${reason}`,
      }, now);
    }
    const allReady = subtasksNow.every((s) => s.coordinationExitCode === 0);
    return { outcome: allReady ? 'started' : 'subtask', next: { ...base, exec: { ...base.exec, applicationReleased: allReady } } };
  }

  // exited (a subtask closed with its attempt takes its instance's own end)
  if (sub.state === 'completed' && !sub.closedWithAttempt) return { outcome: 'stale' };
  const failure = r.failure ?? (r.exitCode === 0 ? undefined : exitCodeFailure(r.exitCode));
  const subtasksNow = withSub({
    state: 'completed', startTime: sub.startTime ?? r.startTime ?? r.time, endTime: r.time, exitCode: r.exitCode,
    result: failure ? 'failure' : 'success', failureInfo: failure, closedWithAttempt: undefined, usage: r.usage,
  });
  const recorded = { ...t, exec: { ...t.exec, subtasks: subtasksNow } } as TaskRecord;
  const usage = gangUsage(subtasksNow);
  if (!live(recorded)) return { outcome: 'subtask', next: recorded };
  // Its node is shutting down: not the task's failure, the whole gang goes back to the queue.
  if (endedByItsNode(r.failure)) return { outcome: 'requeued', next: requeued(recorded, now) };
  if (sub.id === 0) {
    // The primary ended: its exit is the task's (and it ends every other instance).
    return attemptEnded(recorded, { endTime: r.time, exitCode: r.exitCode, startTime: r.startTime, usage }, failure, now);
  }
  // Terminated (by a user, a job action): the task's termination, whichever instance tells first.
  if (failure?.code === TERMINATED_CODE) return attemptEnded(recorded, { endTime: r.time, usage }, failure, now);
  // Another instance ended while the task still runs: the gang cannot go on without it.
  const why = failure ? `${failure.code}: ${failure.message}` : `exit code ${r.exitCode}`;
  return attemptEnded(recorded, { endTime: r.time, usage }, {
    category: failure?.category ?? 'servererror',
    code: INSTANCE_FAILED_CODE,
    message: `subtask ${sub.id} (node ${sub.nodeId}, ${sub.address}) ended before the primary: ${why}`,
  }, now);
}

/** Instances of the attempt still running on their nodes when the attempt is over: to be ended
 *  (released without failure when the task succeeded). */
export function instancesToEnd(t: TaskRecord): { nodeId: string; release: boolean }[] {
  if (!t.exec.subtasks || live(t)) return [];
  const release = t.state === 'completed' && t.exec.result === 'success';
  return t.exec.subtasks.filter((s) => s.closedWithAttempt).map((s) => ({ nodeId: s.nodeId, release }));
}
