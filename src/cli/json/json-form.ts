// The `-o json` contract: API objects as stable, machine-readable JSON with Azure Batch's field
// names. Every object always has the same keys in the same order; proto3's "unset" (an empty
// string, an absent optional or message) becomes null, so scripts can test `== null` instead of
// guessing which empty value means "not yet".
import { autoScaleRunJson, type AutoScaleRunJson } from './autoscale-json.ts';
import { dependencyJson } from './dependencies-json.ts';
import { taskFilesJson, type TaskFilesJson } from './task-files-json.ts';
import type { EnvironmentSetting } from '../../protocol/generated/troupe/v1/EnvironmentSetting.ts';
import type { Job__Output } from '../../protocol/generated/troupe/v1/Job.ts';
import type { Node__Output } from '../../protocol/generated/troupe/v1/Node.ts';
import type { Pool__Output } from '../../protocol/generated/troupe/v1/Pool.ts';
import type { Task__Output } from '../../protocol/generated/troupe/v1/Task.ts';
import type { TaskCounts__Output } from '../../protocol/generated/troupe/v1/TaskCounts.ts';
import { jobPreparationTaskJson, jobReleaseTaskJson, nodeTaskInfoJson, startTaskJson } from './node-task-json.ts';
import { jobManagerTaskJson, tokenSettingsJson } from './job-manager-json.ts';
import { text } from './json-values.ts';
import { multiInstanceSettingsJson, type MultiInstanceSettingsJson } from './multi-instance-json.ts';
import { resourceUsageJson, taskStatisticsJson, type ResourceUsageJson, type TaskStatisticsJson } from './statistics-json.ts';
import { userAccountsJson, userIdentityJson, type UserAccountJson, type UserIdentityJson } from './user-json.ts';

export interface EnvironmentSettingJson { name: string; value: string }
/** Azure Batch's MetadataItem. */
export interface MetadataItemJson { name: string; value: string }

export interface PoolJson {
  id: string;
  displayName: string | null;
  taskSlotsPerNode: number | null;
  taskSchedulingPolicy: { nodeFillType: string | null };
  enableInterNodeCommunication: boolean;
  state: string | null;
  creationTime: string | null;
  currentNodes: number;
  startTask: ReturnType<typeof startTaskJson>;
  applicationPackageReferences: { applicationId: string; version: string }[];
  userAccounts: UserAccountJson[];
  allowAdminTasks: boolean;
  metadata: MetadataItemJson[];
  targetDedicatedNodes: number;
  targetLowPriorityNodes: number;
  currentDedicatedNodes: number;
  currentLowPriorityNodes: number;
  resizeTimeout: string | null;
  allocationState: string | null;
  allocationStateTransitionTime: string | null;
  resizeErrors: { code: string; message: string; nodeId: string | null }[];
  nodeProvider: { kind: string; startCommand: string | null; stopCommand: string | null; commandTimeout: string | null };
  enableAutoScale: boolean;
  autoScaleFormula: string | null;
  autoScaleEvaluationInterval: string | null;
  autoScaleRun: AutoScaleRunJson | null;
}

export interface NodeJson {
  id: string;
  poolId: string | null;
  state: string | null;
  schedulingState: string | null;
  address: string | null;
  taskSlots: number;
  runningTaskSlots: number;
  runningTasksCount: number;
  totalTasksRun: number;
  lastHeartbeatTime: string | null;
  agentStartTime: string | null;
  hostName: string | null;
  taskContainment: string | null;
  resourceLimits: string | null;
  taskUserIsolation: string | null;
  isDedicated: boolean;
  /** The GPU devices it offers, and those its tasks hold. */
  gpuIds: string[];
  gpuIdsInUse: string[];
  /** When an announced preemption takes it (null = none). */
  preemptionDeadline: string | null;
  startTaskInfo: ReturnType<typeof nodeTaskInfoJson>;
}

export interface JobJson {
  id: string;
  displayName: string | null;
  poolInfo: { poolId: string | null };
  priority: number;
  constraints: { maxWallClockTime: string | null; maxTaskRetryCount: number };
  commonEnvironmentSettings: EnvironmentSettingJson[];
  onAllTasksComplete: string | null;
  maxParallelTasks: number;
  state: string | null;
  creationTime: string | null;
  stateTransitionTime: string | null;
  executionInfo: { startTime: string | null; endTime: string | null; terminateReason: string | null };
  jobPreparationTask: ReturnType<typeof jobPreparationTaskJson>;
  jobReleaseTask: ReturnType<typeof jobReleaseTaskJson>;
  /** The name of the token that created the job. */
  owner: string | null;
  /** The job schedule that made the job (null: made by job create). */
  jobScheduleId: string | null;
  jobManagerTask: ReturnType<typeof jobManagerTaskJson>;
  metadata: MetadataItemJson[];
  usesTaskDependencies: boolean;
  onTaskFailure: string | null;
}

export interface TaskJson extends TaskFilesJson {
  id: string;
  displayName: string | null;
  commandLine: string | null;
  /** The exact argv when the task was given one (it wins over commandLine); else []. */
  commandArgs: string[];
  environmentSettings: EnvironmentSettingJson[];
  constraints: { maxWallClockTime: string | null; retentionTime: string | null; maxTaskRetryCount: number | null; maxMemoryMib: number | null };
  requiredSlots: number | null;
  /** null = none. */
  requiredGpus: number | null;
  /** The GPU devices its attempt holds ([] = none). */
  gpuIds: string[];
  /** null for a task that is not multi-instance. */
  multiInstanceSettings: MultiInstanceSettingsJson | null;
  userIdentity: UserIdentityJson | null;
  state: string | null;
  creationTime: string | null;
  stateTransitionTime: string | null;
  executionInfo: {
    exitCode: number | null;
    result: string | null;
    retryCount: number;
    requeueCount: number;
    nodeId: string | null;
    startTime: string | null;
    endTime: string | null;
    failureInfo: { category: string | null; code: string | null; message: string | null } | null;
    /** What the last ended attempt used. */
    resourceUsage: ResourceUsageJson | null;
  };
  /** Totals over its ended attempts. */
  stats: TaskStatisticsJson | null;
  /** Only when the task has one (job-manager-json.ts). */
  authenticationTokenSettings?: { access: string[] } | null;
  metadata: MetadataItemJson[];
  /** Only on a task that has them (dependencies-json.ts). */
  dependsOn?: unknown;
  exitConditions?: unknown;
  dependencyState?: unknown;
  /** Only when the task runs under a pseudo-terminal (task add --pty). */
  pty?: { rows: number; cols: number };
}

export interface TaskCountsJson { active: number; running: number; completed: number; succeeded: number; failed: number }

/** For int32 fields where 0 is not a meaningful value (slots are at least 1). */
function positive(value: number | null | undefined): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

function count(value: number | null | undefined): number {
  return typeof value === 'number' ? value : 0;
}

function metadata(items: readonly { name?: string; value?: string }[] | null | undefined): MetadataItemJson[] {
  return (items ?? []).map((m) => ({ name: m.name ?? '', value: m.value ?? '' }));
}

function environment(settings: readonly EnvironmentSetting[] | null | undefined): EnvironmentSettingJson[] {
  return (settings ?? []).map((s) => ({ name: s.name ?? '', value: s.value ?? '' }));
}

export function poolJson(p: Pool__Output): PoolJson {
  return {
    id: p.id,
    displayName: text(p.displayName),
    taskSlotsPerNode: positive(p.taskSlotsPerNode),
    taskSchedulingPolicy: { nodeFillType: text(p.taskSchedulingPolicy?.nodeFillType) },
    enableInterNodeCommunication: p.enableInterNodeCommunication === true,
    state: text(p.state),
    creationTime: text(p.creationTime),
    currentNodes: count(p.currentNodes),
    startTask: startTaskJson(p.startTask),
    applicationPackageReferences: (p.applicationPackageReferences ?? []).map((a) => ({ applicationId: a.applicationId, version: a.version })),
    userAccounts: userAccountsJson(p.userAccounts),
    allowAdminTasks: p.allowAdminTasks === true,
    metadata: metadata(p.metadata),
    targetDedicatedNodes: count(p.targetDedicatedNodes),
    targetLowPriorityNodes: count(p.targetLowPriorityNodes),
    currentDedicatedNodes: count(p.currentDedicatedNodes),
    currentLowPriorityNodes: count(p.currentLowPriorityNodes),
    resizeTimeout: text(p.resizeTimeout),
    allocationState: text(p.allocationState),
    allocationStateTransitionTime: text(p.allocationStateTransitionTime),
    resizeErrors: (p.resizeErrors ?? []).map((e) => ({ code: e.code, message: e.message, nodeId: text(e.nodeId) })),
    nodeProvider: {
      kind: p.nodeProvider?.kind || 'manual',
      startCommand: text(p.nodeProvider?.startCommand),
      stopCommand: text(p.nodeProvider?.stopCommand),
      commandTimeout: text(p.nodeProvider?.commandTimeout),
    },
    enableAutoScale: p.enableAutoScale === true,
    autoScaleFormula: text(p.autoScaleFormula),
    autoScaleEvaluationInterval: text(p.autoScaleEvaluationInterval),
    autoScaleRun: autoScaleRunJson(p.autoScaleRun),
  };
}

export function nodeJson(n: Node__Output): NodeJson {
  return {
    id: n.id,
    poolId: text(n.poolId),
    state: text(n.state),
    schedulingState: text(n.schedulingState),
    address: text(n.address),
    taskSlots: count(n.taskSlots),
    runningTaskSlots: count(n.runningTaskSlots),
    runningTasksCount: count(n.runningTasksCount),
    totalTasksRun: count(n.totalTasksRun),
    lastHeartbeatTime: text(n.lastHeartbeatTime),
    agentStartTime: text(n.agentStartTime),
    hostName: text(n.hostName),
    taskContainment: text(n.taskContainment),
    resourceLimits: text(n.resourceLimits),
    taskUserIsolation: text(n.taskUserIsolation),
    isDedicated: n.isDedicated !== false,
    gpuIds: [...(n.gpuIds ?? [])],
    gpuIdsInUse: [...(n.gpuIdsInUse ?? [])],
    preemptionDeadline: text(n.preemptionDeadline),
    startTaskInfo: nodeTaskInfoJson(n.startTaskInfo),
  };
}

export function jobJson(j: Job__Output): JobJson {
  return {
    id: j.id,
    displayName: text(j.displayName),
    poolInfo: { poolId: text(j.poolInfo?.poolId) },
    priority: count(j.priority),
    constraints: {
      maxWallClockTime: text(j.constraints?.maxWallClockTime),
      maxTaskRetryCount: count(j.constraints?.maxTaskRetryCount),
    },
    commonEnvironmentSettings: environment(j.commonEnvironmentSettings),
    onAllTasksComplete: text(j.onAllTasksComplete),
    maxParallelTasks: count(j.maxParallelTasks),
    state: text(j.state),
    creationTime: text(j.creationTime),
    stateTransitionTime: text(j.stateTransitionTime),
    executionInfo: {
      startTime: text(j.executionInfo?.startTime),
      endTime: text(j.executionInfo?.endTime),
      terminateReason: text(j.executionInfo?.terminateReason),
    },
    jobPreparationTask: jobPreparationTaskJson(j.jobPreparationTask),
    jobReleaseTask: jobReleaseTaskJson(j.jobReleaseTask),
    owner: text(j.owner),
    jobScheduleId: text(j.jobScheduleId),
    jobManagerTask: jobManagerTaskJson(j.jobManagerTask),
    metadata: metadata(j.metadata),
    usesTaskDependencies: j.usesTaskDependencies === true,
    onTaskFailure: text(j.onTaskFailure),
  };
}

export function taskJson(t: Task__Output): TaskJson {
  const info = t.executionInfo;
  const failure = info?.failureInfo;
  const failureInfo = failure && (failure.category || failure.code || failure.message)
    ? { category: text(failure.category), code: text(failure.code), message: text(failure.message) }
    : null;
  return {
    id: t.id,
    displayName: text(t.displayName),
    commandLine: text(t.commandLine),
    commandArgs: [...(t.commandArgs ?? [])],
    environmentSettings: environment(t.environmentSettings),
    constraints: {
      maxWallClockTime: text(t.constraints?.maxWallClockTime),
      retentionTime: text(t.constraints?.retentionTime),
      maxTaskRetryCount: t.constraints?.maxTaskRetryCount ?? null,
      maxMemoryMib: t.constraints?.maxMemoryMib || null,
    },
    requiredSlots: positive(t.requiredSlots),
    requiredGpus: positive(t.requiredGpus),
    gpuIds: [...(t.gpuIds ?? [])],
    multiInstanceSettings: multiInstanceSettingsJson(t.multiInstanceSettings),
    userIdentity: userIdentityJson(t.userIdentity),
    state: text(t.state),
    creationTime: text(t.creationTime),
    stateTransitionTime: text(t.stateTransitionTime),
    executionInfo: {
      exitCode: info?.exitCode ?? null,
      result: text(info?.result),
      retryCount: count(info?.retryCount),
      requeueCount: count(info?.requeueCount),
      nodeId: text(info?.nodeId),
      startTime: text(info?.startTime),
      endTime: text(info?.endTime),
      failureInfo,
      resourceUsage: resourceUsageJson(info?.resourceUsage),
    },
    stats: taskStatisticsJson(t.stats),
    ...taskFilesJson(t),
    ...(t.authenticationTokenSettings ? { authenticationTokenSettings: tokenSettingsJson(t.authenticationTokenSettings) } : {}),
    metadata: metadata(t.metadata),
    ...dependencyJson(t),
    ...(t.pty ? { pty: { rows: t.pty.rows, cols: t.pty.cols } } : {}),
  };
}

export function taskCountsJson(c: TaskCounts__Output): TaskCountsJson {
  return {
    active: count(c.active),
    running: count(c.running),
    completed: count(c.completed),
    succeeded: count(c.succeeded),
    failed: count(c.failed),
  };
}
