// The properties a $filter may name, per list, with Azure Batch's paths (`executionInfo/exitCode`,
// `nodeInfo/nodeId`, `poolInfo/poolId`) and how each is read from what is listed: tasks and jobs
// from their records (a task that does not match is never turned into its API form), nodes from
// their API form (their live state is derived there). Datetimes are read as milliseconds.
import type { JobRecord, TaskRecord } from '../../protocol/records/records.ts';
import type { Node } from '../../protocol/generated/troupe/v1/Node.ts';
import { JOB_STATES, TASK_STATES } from '../../protocol/records/states.ts';

export type PropertyType = 'string' | 'enum' | 'int' | 'datetime' | 'boolean';
export type PropertyValue = string | number | boolean | undefined;

export interface PropertyDef<T> {
  type: PropertyType;
  /** enum: the values it may take (a literal outside them is refused, not silently unmatched). */
  values?: readonly string[];
  get(item: T): PropertyValue;
}

export interface PropertySchema<T> {
  /** What is listed, for messages. */
  noun: string;
  properties: Readonly<Record<string, PropertyDef<T>>>;
}

const time = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};
const str = <T>(get: (item: T) => string | undefined): PropertyDef<T> => ({ type: 'string', get });
const int = <T>(get: (item: T) => number | undefined): PropertyDef<T> => ({ type: 'int', get });
const datetime = <T>(get: (item: T) => string | undefined): PropertyDef<T> => ({ type: 'datetime', get: (item) => time(get(item)) });
const oneOf = <T>(values: readonly string[], get: (item: T) => string | undefined): PropertyDef<T> => ({ type: 'enum', values, get });

export const TASK_RESULTS = ['success', 'failure'] as const;

export const TASK_PROPERTIES: PropertySchema<TaskRecord> = {
  noun: 'task',
  properties: {
    id: str((t) => t.id),
    displayName: str((t) => t.displayName),
    state: oneOf(TASK_STATES, (t) => t.state),
    creationTime: datetime((t) => t.creationTime),
    stateTransitionTime: datetime((t) => t.stateTransitionTime),
    requiredSlots: int((t) => t.requiredSlots),
    requiredGpus: int((t) => t.requiredGpus ?? 0),
    commandLine: str((t) => t.commandLine),
    'executionInfo/exitCode': int((t) => t.exec.exitCode ?? undefined),
    'executionInfo/result': oneOf(TASK_RESULTS, (t) => (t.state === 'completed' ? t.exec.result : undefined)),
    'executionInfo/startTime': datetime((t) => t.exec.startTime),
    'executionInfo/endTime': datetime((t) => t.exec.endTime),
    'executionInfo/retryCount': int((t) => t.exec.retryCount),
    'executionInfo/requeueCount': int((t) => t.exec.requeueCount),
    'executionInfo/failureInfo/code': str((t) => t.exec.failureInfo?.code),
    'executionInfo/failureInfo/category': oneOf(['usererror', 'servererror'], (t) => t.exec.failureInfo?.category),
    // Azure Batch's path for the node a task ran on; troupe's Task keeps it in
    // executionInfo.nodeId (both paths are taken).
    'nodeInfo/nodeId': str((t) => t.exec.nodeId),
    'executionInfo/nodeId': str((t) => t.exec.nodeId),
  },
};

export const JOB_PROPERTIES: PropertySchema<JobRecord> = {
  noun: 'job',
  properties: {
    id: str((j) => j.id),
    displayName: str((j) => j.displayName),
    state: oneOf(JOB_STATES, (j) => j.state),
    priority: int((j) => j.priority),
    maxParallelTasks: int((j) => j.maxParallelTasks),
    onAllTasksComplete: oneOf(['noaction', 'terminatejob'], (j) => j.onAllTasksComplete),
    'poolInfo/poolId': str((j) => j.poolId),
    creationTime: datetime((j) => j.creationTime),
    stateTransitionTime: datetime((j) => j.stateTransitionTime),
    'executionInfo/startTime': datetime((j) => j.startTime),
    'executionInfo/endTime': datetime((j) => j.endTime),
    'executionInfo/terminateReason': str((j) => j.terminateReason),
    owner: str((j) => j.owner),
  },
};

const NODE_STATES = ['starting', 'idle', 'running', 'waitingforstarttask', 'starttaskfailed', 'offline', 'unusable', 'leavingpool', 'preempted'] as const;

export const NODE_PROPERTIES: PropertySchema<Node> = {
  noun: 'node',
  properties: {
    id: str((n) => n.id),
    poolId: str((n) => n.poolId),
    state: oneOf(NODE_STATES, (n) => n.state),
    schedulingState: oneOf(['enabled', 'disabled'], (n) => n.schedulingState),
    stateTransitionTime: datetime((n) => n.stateTransitionTime),
    lastHeartbeatTime: datetime((n) => n.lastHeartbeatTime),
    // Azure Batch's lastBootTime: when the node's agent (its worker) last started.
    lastBootTime: datetime((n) => n.agentStartTime),
    ipAddress: str((n) => n.address),
    hostName: str((n) => n.hostName),
    taskSlots: int((n) => n.taskSlots),
    runningTasksCount: int((n) => n.runningTasksCount),
    runningTaskSlotsCount: int((n) => n.runningTaskSlots),
    totalTasksRun: int((n) => n.totalTasksRun),
    'startTaskInfo/state': oneOf(['running', 'completed'], (n) => n.startTaskInfo?.state || undefined),
    'startTaskInfo/result': oneOf(TASK_RESULTS, (n) => n.startTaskInfo?.result || undefined),
    'startTaskInfo/exitCode': int((n) => n.startTaskInfo?.exitCode ?? undefined),
    'startTaskInfo/startTime': datetime((n) => n.startTaskInfo?.startTime),
    'startTaskInfo/endTime': datetime((n) => n.startTaskInfo?.endTime),
  },
};
