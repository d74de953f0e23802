// Validation of the tasks that prepare nodes: a pool's start task, a job's preparation and
// release tasks. Same rules as a task's command line and environment (validation.ts), field
// paths named in full ("pool.startTask.commandLine").
import { validateResourceFiles } from './file-validation.ts';
import { InvalidArgumentError } from '../../protocol/errors.ts';
import { parseDuration } from '../../protocol/duration.ts';
import {
  DEFAULT_JOB_PREPARATION_ID, DEFAULT_JOB_RELEASE_ID, JOB_RELEASE_MAX_WALL_CLOCK_MS,
  type JobPreparationTaskRecord, type JobReleaseTaskRecord, type NodeTaskCommand, type StartTaskRecord,
} from '../../protocol/records/node-task-records.ts';
import type { EnvironmentSetting__Output } from '../../protocol/generated/troupe/v1/EnvironmentSetting.ts';
import type { TaskSpec__Output } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import { validateUserIdentity } from './user-validation.ts';
import { commandOf, MAX_RETRY_COUNT, validateEnvironment, validateId, type Untrusted } from './validation.ts';

type Untyped = Record<string, unknown>;

function message(value: unknown, field: string): Untyped | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(field, 'must be a message');
  return value as Untyped;
}

function retries(value: unknown, field: string): number {
  const n = value === undefined || value === null ? 0 : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -1 || n > MAX_RETRY_COUNT) {
    throw new InvalidArgumentError(field, `must be an integer from -1 to ${MAX_RETRY_COUNT}`);
  }
  return n;
}

function flag(value: unknown, field: string, dflt: boolean): boolean {
  if (value === undefined || value === null) return dflt;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(field, 'must be true or false');
  return value;
}

function duration(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a duration string');
  return parseDuration(value, field);
}

function command(m: Untyped, field: string): NodeTaskCommand {
  const line = m.commandLine ?? '';
  const args = m.commandArgs ?? [];
  if (line === '' && Array.isArray(args) && args.length === 0) throw new InvalidArgumentError(`${field}.commandLine`, 'is required (or commandArgs)');
  const { commandLine, argv } = commandOf(m as Untrusted<TaskSpec__Output>, field);
  const environmentSettings = validateEnvironment(m.environmentSettings as EnvironmentSetting__Output[] | undefined, `${field}.environmentSettings`);
  const resourceFiles = validateResourceFiles(m.resourceFiles, `${field}.resourceFiles`);
  const userIdentity = validateUserIdentity(m.userIdentity, `${field}.userIdentity`);
  return {
    commandLine, argv, environmentSettings, maxTaskRetryCount: retries(m.maxTaskRetryCount, `${field}.maxTaskRetryCount`),
    ...(resourceFiles.length > 0 ? { resourceFiles } : {}),
    ...(userIdentity ? { userIdentity } : {}),
  };
}

function taskId(value: unknown, field: string, dflt: string): string {
  if (value === undefined || value === null || value === '') return dflt;
  return validateId('task', value, field);
}

export function validateStartTask(value: unknown, field = 'pool.startTask'): StartTaskRecord | undefined {
  const m = message(value, field);
  if (!m) return undefined;
  return { ...command(m, field), waitForSuccess: flag(m.waitForSuccess, `${field}.waitForSuccess`, false) };
}

export function validateJobPreparationTask(value: unknown, field = 'job.jobPreparationTask'): JobPreparationTaskRecord | undefined {
  const m = message(value, field);
  if (!m) return undefined;
  const maxWallClockTimeMs = duration(m.maxWallClockTime, `${field}.maxWallClockTime`);
  return {
    ...command(m, field),
    id: taskId(m.id, `${field}.id`, DEFAULT_JOB_PREPARATION_ID),
    waitForSuccess: flag(m.waitForSuccess, `${field}.waitForSuccess`, true),
    ...(maxWallClockTimeMs === undefined ? {} : { maxWallClockTimeMs }),
  };
}

export function validateJobReleaseTask(value: unknown, field = 'job.jobReleaseTask'): JobReleaseTaskRecord | undefined {
  const m = message(value, field);
  if (!m) return undefined;
  const limit = duration(m.maxWallClockTime, `${field}.maxWallClockTime`) ?? JOB_RELEASE_MAX_WALL_CLOCK_MS;
  if (limit > JOB_RELEASE_MAX_WALL_CLOCK_MS) throw new InvalidArgumentError(`${field}.maxWallClockTime`, 'must be at most 15 minutes (as in Azure Batch)');
  // A release task is not retried (Azure Batch's JobReleaseTask has no retry count).
  return { ...command(m, field), maxTaskRetryCount: 0, id: taskId(m.id, `${field}.id`, DEFAULT_JOB_RELEASE_ID), maxWallClockTimeMs: limit };
}
