// The records troupe keeps durably (JetStream KV, msgpack-encoded). Durations are resolved to
// milliseconds and defaults filled in when a request is validated, so nothing downstream parses.
import type { AutoScaleRunRecord, AutoScaleSettings } from './autoscale-records.ts';
import type { JobState, NodeState, PoolState, SchedulingState, TaskResult, TaskState } from './states.ts';
import type { JobPreparationTaskRecord, JobReleaseTaskRecord, NodeTaskInfo, StartTaskRecord } from './node-task-records.ts';
import type { ApplicationPackageRef, OutputFileRecord, ResourceFileRecord } from './task-files.ts';
import type { EnvSetting, FailureInfo, ResourceUsage } from './run-records.ts';
import type { UserAccountRecord, UserIdentityRecord } from './user-records.ts';
import type { AuthenticationTokenSettingsRecord, JobManagerMarker } from './job-manager-records.ts';
import type { MetadataRecord } from './metadata-records.ts';
import type { ExitConditionsRecord, JobAction, OnTaskFailure, TaskDependenciesRecord } from './dependency-records.ts';
import type { NodeProviderRecord, PoolScalingRecord } from './pool-scaling-records.ts';

export type { EnvSetting, FailureInfo, ResourceUsage } from './run-records.ts';

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
  /** Runs on each node when it joins or its worker restarts (node-task-records.ts). */
  startTask?: StartTaskRecord;
  /** Unpacked for every task of the pool (absent = none). */
  applicationPackageReferences?: ApplicationPackageRef[];
  /** Named accounts its tasks may run as (absent = none). */
  userAccounts?: UserAccountRecord[];
  /** Tasks may run with admin elevation (as root). Absent = false. */
  allowAdminTasks?: boolean;
  /** Absent = none. */
  metadata?: MetadataRecord[];
  /** Where its nodes come from; absent = manual (they join by themselves). */
  nodeProvider?: NodeProviderRecord;
  /** Targets and resize state; absent = never resized (steady, targets 0). */
  scaling?: PoolScalingRecord;
  /** Autoscale formula and interval (absent = autoscale disabled). */
  autoScale?: AutoScaleSettings;
  /** The last autoscale evaluation (kept when autoscale is disabled, as Azure Batch does). */
  autoScaleRun?: AutoScaleRunRecord;
  /** The nodes the pool should have (set by autoscale's RecordingTargetSink; the elastic
   *  resizer owns them). Absent = never set. */
  targetDedicatedNodes?: number;
  targetLowPriorityNodes?: number;
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
  jobPreparationTask?: JobPreparationTaskRecord;
  jobReleaseTask?: JobReleaseTaskRecord;
  /** The name of the token that created it; undefined for jobs from before tokens existed
   *  (then only admins and readers see them). */
  owner?: string;
  /** The job schedule that made it (coordinator/schedules/); undefined for CreateJob's jobs. */
  jobScheduleId?: string;
  /** Its job manager task (job-manager-records.ts): added as a task when the job is created. */
  jobManagerTask?: JobManagerTaskRecord;
  /** The job manager's task was stored (set after it was): a coordinator that finds a job with
   *  a job manager and without this flag adds the task (it died in between). */
  jobManagerAdded?: boolean;
  /** Absent = none. */
  metadata?: MetadataRecord[];
  /** Its tasks may depend on one another (dependency-records.ts). Absent = false. */
  usesTaskDependencies?: boolean;
  /** Absent = noaction. */
  onTaskFailure?: OnTaskFailure;
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
  /** The task's memory limit (swap included), per instance; undefined = none. */
  maxMemoryMib?: number;
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
  /** Multi-instance tasks: the instances of this attempt (exec.nodeId is the primary's node). */
  subtasks?: SubtaskExecution[];
  /** Multi-instance tasks: every coordination command succeeded and the primary was told to
   *  start the application command. */
  applicationReleased?: boolean;
  /** Multi-instance tasks: the primary confirmed it started the application command. */
  applicationStarted?: boolean;
  /** Multi-instance tasks: the secret remote launches of this attempt must present. */
  launchToken?: string;
  /** Slots the attempt holds on its node when not its requiredSlots: an exclusive job manager
   *  holds them all (job-manager-records.ts). */
  heldSlots?: number;
  /** The GPU devices of its node this attempt holds (absent = none): chosen by the dispatcher,
   *  stored with the dispatch, so a restarted coordinator knows which devices are taken. */
  gpuIds?: string[];
  /** What this attempt used, once it ended (multi-instance: summed over the instances that had
   *  reported when it ended). Absent when unknown (never ran, node lost, Node's spawn). */
  usage?: ResourceUsage;
}

/** A task's totals over all its ended attempts (Azure Batch's TaskStatistics). */
export interface TaskStatsRecord {
  userCpuUs: number;
  kernelCpuUs: number;
  /** The largest of its attempts' maxRssKib. */
  maxRssKib: number;
  /** Summed over the attempts that started: start to end of each. */
  wallClockMs: number;
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
    /** undefined = no limit */
    maxMemoryMib?: number;
  };
  requiredSlots: number;
  /** GPU devices it needs on its node; absent = 0. */
  requiredGpus?: number;
  multiInstance?: MultiInstanceSettings;
  resourceFiles?: ResourceFileRecord[];
  outputFiles?: OutputFileRecord[];
  applicationPackageReferences?: ApplicationPackageRef[];
  /** Absent = the default (auto-user, pool scope, nonadmin). */
  userIdentity?: UserIdentityRecord;
  /** A credential scoped to its job, in its environment (absent = none). */
  authenticationTokenSettings?: AuthenticationTokenSettingsRecord;
  /** Absent = none. */
  metadata?: MetadataRecord[];
  /** The tasks it waits for (absent = none). */
  dependsOn?: TaskDependenciesRecord;
  /** Absent = Azure Batch's defaults (exit-conditions.ts). */
  exitConditions?: ExitConditionsRecord;
  /** Run under a pseudo-terminal (absent = none). */
  pty?: TaskPtyRecord;
}

/** A task's pseudo-terminal (TaskSpec.pty), its size until a client attaches. */
export interface TaskPtyRecord { rows: number; cols: number }

/** A job's job manager task as validated: the task it becomes, and what makes it the job's
 *  manager (job-manager-records.ts). */
export interface JobManagerTaskRecord extends JobManagerMarker {
  task: TaskSpecRecord;
}

/** A multi-instance (MPI) task: N nodes reserved at once, a coordination command on each, then the
 *  application command (the task's own argv) on the primary (instance 0). */
export interface MultiInstanceSettings {
  numberOfInstances: number;
  /** '' = none: every instance is ready as soon as it is set up. */
  coordinationCommandLine: string;
  coordinationArgv: string[];
  /** Each instance takes its whole node (the default), or `requiredSlots` slots of it. */
  wholeNodes: boolean;
  /** Fetched on every instance into the task (shared) directory (absent = none). */
  commonResourceFiles?: ResourceFileRecord[];
}

/** One instance of a multi-instance task's current (or last) attempt. */
export interface SubtaskExecution {
  /** 0 = the primary. */
  id: number;
  nodeId: string;
  address: string;
  /** Slots held on the node (its hostfile slots). */
  slots: number;
  state: SubtaskState;
  startTime?: string;
  endTime?: string;
  /** The coordination command's exit code (0 when there is none). */
  coordinationExitCode?: number;
  /** The instance's exit code: the application's on the primary, the coordination command's on
   *  the others. */
  exitCode?: number;
  result?: TaskResult;
  failureInfo?: FailureInfo;
  /** What the instance used (its exit report's). */
  usage?: ResourceUsage;
  /** Closed when its attempt ended, before the instance reported its own end (its node may be
   *  gone for good): that report, if it comes, still replaces this record. */
  closedWithAttempt?: boolean;
}

/** preparing: dispatched; running: set up (coordination command running or done);
 *  completed: the instance ended on its node. */
export type SubtaskState = 'preparing' | 'running' | 'completed';

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
  /** GPU devices it needs on its node; absent = 0. */
  requiredGpus?: number;
  multiInstance?: MultiInstanceSettings;
  creationTime: string;
  stateTransitionTime: string;
  exec: TaskExecution;
  /** Absent = none (see task-files.ts). */
  resourceFiles?: ResourceFileRecord[];
  outputFiles?: OutputFileRecord[];
  applicationPackageReferences?: ApplicationPackageRef[];
  /** Absent = the default (auto-user, pool scope, nonadmin). */
  userIdentity?: UserIdentityRecord;
  /** Totals over its ended attempts; absent until one has ended with its usage known. */
  stats?: TaskStatsRecord;
  /** A credential scoped to its job, in its environment (absent = none). */
  authenticationTokenSettings?: AuthenticationTokenSettingsRecord;
  /** Set on its job's job manager task (job-manager-records.ts). */
  jobManager?: JobManagerMarker;
  /** Absent = none. */
  metadata?: MetadataRecord[];
  /** The tasks it waits for (absent = none). */
  dependsOn?: TaskDependenciesRecord;
  /** Absent = Azure Batch's defaults (exit-conditions.ts). */
  exitConditions?: ExitConditionsRecord;
  /** Stored with its failing completion: the job action its exit conditions ask for, taken
   *  (and this cleared) by task-failure-actions.ts, also after a coordinator restart. */
  pendingJobAction?: Exclude<JobAction, 'none'>;
  /** Run under a pseudo-terminal of this size at first (absent = none). */
  pty?: TaskPtyRecord;
  /** The attempt during which UpdateTask changed maxWallClockTime: that attempt's node was told
   *  (task-updates.ts); later attempts carry the limit in their dispatch. */
  limitChangedAttempt?: number;
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
  /** The worker's remote-launch (MPI) gRPC port on `address`; 0 = none. */
  launchPort?: number;
  /** The worker's terminal (exec, attach) gRPC port on `address`; 0 / absent = none (no TLS). */
  terminalPort?: number;
  /** The pool's start task on this node, as its worker last reported it. */
  startTaskInfo?: NodeTaskInfo;
  /** cgroup-v2 | subreaper | process-group: how it ends everything a task started. */
  taskContainment?: string;
  /** cgroup-v2 | cgroup-v1 | none: which per-task resource limits it enforces
   *  (resource-limits.ts); absent (an older worker) = none. */
  resourceLimits?: string;
  /** per-task-user | worker-user: whether tasks run as the users they ask for. */
  taskUserIsolation?: string;
  /** Azure Batch's isDedicated: false for a low-priority node; absent (older records) = true. */
  isDedicated?: boolean;
  /** The GPU device ids the worker offers (absent = none). */
  gpuIds?: string[];
  /** Set when a preemption was announced: the node takes no new task, and goes at this time. */
  preemptionDeadline?: string;
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

let lastMs = Number.NaN;
let lastIso = '';

/** The time now as an ISO string. The string of the last millisecond is given again (one string
 *  for the records of that millisecond): toISOString was 1.6 % of the coordinator's time at full
 *  control-plane load, a few calls per task. */
export function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
