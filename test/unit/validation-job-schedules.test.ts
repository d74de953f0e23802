// Request validation of job schedules: the schedule's times, the rules of troupe's minimums, and
// the jobSpecification checked by CreateJob's own rules with the schedule's field names.
import test from 'ava';
import { validateJobSchedule, validateJobScheduleId } from '../../src/coordinator/validation/job-schedule-validation.ts';
import { validateJobRequest } from '../../src/coordinator/validation/job-request-validation.ts';
import { TroupeError } from '../../src/protocol/errors.ts';
import type { JobSchedule__Output } from '../../src/protocol/generated/troupe/v1/JobSchedule.ts';
import type { PoolRecord } from '../../src/protocol/records/records.ts';
import { job, rejects } from '../helpers/validation-requests.ts';

const POOL = { id: 'p1', userAccounts: [{ name: 'alice', elevationLevel: 'nonadmin' }], allowAdminTasks: false } as unknown as PoolRecord;
const pools = (id: string) => (id === 'p1' ? POOL : undefined);
const spec = (over: Record<string, unknown> = {}) => ({ ...job({ id: '', owner: '', state: '', ...over }) });

function schedule(over: Record<string, unknown> = {}, times: Record<string, unknown> = {}): JobSchedule__Output {
  return { id: 'nightly', displayName: '', schedule: { doNotRunUntil: '', doNotRunAfter: '', startWindow: '', recurrenceInterval: '', ...times }, jobSpecification: spec(), ...over } as unknown as JobSchedule__Output;
}
const validate = (s: JobSchedule__Output) => validateJobSchedule(s, pools);

test('a schedule resolves its times and takes the job fields of CreateJob', (t) => {
  const v = validate(schedule({ displayName: 'every night', jobSpecification: spec({ priority: 5, maxParallelTasks: 2 }) }, {
    doNotRunUntil: '2026-12-01T08:00:00Z', doNotRunAfter: '2026-12-31T08:00:00+01:00', startWindow: 'PT1M', recurrenceInterval: '1s',
  }));
  t.deepEqual(v.schedule, {
    doNotRunUntilMs: Date.parse('2026-12-01T08:00:00Z'), doNotRunAfterMs: Date.parse('2026-12-31T07:00:00Z'), startWindowMs: 60_000, recurrenceIntervalMs: 1000,
  });
  t.is(v.id, 'nightly');
  t.is(v.displayName, 'every night');
  t.is(v.jobSpecification.poolId, 'p1');
  t.is(v.jobSpecification.priority, 5);
  t.is(v.jobSpecification.maxParallelTasks, 2);
  t.false('id' in v.jobSpecification);
  // The same record as CreateJob's, less the id.
  const { id: _id, ...asJob } = validateJobRequest(job({ priority: 5, maxParallelTasks: 2 }), pools);
  t.deepEqual(v.jobSpecification, asJob);
  t.deepEqual(validate(schedule()).schedule, {}, 'empty times: one run, at once');
});

test('the schedule and its jobSpecification are required', (t) => {
  rejects(t, () => validate(null as unknown as JobSchedule__Output), 'jobSchedule', 'is required');
  rejects(t, () => validate(schedule({ schedule: null })), 'jobSchedule.schedule', 'is required');
  rejects(t, () => validate(schedule({ jobSpecification: null })), 'jobSchedule.jobSpecification', 'is required');
});

test('ids: 1-50 characters (room for the jobs\' -job-<n>)', (t) => {
  rejects(t, () => validate(schedule({ id: '' })), 'jobSchedule.id', /1-50 characters/);
  rejects(t, () => validate(schedule({ id: 'a:b' })), 'jobSchedule.id', /1-50 characters/);
  rejects(t, () => validate(schedule({ id: 'x'.repeat(51) })), 'jobSchedule.id', /1-50 characters/);
  t.is(validate(schedule({ id: 'x'.repeat(50) })).id, 'x'.repeat(50));
  rejects(t, () => validateJobScheduleId(7), 'jobScheduleId', /1-50 characters/);
});

test('times are ISO 8601 date-times with a zone; durations as elsewhere', (t) => {
  rejects(t, () => validate(schedule({}, { doNotRunUntil: 'tomorrow' })), 'jobSchedule.schedule.doNotRunUntil', /ISO 8601 date-time/);
  rejects(t, () => validate(schedule({}, { doNotRunUntil: '2026-12-01T08:00:00' })), 'jobSchedule.schedule.doNotRunUntil', /with a time zone/);
  rejects(t, () => validate(schedule({}, { doNotRunAfter: '2026-13-01T08:00:00Z' })), 'jobSchedule.schedule.doNotRunAfter', /ISO 8601/);
  rejects(t, () => validate(schedule({}, { startWindow: 'soon' })), 'jobSchedule.schedule.startWindow', /must be a duration/);
  rejects(t, () => validate(schedule({}, { recurrenceInterval: 5 })), 'jobSchedule.schedule.recurrenceInterval', 'must be a string');
});

test('recurrenceInterval at least 1 s, startWindow above 0, doNotRunAfter after doNotRunUntil', (t) => {
  rejects(t, () => validate(schedule({}, { recurrenceInterval: '999ms' })), 'jobSchedule.schedule.recurrenceInterval', 'must be at least 1 s');
  rejects(t, () => validate(schedule({}, { recurrenceInterval: 'PT0S' })), 'jobSchedule.schedule.recurrenceInterval', /longer than 0/);
  rejects(t, () => validate(schedule({}, { startWindow: '0s' })), 'jobSchedule.schedule.startWindow', /longer than 0/);
  rejects(t, () => validate(schedule({}, { doNotRunUntil: '2026-12-01T08:00:00Z', doNotRunAfter: '2026-12-01T08:00:00Z' })),
    'jobSchedule.schedule.doNotRunAfter', 'must be after jobSchedule.schedule.doNotRunUntil');
  t.is(validate(schedule({}, { recurrenceInterval: '1s', startWindow: '1ms' })).schedule.startWindowMs, 1);
});

test('jobSpecification errors name the schedule\'s fields', (t) => {
  rejects(t, () => validate(schedule({ jobSpecification: spec({ poolInfo: null }) })), 'jobSchedule.jobSpecification.poolInfo.poolId', 'is required');
  rejects(t, () => validate(schedule({ jobSpecification: spec({ priority: 1001 }) })), 'jobSchedule.jobSpecification.priority', /-1000 to 1000/);
  rejects(t, () => validate(schedule({ jobSpecification: spec({ onAllTasksComplete: 'never' }) })), 'jobSchedule.jobSpecification.onAllTasksComplete', /'noaction' or 'terminatejob'/);
  rejects(t, () => validate(schedule({ jobSpecification: spec({ constraints: { maxWallClockTime: 'x', maxTaskRetryCount: 0 } }) })), 'jobSchedule.jobSpecification.constraints.maxWallClockTime', /duration/);
  rejects(t, () => validate(schedule({ jobSpecification: spec({ jobPreparationTask: { commandLine: '' } }) })), 'jobSchedule.jobSpecification.jobPreparationTask.commandLine', /./);
});

test('identities of its preparation task are checked against the pool, with the schedule\'s field names', (t) => {
  rejects(t, () => validate(schedule({ jobSpecification: spec({ jobPreparationTask: { commandLine: '/bin/true', userIdentity: { userName: 'bob' } } }) })),
    'jobSchedule.jobSpecification.jobPreparationTask.userIdentity.userName', /must name one of pool 'p1''s userAccounts: alice/);
  const err = t.throws(() => validate(schedule({ jobSpecification: spec({ jobPreparationTask: { commandLine: '/bin/true', userIdentity: { autoUser: { elevationLevel: 'admin' } } } }) }))) as TroupeError;
  t.is(err.code, 'FAILED_PRECONDITION');
  t.regex(err.message, /^jobSchedule\.jobSpecification\.jobPreparationTask\.userIdentity\.autoUser\.elevationLevel 'admin': pool 'p1' does not allow admin tasks/);
});

test('what each run sets, and output-only fields, must be empty in the jobSpecification', (t) => {
  for (const [key, value] of [['id', 'j1'], ['state', 'active'], ['owner', 'x'], ['creationTime', '2026-12-01T08:00:00Z'], ['jobScheduleId', 'y']] as const) {
    rejects(t, () => validate(schedule({ jobSpecification: spec({ [key]: value }) })), `jobSchedule.jobSpecification.${key}`, "must be empty: each run's job gets its own");
  }
  rejects(t, () => validate(schedule({ jobSpecification: spec({ executionInfo: { startTime: 'x', endTime: '', terminateReason: '' } }) })), 'jobSchedule.jobSpecification.executionInfo', 'must be empty: it is output only');
});
