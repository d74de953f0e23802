import test from 'ava';
import { jobJson, nodeJson, poolJson, taskCountsJson, taskJson } from '../../src/cli/json/json-form.ts';
import type { Task__Output } from '../../src/protocol/generated/troupe/v1/Task.ts';

// What proto-loader gives for a task nobody has touched yet: defaults everywhere.
const fresh: Task__Output = {
  id: 't', jobId: 'j', displayName: '', commandLine: 'echo', commandArgs: ['echo'], environmentSettings: [],
  constraints: null, requiredSlots: 0, multiInstanceSettings: null, state: 'active', creationTime: '2025-01-01T00:00:00Z',
  stateTransitionTime: '', executionInfo: null, resourceFiles: [], outputFiles: [], applicationPackageReferences: [],
  userIdentity: null, stats: null, authenticationTokenSettings: null, metadata: [], dependsOn: null, exitConditions: null, dependencyState: null,
  pty: null, requiredGpus: 0, gpuIds: [],
};

test('a fresh task: empty strings and missing messages become null, the shape stays', (t) => {
  t.deepEqual(taskJson(fresh), {
    id: 't', displayName: null, commandLine: 'echo', commandArgs: ['echo'], environmentSettings: [],
    constraints: { maxWallClockTime: null, retentionTime: null, maxTaskRetryCount: null, maxMemoryMib: null },
    requiredSlots: null, requiredGpus: null, gpuIds: [], multiInstanceSettings: null, userIdentity: null, state: 'active', creationTime: '2025-01-01T00:00:00Z', stateTransitionTime: null,
    executionInfo: {
      exitCode: null, result: null, retryCount: 0, requeueCount: 0, nodeId: null, startTime: null, endTime: null,
      failureInfo: null, resourceUsage: null,
    },
    stats: null, metadata: [],
  });
});

test('a failed task keeps exit code 0 apart from unset, and shows its failure', (t) => {
  const done = taskJson({
    ...fresh,
    constraints: { maxWallClockTime: '1m', retentionTime: '', maxTaskRetryCount: 0, maxMemoryMib: 0 },
    executionInfo: {
      startTime: 's', endTime: 'e', exitCode: 0, result: 'failure', retryCount: 2, requeueCount: 1, nodeId: 'n',
      failureInfo: { category: 'usererror', code: 'TaskEnded', message: '' }, lastRetryTime: '', lastRequeueTime: '',
      resourceUsage: { userCpuTime: '1s250ms', kernelCpuTime: '', maxRssKib: 2048 },
    },
    stats: { userCpuTime: '2s', kernelCpuTime: '10ms', wallClockTime: '3s', waitTime: '', maxRssKib: 2048 },
  });
  t.is(done.executionInfo.exitCode, 0);
  t.deepEqual(done.executionInfo.resourceUsage, { userCpuTime: '1s250ms', kernelCpuTime: null, maxRssKib: 2048 });
  t.deepEqual(done.stats, { userCpuTime: '2s', kernelCpuTime: '10ms', wallClockTime: '3s', waitTime: null, maxRssKib: 2048 });
  t.is(done.constraints.maxTaskRetryCount, 0);
  t.deepEqual(done.executionInfo.failureInfo, { category: 'usererror', code: 'TaskEnded', message: null });
  const emptyFailure = taskJson({ ...fresh, executionInfo: { ...fresh.executionInfo!, failureInfo: { category: '', code: '', message: '' } } as never });
  t.is(emptyFailure.executionInfo.failureInfo, null);
});

test('key order is fixed for every kind', (t) => {
  t.deepEqual(Object.keys(poolJson({
    id: 'p', displayName: '', taskSlotsPerNode: 0, taskSchedulingPolicy: null, enableInterNodeCommunication: false,
    state: 'active', creationTime: '', currentNodes: 0, startTask: null, applicationPackageReferences: [], userAccounts: [], allowAdminTasks: false, metadata: [],
    targetDedicatedNodes: 0, targetLowPriorityNodes: 0, resizeTimeout: '', allocationState: '', allocationStateTransitionTime: '', resizeErrors: [], currentDedicatedNodes: 0, currentLowPriorityNodes: 0, nodeProvider: null,
    enableAutoScale: false, autoScaleFormula: '', autoScaleEvaluationInterval: '', autoScaleRun: null,
  })), ['id', 'displayName', 'taskSlotsPerNode', 'taskSchedulingPolicy', 'enableInterNodeCommunication', 'state', 'creationTime', 'currentNodes', 'startTask', 'applicationPackageReferences', 'userAccounts', 'allowAdminTasks', 'metadata',
    'targetDedicatedNodes', 'targetLowPriorityNodes', 'currentDedicatedNodes', 'currentLowPriorityNodes', 'resizeTimeout', 'allocationState', 'allocationStateTransitionTime', 'resizeErrors', 'nodeProvider',
    'enableAutoScale', 'autoScaleFormula', 'autoScaleEvaluationInterval', 'autoScaleRun']);
  const job = jobJson({
    id: 'j', displayName: '', poolInfo: null, priority: 0, constraints: null, commonEnvironmentSettings: [],
    onAllTasksComplete: '', state: 'active', creationTime: '', stateTransitionTime: '', executionInfo: null, maxParallelTasks: 0,
    jobPreparationTask: null, jobReleaseTask: null, owner: '', jobScheduleId: '', jobManagerTask: null, metadata: [], usesTaskDependencies: false, onTaskFailure: '',
  });
  t.deepEqual(job.poolInfo, { poolId: null });
  t.deepEqual(job.constraints, { maxWallClockTime: null, maxTaskRetryCount: 0 });
  t.deepEqual(job.executionInfo, { startTime: null, endTime: null, terminateReason: null });
  t.deepEqual(Object.keys(nodeJson({
    id: 'n', poolId: 'p', state: 'idle', schedulingState: 'enabled', address: '', taskSlots: 1, runningTaskSlots: 0,
    runningTasksCount: 0, totalTasksRun: 0, stateTransitionTime: '', lastHeartbeatTime: '', agentStartTime: '',
    hostName: '', agentVersion: '', startTaskInfo: null, taskContainment: '', resourceLimits: '', taskUserIsolation: '', isDedicated: true,
    gpuIds: [], gpuIdsInUse: [], preemptionDeadline: '',
  })), ['id', 'poolId', 'state', 'schedulingState', 'address', 'taskSlots', 'runningTaskSlots', 'runningTasksCount',
    'totalTasksRun', 'lastHeartbeatTime', 'agentStartTime', 'hostName', 'taskContainment', 'resourceLimits', 'taskUserIsolation', 'isDedicated', 'gpuIds', 'gpuIdsInUse', 'preemptionDeadline', 'startTaskInfo']);
  t.deepEqual(Object.keys(taskCountsJson({ failed: 1, succeeded: 2, completed: 3, running: 4, active: 5 })),
    ['active', 'running', 'completed', 'succeeded', 'failed']);
});
