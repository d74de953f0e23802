// A job schedule as troupe keeps it (the troupe_job_schedules KV bucket, one record per
// schedule), and its states with their allowed transitions. Besides what the user asked for, the
// record holds the schedule's progress: the next run's number and recurrence, and a run decided
// but not yet known to be made (pendingRun), so that a coordinator taking over after a crash
// finishes that run instead of losing it or making it twice.
import type { JobSpec } from '../operations/job-operations.ts';
import { IllegalStateError } from '../../protocol/errors.ts';
import type { ScheduleTimes } from './recurrence.ts';

export type { ScheduleTimes } from './recurrence.ts';

export type JobScheduleState =
  /** Makes jobs as its schedule says. */
  | 'active'
  /** Makes no new job until enabled; its active job goes on. */
  | 'disabled'
  /** Terminate was asked: its active job is being terminated. */
  | 'terminating'
  /** Makes no job any more (its runs are over, or it was terminated). Terminal. */
  | 'completed'
  /** Being deleted with its jobs. */
  | 'deleting';

export const JOB_SCHEDULE_STATES: readonly JobScheduleState[] = ['active', 'disabled', 'terminating', 'completed', 'deleting'];

const TRANSITIONS: Record<JobScheduleState, readonly JobScheduleState[]> = {
  active: ['disabled', 'terminating', 'completed', 'deleting'],
  disabled: ['active', 'terminating', 'deleting'],
  terminating: ['completed', 'deleting'],
  completed: ['deleting'],
  deleting: [],
};

export function isJobScheduleState(s: string): s is JobScheduleState {
  return (JOB_SCHEDULE_STATES as readonly string[]).includes(s);
}


/** What each run's job is made of: CreateJob's validated job, less what the run gives it. */
export type JobSpecificationRecord = Omit<JobSpec, 'id' | 'owner' | 'jobScheduleId'>;

/** A run recorded before its job is created (see ScheduleRunner). */
export interface PendingRun {
  /** Its run number: the job is `${scheduleId}-job-${number}`. */
  number: number;
  /** The recurrence it is for (0 = the first, due at the schedule's base time). */
  slot: number;
}

export interface JobScheduleRecord {
  id: string;
  displayName: string;
  schedule: ScheduleTimes;
  jobSpecification: JobSpecificationRecord;
  state: JobScheduleState;
  creationTime: string;
  stateTransitionTime: string;
  previousState?: JobScheduleState;
  previousStateTransitionTime?: string;
  /** The name of the token that created it; its jobs carry it too. */
  owner?: string;
  /** The number the next run's job gets (1 for the first). */
  nextRunNumber: number;
  /** The next recurrence to consider; earlier ones were run or skipped. */
  nextSlot: number;
  pendingRun?: PendingRun;
  /** The id of the last job made. */
  recentJobId?: string;
  /** Recurrences skipped because their start window passed without a job (for operators). */
  skippedRuns: number;
  endTime?: string;
}

/** The job id of a schedule's run: deterministic, so that making it again is ALREADY_EXISTS. */
export const runJobId = (scheduleId: string, runNumber: number): string => `${scheduleId}-job-${runNumber}`;

/** The schedule id and run number of a job id made by runJobId (or undefined). */
export function parseRunJobId(jobId: string): { scheduleId: string; runNumber: number } | undefined {
  const m = /^(.+)-job-([1-9][0-9]*)$/.exec(jobId);
  return m ? { scheduleId: m[1]!, runNumber: Number(m[2]) } : undefined;
}

/** The record moved to `to`, or IllegalStateError when its lifecycle does not allow it. */
export function transitioned(r: JobScheduleRecord, to: JobScheduleState, at: string, extra: Partial<JobScheduleRecord> = {}): JobScheduleRecord {
  if (!TRANSITIONS[r.state].includes(to)) throw new IllegalStateError('job schedule', r.state, to);
  return { ...r, ...extra, state: to, stateTransitionTime: at, previousState: r.state, previousStateTransitionTime: r.stateTransitionTime };
}

export function canMove(r: JobScheduleRecord, to: JobScheduleState): boolean {
  return TRANSITIONS[r.state].includes(to);
}
