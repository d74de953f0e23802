// Accounting: each attempt's resource usage (troupe-spawner's wait4) on the task, its totals over
// retries, and the job's statistics (`troupe job stats`), which take back the share of a task
// reactivated or deleted.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import { fixture, startCluster, TROUPE_BIN, type TestCluster } from './helpers/cluster.ts';
import { parseDuration } from '../src/protocol/duration.ts';

let cluster: TestCluster;
let scratch: string;
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});
test.before(async () => {
  cluster = await startCluster({ workers: 1, slots: 2, nodeTimeout: '60s' });
  scratch = await taskScratchDir(path.join(os.tmpdir(), 'troupe-scratch-'));
  await cluster.api.CreateJob({ job: { id: 'acct', poolInfo: { poolId: 'testpool' } } });
});

/** A duration the API shows, in ms ('0s' is one: parseDuration refuses it as an input). */
const ms = (d: string | null | undefined) => (!d || d === '0s' ? 0 : parseDuration(d, 'duration') ?? 0);
/** Spins for `cpuMs` of user CPU in a child the shell waits for, touching `mib` MiB. */
const burn = (cpuMs: number, mib: number) =>
  ['/bin/sh', '-c', `${process.execPath} -e "const b = Buffer.alloc(${mib} << 20, 1); const end = process.cpuUsage().user + ${cpuMs}e3; while (process.cpuUsage().user < end);"`];

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [TROUPE_BIN, ...args], { env: { ...process.env, ...cluster.cliEnv() } }, (err, out, errOut) =>
      (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out))));
}

test.serial("a task's usage and statistics, and its retries summed", async (t) => {
  await cluster.api.AddTask({ jobId: 'acct', task: { id: 'busy', commandArgs: burn(400, 48) } });
  const busy = await cluster.waitForTask('acct', 'busy');
  const usage = busy.executionInfo!.resourceUsage!;
  t.true(ms(usage.userCpuTime) >= 300, `user CPU ${usage.userCpuTime}`);
  t.true(usage.maxRssKib >= 48 * 1024, `max RSS ${usage.maxRssKib} KiB`);
  t.is(busy.stats!.userCpuTime, usage.userCpuTime, 'one attempt: the totals are its usage');
  t.true(ms(busy.stats!.wallClockTime) >= ms(usage.userCpuTime) - 50, `wall clock ${busy.stats!.wallClockTime}`);

  // Three attempts, each spinning: the totals add them up, the last attempt's usage is its own.
  const counter = path.join(scratch, 'retried');
  const script = `${burn(200, 1)[2]}; ${fixture('fail-until.sh')} 3 ${counter}`;
  await cluster.api.AddTask({ jobId: 'acct', task: { id: 'retried', commandArgs: ['/bin/sh', '-c', script], constraints: { maxTaskRetryCount: 5 } } });
  const retried = await cluster.waitForTask('acct', 'retried');
  t.is(retried.executionInfo!.retryCount, 2);
  t.true(ms(retried.stats!.userCpuTime) >= 3 * 150, `three attempts' CPU: ${retried.stats!.userCpuTime}`);
  t.true(ms(retried.stats!.userCpuTime) > ms(retried.executionInfo!.resourceUsage!.userCpuTime) * 2);

  const shown = JSON.parse(await cli(['task', 'show', '--job', 'acct', '--id', 'busy', '-o', 'json']));
  t.is(shown.stats.userCpuTime, busy.stats!.userCpuTime);
  t.is(shown.executionInfo.resourceUsage.maxRssKib, usage.maxRssKib);
});

test.serial("the job's statistics: counts, CPU, retries and durations; a reactivated or deleted task's share is taken back", async (t) => {
  await cluster.api.AddTask({ jobId: 'acct', task: { id: 'fails', commandArgs: ['/bin/sh', '-c', 'exit 9'] } });
  await cluster.waitForTask('acct', 'fails');
  const stats = JSON.parse(await cli(['job', 'stats', 'acct', '-o', 'json']));
  t.like(stats, { jobId: 'acct', numSucceededTasks: 2, numFailedTasks: 1, numTaskRetries: 2, numTaskRequeues: 0 });
  t.like(stats.taskCounts, { completed: 3, succeeded: 2, failed: 1 });
  const tasks = await Promise.all(['busy', 'retried', 'fails'].map((id) => cluster.api.GetTask({ jobId: 'acct', taskId: id })));
  const sum = (pick: (s: NonNullable<(typeof tasks)[0]['stats']>) => string) => tasks.reduce((a, x) => a + ms(x.stats ? pick(x.stats) : '0s'), 0);
  t.true(Math.abs(ms(stats.userCpuTime) - sum((s) => s.userCpuTime)) <= 3, `job user CPU ${stats.userCpuTime} is its tasks' sum`);
  t.true(Math.abs(ms(stats.wallClockTime) - sum((s) => s.wallClockTime)) <= 3);
  const durations = tasks.map((x) => ms(x.stats!.wallClockTime));
  t.is(ms(stats.maxTaskDuration), Math.max(...durations));
  t.is(ms(stats.minTaskDuration), Math.min(...durations));
  t.true(stats.maxRssKib >= 48 * 1024);
  t.regex(await cli(['job', 'stats', 'acct']), /retries\s+2\n/);

  // The longest task (holding the max) is deleted: the max is recomputed from those left.
  const longest = tasks[durations.indexOf(Math.max(...durations))]!.id;
  await cluster.api.DeleteTask({ jobId: 'acct', taskId: longest });
  const after = await cluster.api.GetJobStatistics({ jobId: 'acct' });
  const left = tasks.filter((x) => x.id !== longest).map((x) => ms(x.stats!.wallClockTime));
  t.is(after.numSucceededTasks + after.numFailedTasks, 2);
  t.is(ms(after.maxTaskDuration), Math.max(...left), 'the max of the tasks left');
  // A reactivated failure leaves the completed tasks until it ends again.
  await cluster.api.ReactivateTask({ jobId: 'acct', taskId: 'fails' });
  await cluster.until('the reactivated task failed again', async () => {
    const s = await cluster.api.GetJobStatistics({ jobId: 'acct' });
    return s.taskCounts!.completed === 2 && s.numFailedTasks === 1 ? s : undefined;
  });
  const err = await t.throwsAsync(cluster.api.GetJobStatistics({ jobId: 'nope' }));
  t.regex(err!.message, /NOT_FOUND|not found/i);
});
