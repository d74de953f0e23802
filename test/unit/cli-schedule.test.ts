// `troupe schedule ...` against an in-memory API: the request each command sends (from flags and
// from a JSON file, whose unknown fields are refused by name), and the stable JSON it prints.
import test from 'ava';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { captureIo, FakeBatch } from './cli-fake-api.ts';

async function setup(t: { teardown(fn: () => void): void; timeout(ms: number): void }) {
  t.timeout(60_000);
  const fake = new FakeBatch();
  const schedules = new Map<string, Record<string, unknown>>();
  const get = (id: string) => schedules.get(id) ?? (() => { throw Object.assign(new Error('nope'), { code: 5, details: `job schedule '${id}' does not exist` }); })();
  Object.assign(fake.unary, {
    CreateJobSchedule: ({ jobSchedule }: { jobSchedule: Record<string, unknown> }) => {
      const created = { ...jobSchedule, state: 'active', creationTime: '2026-12-01T08:00:00.000Z', executionInfo: { nextRunTime: '2026-12-01T08:00:00.000Z' }, owner: 'admin' };
      schedules.set(jobSchedule.id as string, created);
      return created;
    },
    GetJobSchedule: ({ jobScheduleId }: { jobScheduleId: string }) => get(jobScheduleId),
    ListJobSchedules: () => ({ jobSchedules: [...schedules.values()] }),
    PatchJobSchedule: ({ jobScheduleId, schedule, jobSpecification }: { jobScheduleId: string; schedule?: unknown; jobSpecification?: unknown }) => {
      const patched = { ...get(jobScheduleId), ...(schedule ? { schedule } : {}), ...(jobSpecification ? { jobSpecification } : {}) };
      schedules.set(jobScheduleId, patched);
      return patched;
    },
    DisableJobSchedule: ({ jobScheduleId }: { jobScheduleId: string }) => ({ ...get(jobScheduleId), state: 'disabled', executionInfo: {} }),
    EnableJobSchedule: ({ jobScheduleId }: { jobScheduleId: string }) => ({ ...get(jobScheduleId), state: 'active' }),
    TerminateJobSchedule: ({ jobScheduleId }: { jobScheduleId: string }) => ({ ...get(jobScheduleId), state: 'terminating' }),
    DeleteJobSchedule: ({ jobScheduleId }: { jobScheduleId: string }) => (get(jobScheduleId), schedules.delete(jobScheduleId), {}),
  });
  const server = await fake.start();
  t.teardown(() => server.stop());
  const run = async (argv: string[], opts: { stdin?: string } = {}) => {
    const cap = captureIo({ env: { TROUPE_API: `http://${server.address}`, TROUPE_CONFIG: '/nonexistent/troupe-config' }, stdin: opts.stdin });
    const code = await runCli(argv, cap.io);
    return { code, out: cap.stdout(), err: cap.stderr() };
  };
  return { fake, run };
}

const last = (fake: FakeBatch, method: string) => fake.calls.filter((c) => c.method === method).at(-1)!.request;

test('schedule create from flags sends the schedule and the job fields of job create', async (t) => {
  const { fake, run } = await setup(t);
  const c = await run([
    'schedule', 'create', '--id', 'nightly', '--pool', 'p', '--recurrence-interval', '1h', '--start-window', '10m',
    '--do-not-run-until', '2026-12-01T08:00:00Z', '--priority', '5', '--env', 'K=V', '--on-all-tasks-complete', 'terminatejob',
    '--prep', 'setup.sh', '--display-name', 'every hour', '-o', 'json',
  ]);
  t.is(c.code, 0, c.err);
  const sent = last(fake, 'CreateJobSchedule').jobSchedule;
  t.like(sent, {
    id: 'nightly', displayName: 'every hour',
    schedule: { recurrenceInterval: '1h', startWindow: '10m', doNotRunUntil: '2026-12-01T08:00:00Z', doNotRunAfter: '' },
    jobSpecification: { poolInfo: { poolId: 'p' }, priority: 5, onAllTasksComplete: 'terminatejob', commonEnvironmentSettings: [{ name: 'K', value: 'V' }], jobPreparationTask: { commandLine: 'setup.sh' } },
  });
  const shown = JSON.parse(c.out);
  t.deepEqual(Object.keys(shown), ['id', 'displayName', 'schedule', 'jobSpecification', 'state', 'creationTime', 'stateTransitionTime', 'previousState', 'previousStateTransitionTime', 'executionInfo', 'owner']);
  t.false('id' in shown.jobSpecification);
  t.false('state' in shown.jobSpecification);
  t.is(shown.jobSpecification.priority, 5);
  t.deepEqual(shown.executionInfo, { nextRunTime: '2026-12-01T08:00:00.000Z', recentJob: null, endTime: null });
  t.is(shown.schedule.doNotRunAfter, null);
});

test('schedule create --file takes the JSON form that show prints (output fields ignored)', async (t) => {
  const { fake, run } = await setup(t);
  await run(['schedule', 'create', '--id', 's1', '--pool', 'p', '--recurrence-interval', '1s', '--max-retries', '2']);
  const shown = await run(['schedule', 'show', 's1', '-o', 'json']);
  t.is(shown.code, 0, shown.err);
  const again = { ...JSON.parse(shown.out), id: 's2' };
  const c = await run(['schedule', 'create', '--file', '-'], { stdin: JSON.stringify(again) });
  t.is(c.code, 0, c.err);
  const sent = last(fake, 'CreateJobSchedule').jobSchedule;
  t.is(sent.id, 's2');
  t.like(sent.schedule, { recurrenceInterval: '1s' });
  t.like(sent.jobSpecification, { poolInfo: { poolId: 'p' }, constraints: { maxTaskRetryCount: 2 } });
});

test('schedule create --file refuses an unknown field by its path, and sends nothing', async (t) => {
  const { fake, run } = await setup(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-cli-schedule-'));
  const file = path.join(dir, 's.json');
  const tryFile = async (content: unknown) => {
    await writeFile(file, JSON.stringify(content));
    return run(['schedule', 'create', '--file', file]);
  };
  const base = { id: 's', schedule: { recurrenceInterval: '1h' }, jobSpecification: { poolInfo: { poolId: 'p' } } };
  for (const [content, message] of [
    [{ ...base, cron: '* * * * *' }, "unknown field 'cron'"],
    [{ ...base, schedule: { every: '1h' } }, "unknown field 'schedule.every'"],
    [{ ...base, jobSpecification: { poolInfo: { poolId: 'p' }, jobManagerTask: { exitConditions: {} } } }, "unknown field 'jobSpecification.jobManagerTask.exitConditions'"],
    [{ ...base, jobSpecification: { poolInfo: { poolId: 'p', size: 3 } } }, "unknown field 'jobSpecification.poolInfo.size'"],
    [{ ...base, jobSpecification: { poolInfo: { poolId: 'p' }, jobPreparationTask: { commandLine: 'x', retries: 1 } } }, "unknown field 'jobSpecification.jobPreparationTask.retries'"],
    [{ ...base, jobSpecification: { poolInfo: { poolId: 'p' }, priority: 'high' } }, "'jobSpecification.priority' must be an integer"],
    [{ ...base, id: '' }, "'id' must be a non-empty string"],
  ] as const) {
    const c = await tryFile(content);
    t.is(c.code, 2, JSON.stringify(content));
    t.true(c.err.includes(message), c.err);
  }
  const mixed = await run(['schedule', 'create', '--file', file, '--pool', 'p']);
  t.is(mixed.code, 2);
  t.regex(mixed.err, /--file holds the whole schedule: give no --pool with it/);
  t.false(fake.calls.some((c) => c.method === 'CreateJobSchedule'));
});

test('schedule list, show, disable, enable, terminate, delete', async (t) => {
  const { fake, run } = await setup(t);
  await run(['schedule', 'create', '--id', 'a', '--pool', 'p', '--recurrence-interval', '1h']);
  await run(['schedule', 'create', '--id', 'b', '--pool', 'p']);
  const list = await run(['schedule', 'list']);
  t.is(list.code, 0, list.err);
  t.regex(list.out, /^ID +STATE +POOL +EVERY +NEXT RUN +RECENT JOB$/m);
  t.regex(list.out, /^a +active +p +1h +2026-12-01T08:00:00Z +-$/m);
  t.regex(list.out, /^b +active +p +once /m);
  const shown = await run(['schedule', 'show', 'a']);
  t.regex(shown.out, /^recurrence interval +1h$/m);
  for (const [verb, state] of [['disable', 'disabled'], ['enable', 'active'], ['terminate', 'terminating']] as const) {
    const c = await run(['schedule', verb, 'a', '-o', 'json']);
    t.is(c.code, 0, c.err);
    t.is(JSON.parse(c.out).state, state);
  }
  const del = await run(['schedule', 'delete', 'a']);
  t.is(del.out.trim(), "job schedule 'a' deleted");
  t.deepEqual(last(fake, 'DeleteJobSchedule'), { jobScheduleId: 'a' });
  const missing = await run(['schedule', 'show', 'a']);
  t.is(missing.code, 1);
  t.regex(missing.err, /NOT_FOUND: job schedule 'a' does not exist/);
  const bad = await run(['schedule', 'list', '--state', 'sleeping']);
  t.is(bad.code, 2);
});

test('schedule patch: schedule options replace the schedule; --file replaces what it holds', async (t) => {
  const { fake, run } = await setup(t);
  await run(['schedule', 'create', '--id', 'p1', '--pool', 'p', '--recurrence-interval', '1h', '--start-window', '5m']);
  const c = await run(['schedule', 'patch', 'p1', '--recurrence-interval', '2h', '-o', 'json']);
  t.is(c.code, 0, c.err);
  t.deepEqual(last(fake, 'PatchJobSchedule'), { jobScheduleId: 'p1', schedule: { recurrenceInterval: '2h', startWindow: '', doNotRunUntil: '', doNotRunAfter: '' }, jobSpecification: null });
  t.is(JSON.parse(c.out).schedule.recurrenceInterval, '2h');
  const f = await run(['schedule', 'patch', 'p1', '--file', '-'], { stdin: JSON.stringify({ jobSpecification: { poolInfo: { poolId: 'q' }, priority: 4 } }) });
  t.is(f.code, 0, f.err);
  t.like(last(fake, 'PatchJobSchedule'), { jobScheduleId: 'p1', schedule: null, jobSpecification: { poolInfo: { poolId: 'q' }, priority: 4 } });
  for (const [argv, stdin, message] of [
    [['schedule', 'patch', 'p1'], '', /nothing to patch: give schedule options or --file/],
    [['schedule', 'patch', 'p1', '--file', '-', '--start-window', '1m'], '{}', /give no --start-window with it/],
    [['schedule', 'patch', 'p1', '--file', '-'], '{"displayName": "x"}', /'displayName' cannot be patched/],
    [['schedule', 'patch', 'p1', '--file', '-'], '{"schedule": {"every": "1h"}}', /unknown field 'schedule.every'/],
    [['schedule', 'patch', 'p1', '--file', '-'], '{}', /nothing to patch/],
  ] as const) {
    const bad = await run([...argv], { stdin });
    t.is(bad.code, 2, bad.err);
    t.regex(bad.err, message);
  }
});
