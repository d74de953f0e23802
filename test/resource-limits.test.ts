// Per-task resource limits on a real cluster: this machine's memory, cpu and pids controllers are
// cgroup v1 hierarchies (cgroup v2 has none delegated), so the workers enforce limits with
// cgroup v1 (worker/process/cgroup-v1.ts), the way a node without cgroup v2 controllers does.
// - a task over its memory limit is killed and fails saying so; the same task without a limit
//   completes;
// - a running task's cgroups carry its memory limit (no swap escape), its CPU share by
//   requiredSlots and the worker's pids limit, and are gone once it has ended;
// - a restarted worker removes the cgroups a killed one left;
// - a task cannot start more processes than --task-pids-max, and still ends;
// - a node that enforces no limits says so and is given no task with a memory limit.
import test from 'ava';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';
import { taskScratchDir } from './helpers/scratch-dir.ts';

const PIDS_MAX = 32;
const PYTHON = '/usr/bin/python3';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 0, slots: 4 });
  await cluster.startWorker('node-1', ['--task-pids-max', String(PIDS_MAX)]);
  await cluster.waitForNodes(1, 'idle');
  await cluster.api.CreateJob({ job: { id: 'limits', poolInfo: { poolId: 'testpool' } } });
});

async function scratchDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await taskScratchDir(path.join(os.tmpdir(), 'troupe-limits-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The cgroup v1 directory of each controller a process is in, from its /proc/<pid>/cgroup. */
/** The task's own (unit) cgroup directories, by controller, from its /proc/self/cgroup: those
 *  under the node's troupe-<key> directories (a hierarchy it did not join shows the worker's). */
function cgroupDirs(procCgroup: string): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const line of procCgroup.split('\n')) {
    const m = /^\d+:([^:]+):(.*)$/.exec(line);
    if (!m) continue;
    if (!m[2]!.includes('/troupe-')) continue;
    for (const c of m[1]!.split(',')) if (['memory', 'cpu', 'pids'].includes(c)) dirs.set(c, path.join('/sys/fs/cgroup', c, m[2]!));
  }
  return dirs;
}

test.serial('the node says it enforces limits with cgroup v1', async (t) => {
  const node = await cluster.api.GetNode({ nodeId: 'node-1' });
  t.is(node.resourceLimits, 'cgroup-v1');
});

test.serial('a task over its memory limit is killed and fails saying so; without the limit it completes', async (t) => {
  const api = cluster.api;
  const allocate = [PYTHON, fixture('allocate.py'), '256'];
  await api.AddTask({ jobId: 'limits', task: { id: 'oom', commandArgs: allocate, constraints: { maxMemoryMib: 64 } } });
  await api.AddTask({ jobId: 'limits', task: { id: 'unlimited', commandArgs: allocate } });
  const oom = await cluster.waitForTask('limits', 'oom');
  t.is(oom.constraints!.maxMemoryMib, 64, 'GetTask shows the limit');
  t.is(oom.executionInfo!.result, 'failure');
  t.deepEqual(oom.executionInfo!.failureInfo, {
    category: 'usererror', code: 'TaskMemoryLimitExceeded', message: 'the task exceeded its memory limit of 64 MiB and was killed (OOM)',
  });
  t.is(oom.executionInfo!.exitCode, 137, 'the exit code as observed: killed by SIGKILL');
  const unlimited = await cluster.waitForTask('limits', 'unlimited');
  t.is(unlimited.executionInfo!.result, 'success', JSON.stringify(unlimited.executionInfo));
  t.is((await cluster.readOutput('limits', 'unlimited')).trim(), 'allocated 256 MiB');
});

test.serial("a running task's cgroups carry its limits, and are gone once it has ended", async (t) => {
  const go = path.join(await scratchDir(t), 'go');
  const script = 'cat /proc/self/cgroup; while [ ! -e "$0" ]; do sleep 0.05; done';
  await cluster.api.AddTask({ jobId: 'limits', task: { id: 'shown', commandArgs: ['/bin/sh', '-c', script, go], requiredSlots: 3, constraints: { maxMemoryMib: 100 } } });
  const dirs = await cluster.until('the task printed its cgroups', async () => {
    const out = await cluster.readOutput('limits', 'shown').catch(() => '');
    const found = cgroupDirs(out);
    return found.size === 3 ? found : undefined;
  });
  const read = (c: string, file: string) => readFile(path.join(dirs.get(c)!, file), 'utf8').then((s) => s.trim());
  t.regex(dirs.get('memory')!, /\/troupe-[0-9a-f]{12}\/t[^/]+$/, 'a cgroup of its own under the node\'s');
  t.is(await read('memory', 'memory.limit_in_bytes'), String(100 * 1024 * 1024));
  t.is(await read('memory', 'memory.memsw.limit_in_bytes'), String(100 * 1024 * 1024), 'swap included: no escape');
  t.is(await read('cpu', 'cpu.shares'), String(3 * 1024), '1024 per required slot');
  t.is(await read('pids', 'pids.max'), String(PIDS_MAX));
  await writeFile(go, '');
  const done = await cluster.waitForTask('limits', 'shown');
  t.is(done.executionInfo!.result, 'success');
  for (const dir of dirs.values()) t.false(existsSync(dir), `${dir} removed when the task ended`);
});

test.serial('a restarted worker removes the cgroups a killed one left', async (t) => {
  const go = path.join(await scratchDir(t), 'go');
  const script = 'cat /proc/self/cgroup; while [ ! -e "$0" ]; do sleep 0.05; done';
  await cluster.api.AddTask({ jobId: 'limits', task: { id: 'orphaned', commandArgs: ['/bin/sh', '-c', script, go], constraints: { maxMemoryMib: 50 } } });
  const dirs = await cluster.until('the task printed its cgroups', async () => {
    const found = cgroupDirs(await cluster.readOutput('limits', 'orphaned').catch(() => ''));
    return found.size === 2 ? found : undefined;
  });
  t.deepEqual([...dirs.keys()].sort(), ['memory', 'pids'], 'one slot: the cpu hierarchy is not joined');
  await cluster.workers.get('node-1')!.crash();
  // The spawner ends the task once its worker is gone; nobody is left to remove its cgroups.
  for (const dir of dirs.values()) t.true(existsSync(dir), `${dir} left by the killed worker`);
  await cluster.startWorker('node-1', ['--task-pids-max', String(PIDS_MAX)]);
  for (const dir of dirs.values()) t.false(existsSync(dir), `${dir} removed before the new run said it started`);
  await writeFile(go, '');
  const done = await cluster.waitForTask('limits', 'orphaned');
  t.is(done.executionInfo!.result, 'success');
  t.is(done.executionInfo!.requeueCount, 1, 'the attempt of the killed worker was requeued');
});

test.serial('a task cannot start more processes than --task-pids-max, and still ends', async (t) => {
  await cluster.api.AddTask({ jobId: 'limits', task: { id: 'forks', commandArgs: [PYTHON, fixture('fork-until-refused.py'), '200'] } });
  const done = await cluster.waitForTask('limits', 'forks');
  t.is(done.executionInfo!.result, 'success', JSON.stringify(done.executionInfo));
  const out = (await cluster.readOutput('limits', 'forks')).trim();
  const m = /^started (\d+) children; fork refused: Resource temporarily unavailable$/.exec(out);
  t.truthy(m, out);
  t.true(Number(m![1]) < PIDS_MAX, `fewer children than the limit (the task itself is one): ${out}`);
});

test.serial('maxMemoryMib out of range is refused, naming the field and the rule', async (t) => {
  const err = (await t.throwsAsync(cluster.api.AddTask({
    jobId: 'limits', task: { id: 'huge', commandArgs: ['/bin/true'], constraints: { maxMemoryMib: 2 * 1024 * 1024 } },
  }))) as grpc.ServiceError;
  t.is(err.code, grpc.status.INVALID_ARGUMENT);
  t.is(err.details, 'task.constraints.maxMemoryMib must be a whole number of MiB from 1 to 1048576 (1 TiB), or 0 for no limit');
  const many = await cluster.api.AddTaskCollection({
    jobId: 'limits', tasks: [{ id: 'fine', commandArgs: ['/bin/true'], constraints: { maxMemoryMib: 16 } }, { id: 'bad', commandArgs: ['/bin/true'], constraints: { maxMemoryMib: 4_000_000 } }],
  });
  const bad = many.results.find((r) => r.taskId === 'bad')!;
  t.is(bad.status, 'clienterror');
  t.regex(bad.error!.message, /^tasks\[1\]\.constraints\.maxMemoryMib must be a whole number of MiB/);
});

const troupe = (args: string[]) => cluster.troupe(args);

test.serial('the CLI: task add --max-memory with a suffix, task show and node show', async (t) => {
  const added = await troupe(['task', 'add', '--job', 'limits', '--id', 'cli', '--max-memory', '1G', '-o', 'json', '--', '/bin/true']);
  t.is(added.code, 0, added.stderr);
  t.is(JSON.parse(added.stdout).constraints.maxMemoryMib, 1024);
  t.is((await cluster.api.GetTask({ jobId: 'limits', taskId: 'cli' })).constraints!.maxMemoryMib, 1024);
  t.regex((await troupe(['task', 'show', '--job', 'limits', '--id', 'cli'])).stdout, /max memory\s+1024 MiB/);
  const bad = await troupe(['task', 'add', '--job', 'limits', '--id', 'cli2', '--max-memory', 'lots', '--', '/bin/true']);
  t.is(bad.code, 2, bad.stderr);
  t.regex(bad.stderr, /--max-memory expects a memory size like 512M/);
  t.regex((await troupe(['node', 'show', 'node-1'])).stdout, /resource limits\s+cgroup-v1/);
});

test.serial('a node that enforces no limits says so, and is given no task with a memory limit', async (t) => {
  await cluster.api.DisableNodeScheduling({ nodeId: 'node-1' });
  t.teardown(() => cluster.api.EnableNodeScheduling({ nodeId: 'node-1' }).then(() => {}));
  await cluster.startWorker('node-2', ['--resource-limits', 'none']);
  const node2 = await cluster.until('node-2 idle', async () => {
    const n = await cluster.api.GetNode({ nodeId: 'node-2' }).catch(() => undefined);
    return n?.state === 'idle' ? n : undefined;
  });
  t.is(node2.resourceLimits, 'none');
  await cluster.api.AddTask({ jobId: 'limits', task: { id: 'needs-limit', commandArgs: ['/bin/true'], constraints: { maxMemoryMib: 32 } } });
  await cluster.api.AddTask({ jobId: 'limits', task: { id: 'no-limit', commandArgs: ['/bin/true'] } });
  // The task without a limit runs on node-2; the one with a limit waits, though node-2 is free.
  const ran = await cluster.waitForTask('limits', 'no-limit');
  t.is(ran.executionInfo!.nodeId, 'node-2');
  t.is((await cluster.api.GetTask({ jobId: 'limits', taskId: 'needs-limit' })).state, 'active');
  // A node that enforces limits takes it.
  await cluster.api.EnableNodeScheduling({ nodeId: 'node-1' });
  const limited = await cluster.waitForTask('limits', 'needs-limit');
  t.is(limited.executionInfo!.nodeId, 'node-1');
  t.is(limited.executionInfo!.result, 'success');
});
