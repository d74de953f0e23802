// Every process a task started ends with it, whatever it did: the three containments of
// task-containment.ts on real processes. The task leaves two escapees: one in a session of its
// own (setsid), one double-forked in another session, neither in the task's process group.
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../src/protocol/log.ts';
import { killGroup } from '../../src/worker/process/process-group.ts';
import { createProcessLauncher, type ProcessLauncher } from '../../src/worker/process/process-launcher.ts';
import { SpawnerClient, DEFAULT_SPAWNER_PATH } from '../../src/worker/process/spawner-client.ts';
import { releaseCgroupDir, TaskContainment } from '../../src/worker/process/task-containment.ts';
import type { ContainmentKind } from '../../src/protocol/records/containment.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
spawnSync(process.execPath, [path.join(REPO, 'scripts/build-native.mjs')], { stdio: 'inherit' });

/** Runs detached escapees, writes their pids to files in the working directory, then either
 *  exits (the task ends by itself) or sleeps until killed. */
const escaping = (then: 'exit' | 'stay') => ['/bin/sh', '-c', [
  'setsid sleep 3001 & echo $! > setsid.pid',
  'setsid sh -c \'sleep 3002 & echo $! > double.pid\' &',
  'while [ ! -s setsid.pid ] || [ ! -s double.pid ]; do sleep 0.02; done',
  then === 'exit' ? 'exit 3' : 'exec sleep 3003',
].join('\n')];

/** Whether pid can still run code: not a zombie, and not a SIGKILLed process in the middle of
 *  exiting that has already given up its memory (its cmdline reads empty then; the spawner no
 *  longer sees its marker either, rightly: nothing of the task can run in it any more). */
function alive(pid: number): boolean {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const st = s.slice(s.lastIndexOf(')') + 2).split(' ');
    if (st[0] === 'Z' || st[0] === 'X') return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').length > 0;
  } catch {
    return false;
  }
}

/** Pid and session of a process. */
function session(pid: number): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[4]);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The escapees' pids, once their files hold them. A file exists before the shell has written
 *  it: read then, it gave 0, and killing process group 0 is killing one's own (the test runner's
 *  whole group was SIGKILLed that way). */
async function escapeePids(dir: string): Promise<number[]> {
  const read = async (f: string) => Number((await readFile(path.join(dir, f), 'utf8').catch(() => '')).trim());
  let pids: number[] = [];
  await until('the escapees to be started', async () => {
    pids = await Promise.all(['setsid.pid', 'double.pid'].map(read));
    return pids.every((p) => Number.isInteger(p) && p > 1);
  });
  return pids;
}

interface Setup {
  launcher: ProcessLauncher;
  containment: TaskContainment;
  dir: string;
  escapees(): Promise<number[]>;
}

const kinds: Array<{ kind: ContainmentKind; binary: string }> = [
  { kind: 'cgroup-v2', binary: DEFAULT_SPAWNER_PATH },
  { kind: 'subreaper', binary: DEFAULT_SPAWNER_PATH },
  { kind: 'process-group', binary: 'off' },
];

function each(title: string, fn: (t: ExecutionContext, s: Setup) => Promise<void>): void {
  for (const { kind, binary } of kinds) {
    test(`${kind}: ${title}`, async (t) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-containment-test-'));
      const { launcher, containment } = await createProcessLauncher({
        nodeId: `n-${path.basename(dir)}`, root: dir, runId: 'r1', orphanGraceMs: 200, prefer: kind, log: silentLogger, binary,
      });
      const pids: number[] = [];
      t.teardown(async () => {
        for (const pid of pids) killGroup(pid, 'SIGKILL');
        for (const pid of pids) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
        await launcher.close();
        await releaseCgroupDir(containment);
        await rm(dir, { recursive: true, force: true });
      });
      // This machine has a cgroup v2 hierarchy troupe may use (tests run as root): a node that
      // has none falls back, and says so, which would make the cgroup-v2 case test nothing.
      t.is(launcher.containmentKind, kind);
      await fn(t, {
        launcher, containment, dir,
        async escapees() {
          const found = await escapeePids(dir);
          pids.push(...found);
          return found;
        },
      });
    });
  }
}

const opts = (dir: string) => ({ cwd: dir, env: { PATH: process.env.PATH! }, stdoutPath: path.join(dir, 'stdout.txt'), stderrPath: path.join(dir, 'stderr.txt') });

each('what a task left behind (setsid, double fork) is gone once its exit is reported', async (t, s) => {
  const g = await s.launcher.launch(escaping('exit'), opts(s.dir));
  const exit = await g.exited;
  t.is(exit.exitCode, 3);
  const [setsid, double] = await s.escapees();
  t.false(alive(setsid!), 'the setsid escapee');
  t.false(alive(double!), 'the double-forked escapee');
});

each('kill() ends the task and everything it started, in any session', async (t, s) => {
  const g = await s.launcher.launch(escaping('stay'), opts(s.dir));
  const [setsid, double] = await s.escapees();
  t.not(session(setsid!), g.pid, 'the escapees really left the task\'s session');
  t.not(session(double!), g.pid);
  await g.kill(5000);
  await until('the escapees to be gone', () => !alive(setsid!) && !alive(double!));
  t.pass();
});

test('a worker killed together with its launcher: the next run sweeps what the old one left (cgroup-v2 and subreaper)', async (t) => {
  for (const kind of ['cgroup-v2', 'subreaper'] as const) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-containment-test-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const setup = { nodeId: 'sweep', root: dir, orphanGraceMs: 200, prefer: kind, log: silentLogger };
    const first = await createProcessLauncher({ ...setup, runId: 'old' });
    const g = await first.launcher.launch(escaping('stay'), opts(dir));
    const pids = [g.pid, ...await escapeePids(dir)];
    // Each of them is about to exec its sleep (the escapees' pids are written as soon as they
    // are forked, setsid execs twice): in the middle of an exec a cmdline reads empty for an
    // instant, which alive() takes for a dying process. Wait until all three are their sleeps.
    const sleeps = ['3003', '3001', '3002'];
    await until('the task and its escapees to exec their sleeps', () => pids.every((pid, i) => {
      try { return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(sleeps[i]!); } catch { return false; }
    }));
    t.teardown(async () => {
      for (const pid of pids) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      await first.launcher.close();
    });
    // kill -9 of the helper (as when the whole worker's process group is killed): nothing ends the tasks.
    process.kill((first.launcher as unknown as { client: SpawnerClient }).client.helperPid, 'SIGKILL');
    // The worker is not closed: a killed worker closes nothing. (Closing it here would end the
    // tasks after all: a closing launcher kills what is left in its tasks' resource-limit
    // cgroups, the pids limit every task has by default, once their exits are given up as lost.)
    await until('the launcher to see its helper die', () => first.launcher.kind === 'node');
    t.true(pids.every(alive), `${kind}: the tasks outlived their launcher`);
    const next = await TaskContainment.detect({ ...setup, runId: 'new', spawner: true });
    t.is(next.kind, kind);
    t.true(await next.sweepLeftovers(silentLogger) >= 1);
    await until(`${kind}: the old run's processes to be gone`, () => !pids.some(alive));
    await first.launcher.close();
    // Another node's processes are not touched.
    const other = await TaskContainment.detect({ ...setup, nodeId: 'other', runId: 'x', spawner: true });
    t.is(await other.sweepLeftovers(silentLogger), 0);
    await releaseCgroupDir(other);
    await releaseCgroupDir(next);
  }
});
