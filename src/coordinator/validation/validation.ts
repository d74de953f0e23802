// Request validation: what a client sent, turned into the record troupe keeps, once, at the API's
// door. Pure functions, one per request. Each fills in the defaults, resolves durations to
// milliseconds and throws InvalidArgumentError naming the exact field path ("tasks[7].id",
// "job.constraints.maxWallClockTime"), so nothing downstream parses or second-guesses input.
//
// Inputs are typed as what a gRPC server receives (the generated __Output types) but are not
// trusted: a field of the wrong JS type, a null inside a list or a missing message gives a clear
// InvalidArgumentError, never a TypeError. An absent scalar (undefined) counts as its proto3
// default ('' / 0 / false / []), as it would on the wire.
import { nonNegativeInt64 } from '../../protocol/int64.ts';
import { validateResourceFiles } from './file-validation.ts';
import { validateMaxMemoryMib } from './resource-limit-validation.ts';
import { parseCommandLine, quoteCommandLine } from '../../protocol/command-line.ts';
import { parseDuration } from '../../protocol/duration.ts';
import { InvalidArgumentError } from '../../protocol/errors.ts';
import type { TimeSlice } from '../../protocol/time-slice.ts';
import { LazyMessages } from '../../protocol/grpc/lazy-messages.ts';
import { OUTPUT_STREAMS, type OutputStream } from '../../protocol/nats/messages.ts';
import { taskFileFields, validateApplicationPackageReferences } from './file-validation.ts';
import { validateUserIdentity } from './user-validation.ts';
import { taskTokenSettingsFields } from './token-settings-validation.ts';
import {
  DEFAULT_RETENTION_MS,
  type EnvSetting,
  type JobRecord,
  type NodeFillType,
  type OnAllTasksComplete,
  type MultiInstanceSettings,
  type PoolRecord,
  type TaskSpecRecord,
} from '../../protocol/records/records.ts';
import { isTaskState, TASK_STATES, type TaskState } from '../../protocol/records/states.ts';
import type { AddTaskCollectionRequest__Output } from '../../protocol/generated/troupe/v1/AddTaskCollectionRequest.ts';
import type { AddTaskRequest__Output } from '../../protocol/generated/troupe/v1/AddTaskRequest.ts';
import type { DisableNodeSchedulingRequest__Output } from '../../protocol/generated/troupe/v1/DisableNodeSchedulingRequest.ts';
import type { EnvironmentSetting__Output } from '../../protocol/generated/troupe/v1/EnvironmentSetting.ts';
import type { GetTaskOutputRequest__Output } from '../../protocol/generated/troupe/v1/GetTaskOutputRequest.ts';
import type { Job__Output } from '../../protocol/generated/troupe/v1/Job.ts';
import type { JobConstraints__Output } from '../../protocol/generated/troupe/v1/JobConstraints.ts';
import type { ListTasksRequest__Output } from '../../protocol/generated/troupe/v1/ListTasksRequest.ts';
import type { PoolInformation__Output } from '../../protocol/generated/troupe/v1/PoolInformation.ts';
import type { Pool__Output } from '../../protocol/generated/troupe/v1/Pool.ts';
import type { TaskConstraints__Output } from '../../protocol/generated/troupe/v1/TaskConstraints.ts';
import type { TaskSchedulingPolicy__Output } from '../../protocol/generated/troupe/v1/TaskSchedulingPolicy.ts';
import type { TaskSpec__Output } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import type { MultiInstanceSettings__Output } from '../../protocol/generated/troupe/v1/MultiInstanceSettings.ts';
import type { ListSubtasksRequest__Output } from '../../protocol/generated/troupe/v1/ListSubtasksRequest.ts';
import { metadataField } from './metadata-validation.ts';
import { jobDependencyFields, taskDependencyFields } from './dependency-validation.ts';
import { taskPtyField } from './pty-validation.ts';

// ---- Limits ------------------------------------------------------------------------------------

export const MAX_DISPLAY_NAME_CHARS = 1024;
export const MAX_TASK_SLOTS = 256;
/** The most GPU devices one task may ask for: more than any machine holds (8 or 16 today). */
export const MAX_TASK_GPUS = 64;
export const MAX_PRIORITY = 1000;
export const MAX_RETRY_COUNT = 1000;
export const MAX_PARALLEL_TASKS = 100_000;
export const MAX_ENV_SETTINGS = 1000;
export const MAX_ENV_NAME_CHARS = 256;
export const MAX_ENV_VALUE_BYTES = 32 * 1024;
export const MAX_COMMAND_LINE_BYTES = 32 * 1024;
export const MAX_TASKS_PER_COLLECTION = 100_000;
export const DEFAULT_LIST_RESULTS = 1000;
export const MAX_LIST_RESULTS = 10_000;
/** Environment variables troupe sets on every task: a user may not set or override them. */
export const RESERVED_ENV_PREFIX = 'AZ_BATCH_';

// ---- Results -----------------------------------------------------------------------------------

export type IdKind = 'pool' | 'job' | 'task' | 'node';
export type ValidatedPool = Omit<PoolRecord, 'state' | 'creationTime'>;
export type ValidatedJob = Omit<
  JobRecord,
  'state' | 'creationTime' | 'stateTransitionTime' | 'startTime' | 'endTime' | 'terminateReason'
>;

/** One task of an AddTaskCollection request: its record, or why it was refused. */
export type TaskAddOutcome =
  | { ok: true; task: TaskSpecRecord }
  | { ok: false; /** The id as sent ('' when it was not a string). */ taskId: string; error: InvalidArgumentError };

export interface ValidatedTaskCollection {
  jobId: string;
  /** Same order and length as the request's tasks. */
  results: TaskAddOutcome[];
}

export interface ListTasksQuery {
  jobId: string;
  /** undefined = any state */
  state?: TaskState;
  maxResults: number;
  /** Tasks with a seq greater than this (0 = from the start). */
  after: number;
}


export interface TaskOutputQuery {
  jobId: string;
  taskId: string;
  stream: OutputStream;
  offset: number;
  /** 0 = to the end */
  length: number;
  /** Multi-instance: whose output (undefined = the primary's). */
  subtaskId?: number;
}

export type NodeDisableSchedulingOption = 'taskcompletion' | 'requeue' | 'terminate';

export interface DisableNodeSchedulingCommand {
  nodeId: string;
  option: NodeDisableSchedulingOption;
}

// ---- Ids ---------------------------------------------------------------------------------------

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A pool, job, task or node id: 1-64 letters, digits, '-' and '_' (so it is always one safe NATS
 * subject token and file name). Case-sensitive. The field defaults to `${kind}Id`.
 */
export function validateId(kind: IdKind, value: unknown, field: string = `${kind}Id`): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    throw new InvalidArgumentError(field, "must be 1-64 characters of letters, digits, '-' and '_'");
  }
  return value;
}

// ---- Pools -------------------------------------------------------------------------------------

export function validatePool(pool: Pool__Output | null | undefined): ValidatedPool {
  const p = requiredMessage<Pool__Output>(pool, 'pool');
  const id = validateId('pool', p.id, 'pool.id');
  const displayName = displayNameOf(p.displayName, 'pool.displayName');
  const taskSlotsPerNode = int(p.taskSlotsPerNode, 'pool.taskSlotsPerNode', 1, MAX_TASK_SLOTS, 1);
  const policy = optionalMessage<TaskSchedulingPolicy__Output>(p.taskSchedulingPolicy, 'pool.taskSchedulingPolicy');
  const nodeFillType = oneOf<NodeFillType>(
    policy?.nodeFillType,
    'pool.taskSchedulingPolicy.nodeFillType',
    ['spread', 'pack'],
    'spread',
  );
  const enableInterNodeCommunication = bool(p.enableInterNodeCommunication, 'pool.enableInterNodeCommunication');
  const applicationPackageReferences = validateApplicationPackageReferences(p.applicationPackageReferences, 'pool.applicationPackageReferences');
  return {
    id, displayName, taskSlotsPerNode, nodeFillType, enableInterNodeCommunication,
    ...(applicationPackageReferences.length ? { applicationPackageReferences } : {}),
    ...metadataField(p.metadata, 'pool.metadata'),
  };
}

// ---- Jobs --------------------------------------------------------------------------------------

export function validateJob(job: Job__Output | null | undefined): ValidatedJob {
  const j = requiredMessage<Job__Output>(job, 'job');
  const id = validateId('job', j.id, 'job.id');
  const displayName = displayNameOf(j.displayName, 'job.displayName');
  const poolInfo = optionalMessage<PoolInformation__Output>(j.poolInfo, 'job.poolInfo');
  const rawPoolId = poolInfo?.poolId;
  if (rawPoolId === undefined || rawPoolId === null || rawPoolId === '') {
    throw new InvalidArgumentError('job.poolInfo.poolId', 'is required');
  }
  const poolId = validateId('pool', rawPoolId, 'job.poolInfo.poolId');
  const priority = int(j.priority, 'job.priority', -MAX_PRIORITY, MAX_PRIORITY);
  const c = optionalMessage<JobConstraints__Output>(j.constraints, 'job.constraints');
  const maxWallClockTimeMs = parseDuration(
    str(c?.maxWallClockTime, 'job.constraints.maxWallClockTime'),
    'job.constraints.maxWallClockTime',
  );
  const maxTaskRetryCount = int(c?.maxTaskRetryCount, 'job.constraints.maxTaskRetryCount', -1, MAX_RETRY_COUNT);
  const commonEnvironmentSettings = validateEnvironment(
    j.commonEnvironmentSettings as EnvironmentSetting__Output[] | undefined,
    'job.commonEnvironmentSettings',
  );
  const onAllTasksComplete = oneOf<OnAllTasksComplete>(
    j.onAllTasksComplete,
    'job.onAllTasksComplete',
    ['noaction', 'terminatejob'],
    'noaction',
  );
  const maxParallelTasks = int(j.maxParallelTasks, 'job.maxParallelTasks', 0, MAX_PARALLEL_TASKS);
  return {
    id,
    displayName,
    poolId,
    priority,
    ...(maxWallClockTimeMs === undefined ? {} : { maxWallClockTimeMs }),
    maxTaskRetryCount,
    commonEnvironmentSettings,
    onAllTasksComplete,
    maxParallelTasks,
    ...metadataField(j.metadata, 'job.metadata'),
    ...jobDependencyFields(j as Record<string, unknown>),
  };
}

// ---- Environment -------------------------------------------------------------------------------

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment settings of a job or task. Names are case-sensitive (two names differing in case are
 * two variables), but AZ_BATCH_* is refused in any case, as it would clash on Windows.
 */
export function validateEnvironment(
  settings: readonly EnvironmentSetting__Output[] | null | undefined,
  field: string,
): EnvSetting[] {
  const items = list(settings, field);
  if (items.length > MAX_ENV_SETTINGS) {
    throw new InvalidArgumentError(field, `must have at most ${MAX_ENV_SETTINGS} settings`);
  }
  const seen = new Set<string>();
  return items.map((item, i) => {
    const f = `${field}[${i}]`;
    const s = element<EnvironmentSetting__Output>(item, f);
    const name = str(s.name, `${f}.name`);
    if (name === '') throw new InvalidArgumentError(`${f}.name`, 'is required');
    if (name.length > MAX_ENV_NAME_CHARS) {
      throw new InvalidArgumentError(`${f}.name`, `must be at most ${MAX_ENV_NAME_CHARS} characters`);
    }
    if (!ENV_NAME.test(name)) {
      throw new InvalidArgumentError(`${f}.name`, 'must be letters, digits and _, not starting with a digit');
    }
    if (name.toUpperCase().startsWith(RESERVED_ENV_PREFIX)) {
      throw new InvalidArgumentError(`${f}.name`, `'${name}' is reserved: troupe sets ${RESERVED_ENV_PREFIX}* itself`);
    }
    if (seen.has(name)) throw new InvalidArgumentError(`${f}.name`, `'${name}' is given twice`);
    seen.add(name);
    const value = str(s.value, `${f}.value`);
    noNul(value, `${f}.value`);
    if (Buffer.byteLength(value, 'utf8') > MAX_ENV_VALUE_BYTES) {
      throw new InvalidArgumentError(`${f}.value`, 'must be at most 32 KiB');
    }
    return { name, value };
  });
}

// ---- Tasks -------------------------------------------------------------------------------------

/**
 * A task as a client asked for it. `field` is the path of the task in the request: 'task' for
 * AddTask, `tasks[7]` for an entry of AddTaskCollection.
 */
export function validateTaskSpec(spec: TaskSpec__Output | null | undefined, field = 'task'): TaskSpecRecord {
  const s = requiredMessage<TaskSpec__Output>(spec, field);
  const id = validateId('task', s.id, `${field}.id`);
  const displayName = displayNameOf(s.displayName, `${field}.displayName`);
  const { commandLine, argv } = commandOf(s, field);
  const environmentSettings = validateEnvironment(
    s.environmentSettings as EnvironmentSetting__Output[] | undefined,
    `${field}.environmentSettings`,
  );
  const c = optionalMessage<TaskConstraints__Output>(s.constraints, `${field}.constraints`);
  const maxWallClockTimeMs = parseDuration(
    str(c?.maxWallClockTime, `${field}.constraints.maxWallClockTime`),
    `${field}.constraints.maxWallClockTime`,
  );
  const retentionTimeMs =
    parseDuration(str(c?.retentionTime, `${field}.constraints.retentionTime`), `${field}.constraints.retentionTime`) ??
    DEFAULT_RETENTION_MS;
  // proto3 `optional`: absent means "take the job's", 0 means no retry.
  const rawRetries = c?.maxTaskRetryCount;
  const maxTaskRetryCount =
    rawRetries === undefined || rawRetries === null
      ? undefined
      : int(rawRetries, `${field}.constraints.maxTaskRetryCount`, -1, MAX_RETRY_COUNT);
  const maxMemoryMib = validateMaxMemoryMib(c?.maxMemoryMib, `${field}.constraints`);
  const requiredSlots = int(s.requiredSlots, `${field}.requiredSlots`, 1, MAX_TASK_SLOTS, 1);
  const multiInstance = multiInstanceOf(s, field);
  const requiredGpus = int((s as { requiredGpus?: unknown }).requiredGpus, `${field}.requiredGpus`, 0, MAX_TASK_GPUS);
  if (requiredGpus > 0 && multiInstance) {
    throw new InvalidArgumentError(`${field}.requiredGpus`, 'is not supported on a multi-instance task yet (each instance would need its own devices): leave it 0');
  }
  const userIdentity = validateUserIdentity(s.userIdentity, `${field}.userIdentity`);
  return {
    id,
    displayName,
    commandLine,
    argv,
    environmentSettings,
    constraints: {
      ...(maxWallClockTimeMs === undefined ? {} : { maxWallClockTimeMs }),
      retentionTimeMs,
      ...(maxTaskRetryCount === undefined ? {} : { maxTaskRetryCount }),
      ...(maxMemoryMib === undefined ? {} : { maxMemoryMib }),
    },
    requiredSlots,
    ...(requiredGpus > 0 ? { requiredGpus } : {}),
    ...(multiInstance ? { multiInstance } : {}),
    ...taskFileFields(s as Record<string, unknown>, field),
    ...(userIdentity ? { userIdentity } : {}),
    ...taskTokenSettingsFields(s as Record<string, unknown>, field),
    ...metadataField(s.metadata, `${field}.metadata`),
    ...taskDependencyFields(s as Record<string, unknown>, field),
    ...taskPtyField(s as Record<string, unknown>, field, multiInstance !== undefined, maxMemoryMib),
  };
}

/** The most instances one multi-instance task may ask for (nodes reserved at once). */
export const MAX_INSTANCES = 1024;

function multiInstanceOf(s: Untrusted<TaskSpec__Output>, field: string): MultiInstanceSettings | undefined {
  const m = optionalMessage<MultiInstanceSettings__Output>(s.multiInstanceSettings, `${field}.multiInstanceSettings`);
  if (!m) return undefined;
  const f = `${field}.multiInstanceSettings`;
  const numberOfInstances = int(m.numberOfInstances, `${f}.numberOfInstances`, 1, MAX_INSTANCES);
  const coordination = commandOf(
    { commandLine: m.coordinationCommandLine, commandArgs: m.coordinationCommandArgs } as Untrusted<TaskSpec__Output>,
    f, 'coordinationCommandLine', 'coordinationCommandArgs', true,
  );
  const commonResourceFiles = validateResourceFiles(m.commonResourceFiles, `${f}.commonResourceFiles`);
  return {
    numberOfInstances,
    coordinationCommandLine: coordination.commandLine,
    coordinationArgv: coordination.argv,
    // Unset requiredSlots: each instance takes its whole node (what MPI ranks expect).
    wholeNodes: !s.requiredSlots,
    ...(commonResourceFiles.length > 0 ? { commonResourceFiles } : {}),
  };
}

/** commandArgs (exact argv) wins over commandLine; commandLine is then kept only for display. */
export function commandOf(
  s: Untrusted<TaskSpec__Output>, field: string, lineName = 'commandLine', argsName = 'commandArgs', optional = false,
): { commandLine: string; argv: string[] } {
  const lineField = `${field}.${lineName}`;
  const argsField = `${field}.${argsName}`;
  const line = str(s.commandLine, lineField);
  noNul(line, lineField);
  if (Buffer.byteLength(line, 'utf8') > MAX_COMMAND_LINE_BYTES) {
    throw new InvalidArgumentError(lineField, 'must be at most 32 KiB');
  }
  const args = list(s.commandArgs, argsField);
  if (args.length > 0) {
    const argv = args.map((a, i) => {
      const f = `${argsField}[${i}]`;
      if (typeof a !== 'string') throw new InvalidArgumentError(f, 'must be a string');
      if (a === '') throw new InvalidArgumentError(f, 'must not be empty');
      noNul(a, f);
      return a;
    });
    const quoted = quoteCommandLine(argv);
    if (Buffer.byteLength(quoted, 'utf8') > MAX_COMMAND_LINE_BYTES) {
      throw new InvalidArgumentError(argsField, 'must be at most 32 KiB in all, written as a command line');
    }
    return { commandLine: line !== '' ? line : quoted, argv };
  }
  if (optional && line.trim() === '') return { commandLine: '', argv: [] };
  const argv = parseCommandLine(line, lineField);
  if (argv[0] === '') throw new InvalidArgumentError(lineField, 'must start with a program, not an empty argument');
  return { commandLine: line, argv };
}

export function validateAddTask(req: AddTaskRequest__Output | null | undefined): { jobId: string; task: TaskSpecRecord } {
  const r = requiredMessage<AddTaskRequest__Output>(req, 'request');
  const jobId = validateId('job', r.jobId, 'jobId');
  return { jobId, task: validateTaskSpec(r.task as TaskSpec__Output | null | undefined, 'task') };
}

/**
 * A request-level problem (job id, too many tasks) throws; a bad task does not: it gets its own
 * outcome, as the API answers with a status per task. A task whose id an earlier task of the same
 * request already has is refused (the first one keeps the id, whatever else is wrong with it).
 */
export function validateAddTaskCollection(
  req: AddTaskCollectionRequest__Output | null | undefined,
): ValidatedTaskCollection {
  const { jobId, tasks } = collectionHeader(req);
  const seen = new Set<string>();
  const results: TaskAddOutcome[] = [];
  for (let i = 0; i < tasks.length; i++) results.push(collectionEntry(tasks instanceof LazyMessages ? tasks.get(i) : tasks[i], i, seen));
  return { jobId, results };
}

/** validateAddTaskCollection, in slices that yield (a collection may hold 100,000 tasks), for
 *  a request whose tasks may still be encoded (LazyMessages: each is decoded here, in turn). */
export async function validateAddTaskCollectionInSlices(
  req: AddTaskCollectionRequest__Output | null | undefined, slice: TimeSlice,
): Promise<ValidatedTaskCollection> {
  const { jobId, tasks } = collectionHeader(req);
  const seen = new Set<string>();
  const results: TaskAddOutcome[] = [];
  for (let i = 0; i < tasks.length; i++) {
    let spec: unknown;
    try {
      spec = tasks instanceof LazyMessages ? tasks.get(i) : tasks[i];
    } catch (err) {
      results.push({ ok: false, taskId: '', error: new InvalidArgumentError(`tasks[${i}]`, `is not a valid TaskSpec message: ${(err as Error).message}`) });
      continue;
    }
    results.push(collectionEntry(spec, i, seen));
    await slice.yield();
  }
  return { jobId, results };
}

function collectionHeader(req: AddTaskCollectionRequest__Output | null | undefined): { jobId: string; tasks: readonly unknown[] | LazyMessages<unknown> } {
  const r = requiredMessage<AddTaskCollectionRequest__Output>(req, 'request');
  const jobId = validateId('job', r.jobId, 'jobId');
  const raw: unknown = r.tasks;
  const tasks = raw instanceof LazyMessages ? raw : list(r.tasks, 'tasks');
  if (tasks.length === 0) throw new InvalidArgumentError('tasks', 'must contain at least one task');
  if (tasks.length > MAX_TASKS_PER_COLLECTION) {
    throw new InvalidArgumentError('tasks', `must contain at most ${MAX_TASKS_PER_COLLECTION} tasks`);
  }
  return { jobId, tasks };
}

function collectionEntry(spec: unknown, i: number, seen: Set<string>): TaskAddOutcome {
  const field = `tasks[${i}]`;
  const rawId = isObject(spec) && typeof spec.id === 'string' ? spec.id : '';
  try {
    const s = element<TaskSpec__Output>(spec, field);
    const id = validateId('task', s.id, `${field}.id`);
    if (seen.has(id)) throw new InvalidArgumentError(`${field}.id`, `'${id}' is given twice in this request`);
    seen.add(id);
    return { ok: true, task: validateTaskSpec(spec as TaskSpec__Output, field) };
  } catch (err) {
    if (err instanceof InvalidArgumentError) return { ok: false, taskId: rawId, error: err };
    throw err;
  }
}

const PAGE_TOKEN = /^(0|[1-9][0-9]{0,15})$/;

export function validateListTasks(req: ListTasksRequest__Output | null | undefined): ListTasksQuery {
  const r = requiredMessage<ListTasksRequest__Output>(req, 'request');
  const jobId = validateId('job', r.jobId, 'jobId');
  const state = str(r.state, 'state');
  if (state !== '' && !isTaskState(state)) {
    throw new InvalidArgumentError('state', `must be empty (any state) or one of ${TASK_STATES.join(', ')}`);
  }
  const maxResults = int(r.maxResults, 'maxResults', 1, MAX_LIST_RESULTS, DEFAULT_LIST_RESULTS);
  const token = r.pageToken ?? '';
  let after = 0;
  if (token !== '') {
    if (typeof token !== 'string' || !PAGE_TOKEN.test(token) || !Number.isSafeInteger(Number(token))) {
      throw new InvalidArgumentError('pageToken', 'is not a token this server issued');
    }
    after = Number(token);
  }
  return { jobId, ...(state === '' ? {} : { state: state as TaskState }), maxResults, after };
}

/** ListJobs and ListNodes: a page size, and the sort key a page begins after (its token is the
 *  last key of the previous page, base64url: keys survive items added or removed in between). */
export function validateKeyPage(r: { maxResults?: unknown; pageToken?: unknown }, key: RegExp): { maxResults: number; afterKey?: string } {
  const maxResults = int(r.maxResults, 'maxResults', 1, MAX_LIST_RESULTS, DEFAULT_LIST_RESULTS);
  const token = r.pageToken ?? '';
  if (token === '') return { maxResults };
  const afterKey = typeof token === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!key.test(afterKey)) throw new InvalidArgumentError('pageToken', 'is not a token this server issued');
  return { maxResults, afterKey };
}

export function validateTaskOutputRequest(req: GetTaskOutputRequest__Output | null | undefined): TaskOutputQuery {
  const r = requiredMessage<GetTaskOutputRequest__Output>(req, 'request');
  const jobId = validateId('job', r.jobId, 'jobId');
  const taskId = validateId('task', r.taskId, 'taskId');
  const stream = oneOf<OutputStream>(r.stream, 'stream', OUTPUT_STREAMS, 'stdout');
  const offset = nonNegativeInt64(r.offset, 'offset');
  const length = nonNegativeInt64(r.length, 'length');
  const raw = r.subtaskId;
  const subtaskId = raw === undefined || raw === null ? undefined : int(raw, 'subtaskId', 0, MAX_INSTANCES - 1);
  return { jobId, taskId, stream, offset, length, ...(subtaskId === undefined ? {} : { subtaskId }) };
}

export function validateListSubtasks(req: ListSubtasksRequest__Output | null | undefined): { jobId: string; taskId: string } {
  const r = requiredMessage<ListSubtasksRequest__Output>(req, 'request');
  return { jobId: validateId('job', r.jobId, 'jobId'), taskId: validateId('task', r.taskId, 'taskId') };
}

// ---- Nodes -------------------------------------------------------------------------------------

export function validateDisableNodeScheduling(
  req: DisableNodeSchedulingRequest__Output | null | undefined,
): DisableNodeSchedulingCommand {
  const r = requiredMessage<DisableNodeSchedulingRequest__Output>(req, 'request');
  const nodeId = validateId('node', r.nodeId, 'nodeId');
  const option = oneOf<NodeDisableSchedulingOption>(
    r.nodeDisableSchedulingOption,
    'nodeDisableSchedulingOption',
    ['taskcompletion', 'requeue', 'terminate'],
    'taskcompletion',
  );
  return { nodeId, option };
}

// ---- Helpers: untrusted values to typed ones ---------------------------------------------------

/** A message whose fields are not trusted to have their declared types. */
export type Untrusted<T> = { [K in keyof T]?: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredMessage<T>(value: unknown, field: string): Untrusted<T> {
  if (value === undefined || value === null) throw new InvalidArgumentError(field, 'is required');
  if (!isObject(value)) throw new InvalidArgumentError(field, 'must be an object');
  return value as Untrusted<T>;
}

function optionalMessage<T>(value: unknown, field: string): Untrusted<T> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new InvalidArgumentError(field, 'must be an object');
  return value as Untrusted<T>;
}

/** An entry of a repeated message field. */
function element<T>(value: unknown, field: string): Untrusted<T> {
  if (value === undefined || value === null) throw new InvalidArgumentError(field, 'must not be null');
  if (!isObject(value)) throw new InvalidArgumentError(field, 'must be an object');
  return value as Untrusted<T>;
}

function list(value: unknown, field: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidArgumentError(field, 'must be a list');
  // Array.from turns holes of a sparse array into undefined, which the callers then refuse.
  return Array.from(value as unknown[]);
}

function str(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  return value;
}

function noNul(value: string, field: string): void {
  if (value.includes('\0')) throw new InvalidArgumentError(field, 'must not contain a NUL character');
}

function displayNameOf(value: unknown, field: string): string {
  const s = str(value, field);
  noNul(s, field);
  if (s.length > MAX_DISPLAY_NAME_CHARS) {
    throw new InvalidArgumentError(field, `must be at most ${MAX_DISPLAY_NAME_CHARS} characters`);
  }
  return s;
}

function bool(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(field, 'must be true or false');
  return value;
}

/** An int32 field in [min, max]; 0 (the proto3 default) means `zeroMeans` when given. */
function int(value: unknown, field: string, min: number, max: number, zeroMeans?: number): number {
  const n = value === undefined || value === null ? 0 : value;
  if (n === 0 && zeroMeans !== undefined) return zeroMeans;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(field, `must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** An int64 field (a decimal string from gRPC; a number is accepted too), >= 0. */

/** An enum carried as a string; '' means the default. */
function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], dflt: T): T {
  const s = str(value, field);
  if (s === '') return dflt;
  if (!(allowed as readonly string[]).includes(s)) {
    const names = allowed.map((a) => `'${a}'`);
    const choices = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
    throw new InvalidArgumentError(field, `must be ${choices}`);
  }
  return s as T;
}
