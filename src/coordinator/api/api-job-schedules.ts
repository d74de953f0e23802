// The job schedule calls of the API (coordinator/schedules/): each request validated, then the
// schedule's operation, then the record in Azure Batch's CloudJobSchedule form.
import type { BatchHandlers } from '../../protocol/generated/troupe/v1/Batch.ts';
import type { JobSchedule } from '../../protocol/generated/troupe/v1/JobSchedule.ts';
import type { JobRecord } from '../../protocol/records/records.ts';
import { InvalidArgumentError } from '../../protocol/errors.ts';
import { formatDuration } from '../../protocol/duration.ts';
import type { Logger } from '../../protocol/log.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import { callerOf } from '../auth/authorize.ts';
import { seesAllJobs } from '../auth/call-policy.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { JobScheduleOperations } from '../schedules/job-schedule-operations.ts';
import { isJobScheduleState, JOB_SCHEDULE_STATES, type JobScheduleRecord } from '../schedules/job-schedule-record.ts';
import { validateJobSchedule, validateJobScheduleId, validatePatchJobSchedule } from '../validation/job-schedule-validation.ts';
import { validateKeyPage } from '../validation/validation.ts';
import { keyPage } from './bounded-page.ts';
import { jobToApi } from './api-mapping.ts';

type JobScheduleHandlers = Pick<BatchHandlers,
  'CreateJobSchedule' | 'GetJobSchedule' | 'ListJobSchedules' | 'PatchJobSchedule' | 'DisableJobSchedule' | 'EnableJobSchedule' | 'TerminateJobSchedule' | 'DeleteJobSchedule'>;

/** A page of schedules begins after this id (its token is that id, base64url). */
const SCHEDULE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

export function jobScheduleHandlers(schedules: JobScheduleOperations, state: ClusterState, log: Logger): JobScheduleHandlers {
  const toApi = (r: JobScheduleRecord) => jobScheduleToApi(r, schedules.nextRunTime(r));
  const id = (value: unknown) => validateJobScheduleId(value);
  return {
    CreateJobSchedule: unary(log, 'CreateJobSchedule', async (req, call) =>
      toApi(await schedules.create(validateJobSchedule(req.jobSchedule, (poolId) => state.pools.get(poolId)), callerOf(call).name))),
    GetJobSchedule: unary(log, 'GetJobSchedule', (req) => toApi(schedules.get(id(req.jobScheduleId)))),
    ListJobSchedules: unary(log, 'ListJobSchedules', (req, call) => {
      if (req.state && !isJobScheduleState(req.state)) throw new InvalidArgumentError('state', `must be empty or one of ${JOB_SCHEDULE_STATES.join(', ')}`);
      const { maxResults, afterKey } = validateKeyPage(req, SCHEDULE_KEY);
      const caller = callerOf(call);
      const list = schedules.list({
        ...(req.state ? { state: req.state as JobScheduleRecord['state'] } : {}),
        ...(seesAllJobs(caller.role) ? {} : { owner: caller.name }),
        ...(afterKey !== undefined ? { afterId: afterKey } : {}),
      });
      const page = keyPage(list, maxResults, toApi, (r) => r.id);
      return { jobSchedules: page.items, nextPageToken: page.nextPageToken };
    }),
    PatchJobSchedule: unary(log, 'PatchJobSchedule', async (req) => {
      const { id: scheduleId, ...patch } = validatePatchJobSchedule(req, (poolId) => state.pools.get(poolId));
      return toApi(await schedules.patch(scheduleId, patch));
    }),
    DisableJobSchedule: unary(log, 'DisableJobSchedule', async (req) => toApi(await schedules.disable(id(req.jobScheduleId)))),
    EnableJobSchedule: unary(log, 'EnableJobSchedule', async (req) => toApi(await schedules.enable(id(req.jobScheduleId)))),
    TerminateJobSchedule: unary(log, 'TerminateJobSchedule', async (req) => toApi(await schedules.terminate(id(req.jobScheduleId)))),
    DeleteJobSchedule: unary(log, 'DeleteJobSchedule', async (req) => {
      const scheduleId = id(req.jobScheduleId);
      schedules.get(scheduleId);
      await schedules.delete(scheduleId);
      return {};
    }),
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());
const duration = (ms: number | undefined) => (ms === undefined ? '' : formatDuration(ms));

export function jobScheduleToApi(r: JobScheduleRecord, nextRunTimeMs: number | undefined): JobSchedule {
  // The job every run makes, in CreateJob's form: the job mapping, less what a job has of its own.
  const job = jobToApi({ ...r.jobSpecification, id: '', state: 'active', creationTime: '', stateTransitionTime: '', startTime: '' } as JobRecord);
  return {
    id: r.id,
    displayName: r.displayName,
    schedule: {
      doNotRunUntil: iso(r.schedule.doNotRunUntilMs),
      doNotRunAfter: iso(r.schedule.doNotRunAfterMs),
      startWindow: duration(r.schedule.startWindowMs),
      recurrenceInterval: duration(r.schedule.recurrenceIntervalMs),
    },
    jobSpecification: { ...job, state: '', executionInfo: null, owner: '', jobScheduleId: '' },
    state: r.state,
    creationTime: r.creationTime,
    stateTransitionTime: r.stateTransitionTime,
    previousState: r.previousState ?? '',
    previousStateTransitionTime: r.previousStateTransitionTime ?? '',
    executionInfo: {
      nextRunTime: iso(nextRunTimeMs),
      recentJob: r.recentJobId ? { id: r.recentJobId } : null,
      endTime: r.endTime ?? '',
    },
    owner: r.owner ?? '',
  };
}
