// Job schedules in the CLI's JSON form: `schedule show/list -o json` (Azure Batch's field names,
// null for unset, fixed keys) and the file `schedule create --file` reads, which is that same
// form: the output-only fields are accepted and ignored (a listed schedule can be created again
// elsewhere), an unknown field is refused by its path. Shapes only: the server owns the rules.
import type { JobSchedule, JobSchedule__Output } from '../../protocol/generated/troupe/v1/JobSchedule.ts';
import type { Job } from '../../protocol/generated/troupe/v1/Job.ts';
import { InputFileError } from '../cli-errors.ts';
import { jobJson, type JobJson } from './json-form.ts';
import { text } from './json-values.ts';
import { taskFilesFromJson } from './task-files-json.ts';
import { userIdentityFromJson } from './user-json.ts';

/** What a job has that its schedule's jobSpecification does not. */
type JobOwnKeys = 'id' | 'state' | 'creationTime' | 'stateTransitionTime' | 'executionInfo' | 'owner' | 'jobScheduleId';
export type JobSpecificationJson = Omit<JobJson, JobOwnKeys>;

export interface JobScheduleJson {
  id: string;
  displayName: string | null;
  schedule: { doNotRunUntil: string | null; doNotRunAfter: string | null; startWindow: string | null; recurrenceInterval: string | null };
  jobSpecification: JobSpecificationJson | null;
  state: string | null;
  creationTime: string | null;
  stateTransitionTime: string | null;
  previousState: string | null;
  previousStateTransitionTime: string | null;
  executionInfo: { nextRunTime: string | null; recentJob: { id: string } | null; endTime: string | null };
  owner: string | null;
}

export function jobScheduleJson(s: JobSchedule__Output): JobScheduleJson {
  let jobSpecification: JobSpecificationJson | null = null;
  if (s.jobSpecification) {
    const { id: _id, state: _s, creationTime: _c, stateTransitionTime: _t, executionInfo: _e, owner: _o, jobScheduleId: _j, ...spec } = jobJson(s.jobSpecification);
    jobSpecification = spec;
  }
  return {
    id: s.id,
    displayName: text(s.displayName),
    schedule: {
      doNotRunUntil: text(s.schedule?.doNotRunUntil),
      doNotRunAfter: text(s.schedule?.doNotRunAfter),
      startWindow: text(s.schedule?.startWindow),
      recurrenceInterval: text(s.schedule?.recurrenceInterval),
    },
    jobSpecification,
    state: text(s.state),
    creationTime: text(s.creationTime),
    stateTransitionTime: text(s.stateTransitionTime),
    previousState: text(s.previousState),
    previousStateTransitionTime: text(s.previousStateTransitionTime),
    executionInfo: {
      nextRunTime: text(s.executionInfo?.nextRunTime),
      recentJob: s.executionInfo?.recentJob?.id ? { id: s.executionInfo.recentJob.id } : null,
      endTime: text(s.executionInfo?.endTime),
    },
    owner: text(s.owner),
  };
}

// ---- Reading a schedule file -------------------------------------------------------------------

export type Fail = (message: string) => InputFileError;
/** A field's shape: a scalar, a list of strings, a message (its fields), or a list of messages. */
export type Shape = 'string' | 'int' | 'bool' | 'strings' | ((value: unknown, path: string, fail: Fail) => unknown) | { [key: string]: Shape } | [Shape];

export const ENV: Shape = [{ name: 'string', value: 'string' }];
export const identity = (value: unknown, path: string, fail: Fail) => userIdentityFromJson(value, (m) => fail(`${path.slice(0, -'.userIdentity'.length)}: ${m}`));
export const resourceFiles = (value: unknown, path: string, fail: Fail) =>
  taskFilesFromJson({ resourceFiles: value }, (m) => fail(`${path.slice(0, -'.resourceFiles'.length)}: ${m}`)).resourceFiles;

const NODE_TASK = { id: 'string', commandLine: 'string', commandArgs: 'strings', environmentSettings: ENV, maxWallClockTime: 'string', resourceFiles, userIdentity: identity } as const;
/** The job fields a jobSpecification takes (CreateJob's). */
export const JOB_SPECIFICATION: Record<string, Shape> = {
  displayName: 'string',
  poolInfo: { poolId: 'string' },
  priority: 'int',
  constraints: { maxWallClockTime: 'string', maxTaskRetryCount: 'int' },
  commonEnvironmentSettings: ENV,
  onAllTasksComplete: 'string',
  maxParallelTasks: 'int',
  jobPreparationTask: { ...NODE_TASK, waitForSuccess: 'bool', maxTaskRetryCount: 'int' },
  jobReleaseTask: NODE_TASK,
  metadata: [{ name: 'string', value: 'string' }],
  usesTaskDependencies: 'bool',
  onTaskFailure: 'string',
  jobManagerTask: {
    id: 'string', displayName: 'string', commandLine: 'string', commandArgs: 'strings', environmentSettings: ENV, resourceFiles, userIdentity: identity,
    constraints: { maxWallClockTime: 'string', retentionTime: 'string', maxTaskRetryCount: 'int', maxMemoryMib: 'int' }, requiredSlots: 'int',
    outputFiles: [{ filePattern: 'string', destination: 'string', uploadCondition: 'string' }],
    applicationPackageReferences: [{ applicationId: 'string', version: 'string' }],
    killJobOnCompletion: 'bool', runExclusive: 'bool', allowLowPriorityNode: 'bool', authenticationTokenSettings: { access: 'strings' },
  },
};
const SCHEDULE: Record<string, Shape> = { doNotRunUntil: 'string', doNotRunAfter: 'string', startWindow: 'string', recurrenceInterval: 'string' };
/** Output-only fields of `schedule show -o json`, accepted and ignored. */
const READ_ONLY = new Set(['state', 'creationTime', 'stateTransitionTime', 'previousState', 'previousStateTransitionTime', 'executionInfo', 'owner']);

export function parseJobScheduleFile(content: string, source = 'input'): JobSchedule {
  let item: unknown;
  try {
    item = JSON.parse(content);
  } catch (err) {
    throw new InputFileError(`${source}: invalid JSON: ${(err as Error).message}`);
  }
  const fail: Fail = (m) => new InputFileError(`${source}: ${m}`);
  if (!isObject(item)) throw fail('expected a job schedule object');
  for (const key of Object.keys(item)) {
    if (!['id', 'displayName', 'schedule', 'jobSpecification'].includes(key) && !READ_ONLY.has(key)) throw fail(`unknown field '${key}'`);
  }
  if (typeof item.id !== 'string' || item.id === '') throw fail(`'id' must be a non-empty string`);
  const schedule: JobSchedule = { id: item.id };
  if (item.displayName !== undefined && item.displayName !== null) schedule.displayName = read('string', item.displayName, 'displayName', fail) as string;
  if (item.schedule !== undefined && item.schedule !== null) schedule.schedule = read(SCHEDULE, item.schedule, 'schedule', fail) as JobSchedule['schedule'];
  if (item.jobSpecification !== undefined && item.jobSpecification !== null) schedule.jobSpecification = read(JOB_SPECIFICATION, item.jobSpecification, 'jobSpecification', fail) as Job;
  return schedule;
}

/** `schedule patch --file`: {schedule, jobSpecification}, each replaced when present. The other
 *  fields of the JSON form are accepted and ignored but displayName, which Patch does not change. */
export function parseJobSchedulePatchFile(content: string, source = 'input'): Pick<JobSchedule, 'schedule' | 'jobSpecification'> {
  let item: unknown;
  try {
    item = JSON.parse(content);
  } catch (err) {
    throw new InputFileError(`${source}: invalid JSON: ${(err as Error).message}`);
  }
  const fail: Fail = (m) => new InputFileError(`${source}: ${m}`);
  if (!isObject(item)) throw fail('expected an object with schedule and/or jobSpecification');
  for (const key of Object.keys(item)) {
    if (key === 'displayName' && item.displayName !== null) throw fail("'displayName' cannot be patched (Azure Batch's Patch changes schedule and jobSpecification only)");
    if (!['id', 'displayName', 'schedule', 'jobSpecification'].includes(key) && !READ_ONLY.has(key)) throw fail(`unknown field '${key}'`);
  }
  const patch: Pick<JobSchedule, 'schedule' | 'jobSpecification'> = {};
  if (item.schedule !== undefined && item.schedule !== null) patch.schedule = read(SCHEDULE, item.schedule, 'schedule', fail) as JobSchedule['schedule'];
  if (item.jobSpecification !== undefined && item.jobSpecification !== null) patch.jobSpecification = read(JOB_SPECIFICATION, item.jobSpecification, 'jobSpecification', fail) as Job;
  if (!patch.schedule && !patch.jobSpecification) throw fail('nothing to patch: give schedule and/or jobSpecification');
  return patch;
}

/** `value` checked against `shape`; null and absent fields are left out (unset). */
export function read(shape: Shape, value: unknown, path: string, fail: Fail): unknown {
  if (typeof shape === 'function') return shape(value, path, fail);
  if (shape === 'string' || shape === 'int' || shape === 'bool') {
    const ok = shape === 'string' ? typeof value === 'string' : shape === 'bool' ? typeof value === 'boolean' : Number.isInteger(value);
    if (!ok) throw fail(`'${path}' must be ${shape === 'string' ? 'a string' : shape === 'bool' ? 'true or false' : 'an integer'}`);
    return value;
  }
  if (shape === 'strings') {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw fail(`'${path}' must be an array of strings`);
    return value;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) throw fail(`'${path}' must be an array`);
    return value.map((v, i) => read(shape[0], v, `${path}[${i}]`, fail));
  }
  if (!isObject(value)) throw fail(`'${path}' must be an object`);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = shape[key];
    if (field === undefined) throw fail(`unknown field '${path}.${key}'`);
    if (v === undefined || v === null) continue;
    out[key] = read(field, v, `${path}.${key}`, fail);
  }
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
