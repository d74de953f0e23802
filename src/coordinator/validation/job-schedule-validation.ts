// CreateJobSchedule's request to the record troupe keeps: the schedule's times resolved to
// milliseconds, its jobSpecification validated by CreateJob's own rules (job-request-validation.ts)
// with every field named as the schedule's ("jobSchedule.jobSpecification.priority").
import type { JobSchedule__Output } from '../../protocol/generated/troupe/v1/JobSchedule.ts';
import type { Job__Output } from '../../protocol/generated/troupe/v1/Job.ts';
import type { Schedule__Output } from '../../protocol/generated/troupe/v1/Schedule.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import { parseDuration } from '../../protocol/duration.ts';
import { InvalidArgumentError, TroupeError } from '../../protocol/errors.ts';
import type { JobSpecificationRecord, ScheduleTimes } from '../schedules/job-schedule-record.ts';
import { validateJobRequest } from './job-request-validation.ts';
import { MAX_DISPLAY_NAME_CHARS } from './validation.ts';

/** Azure Batch takes 64; troupe keeps room for the "-job-<n>" of its jobs' ids within their 64. */
export const MAX_JOB_SCHEDULE_ID_CHARS = 50;
/** troupe's shortest recurrence (Azure Batch's is 1 minute). */
export const MIN_RECURRENCE_INTERVAL_MS = 1000;

const SCHEDULE_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_JOB_SCHEDULE_ID_CHARS}}$`);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE_TIME_RULE = 'must be an ISO 8601 date-time with a time zone, such as "2026-12-01T08:00:00Z"';

/** The job fields a jobSpecification must leave empty: the run sets them, or they are output. */
const RUN_SET_FIELDS = ['id', 'state', 'creationTime', 'stateTransitionTime', 'owner', 'jobScheduleId'] as const;

export interface ValidatedJobSchedule {
  id: string;
  displayName: string;
  schedule: ScheduleTimes;
  jobSpecification: JobSpecificationRecord;
}

export function validateJobScheduleId(value: unknown, field = 'jobScheduleId'): string {
  if (typeof value !== 'string' || !SCHEDULE_ID.test(value)) {
    throw new InvalidArgumentError(field, `must be 1-${MAX_JOB_SCHEDULE_ID_CHARS} characters of letters, digits, '-' and '_'`);
  }
  return value;
}

export function validateJobSchedule(value: JobSchedule__Output | null | undefined, poolOf: (poolId: string) => PoolRecord | undefined): ValidatedJobSchedule {
  const s = message<JobSchedule__Output>(value, 'jobSchedule', true)!;
  const id = validateJobScheduleId(s.id, 'jobSchedule.id');
  const displayName = s.displayName ?? '';
  if (typeof displayName !== 'string' || displayName.includes('\0') || displayName.length > MAX_DISPLAY_NAME_CHARS) {
    throw new InvalidArgumentError('jobSchedule.displayName', `must be a string of at most ${MAX_DISPLAY_NAME_CHARS} characters, without NUL`);
  }
  return { id, displayName, schedule: validateSchedule(s.schedule, 'jobSchedule.schedule'), jobSpecification: validateJobSpecification(s.jobSpecification, id, poolOf) };
}

export function validateSchedule(value: unknown, field: string): ScheduleTimes {
  const s = message<Schedule__Output>(value, field, true)!;
  const doNotRunUntilMs = instant(s.doNotRunUntil, `${field}.doNotRunUntil`);
  const doNotRunAfterMs = instant(s.doNotRunAfter, `${field}.doNotRunAfter`);
  const startWindowMs = parseDuration(text(s.startWindow, `${field}.startWindow`), `${field}.startWindow`);
  const recurrenceIntervalMs = parseDuration(text(s.recurrenceInterval, `${field}.recurrenceInterval`), `${field}.recurrenceInterval`);
  if (recurrenceIntervalMs !== undefined && recurrenceIntervalMs < MIN_RECURRENCE_INTERVAL_MS) {
    throw new InvalidArgumentError(`${field}.recurrenceInterval`, 'must be at least 1 s');
  }
  if (doNotRunUntilMs !== undefined && doNotRunAfterMs !== undefined && doNotRunAfterMs <= doNotRunUntilMs) {
    throw new InvalidArgumentError(`${field}.doNotRunAfter`, `must be after ${field}.doNotRunUntil`);
  }
  return {
    ...(doNotRunUntilMs !== undefined ? { doNotRunUntilMs } : {}),
    ...(doNotRunAfterMs !== undefined ? { doNotRunAfterMs } : {}),
    ...(startWindowMs !== undefined ? { startWindowMs } : {}),
    ...(recurrenceIntervalMs !== undefined ? { recurrenceIntervalMs } : {}),
  };
}

/** The job of every run, by CreateJob's rules; errors name the schedule's fields. */
export function validateJobSpecification(
  value: unknown, scheduleId: string, poolOf: (poolId: string) => PoolRecord | undefined, field = 'jobSchedule.jobSpecification',
): JobSpecificationRecord {
  const spec = message<Job__Output>(value, field, true)!;
  for (const key of RUN_SET_FIELDS) {
    const v = spec[key];
    if (v !== undefined && v !== null && v !== '') throw new InvalidArgumentError(`${field}.${key}`, "must be empty: each run's job gets its own");
  }
  const info = spec.executionInfo as Record<string, unknown> | null | undefined;
  if (info && Object.values(info).some((v) => v !== undefined && v !== null && v !== '')) {
    throw new InvalidArgumentError(`${field}.executionInfo`, 'must be empty: it is output only');
  }
  let job;
  try {
    // The schedule's id stands in for the runs' job ids (valid, and shorter than any of them).
    job = validateJobRequest({ ...spec, id: scheduleId } as Job__Output, poolOf);
  } catch (err) {
    throw renamed(err, field);
  }
  const { id: _id, ...rest } = job;
  return rest;
}

/** PatchJobSchedule: what it replaces (undefined: kept). */
export function validatePatchJobSchedule(
  req: { jobScheduleId?: unknown; schedule?: unknown; jobSpecification?: unknown } | null | undefined, poolOf: (poolId: string) => PoolRecord | undefined,
): { id: string; schedule?: ScheduleTimes; jobSpecification?: JobSpecificationRecord } {
  const id = validateJobScheduleId(req?.jobScheduleId);
  const schedule = req?.schedule === undefined || req.schedule === null ? undefined : validateSchedule(req.schedule, 'schedule');
  const jobSpecification = req?.jobSpecification === undefined || req.jobSpecification === null ? undefined : validateJobSpecification(req.jobSpecification, id, poolOf, 'jobSpecification');
  return { id, ...(schedule ? { schedule } : {}), ...(jobSpecification ? { jobSpecification } : {}) };
}

/** A job validation error with its "job." field names as the jobSpecification's. */
function renamed(err: unknown, prefix: string): unknown {
  if (err instanceof InvalidArgumentError && (err.field === 'job' || err.field.startsWith('job.'))) {
    return new InvalidArgumentError(prefix + err.field.slice(3), err.message.slice(err.field.length + 1));
  }
  if (err instanceof TroupeError) return new TroupeError(err.code, err.message.replace(/\bjob\.(?=[A-Za-z])/g, `${prefix}.`), { cause: err });
  return err;
}

function message<T>(value: unknown, field: string, required: boolean): { [K in keyof T]?: unknown } | undefined {
  if (value === undefined || value === null) {
    if (required) throw new InvalidArgumentError(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(field, 'must be an object');
  return value as { [K in keyof T]?: unknown };
}

function text(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  return value;
}

function instant(value: unknown, field: string): number | undefined {
  const s = text(value, field);
  if (s === '') return undefined;
  const ms = DATE_TIME.test(s) ? Date.parse(s) : NaN;
  if (!Number.isFinite(ms)) throw new InvalidArgumentError(field, DATE_TIME_RULE);
  return ms;
}
