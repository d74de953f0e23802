// Stored records -> the API's messages (Azure Batch's field names). Derived fields (a node's
// running state, its slots in use) are filled in here from the coordinator's live indexes.
import { autoScaleFieldsToApi } from './autoscale-mapping.ts';
import type { Job } from '../../protocol/generated/troupe/v1/Job.ts';
import type { Node } from '../../protocol/generated/troupe/v1/Node.ts';
import type { Pool } from '../../protocol/generated/troupe/v1/Pool.ts';
import type { Task } from '../../protocol/generated/troupe/v1/Task.ts';
import type { Subtask } from '../../protocol/generated/troupe/v1/Subtask.ts';
import type { JobRecord, NodeRecord, PoolRecord, SubtaskExecution, TaskRecord } from '../../protocol/records/records.ts';
import { formatDuration } from '../../protocol/duration.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import { jobPreparationTaskToApi, jobReleaseTaskToApi, nodeTaskInfoToApi, startTaskToApi } from './node-task-mapping.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { taskFilesToApi } from './file-mapping.ts';
import { userAccountsToApi, userIdentityToApi } from './user-mapping.ts';
import { taskStatsToApi, usageToApi } from './statistics-mapping.ts';
import { jobManagerTaskToApi, tokenSettingsToApi } from './job-manager-mapping.ts';
import { dependencyStateToApi, dependsOnToApi, exitConditionsToApi } from './dependency-mapping.ts';
import type { DependencyStateRecord } from '../../protocol/records/dependency-records.ts';
import { DEFAULT_RESIZE_TIMEOUT_MS } from '../../protocol/records/pool-scaling-records.ts';

const duration = (ms: number | undefined) => (ms === undefined ? '' : formatDuration(ms));

/** Nodes of a pool by priority, started ones not heard yet included (the pool-resizer). */
export interface PoolCurrentNodes {
  current(poolId: string): { dedicated: number; lowPriority: number };
}

export function poolToApi(p: PoolRecord, state: ClusterState, scaling?: PoolCurrentNodes): Pool {
  let current = 0;
  const byPriority = { dedicated: 0, lowPriority: 0 };
  for (const { value: n } of state.nodes.rows.values()) {
    if (n.poolId !== p.id) continue;
    current++;
    byPriority[n.isDedicated !== false ? 'dedicated' : 'lowPriority']++;
  }
  const counted = scaling?.current(p.id) ?? byPriority;
  const s = p.scaling;
  return {
    id: p.id,
    displayName: p.displayName,
    taskSlotsPerNode: p.taskSlotsPerNode,
    taskSchedulingPolicy: { nodeFillType: p.nodeFillType },
    enableInterNodeCommunication: p.enableInterNodeCommunication,
    state: p.state,
    creationTime: p.creationTime,
    currentNodes: current,
    startTask: startTaskToApi(p.startTask),
    applicationPackageReferences: p.applicationPackageReferences ?? [],
    userAccounts: userAccountsToApi(p.userAccounts),
    allowAdminTasks: p.allowAdminTasks ?? false,
    metadata: p.metadata ?? [],
    targetDedicatedNodes: s?.targetDedicatedNodes ?? 0,
    targetLowPriorityNodes: s?.targetLowPriorityNodes ?? 0,
    resizeTimeout: formatDuration(s?.resizeTimeoutMs ?? DEFAULT_RESIZE_TIMEOUT_MS),
    allocationState: s?.allocationState ?? 'steady',
    allocationStateTransitionTime: s?.allocationStateTransitionTime ?? p.creationTime,
    resizeErrors: (s?.resizeErrors ?? []).map((e) => ({ code: e.code, message: e.message, nodeId: e.nodeId ?? '' })),
    currentDedicatedNodes: counted.dedicated,
    currentLowPriorityNodes: counted.lowPriority,
    nodeProvider: {
      kind: p.nodeProvider?.kind ?? 'manual',
      startCommand: (p.nodeProvider?.startCommand ?? []).join(' '),
      stopCommand: (p.nodeProvider?.stopCommand ?? []).join(' '),
      commandTimeout: p.nodeProvider?.commandTimeoutMs !== undefined ? formatDuration(p.nodeProvider.commandTimeoutMs) : '',
    },
    ...autoScaleFieldsToApi(p),
  };
}

export function jobToApi(j: JobRecord): Job {
  return {
    id: j.id,
    displayName: j.displayName,
    poolInfo: { poolId: j.poolId },
    priority: j.priority,
    constraints: { maxWallClockTime: duration(j.maxWallClockTimeMs), maxTaskRetryCount: j.maxTaskRetryCount },
    commonEnvironmentSettings: j.commonEnvironmentSettings,
    onAllTasksComplete: j.onAllTasksComplete,
    state: j.state,
    creationTime: j.creationTime,
    stateTransitionTime: j.stateTransitionTime,
    executionInfo: { startTime: j.startTime, endTime: j.endTime ?? '', terminateReason: j.terminateReason ?? '' },
    maxParallelTasks: j.maxParallelTasks,
    jobPreparationTask: jobPreparationTaskToApi(j.jobPreparationTask),
    jobReleaseTask: jobReleaseTaskToApi(j.jobReleaseTask),
    owner: j.owner ?? '',
    jobScheduleId: j.jobScheduleId ?? '',
    jobManagerTask: jobManagerTaskToApi(j.jobManagerTask),
    metadata: j.metadata ?? [],
    usesTaskDependencies: j.usesTaskDependencies ?? false,
    onTaskFailure: j.onTaskFailure ?? 'noaction',
  };
}

/** Where a task with dependencies stands (ClusterState.dependencyState); derived, not stored. */
export interface DependencyView {
  dependencyState(t: TaskRecord): DependencyStateRecord | undefined;
}

export function taskToApi(t: TaskRecord, deps?: DependencyView): Task {
  const e = t.exec;
  return {
    id: t.id,
    jobId: t.jobId,
    displayName: t.displayName,
    commandLine: t.commandLine,
    commandArgs: t.argv,
    environmentSettings: t.environmentSettings,
    constraints: {
      maxWallClockTime: duration(t.constraints.maxWallClockTimeMs),
      retentionTime: duration(t.constraints.retentionTimeMs),
      maxTaskRetryCount: t.constraints.maxTaskRetryCount,
      maxMemoryMib: t.constraints.maxMemoryMib ?? 0,
    },
    requiredSlots: t.requiredSlots,
    requiredGpus: t.requiredGpus ?? 0,
    gpuIds: t.exec.gpuIds ?? [],
    multiInstanceSettings: t.multiInstance
      ? {
          numberOfInstances: t.multiInstance.numberOfInstances,
          coordinationCommandLine: t.multiInstance.coordinationCommandLine,
          coordinationCommandArgs: t.multiInstance.coordinationArgv,
          commonResourceFiles: taskFilesToApi({ resourceFiles: t.multiInstance.commonResourceFiles }).resourceFiles,
        }
      : null,
    state: t.state,
    creationTime: t.creationTime,
    stateTransitionTime: t.stateTransitionTime,
    executionInfo: {
      startTime: e.startTime ?? '',
      endTime: e.endTime ?? '',
      ...(e.exitCode !== undefined && e.exitCode !== null ? { exitCode: e.exitCode } : {}),
      result: e.result ?? '',
      retryCount: e.retryCount,
      requeueCount: e.requeueCount,
      nodeId: e.nodeId ?? '',
      failureInfo: e.failureInfo ?? null,
      lastRetryTime: e.lastRetryTime ?? '',
      lastRequeueTime: e.lastRequeueTime ?? '',
      resourceUsage: usageToApi(e.usage),
    },
    ...taskFilesToApi(t),
    userIdentity: userIdentityToApi(t.userIdentity),
    stats: taskStatsToApi(t),
    authenticationTokenSettings: tokenSettingsToApi(t.authenticationTokenSettings),
    metadata: t.metadata ?? [],
    dependsOn: dependsOnToApi(t.dependsOn),
    exitConditions: exitConditionsToApi(t.exitConditions),
    dependencyState: dependencyStateToApi(deps?.dependencyState(t)),
    pty: t.pty ? { ...t.pty } : null,
  };
}

export function nodeToApi(n: NodeRecord, state: ClusterState, registry: NodeRegistry): Node {
  const usedSlots = state.usage.usedSlots(n.id);
  const running = state.usage.taskCount(n.id);
  return {
    id: n.id,
    poolId: n.poolId,
    state: state.usage.liveState(n.id, n.state),
    schedulingState: n.schedulingState,
    address: n.address,
    taskSlots: n.taskSlots,
    runningTaskSlots: usedSlots,
    runningTasksCount: running,
    totalTasksRun: n.totalTasksRun + (registry.tasksRun.get(n.id) ?? 0),
    stateTransitionTime: n.stateTransitionTime,
    lastHeartbeatTime: registry.lastHeartbeat(n.id)?.toISOString() ?? n.lastHeartbeatTime,
    agentStartTime: n.agentStartTime,
    hostName: n.hostName,
    agentVersion: n.agentVersion,
    startTaskInfo: nodeTaskInfoToApi(n.startTaskInfo),
    taskContainment: n.taskContainment ?? '',
    resourceLimits: n.resourceLimits || 'none',
    taskUserIsolation: n.taskUserIsolation ?? '',
    isDedicated: n.isDedicated !== false,
    gpuIds: n.gpuIds ?? [],
    gpuIdsInUse: (n.gpuIds ?? []).filter((g) => state.usage.usedGpus(n.id).has(g)),
    preemptionDeadline: n.preemptionDeadline ?? '',
  };
}

export function subtaskToApi(s: SubtaskExecution): Subtask {
  return {
    id: s.id,
    nodeId: s.nodeId,
    nodeAddress: s.address,
    state: s.state,
    startTime: s.startTime ?? '',
    endTime: s.endTime ?? '',
    ...(s.exitCode !== undefined && s.exitCode !== null ? { exitCode: s.exitCode } : {}),
    result: s.result ?? '',
    failureInfo: s.failureInfo ?? null,
    slots: s.slots,
    resourceUsage: usageToApi(s.usage),
  };
}
