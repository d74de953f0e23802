// Builders of API requests as a gRPC server receives them (proto3 defaults filled in), and an
// assertion that a validator refuses one naming its field: shared by the validation tests.
import type { ExecutionContext } from 'ava';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import { protoFieldPath } from '../../src/protocol/grpc/field-paths.ts';
import { publicRequestTypes, troupeMessageTypes } from '../../src/protocol/grpc/proto-descriptor.ts';
import type { AddTaskCollectionRequest__Output } from '../../src/protocol/generated/troupe/v1/AddTaskCollectionRequest.ts';
import type { EnvironmentSetting__Output } from '../../src/protocol/generated/troupe/v1/EnvironmentSetting.ts';
import type { GetTaskOutputRequest__Output } from '../../src/protocol/generated/troupe/v1/GetTaskOutputRequest.ts';
import type { Job__Output } from '../../src/protocol/generated/troupe/v1/Job.ts';
import type { ListTasksRequest__Output } from '../../src/protocol/generated/troupe/v1/ListTasksRequest.ts';
import type { Pool__Output } from '../../src/protocol/generated/troupe/v1/Pool.ts';
import type { TaskSpec__Output } from '../../src/protocol/generated/troupe/v1/TaskSpec.ts';

export const ID_RULE = "must be 1-64 characters of letters, digits, '-' and '_'";


export function pool(over: Record<string, unknown> = {}): Pool__Output {
  return {
    id: 'p1',
    displayName: '',
    taskSlotsPerNode: 0,
    taskSchedulingPolicy: null,
    enableInterNodeCommunication: false,
    state: '',
    creationTime: '',
    currentNodes: 0,
    startTask: null,
    applicationPackageReferences: [],
    userAccounts: [],
    allowAdminTasks: false,
    metadata: [],
    targetDedicatedNodes: 0,
    targetLowPriorityNodes: 0,
    resizeTimeout: '',
    allocationState: '',
    allocationStateTransitionTime: '',
    resizeErrors: [],
    currentDedicatedNodes: 0,
    currentLowPriorityNodes: 0,
    nodeProvider: null,
    enableAutoScale: false,
    autoScaleFormula: '',
    autoScaleEvaluationInterval: '',
    autoScaleRun: null,
    ...over,
  } as Pool__Output;
}

export function job(over: Record<string, unknown> = {}): Job__Output {
  return {
    id: 'j1',
    displayName: '',
    poolInfo: { poolId: 'p1' },
    priority: 0,
    constraints: null,
    commonEnvironmentSettings: [],
    onAllTasksComplete: '',
    owner: '',
    jobScheduleId: '',
    state: '',
    creationTime: '',
    stateTransitionTime: '',
    executionInfo: null,
    maxParallelTasks: 0,
    jobPreparationTask: null,
    jobReleaseTask: null,
    jobManagerTask: null,
    metadata: [],
    usesTaskDependencies: false,
    onTaskFailure: '',
    ...over,
  } as Job__Output;
}

export function spec(over: Record<string, unknown> = {}): TaskSpec__Output {
  return {
    id: 't1',
    displayName: '',
    commandLine: 'echo hi',
    commandArgs: [],
    environmentSettings: [],
    requiredGpus: 0,
    constraints: null,
    requiredSlots: 0,
    multiInstanceSettings: null,
    resourceFiles: [],
    outputFiles: [],
    applicationPackageReferences: [],
    userIdentity: null,
    authenticationTokenSettings: null,
    metadata: [],
    dependsOn: null,
    exitConditions: null,
    pty: null,
    ...over,
  } as TaskSpec__Output;
}

export function constraints(over: Record<string, unknown> = {}) {
  return { maxWallClockTime: '', retentionTime: '', ...over };
}

export function env(...pairs: Array<[unknown, unknown]>): EnvironmentSetting__Output[] {
  return pairs.map(([name, value]) => ({ name, value })) as EnvironmentSetting__Output[];
}

export function collection(tasks: unknown[], jobId: unknown = 'j1'): AddTaskCollectionRequest__Output {
  return { jobId, tasks } as AddTaskCollectionRequest__Output;
}

export function listReq(over: Record<string, unknown> = {}): ListTasksRequest__Output {
  return { jobId: 'j1', state: '', maxResults: 0, pageToken: '', ...over } as ListTasksRequest__Output;
}

export function outputReq(over: Record<string, unknown> = {}): GetTaskOutputRequest__Output {
  return { jobId: 'j1', taskId: 't1', stream: '', offset: '0', length: '0', ...over } as GetTaskOutputRequest__Output;
}

/** fn must throw InvalidArgumentError for exactly `field`, with `rule` (string: exact; RegExp: matched). */
export function rejects(t: ExecutionContext, fn: () => unknown, field: string, rule: string | RegExp): InvalidArgumentError {
  const err = t.throws<InvalidArgumentError>(fn, { instanceOf: InvalidArgumentError });
  t.is(err.field, field);
  t.is(err.code, 'INVALID_ARGUMENT');
  // The field is a real one of some request of the API (or, for a validator given part of one,
  // of some message): its proto path (the BadRequest's) is read through the descriptors, every
  // name a field (grpc/field-paths.ts).
  const types = [...publicRequestTypes(), ...troupeMessageTypes()];
  t.true(types.some((type) => protoFieldPath(type, field).resolved), `${field} is a field path of some request message`);
  if (typeof rule === 'string') t.is(err.message, `${field} ${rule}`);
  else {
    t.true(err.message.startsWith(`${field} `), err.message);
    t.regex(err.message.slice(field.length + 1), rule);
  }
  return err;
}
