// Reads the task list of `task add-many`: a JSON array, or JSON lines (one task per line), of
// tasks in the API's JSON form. Checks shapes only (the server owns the rules) and names the
// line or index of every mistake. The read-only fields of `task list -o json` are accepted and
// ignored, so a job's tasks can be listed and re-added elsewhere.
import type { TaskSpec } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import { InputFileError } from '../cli-errors.ts';
import { parseMemoryMib } from '../memory-size.ts';
import { TASK_FILE_KEYS, taskFilesFromJson } from './task-files-json.ts';
import { userIdentityFromJson } from './user-json.ts';
import { tokenSettingsFromJson } from './job-manager-json.ts';
import { DEPENDENCY_KEYS, DEPENDENCY_READ_ONLY_KEYS, dependencyFromJson } from './dependencies-json.ts';
import { multiInstanceSettingsFromJson } from './multi-instance-json.ts';

const SPEC_KEYS = new Set([
  'id', 'displayName', 'commandLine', 'commandArgs', 'environmentSettings', 'constraints', 'requiredSlots', 'requiredGpus', 'multiInstanceSettings', 'userIdentity', 'authenticationTokenSettings', 'metadata', 'pty', ...TASK_FILE_KEYS, ...DEPENDENCY_KEYS,
]);
const READ_ONLY_KEYS = new Set(['jobId', 'state', 'creationTime', 'stateTransitionTime', 'executionInfo', 'stats', 'gpuIds', ...DEPENDENCY_READ_ONLY_KEYS]);
const CONSTRAINT_KEYS = new Set(['maxWallClockTime', 'maxTaskRetryCount', 'retentionTime', 'maxMemoryMib']);

export function parseTaskFile(content: string, source = 'input'): TaskSpec[] {
  const trimmed = content.trimStart();
  if (trimmed === '') throw new InputFileError(`${source}: no tasks (empty input)`);
  if (trimmed.startsWith('[')) return parseArray(content, source);
  return parseLines(content, source);
}

function parseArray(content: string, source: string): TaskSpec[] {
  let items: unknown;
  try {
    items = JSON.parse(content);
  } catch (err) {
    throw new InputFileError(`${source}: invalid JSON${locate(content, err)}: ${firstSentence(err)}`);
  }
  if (!Array.isArray(items)) throw new InputFileError(`${source}: expected a JSON array of tasks`);
  return items.map((item, index) => toTaskSpec(item, `${source}: task [${index}]`));
}

function parseLines(content: string, source: string): TaskSpec[] {
  const tasks: TaskSpec[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch (err) {
      throw new InputFileError(`${source}: line ${i + 1}: invalid JSON: ${firstSentence(err)}`);
    }
    tasks.push(toTaskSpec(item, `${source}: line ${i + 1}`));
  }
  return tasks;
}

function toTaskSpec(item: unknown, where: string): TaskSpec {
  if (!isObject(item)) throw new InputFileError(`${where}: expected a task object`);
  const at = typeof item.id === 'string' && item.id !== '' ? `${where} (id '${item.id}')` : where;
  const fail = (message: string) => new InputFileError(`${at}: ${message}`);
  for (const key of Object.keys(item)) {
    if (!SPEC_KEYS.has(key) && !READ_ONLY_KEYS.has(key)) throw fail(`unknown field '${key}'`);
  }
  if (typeof item.id !== 'string' || item.id === '') throw fail(`'id' must be a non-empty string`);
  const spec: TaskSpec = { id: item.id };

  const displayName = optionalString(item.displayName, 'displayName', fail);
  if (displayName !== undefined) spec.displayName = displayName;
  const commandLine = optionalString(item.commandLine, 'commandLine', fail);
  if (commandLine !== undefined) spec.commandLine = commandLine;
  if (item.commandArgs !== undefined && item.commandArgs !== null) {
    if (!Array.isArray(item.commandArgs) || !item.commandArgs.every((a) => typeof a === 'string')) {
      throw fail(`'commandArgs' must be an array of strings`);
    }
    spec.commandArgs = item.commandArgs;
  }
  if (item.environmentSettings !== undefined && item.environmentSettings !== null) {
    if (!Array.isArray(item.environmentSettings)) throw fail(`'environmentSettings' must be an array of {name, value}`);
    spec.environmentSettings = item.environmentSettings.map((s, i) => {
      if (!isObject(s) || typeof s.name !== 'string' || !(typeof s.value === 'string' || s.value === undefined)) {
        throw fail(`environmentSettings[${i}] must be {"name": string, "value": string}`);
      }
      return { name: s.name, value: s.value ?? '' };
    });
  }
  if (item.constraints !== undefined && item.constraints !== null) {
    const c = item.constraints;
    if (!isObject(c)) throw fail(`'constraints' must be an object`);
    for (const key of Object.keys(c)) {
      if (!CONSTRAINT_KEYS.has(key)) throw fail(`unknown field 'constraints.${key}'`);
    }
    spec.constraints = {};
    const wall = optionalString(c.maxWallClockTime, 'constraints.maxWallClockTime', fail);
    if (wall !== undefined) spec.constraints.maxWallClockTime = wall;
    const retention = optionalString(c.retentionTime, 'constraints.retentionTime', fail);
    if (retention !== undefined) spec.constraints.retentionTime = retention;
    const retries = optionalInteger(c.maxTaskRetryCount, 'constraints.maxTaskRetryCount', fail);
    if (retries !== undefined) spec.constraints.maxTaskRetryCount = retries;
    const memory = optionalMemory(c.maxMemoryMib, 'constraints.maxMemoryMib', fail);
    if (memory !== undefined) spec.constraints.maxMemoryMib = memory;
  }
  const slots = optionalInteger(item.requiredSlots, 'requiredSlots', fail);
  if (slots !== undefined) spec.requiredSlots = slots;
  const gpus = optionalInteger(item.requiredGpus, 'requiredGpus', fail);
  if (gpus !== undefined) spec.requiredGpus = gpus;
  const multiInstance = multiInstanceSettingsFromJson(item.multiInstanceSettings, fail);
  if (multiInstance) spec.multiInstanceSettings = multiInstance;
  const userIdentity = userIdentityFromJson(item.userIdentity, fail);
  if (userIdentity) spec.userIdentity = userIdentity;
  const tokenSettings = tokenSettingsFromJson(item.authenticationTokenSettings, fail);
  if (tokenSettings) spec.authenticationTokenSettings = tokenSettings;
  if (item.metadata !== undefined && item.metadata !== null) {
    if (!Array.isArray(item.metadata)) throw fail(`'metadata' must be an array of {name, value}`);
    spec.metadata = item.metadata.map((m, i) => {
      if (!isObject(m)) throw fail(`metadata[${i}] must be an object {name, value}`);
      for (const key of Object.keys(m)) if (key !== 'name' && key !== 'value') throw fail(`metadata[${i}]: unknown field '${key}'`);
      if (typeof m.name !== 'string' || !(typeof m.value === 'string' || m.value === undefined)) throw fail(`metadata[${i}] must be {name, value} with string name and value`);
      return { name: m.name, value: (m.value as string | undefined) ?? '' };
    });
  }
  if (item.pty !== undefined && item.pty !== null) {
    if (!isObject(item.pty)) throw fail(`'pty' must be an object {rows, cols}`);
    for (const key of Object.keys(item.pty)) if (key !== 'rows' && key !== 'cols') throw fail(`pty: unknown field '${key}'`);
    spec.pty = { rows: optionalInteger(item.pty.rows, 'pty.rows', fail) ?? 0, cols: optionalInteger(item.pty.cols, 'pty.cols', fail) ?? 0 };
  }
  return { ...spec, ...taskFilesFromJson(item, fail), ...dependencyFromJson(item, fail) };
}

type Fail = (message: string) => InputFileError;

function optionalString(value: unknown, field: string, fail: Fail): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw fail(`'${field}' must be a string`);
  return value;
}

function optionalInteger(value: unknown, field: string, fail: Fail): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw fail(`'${field}' must be an integer`);
  return value;
}

/** MiB as a number (the API's form), or a size with a suffix ("512M", "2G"). */
function optionalMemory(value: unknown, field: string, fail: Fail): number | undefined {
  if (typeof value === 'string') {
    const mib = parseMemoryMib(value, `'${field}'`);
    if (typeof mib === 'object') throw fail(mib.error);
    return mib;
  }
  return optionalInteger(value, field, fail);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstSentence(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // Drop V8's quote of the input (it can be a whole line of JSON) and its position suffix.
  return message
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/, \.\.\."[\s\S]*"\.*\s*is not valid JSON$/, '')
    .replace(/ in JSON at position \d+[\s\S]*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
}

// Newer V8 reports a byte position ("at position 1234"); Node 20 often only quotes the text
// around the mistake. Either way people look for a line number.
function locate(content: string, err: unknown): string {
  const match = /at position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (match) {
    const before = content.slice(0, Number(match[1]));
    return ` at line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
  }
  const line = firstBadLine(content);
  return line ? ` at line ${line}` : '';
}

// A JSON syntax error is visible in every prefix that contains it, while a clean prefix only
// "ends early": so the first line whose prefix has a real error is found by binary search.
function firstBadLine(content: string): number | undefined {
  const lineEnds: number[] = [];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) lineEnds.push(i);
  lineEnds.push(content.length);
  const broken = (line: number) => {
    const prefix = content.slice(0, lineEnds[line - 1]);
    try {
      JSON.parse(prefix);
      return false;
    } catch (err) {
      const message = (err as Error).message;
      if (/Unexpected end of JSON input/.test(message)) return false;
      const at = /at position (\d+)/.exec(message);
      return !at || Number(at[1]) < prefix.trimEnd().length;
    }
  };
  if (!broken(lineEnds.length)) return undefined;
  let [lo, hi] = [1, lineEnds.length];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (broken(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
