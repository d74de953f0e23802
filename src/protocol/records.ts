// The records troupe keeps durably (JetStream KV, msgpack-encoded). Durations are resolved to
// milliseconds and defaults filled in when a request is validated, so nothing downstream parses.
import type { JobState, NodeState, PoolState, SchedulingState, TaskResult, TaskState } from './states.ts';
import type { ApplicationPackageRef, OutputFileRecord, ResourceFileRecord } from './task-files.ts';

export interface EnvSetting {
  name: string;
  value: string;
}

export type NodeFillType = 'spread' | 'pack';
export type OnAllTasksComplete = 'noaction' | 'terminatejob';

export interface PoolRecord {
  id: string;
  displayName: string;
  taskSlotsPerNode: number;
  nodeFillType: NodeFillType;
  enableInterNodeCommunication: boolean;
  state: PoolState;
  creationTime: string;
  /** Unpacked for every task of the pool (absent = none). */
  applicationPackageReferences?: ApplicationPackageRef[];
}

interface JobRecordFields {
  id: string;
  displayName: string;
  poolId: string;
  priority: number;
  /** How long the job may stay active from its creation; then it is terminated
   *  (terminateReason MaxWallClockTimeExpiry). undefined = unlimited. */
  maxWallClockTimeMs?: number;
  /** -1 = unlimited */
  maxTaskRetryCount: number;
  commonEnvironmentSettings: EnvSetting[];
  onAllTasksComplete: OnAllTasksComplete;
  /** 0 = unlimited */
  maxParallelTasks: number;
  creationTime: string;
  stateTransitionTime: string;
  startTime: string;
  endTime?: string;
  terminateReason?: string;
}

/** A job known to be in one of the states S (see TaskIn). */
export type JobIn<S extends JobState> = JobRecordFields & { state: S };
export type JobRecord = { [S in JobState]: JobIn<S> }[JobState];

export interface TaskConstraintsRecord {
  /** undefined = unlimited */
  maxWallClockTimeMs?: number;
  retentionTimeMs: number;
  /** -1 = unlimited; resolved from the job when the task was added without one. */
  maxTaskRetryCount: number;
}

export interface FailureInfo {
  category: 'usererror' | 'servererror';
  code: string;
  message: string;
}

export interface TaskExecution {
  /** Fencing token: incremented at every dispatch. Reports of another attempt change nothing. */
  attempt: number;
  nodeId?: string;
  startTime?: string;
  endTime?: string;
  exitCode?: number;
  result?: TaskResult;
  retryCount: number;
  requeueCount: number;
  failureInfo?: FailureInfo;
  lastRetryTime?: string;
  lastRequeueTime?: string;
}

/** A validated task as the client asked for it (before it is stored). */
export interface TaskSpecRecord {
  id: string;
  displayName: string;
  commandLine: string;
  /** The program and its arguments, parsed from commandLine (or given exactly). Never a shell. */
  argv: string[];
  environmentSettings: EnvSetting[];
  constraints: {
    maxWallClockTimeMs?: number;
    retentionTimeMs?: number;
    /** undefined = take the job's */
    maxTaskRetryCount?: number;
  };
  requiredSlots: number;
  resourceFiles?: ResourceFileRecord[];
  outputFiles?: OutputFileRecord[];
  applicationPackageReferences?: ApplicationPackageRef[];
}

interface TaskRecordFields {
  jobId: string;
  id: string;
  /** This incarnation of the id (see TaskAttemptRef.uid). */
  uid: string;
  /** Insertion order within the job: listing pages follow it. */
  seq: number;
  displayName: string;
  commandLine: string;
  argv: string[];
  environmentSettings: EnvSetting[];
  constraints: TaskConstraintsRecord;
  requiredSlots: number;
  creationTime: string;
  stateTransitionTime: string;
  exec: TaskExecution;
  /** Absent = none (see task-files.ts). */
  resourceFiles?: ResourceFileRecord[];
  outputFiles?: OutputFileRecord[];
  applicationPackageReferences?: ApplicationPackageRef[];
}

/** A task known to be in one of the states S: transition functions take only the states they
 *  leave from, so an illegal transition does not type-check (callers narrow on `state` first). */
export type TaskIn<S extends TaskState> = TaskRecordFields & { state: S };

/** A task in any state; `t.state === 'active'` narrows it to TaskIn<'active'>. */
export type TaskRecord = { [S in TaskState]: TaskIn<S> }[TaskState];

export interface NodeRecord {
  id: string;
  poolId: string;
  address: string;
  hostName: string;
  /** Slots the worker offers. */
  taskSlots: number;
  state: NodeState;
  schedulingState: SchedulingState;
  stateTransitionTime: string;
  lastHeartbeatTime: string;
  agentStartTime: string;
  agentVersion: string;
  /** Changes every time the worker process starts: a new boot means its old tasks are gone. */
  bootId: string;
  totalTasksRun: number;
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export function nowIso(): string {
  return new Date().toISOString();
}
