// Task dependencies and exit conditions in the CLI's JSON forms (Azure Batch's names: dependsOn
// {taskIds, taskIdRanges}, exitConditions {exitCodes, exitCodeRanges, preProcessingError,
// fileUploadError, default}), both ways: what `task show -o json` prints, `add-many` takes back.
import type { Task__Output } from '../../protocol/generated/troupe/v1/Task.ts';
import type { TaskSpec } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import type { ExitOptions, ExitOptions__Output } from '../../protocol/generated/troupe/v1/ExitOptions.ts';
import type { InputFileError } from '../cli-errors.ts';

export const DEPENDENCY_KEYS = ['dependsOn', 'exitConditions'] as const;
export const DEPENDENCY_READ_ONLY_KEYS = ['dependencyState'] as const;

type Fail = (message: string) => InputFileError;
type Obj = Record<string, unknown>;

interface ExitOptionsJson { jobAction: string | null; dependencyAction: string | null }

const text = (s: string | null | undefined) => (s ? s : null);

function optionsJson(o: ExitOptions__Output | null | undefined): ExitOptionsJson | null {
  return o ? { jobAction: text(o.jobAction), dependencyAction: text(o.dependencyAction) } : null;
}

/** The fields, only on a task that has them. */
export function dependencyJson(t: Task__Output): Obj {
  const out: Obj = {};
  const d = t.dependsOn;
  if (d && (d.taskIds.length || d.taskIdRanges.length)) {
    out.dependsOn = { taskIds: d.taskIds, taskIdRanges: d.taskIdRanges.map((r) => ({ start: r.start, end: r.end })) };
  }
  const e = t.exitConditions;
  if (e) {
    out.exitConditions = {
      exitCodes: e.exitCodes.map((c) => ({ code: c.code, exitOptions: optionsJson(c.exitOptions) })),
      exitCodeRanges: e.exitCodeRanges.map((r) => ({ start: r.start, end: r.end, exitOptions: optionsJson(r.exitOptions) })),
      preProcessingError: optionsJson(e.preProcessingError),
      fileUploadError: optionsJson(e.fileUploadError),
      default: optionsJson(e.defaultAction),
    };
  }
  const s = t.dependencyState;
  if (s?.state) out.dependencyState = { state: s.state, waitingOn: s.waitingOn, waitingOnCount: s.waitingOnCount, blockedBy: s.blockedBy, blockedByCount: s.blockedByCount };
  return out;
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keysIn(o: Obj, allowed: readonly string[], where: string, fail: Fail): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) throw fail(`unknown field '${where}.${key}'`);
}

function int(v: unknown, where: string, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw fail(`'${where}' must be an integer`);
  return v;
}

function optionsFromJson(v: unknown, where: string, fail: Fail): ExitOptions | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw fail(`'${where}' must be an object {jobAction, dependencyAction}`);
  keysIn(v, ['jobAction', 'dependencyAction'], where, fail);
  const out: ExitOptions = {};
  for (const key of ['jobAction', 'dependencyAction'] as const) {
    const value = v[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw fail(`'${where}.${key}' must be a string`);
    out[key] = value;
  }
  return out;
}

function listOf(v: unknown, where: string, fail: Fail): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw fail(`'${where}' must be an array`);
  return v;
}

/** The task's dependsOn and exitConditions from an add-many entry (shapes only). */
export function dependencyFromJson(item: Obj, fail: Fail): Pick<TaskSpec, 'dependsOn' | 'exitConditions'> {
  const out: Pick<TaskSpec, 'dependsOn' | 'exitConditions'> = {};
  const d = item.dependsOn;
  if (d !== undefined && d !== null) {
    if (!isObject(d)) throw fail(`'dependsOn' must be an object {taskIds, taskIdRanges}`);
    keysIn(d, ['taskIds', 'taskIdRanges'], 'dependsOn', fail);
    const taskIds = listOf(d.taskIds, 'dependsOn.taskIds', fail).map((id, i) => {
      if (typeof id !== 'string') throw fail(`'dependsOn.taskIds[${i}]' must be a string`);
      return id;
    });
    const taskIdRanges = listOf(d.taskIdRanges, 'dependsOn.taskIdRanges', fail).map((r, i) => {
      const where = `dependsOn.taskIdRanges[${i}]`;
      if (!isObject(r)) throw fail(`'${where}' must be an object {start, end}`);
      keysIn(r, ['start', 'end'], where, fail);
      return { start: int(r.start, `${where}.start`, fail), end: int(r.end, `${where}.end`, fail) };
    });
    out.dependsOn = { taskIds, taskIdRanges };
  }
  const e = item.exitConditions;
  if (e !== undefined && e !== null) {
    if (!isObject(e)) throw fail(`'exitConditions' must be an object`);
    keysIn(e, ['exitCodes', 'exitCodeRanges', 'preProcessingError', 'fileUploadError', 'default'], 'exitConditions', fail);
    out.exitConditions = {
      exitCodes: listOf(e.exitCodes, 'exitConditions.exitCodes', fail).map((c, i) => {
        const where = `exitConditions.exitCodes[${i}]`;
        if (!isObject(c)) throw fail(`'${where}' must be an object {code, exitOptions}`);
        keysIn(c, ['code', 'exitOptions'], where, fail);
        return { code: int(c.code, `${where}.code`, fail), exitOptions: optionsFromJson(c.exitOptions, `${where}.exitOptions`, fail) ?? null };
      }),
      exitCodeRanges: listOf(e.exitCodeRanges, 'exitConditions.exitCodeRanges', fail).map((r, i) => {
        const where = `exitConditions.exitCodeRanges[${i}]`;
        if (!isObject(r)) throw fail(`'${where}' must be an object {start, end, exitOptions}`);
        keysIn(r, ['start', 'end', 'exitOptions'], where, fail);
        return { start: int(r.start, `${where}.start`, fail), end: int(r.end, `${where}.end`, fail), exitOptions: optionsFromJson(r.exitOptions, `${where}.exitOptions`, fail) ?? null };
      }),
      preProcessingError: optionsFromJson(e.preProcessingError, 'exitConditions.preProcessingError', fail) ?? null,
      fileUploadError: optionsFromJson(e.fileUploadError, 'exitConditions.fileUploadError', fail) ?? null,
      defaultAction: optionsFromJson(e.default, 'exitConditions.default', fail) ?? null,
    };
  }
  return out;
}

/** `task show`'s lines: what it depends on, and where it stands. */
export function dependsOnText(t: Task__Output): string | null {
  const d = t.dependsOn;
  if (!d || (!d.taskIds.length && !d.taskIdRanges.length)) return null;
  return [...d.taskIds, ...d.taskIdRanges.map((r) => `${r.start}..${r.end}`)].join(', ');
}

export function dependencyStateText(t: Task__Output): string | null {
  const s = t.dependencyState;
  if (!s?.state) return null;
  const more = (ids: string[], n: number) => ids.join(', ') + (n > ids.length ? ` and ${n - ids.length} more` : '');
  if (s.state === 'waiting') return `waiting on ${more(s.waitingOn, s.waitingOnCount)}`;
  if (s.state === 'blocked') return `blocked by ${more(s.blockedBy, s.blockedByCount)}` + (s.waitingOnCount ? `; waiting on ${more(s.waitingOn, s.waitingOnCount)}` : '');
  return s.state;
}
