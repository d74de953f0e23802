// `troupe run` and `troupe submit`, the real CLI against a real cluster: live output, the task's
// exit code passed through, Ctrl-C turned into a terminate, failures before start, the job made
// for a run (and completed with it), the pool default, and a multi-instance run of Open MPI.
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, TROUPE_BIN, type TestCluster } from './helpers/cluster.ts';
import { compileMpiPrograms, MPI_FLAVOURS, type MpiPrograms } from './helpers/mpi-programs.ts';

let cluster: TestCluster;
let programs: MpiPrograms;
let scratch: string;
test.before(async () => {
  [cluster, programs] = await Promise.all([startCluster({ workers: 2, slots: 2, pool: 'runpool', interNode: true }), compileMpiPrograms()]);
  scratch = mkdtempSync(path.join(tmpdir(), 'troupe-cli-run-'));
  chmodSync(scratch, 0o755); // the tasks' users look for files here
});
test.after.always(async () => {
  await cluster?.stop();
  programs?.remove();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once standard output matches. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function troupe(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [TROUPE_BIN, ...args], { env: { ...process.env, ...cluster.cliEnv(), ...env } });
  let stdout = '';
  let stderr = '';
  const watchers: (() => void)[] = [];
  child.stdout!.on('data', (d) => {
    stdout += d;
    for (const w of watchers) w();
  });
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  child.stdin!.end();
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout: (pattern, timeoutMs = 60_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} on stdout within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`)), timeoutMs);
      const check = () => {
        if (!pattern.test(stdout)) return;
        clearTimeout(timer);
        resolve();
      };
      watchers.push(check);
      void done.then(() => {
        check();
        clearTimeout(timer);
        if (!pattern.test(stdout)) reject(new Error(`the CLI exited before ${pattern} on stdout; stdout: ${stdout}; stderr: ${stderr}`));
      });
      check();
    }),
    done,
  };
}

test.serial('run streams stdout and stderr live, in order, and exits with the task\'s exit code', async (t) => {
  const go = path.join(scratch, 'go-stream');
  const run = troupe(['run', '--id', 'stream', '--env', `GO=${go}`, '--',
    '/bin/sh', '-c', 'echo one; echo err-one >&2; echo two; while [ ! -f "$GO" ]; do sleep 0.05; done; echo three; echo err-two >&2; exit 3']);
  // The task waits for GO: its first lines can only be here because they were streamed live.
  await run.waitForStdout(/one\ntwo\n/);
  t.false(run.stdout().includes('three'));
  writeFileSync(go, '');
  const r = await run.done;
  t.is(r.code, 3, r.stderr);
  t.is(r.stdout, 'one\ntwo\nthree\n');
  t.regex(r.stderr, /^err-one\nerr-two\n/);
  // The job made for the run is named like its task, and completed with it (terminatejob).
  const job = await cluster.api.GetJob({ jobId: 'stream' });
  t.is(job.onAllTasksComplete, 'terminatejob');
  const completed = await waitForJobState('stream', 'completed');
  t.is(completed.poolInfo?.poolId, 'runpool', 'the only pool is the default');
});

async function waitForJobState(jobId: string, state: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  const watch = cluster.api.raw.Watch({ jobId, includeInitial: true });
  try {
    return await new Promise<Awaited<ReturnType<TestCluster['api']['GetJob']>>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`job ${jobId} not ${state} within ${timeoutMs} ms`)), deadline - Date.now());
      watch.on('data', (e: { job?: { id: string; state: string } }) => {
        if (e.job?.id === jobId && e.job.state === state) {
          clearTimeout(timer);
          resolve(e.job as never);
        }
      });
      watch.on('error', (err: Error) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  } finally {
    watch.cancel();
  }
}

test.serial('a run without --id gets a run-<time>-<hex> task in a job of the same name, and exit 0 passes through', async (t) => {
  const r = await troupe(['run', '--', '/bin/echo', 'hello']).done;
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'hello\n');
  const { jobs } = await cluster.api.ListJobs({});
  const made = jobs.filter((j) => /^run-\d{8}-\d{6}-[0-9a-f]{4}$/.test(j.id));
  t.is(made.length, 1, jobs.map((j) => j.id).join(' '));
  const { tasks } = await cluster.api.ListTasks({ jobId: made[0]!.id });
  t.deepEqual(tasks.map((task) => task.id), [made[0]!.id]);
  t.deepEqual(tasks[0]!.commandArgs, ['/bin/echo', 'hello']);
});

test.serial('Ctrl-C terminates the running task, waits for it to end, and exits 130', async (t) => {
  const run = troupe(['run', '--id', 'sleeper', '--', '/bin/sh', '-c', 'echo started; exec sleep 600']);
  await run.waitForStdout(/started\n/);
  run.child.kill('SIGINT');
  const r = await run.done;
  t.is(r.code, 130, r.stderr);
  t.regex(r.stderr, /terminating task 'sleeper'/);
  const task = await cluster.api.GetTask({ jobId: 'sleeper', taskId: 'sleeper' });
  t.is(task.state, 'completed', 'the CLI waited for the terminal state');
  t.is(task.executionInfo?.result, 'failure');
  t.is(task.executionInfo?.failureInfo?.code, 'TaskTerminated');
});

test.serial('a task that fails before its process starts prints its failure and exits 125', async (t) => {
  const r = await troupe(['run', '--id', 'nofile', '--resource', 'no/such/object=in.txt', '--', '/bin/cat', 'in.txt']).done;
  t.is(r.code, 125, r.stderr);
  t.regex(r.stderr, /task 'nofile' failed before its process started: usererror: \w+/);
  t.is(r.stdout, '');
});

test.serial('run into a named job; a refused task leaves no job behind; usage mistakes exit 2', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'named', poolInfo: { poolId: 'runpool' } } });
  const r = await troupe(['run', '--job', 'named', '--id', 'in-named', '--', '/bin/sh', '-c', 'exit 0']).done;
  t.is(r.code, 0, r.stderr);
  t.is((await cluster.api.GetTask({ jobId: 'named', taskId: 'in-named' })).state, 'completed');
  t.is((await cluster.api.GetJob({ jobId: 'named' })).state, 'active', 'a named job is left as it was');

  const refused = await troupe(['run', '--id', 'refused', '--max-wall-clock', 'soon', '--', '/bin/true']).done;
  t.is(refused.code, 1);
  t.regex(refused.stderr, /INVALID_ARGUMENT: .*maxWallClockTime/);
  await t.throwsAsync(cluster.api.GetJob({ jobId: 'refused' }), { message: /NOT_FOUND/ });

  const both = await troupe(['run', '--job', 'named', '--pool', 'runpool', '--', '/bin/true']).done;
  t.is(both.code, 2);
  t.regex(both.stderr, /--pool is for the job troupe makes/);
  const ranks = await troupe(['run', '--ranks-per-node', '2', '--', '/bin/true']).done;
  t.is(ranks.code, 2);
  t.regex(ranks.stderr, /--ranks-per-node needs --instances/);
});

test.serial('submit prints the task id and returns; the task runs to completion without it', async (t) => {
  const go = path.join(scratch, 'go-submit');
  const r = await troupe(['submit', '--id', 'batch1', '--env', `GO=${go}`, '--', '/bin/sh', '-c', 'while [ ! -f "$GO" ]; do sleep 0.05; done; echo done']).done;
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'batch1\n');
  t.regex(r.stderr, /troupe task output --job batch1 --id batch1 --follow/);
  t.not((await cluster.api.GetTask({ jobId: 'batch1', taskId: 'batch1' })).state, 'completed', 'submit did not wait');
  writeFileSync(go, '');
  const task = await cluster.waitForTask('batch1', 'batch1', 'completed', 60_000);
  t.is(task.executionInfo?.exitCode, 0);
  t.is(await cluster.readOutput('batch1', 'batch1'), 'done\n');
});

test.serial('a multi-instance run: --instances 2 --ranks-per-node 1 -- mpiexec (Open MPI) runs a rank on each node', async (t) => {
  const r = await troupe(['run', '--id', 'mpi', '--instances', '2', '--ranks-per-node', '1', '--',
    MPI_FLAVOURS.openmpi.mpiexec, '-np', '2', programs.path('openmpi', 'hello')]).done;
  t.is(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const ranks = [...r.stdout.matchAll(/hello rank=(\d) size=2/g)].map((m) => Number(m[1])).sort();
  t.deepEqual(ranks, [0, 1], r.stdout);
  const task = await cluster.api.GetTask({ jobId: 'mpi', taskId: 'mpi' });
  t.is(task.multiInstanceSettings?.numberOfInstances, 2);
  t.is(task.requiredSlots, 1);
  const { subtasks } = await cluster.api.ListSubtasks({ jobId: 'mpi', taskId: 'mpi' });
  t.is(new Set(subtasks.map((s) => s.nodeId)).size, 2);
});

test.serial('with several pools, run needs --pool or TROUPE_POOL, and says which pools exist', async (t) => {
  await cluster.api.CreatePool({ pool: { id: 'otherpool' } });
  const r = await troupe(['run', '--', '/bin/true']).done;
  t.is(r.code, 2);
  t.regex(r.stderr, /2 pools exist \(otherpool, runpool\): name one with --pool, TROUPE_POOL/);
  const byEnv = await troupe(['submit', '--id', 'by-env', '--', '/bin/true'], { TROUPE_POOL: 'runpool' }).done;
  t.is(byEnv.code, 0, byEnv.stderr);
  t.is((await cluster.api.GetJob({ jobId: 'by-env' })).poolInfo?.poolId, 'runpool');
});
