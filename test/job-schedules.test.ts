// Job schedules against a real cluster: jobs named <schedule>-job-<n>, one active at a time (a job
// that keeps running holds the next back), disable/enable, terminate, delete with its jobs,
// doNotRunAfter, a single run; the restart and failover cases are in job-schedules-restart.test.ts.
import test from 'ava';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { jobsOf, oneAtATime, terminateEachJob } from './helpers/job-schedules.ts';

let cluster: TestCluster;
test.before(async () => {
  cluster = await startCluster({ workers: 1, slots: 4 });
});
test.after.always(() => cluster?.stop());

const SPEC = { poolInfo: { poolId: 'testpool' }, onAllTasksComplete: 'terminatejob' };
import { runOf } from './helpers/job-schedules.ts';

const notFound = (p: Promise<unknown>) => p.then(() => false, (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND);

test.serial('a recurring schedule names its jobs <id>-job-<n>; a job that keeps running holds the next back', async (t) => {
  const marker = path.join(cluster.dir, 'release-hold');
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'hold', schedule: { recurrenceInterval: '1s' }, jobSpecification: SPEC } });
  const first = await cluster.until('hold-job-1', async () => (await jobsOf(cluster.api, 'hold'))[0]);
  t.is(first.id, 'hold-job-1');
  t.is(first.jobScheduleId, 'hold');
  t.is(first.owner, 'admin');
  await cluster.api.AddTask({ jobId: 'hold-job-1', task: { id: 'wait', commandArgs: ['/bin/sh', '-c', `while [ ! -e ${marker} ]; do sleep 0.05; done`] } });
  // Three recurrences come and go (their windows close while job 1 runs): none makes a job.
  const since = Date.parse(first.creationTime);
  await cluster.until('three recurrences to pass', async () => {
    const s = await cluster.api.GetJobSchedule({ jobScheduleId: 'hold' });
    return Date.parse(s.executionInfo!.nextRunTime) > since + 3500;
  }, 60_000);
  t.deepEqual((await jobsOf(cluster.api, 'hold')).map((j) => j.id), ['hold-job-1'], 'no second job while the first is active');
  const shown = await cluster.api.GetJobSchedule({ jobScheduleId: 'hold' });
  t.is(shown.state, 'active');
  t.is(shown.executionInfo!.recentJob!.id, 'hold-job-1');

  await writeFile(marker, '');
  const ended = await cluster.until('hold-job-1 completed by its task', async () => {
    const j = await cluster.api.GetJob({ jobId: 'hold-job-1' });
    return j.state === 'completed' ? j : undefined;
  });
  t.is(ended.executionInfo!.terminateReason, 'AllTasksComplete');
  const ender = terminateEachJob(() => cluster.api, 'hold');
  t.teardown(() => ender.stop());
  const jobs = await cluster.until('jobs 2 and 3', async () => {
    const all = await jobsOf(cluster.api, 'hold');
    return all.length >= 3 && all[2]!.state === 'completed' ? all : undefined;
  }, 60_000);
  ender.stop();
  t.deepEqual(jobs.slice(0, 3).map((j) => j.id), ['hold-job-1', 'hold-job-2', 'hold-job-3']);
  oneAtATime(t, await jobsOf(cluster.api, 'hold'));
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'hold' });
});

test.serial('disable stops new jobs, enable starts them again with the next number', async (t) => {
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'pause', schedule: { recurrenceInterval: '1s' }, jobSpecification: SPEC } });
  const ender = terminateEachJob(() => cluster.api, 'pause');
  t.teardown(() => ender.stop());
  await cluster.until('two jobs', async () => (await jobsOf(cluster.api, 'pause')).length >= 2);
  const disabled = await cluster.api.DisableJobSchedule({ jobScheduleId: 'pause' });
  t.is(disabled.state, 'disabled');
  t.is(disabled.executionInfo!.nextRunTime, '', 'a disabled schedule has no next run');
  const before = (await jobsOf(cluster.api, 'pause')).length;
  const at = Date.parse(disabled.stateTransitionTime);
  // Observed for three recurrences.
  await cluster.until('three recurrences of observation', async () => Date.now() > at + 3000);
  const during = await jobsOf(cluster.api, 'pause');
  t.is(during.length, before, 'no job while disabled');
  t.true(during.every((j) => Date.parse(j.creationTime) <= at));

  const enabled = await cluster.api.EnableJobSchedule({ jobScheduleId: 'pause' });
  t.is(enabled.state, 'active');
  const after = await cluster.until('a job after enable', async () => {
    const all = await jobsOf(cluster.api, 'pause');
    return all.length > before ? all : undefined;
  });
  t.deepEqual(after.map((j) => runOf(j.id)), after.map((_, i) => i + 1), 'run numbers go on without a gap');
  t.true(Date.parse(after[before]!.creationTime) >= Date.parse(enabled.stateTransitionTime));
  ender.stop();
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'pause' });
});

test.serial('terminate terminates the active job, then the schedule completes', async (t) => {
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'stop', schedule: { recurrenceInterval: '1s' }, jobSpecification: SPEC } });
  await cluster.until('stop-job-1', async () => (await jobsOf(cluster.api, 'stop'))[0]);
  await cluster.api.AddTask({ jobId: 'stop-job-1', task: { id: 'long', commandArgs: ['/bin/sleep', '600'] } });
  await cluster.waitForTask('stop-job-1', 'long', 'running');
  const terminating = await cluster.api.TerminateJobSchedule({ jobScheduleId: 'stop' });
  t.true(['terminating', 'completed'].includes(terminating.state));
  const done = await cluster.until('the schedule completed', async () => {
    const s = await cluster.api.GetJobSchedule({ jobScheduleId: 'stop' });
    return s.state === 'completed' ? s : undefined;
  });
  t.not(done.executionInfo!.endTime, '');
  t.is(done.executionInfo!.nextRunTime, '');
  const job = await cluster.api.GetJob({ jobId: 'stop-job-1' });
  t.is(job.state, 'completed');
  t.is(job.executionInfo!.terminateReason, 'TerminateJobSchedule');
  t.is((await cluster.api.GetTask({ jobId: 'stop-job-1', taskId: 'long' })).state, 'completed');
  t.deepEqual((await jobsOf(cluster.api, 'stop')).map((j) => j.id), ['stop-job-1']);
  const again = await t.throwsAsync(cluster.api.TerminateJobSchedule({ jobScheduleId: 'stop' })) as grpc.ServiceError;
  t.is(again.code, grpc.status.FAILED_PRECONDITION);
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'stop' });
});

test.serial('delete removes the schedule and every job it made', async (t) => {
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'gone', schedule: { recurrenceInterval: '1s' }, jobSpecification: SPEC } });
  const ender = terminateEachJob(() => cluster.api, 'gone');
  t.teardown(() => ender.stop());
  await cluster.until('two jobs', async () => (await jobsOf(cluster.api, 'gone')).length >= 2);
  ender.stop();
  const jobs = await jobsOf(cluster.api, 'gone');
  await cluster.api.AddTask({ jobId: jobs[jobs.length - 1]!.id, task: { id: 't', commandArgs: ['/bin/sleep', '600'] } }).catch(() => {});
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'gone' });
  await cluster.until('the schedule gone', () => notFound(cluster.api.GetJobSchedule({ jobScheduleId: 'gone' })));
  for (const j of await jobsOf(cluster.api, 'gone').catch(() => [])) t.fail(`job ${j.id} left`);
  for (const j of jobs) t.true(await cluster.until(`${j.id} gone`, () => notFound(cluster.api.GetJob({ jobId: j.id }))));
  const err = await t.throwsAsync(cluster.api.DeleteJobSchedule({ jobScheduleId: 'gone' })) as grpc.ServiceError;
  t.is(err.code, grpc.status.NOT_FOUND);
});

test.serial('doNotRunAfter ends a recurring schedule: completed once its last job is', async (t) => {
  const start = Date.now();
  const doNotRunAfter = new Date(start + 3000).toISOString();
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'until', schedule: { recurrenceInterval: '1s', doNotRunAfter }, jobSpecification: SPEC } });
  const ender = terminateEachJob(() => cluster.api, 'until');
  t.teardown(() => ender.stop());
  const done = await cluster.until('the schedule completed', async () => {
    const s = await cluster.api.GetJobSchedule({ jobScheduleId: 'until' });
    return s.state === 'completed' ? s : undefined;
  });
  ender.stop();
  const jobs = await jobsOf(cluster.api, 'until');
  t.true(jobs.length >= 1 && jobs.length <= 4, `${jobs.length} jobs in 3 s at 1 s`);
  t.true(jobs.every((j) => Date.parse(j.creationTime) <= Date.parse(doNotRunAfter)), 'no job after doNotRunAfter');
  t.true(Date.parse(done.executionInfo!.endTime) >= Date.parse(doNotRunAfter));
  t.deepEqual(jobs.map((j) => runOf(j.id)), jobs.map((_, i) => i + 1));
  oneAtATime(t, jobs);
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'until' });
});

test.serial('without a recurrence: one job, from doNotRunUntil; the schedule completes with it', async (t) => {
  const doNotRunUntil = new Date(Date.now() + 1500).toISOString();
  const created = await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'once', displayName: 'just once', schedule: { doNotRunUntil }, jobSpecification: { ...SPEC, priority: 7 } } });
  t.is(created.executionInfo!.nextRunTime, doNotRunUntil);
  t.is(created.jobSpecification!.priority, 7);
  const job = await cluster.until('once-job-1', async () => (await jobsOf(cluster.api, 'once'))[0]);
  t.true(Date.parse(job.creationTime) >= Date.parse(doNotRunUntil));
  t.is(job.priority, 7);
  await cluster.api.AddTask({ jobId: job.id, task: { id: 'a', commandArgs: ['/bin/true'] } });
  const done = await cluster.until('the schedule completed', async () => {
    const s = await cluster.api.GetJobSchedule({ jobScheduleId: 'once' });
    return s.state === 'completed' ? s : undefined;
  });
  t.is((await cluster.api.GetJob({ jobId: 'once-job-1' })).state, 'completed');
  t.is(done.displayName, 'just once');
  t.deepEqual((await jobsOf(cluster.api, 'once')).map((j) => j.id), ['once-job-1']);
  const listed = await cluster.api.ListJobSchedules({ state: 'completed' });
  t.true(listed.jobSchedules.some((s) => s.id === 'once'));
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'once' });
});

test.serial('a submitter sees and changes only its own schedules; their jobs are its own', async (t) => {
  const token = async (name: string, role: string) => cluster.connect((await cluster.api.CreateToken({ name, role })).secret);
  const alice = await token('alice', 'submitter');
  const bob = await token('bob', 'submitter');
  const reader = await token('reader', 'reader');
  t.teardown(() => [alice, bob, reader].forEach((c) => c.close()));
  const created = await alice.CreateJobSchedule({ jobSchedule: { id: 'alices', schedule: { recurrenceInterval: '1h' }, jobSpecification: SPEC } });
  t.is(created.owner, 'alice');
  const job = await cluster.until('alices-job-1', async () => (await jobsOf(cluster.api, 'alices'))[0]);
  t.is(job.owner, 'alice');
  t.is((await alice.GetJob({ jobId: 'alices-job-1' })).jobScheduleId, 'alices');
  const denied = async (call: Promise<unknown>, message: RegExp) => {
    const err = await t.throwsAsync(call) as grpc.ServiceError;
    t.is(err.code, grpc.status.PERMISSION_DENIED, err.details);
    t.regex(err.details, message);
  };
  await denied(bob.GetJobSchedule({ jobScheduleId: 'alices' }), /GetJobSchedule: job schedule 'alices' is not bob's/);
  await denied(bob.DisableJobSchedule({ jobScheduleId: 'alices' }), /is not bob's/);
  await denied(bob.DeleteJobSchedule({ jobScheduleId: 'alices' }), /is not bob's/);
  await denied(bob.GetJob({ jobId: 'alices-job-1' }), /is not bob's/);
  await denied(reader.CreateJobSchedule({ jobSchedule: { id: 'r', schedule: {}, jobSpecification: SPEC } }), /CreateJobSchedule is not allowed for role 'reader'/);
  await denied(reader.TerminateJobSchedule({ jobScheduleId: 'alices' }), /not allowed for role 'reader'/);
  t.deepEqual((await bob.ListJobSchedules({})).jobSchedules.map((s) => s.id), []);
  t.true((await alice.ListJobSchedules({})).jobSchedules.every((s) => s.owner === 'alice'));
  t.true((await reader.ListJobSchedules({})).jobSchedules.some((s) => s.id === 'alices'));
  t.is((await reader.GetJobSchedule({ jobScheduleId: 'alices' })).id, 'alices');
  t.is((await alice.DisableJobSchedule({ jobScheduleId: 'alices' })).state, 'disabled');
  await alice.DeleteJobSchedule({ jobScheduleId: 'alices' });
});

test.serial('bad requests are refused at once, naming the field; nothing is stored', async (t) => {
  const refused = async (request: Record<string, unknown>, code: grpc.status, message: RegExp) => {
    const err = await t.throwsAsync(cluster.api.CreateJobSchedule({ jobSchedule: request })) as grpc.ServiceError;
    t.is(err.code, code, err.details);
    t.regex(err.details, message);
  };
  const base = { id: 'bad', schedule: { recurrenceInterval: '1s' }, jobSpecification: SPEC };
  await refused({ ...base, schedule: { recurrenceInterval: '500ms' } }, grpc.status.INVALID_ARGUMENT, /^jobSchedule\.schedule\.recurrenceInterval must be at least 1 s/);
  await refused({ ...base, schedule: { doNotRunUntil: '2026-12-02T00:00:00Z', doNotRunAfter: '2026-12-01T00:00:00Z' } }, grpc.status.INVALID_ARGUMENT, /^jobSchedule\.schedule\.doNotRunAfter must be after jobSchedule\.schedule\.doNotRunUntil/);
  await refused({ ...base, jobSpecification: { poolInfo: { poolId: 'nowhere' } } }, grpc.status.NOT_FOUND, /pool 'nowhere' does not exist/);
  await refused({ ...base, jobSpecification: { ...SPEC, id: 'x' } }, grpc.status.INVALID_ARGUMENT, /^jobSchedule\.jobSpecification\.id must be empty/);
  await refused({ ...base, jobSpecification: { ...SPEC, maxParallelTasks: -1 } }, grpc.status.INVALID_ARGUMENT, /^jobSchedule\.jobSpecification\.maxParallelTasks/);
  await refused({ ...base, id: 'has:colon' }, grpc.status.INVALID_ARGUMENT, /^jobSchedule\.id must be 1-50 characters/);
  const filter = await t.throwsAsync(cluster.api.ListJobs({ jobScheduleId: 'no such:id' })) as grpc.ServiceError;
  t.is(filter.code, grpc.status.INVALID_ARGUMENT);
  t.regex(filter.details, /^jobScheduleId must be 1-50 characters/);
  const missing = await t.throwsAsync(cluster.api.GetJobSchedule({ jobScheduleId: 'bad' })) as grpc.ServiceError;
  t.is(missing.code, grpc.status.NOT_FOUND);
  t.regex(missing.details, /job schedule 'bad' does not exist/);
  // The id is taken once: ALREADY_EXISTS.
  await cluster.api.CreateJobSchedule({ jobSchedule: { ...base, id: 'twice', schedule: { recurrenceInterval: '1h' } } });
  await refused({ ...base, id: 'twice' }, grpc.status.ALREADY_EXISTS, /job schedule 'twice' already exists/);
  // Its pool cannot be deleted under it.
  const err = await t.throwsAsync(cluster.api.DeletePool({ poolId: 'testpool' })) as grpc.ServiceError;
  t.is(err.code, grpc.status.FAILED_PRECONDITION);
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'twice' });
  const e2 = await t.throwsAsync(cluster.api.EnableJobSchedule({ jobScheduleId: 'twice' })) as grpc.ServiceError;
  t.is(e2.code, grpc.status.NOT_FOUND);
});

test.serial('patch replaces the schedule and the job specification for the jobs made after it', async (t) => {
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'later', schedule: { recurrenceInterval: '1h' }, jobSpecification: SPEC } });
  const ender = terminateEachJob(() => cluster.api, 'later');
  t.teardown(() => ender.stop());
  await cluster.until('later-job-1 completed', async () => (await jobsOf(cluster.api, 'later'))[0]?.state === 'completed');
  const hourly = await cluster.api.GetJobSchedule({ jobScheduleId: 'later' });
  t.true(Date.parse(hourly.executionInfo!.nextRunTime) > Date.now() + 30 * 60_000, 'the next run an hour on');
  const patchedAt = Date.now();
  const patched = await cluster.api.PatchJobSchedule({ jobScheduleId: 'later', schedule: { recurrenceInterval: '1s' }, jobSpecification: { ...SPEC, priority: 9 } });
  t.is(patched.schedule!.recurrenceInterval, '1s');
  t.is(patched.jobSpecification!.priority, 9);
  const jobs = await cluster.until('later-job-2, under the new schedule', async () => {
    const all = await jobsOf(cluster.api, 'later');
    return all.length >= 2 ? all : undefined;
  });
  t.is(jobs[0]!.priority, 0, 'a job made before keeps what it was made with');
  t.is(jobs[1]!.id, 'later-job-2');
  t.is(jobs[1]!.priority, 9);
  t.true(Date.parse(jobs[1]!.creationTime) >= patchedAt);
  // Only the specification: the schedule stays.
  const again = await cluster.api.PatchJobSchedule({ jobScheduleId: 'later', jobSpecification: { ...SPEC, priority: 3 } });
  t.is(again.schedule!.recurrenceInterval, '1s');
  const err = await t.throwsAsync(cluster.api.PatchJobSchedule({ jobScheduleId: 'later', jobSpecification: { ...SPEC, priority: 5000 } })) as grpc.ServiceError;
  t.is(err.code, grpc.status.INVALID_ARGUMENT);
  t.regex(err.details, /^jobSpecification\.priority must be an integer from -1000 to 1000/);
  ender.stop();
  await cluster.api.TerminateJobSchedule({ jobScheduleId: 'later' });
  await cluster.until('later completed', async () => (await cluster.api.GetJobSchedule({ jobScheduleId: 'later' })).state === 'completed');
  const done = await t.throwsAsync(cluster.api.PatchJobSchedule({ jobScheduleId: 'later', schedule: { recurrenceInterval: '1s' } })) as grpc.ServiceError;
  t.is(done.code, grpc.status.FAILED_PRECONDITION);
  await cluster.api.DeleteJobSchedule({ jobScheduleId: 'later' });
});

const troupe = (args: string[], input?: string) => cluster.troupe(args, input);

test.serial('the troupe CLI: schedule create, show -o json fed back to create --file, job list --schedule, delete', async (t) => {
  const created = await troupe(['schedule', 'create', '--id', 'cli', '--pool', 'testpool', '--recurrence-interval', '1h', '--priority', '3', '--on-all-tasks-complete', 'terminatejob', '-o', 'json']);
  t.is(created.code, 0, created.stderr);
  const shown = JSON.parse(created.stdout);
  t.like(shown, { id: 'cli', state: 'active', schedule: { recurrenceInterval: '1h', startWindow: null }, jobSpecification: { poolInfo: { poolId: 'testpool' }, priority: 3 }, owner: 'admin' });
  await cluster.until('cli-job-1', async () => (await jobsOf(cluster.api, 'cli'))[0]);
  const listed = await troupe(['job', 'list', '--schedule', 'cli', '-o', 'json']);
  t.deepEqual(JSON.parse(listed.stdout).map((j: { id: string; jobScheduleId: string }) => [j.id, j.jobScheduleId]), [['cli-job-1', 'cli']]);
  const again = await troupe(['schedule', 'show', 'cli', '-o', 'json']);
  t.is(JSON.parse(again.stdout).executionInfo.recentJob.id, 'cli-job-1');
  const copy = await troupe(['schedule', 'create', '--file', '-', '-o', 'json'], JSON.stringify({ ...JSON.parse(again.stdout), id: 'cli2' }));
  t.is(copy.code, 0, copy.stderr);
  t.like(JSON.parse(copy.stdout), { id: 'cli2', schedule: { recurrenceInterval: '1h' }, jobSpecification: { priority: 3, onAllTasksComplete: 'terminatejob' } });
  const table = await troupe(['schedule', 'list']);
  t.regex(table.stdout, /^cli +active +testpool +1h +\S+ +cli-job-1$/m);
  const bad = await troupe(['schedule', 'create', '--id', 'x', '--pool', 'testpool', '--recurrence-interval', '10ms']);
  t.is(bad.code, 1);
  t.regex(bad.stderr, /INVALID_ARGUMENT: jobSchedule\.schedule\.recurrenceInterval must be at least 1 s/);
  for (const id of ['cli', 'cli2']) t.is((await troupe(['schedule', 'delete', id])).code, 0);
  await cluster.until('cli-job-1 gone', () => notFound(cluster.api.GetJob({ jobId: 'cli-job-1' })));
});

test.serial('ListJobSchedules pages by id, filters by state', async (t) => {
  const ids = ['page-a', 'page-b', 'page-c'];
  for (const id of ids) await cluster.api.CreateJobSchedule({ jobSchedule: { id, schedule: { doNotRunUntil: '2099-01-01T00:00:00Z' }, jobSpecification: SPEC } });
  await cluster.api.DisableJobSchedule({ jobScheduleId: 'page-b' });
  const first = await cluster.api.ListJobSchedules({ maxResults: 2 });
  t.deepEqual(first.jobSchedules.map((s) => s.id), ['page-a', 'page-b']);
  t.not(first.nextPageToken, '');
  const second = await cluster.api.ListJobSchedules({ maxResults: 2, pageToken: first.nextPageToken });
  t.deepEqual(second.jobSchedules.map((s) => s.id), ['page-c']);
  t.is(second.nextPageToken, '');
  t.deepEqual((await cluster.api.ListJobSchedules({ state: 'disabled' })).jobSchedules.map((s) => s.id), ['page-b']);
  t.is(first.jobSchedules[0]!.executionInfo!.nextRunTime, '2099-01-01T00:00:00.000Z');
  const bad = await t.throwsAsync(cluster.api.ListJobSchedules({ state: 'asleep' })) as grpc.ServiceError;
  t.is(bad.code, grpc.status.INVALID_ARGUMENT);
  t.regex(bad.details, /^state must be empty or one of active, disabled, terminating, completed, deleting/);
  const token = await t.throwsAsync(cluster.api.ListJobSchedules({ pageToken: '!!' })) as grpc.ServiceError;
  t.is(token.code, grpc.status.INVALID_ARGUMENT);
  for (const id of ids) await cluster.api.DeleteJobSchedule({ jobScheduleId: id });
});
