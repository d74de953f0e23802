// What the pool's start task, as a worker reports it in its heartbeat, means for the node's state
// (Azure Batch): with waitForSuccess the node is `waitingforstarttask` while it runs and
// `starttaskfailed` once it failed (after its retries); neither takes tasks. Without
// waitForSuccess, or once it succeeded, the start task does not hold the node back.
import type { NodeTaskInfo, StartTaskStatus } from '../../protocol/records/node-task-records.ts';
import type { NodeState } from '../../protocol/records/states.ts';

export function startTaskNodeState(status: StartTaskStatus | undefined): NodeState | undefined {
  // A heartbeat is a message from the network: a malformed status holds nothing back.
  if (!status?.waitForSuccess || typeof status.info !== 'object' || status.info === null) return undefined;
  if (status.info.state === 'running') return 'waitingforstarttask';
  return status.info.result === 'success' ? undefined : 'starttaskfailed';
}

export function sameNodeTaskInfo(a: NodeTaskInfo | undefined, b: NodeTaskInfo | undefined): boolean {
  if (!a || !b) return a === b;
  return a.state === b.state && a.startTime === b.startTime && a.endTime === b.endTime && a.exitCode === b.exitCode
    && a.result === b.result && a.retryCount === b.retryCount && a.lastRetryTime === b.lastRetryTime;
}

/** The start task info a heartbeat carries, or undefined (none, or malformed). */
export function startTaskInfoOf(status: StartTaskStatus | undefined): NodeTaskInfo | undefined {
  const info = status?.info;
  return typeof info === 'object' && info !== null ? info : undefined;
}
