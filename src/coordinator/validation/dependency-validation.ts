// A task's dependsOn and exitConditions, and a job's usesTaskDependencies and onTaskFailure, as
// a client sent them -> records (dependency-records.ts). The shape only: whether the ids exist,
// whether the job uses dependencies and whether they make a cycle is for the add itself
// (dependency-check.ts), which sees the job.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import {
  DEPENDENCY_ACTIONS, JOB_ACTIONS, ON_TASK_FAILURE,
  type DependencyAction, type ExitConditionsRecord, type ExitOptionsRecord, type JobAction, type OnTaskFailure, type TaskDependenciesRecord,
} from '../../protocol/records/dependency-records.ts';

/** Azure Batch's limit on a task's dependsOn.taskIds: 64,000 characters in all. */
export const MAX_DEPENDENCY_ID_CHARS = 64_000;
export const MAX_DEPENDENCY_RANGES = 1000;
/** The ids a task's ranges may cover in all (each must be a task of the job). */
export const MAX_DEPENDENCY_RANGE_IDS = 1_000_000;
export const MAX_EXIT_CODE_MAPPINGS = 1000;

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function message(v: unknown, field: string): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new InvalidArgumentError(field, 'must be a message');
  return v;
}

function items(v: unknown, field: string, max: number): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new InvalidArgumentError(field, 'must be a list');
  if (v.length > max) throw new InvalidArgumentError(field, `has ${v.length} entries: at most ${max}`);
  return v;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  const n = v === undefined || v === null ? 0 : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(field, `must be an integer from ${min} to ${max}`);
  return n;
}

function choice<T extends string>(v: unknown, field: string, allowed: readonly T[]): T | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v.toLowerCase())) {
    throw new InvalidArgumentError(field, `must be empty or one of ${allowed.join(', ')}`);
  }
  return v.toLowerCase() as T;
}

const TASK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A task's dependsOn (undefined when it names no task). */
export function validateDependsOn(raw: unknown, field: string): TaskDependenciesRecord | undefined {
  const d = message(raw, field);
  if (!d) return undefined;
  const taskIds: string[] = [];
  let chars = 0;
  for (const [i, id] of items(d.taskIds, `${field}.taskIds`, MAX_DEPENDENCY_ID_CHARS).entries()) {
    const f = `${field}.taskIds[${i}]`;
    if (typeof id !== 'string' || !TASK_ID.test(id)) throw new InvalidArgumentError(f, 'must be a task id (1-64 letters, digits, _ and -)');
    chars += id.length;
    if (chars > MAX_DEPENDENCY_ID_CHARS) throw new InvalidArgumentError(`${field}.taskIds`, `must be at most ${MAX_DEPENDENCY_ID_CHARS} characters in all (Azure Batch's limit): use taskIdRanges for many tasks`);
    taskIds.push(id);
  }
  const ranges: { start: number; end: number }[] = [];
  let covered = 0;
  for (const [i, r] of items(d.taskIdRanges, `${field}.taskIdRanges`, MAX_DEPENDENCY_RANGES).entries()) {
    const f = `${field}.taskIdRanges[${i}]`;
    const m = message(r, f) ?? {};
    const start = integer(m.start, `${f}.start`, 0, 2 ** 31 - 1);
    const end = integer(m.end, `${f}.end`, 0, 2 ** 31 - 1);
    if (end < start) throw new InvalidArgumentError(`${f}.end`, `${end} is less than start ${start}`);
    covered += end - start + 1;
    if (covered > MAX_DEPENDENCY_RANGE_IDS) throw new InvalidArgumentError(`${field}.taskIdRanges`, `cover more than ${MAX_DEPENDENCY_RANGE_IDS} task ids in all`);
    ranges.push({ start, end });
  }
  if (taskIds.length === 0 && ranges.length === 0) return undefined;
  return { taskIds: [...new Set(taskIds)], ranges };
}

function exitOptions(raw: unknown, field: string): ExitOptionsRecord | undefined {
  const o = message(raw, field);
  if (!o) return undefined;
  const jobAction = choice<JobAction>(o.jobAction, `${field}.jobAction`, JOB_ACTIONS);
  const dependencyAction = choice<DependencyAction>(o.dependencyAction, `${field}.dependencyAction`, DEPENDENCY_ACTIONS);
  return { ...(jobAction ? { jobAction } : {}), ...(dependencyAction ? { dependencyAction } : {}) };
}

const EXIT_CODE_MIN = -(2 ** 31);
const EXIT_CODE_MAX = 2 ** 31 - 1;

/** A task's exitConditions (undefined when it gives none). The proto's default_action is Azure
 *  Batch's `default`. */
export function validateExitConditions(raw: unknown, field: string): ExitConditionsRecord | undefined {
  const e = message(raw, field);
  if (!e) return undefined;
  const exitCodes = items(e.exitCodes, `${field}.exitCodes`, MAX_EXIT_CODE_MAPPINGS).map((m, i) => {
    const f = `${field}.exitCodes[${i}]`;
    const o = message(m, f) ?? {};
    return { code: integer(o.code, `${f}.code`, EXIT_CODE_MIN, EXIT_CODE_MAX), options: exitOptions(o.exitOptions, `${f}.exitOptions`) ?? {} };
  });
  const seen = new Map<number, number>();
  exitCodes.forEach((c, i) => {
    const earlier = seen.get(c.code);
    if (earlier !== undefined) throw new InvalidArgumentError(`${field}.exitCodes[${i}].code`, `${c.code} is given twice (also exitCodes[${earlier}])`);
    seen.set(c.code, i);
  });
  const exitCodeRanges = items(e.exitCodeRanges, `${field}.exitCodeRanges`, MAX_EXIT_CODE_MAPPINGS).map((m, i) => {
    const f = `${field}.exitCodeRanges[${i}]`;
    const o = message(m, f) ?? {};
    const start = integer(o.start, `${f}.start`, EXIT_CODE_MIN, EXIT_CODE_MAX);
    const end = integer(o.end, `${f}.end`, EXIT_CODE_MIN, EXIT_CODE_MAX);
    if (end < start) throw new InvalidArgumentError(`${f}.end`, `${end} is less than start ${start}`);
    return { start, end, options: exitOptions(o.exitOptions, `${f}.exitOptions`) ?? {} };
  });
  const preProcessingError = exitOptions(e.preProcessingError, `${field}.preProcessingError`);
  const fileUploadError = exitOptions(e.fileUploadError, `${field}.fileUploadError`);
  const fallback = exitOptions(e.defaultAction, `${field}.defaultAction`);
  const record: ExitConditionsRecord = {
    ...(exitCodes.length ? { exitCodes } : {}),
    ...(exitCodeRanges.length ? { exitCodeRanges } : {}),
    ...(preProcessingError ? { preProcessingError } : {}),
    ...(fileUploadError ? { fileUploadError } : {}),
    ...(fallback ? { default: fallback } : {}),
  };
  return Object.keys(record).length > 0 ? record : undefined;
}

/** The task fields, only when given. */
export function taskDependencyFields(s: Obj, field: string): { dependsOn?: TaskDependenciesRecord; exitConditions?: ExitConditionsRecord } {
  const dependsOn = validateDependsOn(s.dependsOn, `${field}.dependsOn`);
  const exitConditions = validateExitConditions(s.exitConditions, `${field}.exitConditions`);
  return { ...(dependsOn ? { dependsOn } : {}), ...(exitConditions ? { exitConditions } : {}) };
}

/** The job fields, only when set. */
export function jobDependencyFields(j: Obj, field = 'job'): { usesTaskDependencies?: boolean; onTaskFailure?: OnTaskFailure } {
  const uses = j.usesTaskDependencies;
  if (uses !== undefined && uses !== null && typeof uses !== 'boolean') throw new InvalidArgumentError(`${field}.usesTaskDependencies`, 'must be true or false');
  const onTaskFailure = choice<OnTaskFailure>(j.onTaskFailure, `${field}.onTaskFailure`, ON_TASK_FAILURE);
  return {
    ...(uses ? { usesTaskDependencies: true } : {}),
    ...(onTaskFailure && onTaskFailure !== 'noaction' ? { onTaskFailure } : {}),
  };
}
