// The two process launchers on real processes: troupe-spawner (native/, posix_spawn from a helper)
// and Node's spawn must behave the same, so every behaviour test runs against both. Then what only
// the helper has: its protocol, its lifetime, and what happens when it dies.
import test, { type ExecutionContext } from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger, type Logger } from '../../src/protocol/log.ts';
import { describeLaunchError, killGroup, LaunchError, WorkingDirectoryError, type ProcessExit, type SpawnedGroup } from '../../src/worker/process/process-group.ts';
import { NodeLauncher, SpawnerLauncher, type LaunchOptions, type ProcessLauncher } from '../../src/worker/process/process-launcher.ts';
import { DEFAULT_SPAWNER_PATH, SpawnerClient, SpawnerDiedError } from '../../src/worker/process/spawner-client.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => path.join(REPO, 'test/fixtures', name);

// Build the helper if needed. Its tests always run: a machine that cannot build it (no C
// compiler) fails them, saying so, rather than passing with the fast path untested.
spawnSync(process.execPath, [path.join(REPO, 'scripts/build-native.mjs')], { stdio: 'inherit' });
const SPAWNER = process.env.TROUPE_SPAWNER && process.env.TROUPE_SPAWNER !== 'off' ? process.env.TROUPE_SPAWNER : DEFAULT_SPAWNER_PATH;
if (!existsSync(SPAWNER)) {
  test('troupe-spawner is built', (t) => t.fail(`${SPAWNER} is missing: the setup could not build native/troupe-spawner.c (is a C compiler installed?)`));
}

// Only in this process's environment: a task must never see it.
process.env.TROUPE_TEST_WORKER_ONLY = 'leaked';

const variants: Array<{ name: string; make(): Promise<ProcessLauncher> }> = [
  { name: 'troupe-spawner', make: async () => new SpawnerLauncher(await SpawnerClient.start(SPAWNER), silentLogger) },
  { name: 'node', make: async () => new NodeLauncher() },
];

interface Ctx {
  launcher: ProcessLauncher;
  dir: string;
  /** cwd = dir, PATH = this process's, stdout.txt and stderr.txt in dir. */
  opts(extra?: Partial<LaunchOptions>): LaunchOptions;
  /** Launches, and SIGKILLs the group at teardown whatever happened. */
  launch(argv: string[], extra?: Partial<LaunchOptions>): Promise<SpawnedGroup>;
  stdout(): Promise<string>;
  stderr(): Promise<string>;
}

/** An exit as compared: what it used is checked by its own test. */
function withoutUsage(exit: ProcessExit): ProcessExit {
  const { usage: _usage, ...rest } = exit;
  return rest;
}

/** One test per launcher, each with its own directory and launcher, cleaned up always. */
function both(title: string, fn: (t: ExecutionContext, c: Ctx) => Promise<void>): void {
  for (const v of variants) {
    test(`${v.name}: ${title}`, async (t) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-spawner-test-'));
      const launcher = await v.make();
      const groups: number[] = [];
      t.teardown(async () => {
        for (const pid of groups) killGroup(pid, 'SIGKILL');
        await launcher.close();
        await rm(dir, { recursive: true, force: true });
      });
      const opts = (extra: Partial<LaunchOptions> = {}): LaunchOptions => ({
        cwd: dir, env: { PATH: process.env.PATH! }, stdoutPath: path.join(dir, 'stdout.txt'), stderrPath: path.join(dir, 'stderr.txt'), ...extra,
      });
      await fn(t, {
        launcher, dir, opts,
        async launch(argv, extra) {
          const g = await launcher.launch(argv, opts(extra));
          groups.push(g.pid);
          return g;
        },
        stdout: () => readFile(path.join(dir, 'stdout.txt'), 'utf8'),
        stderr: () => readFile(path.join(dir, 'stderr.txt'), 'utf8'),
      });
    });
  }
}

/** /proc/<pid>/stat after the command name: state, ppid, pgrp, session, ... */
function procStat(pid: number): string[] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Gone, or a zombie nobody has reaped yet (it runs no more either way). */
const isGone = (pid: number) => {
  const st = procStat(pid);
  return st === undefined || st[0] === 'Z' || st[0] === 'X';
};

/** Live members of process group `pgid`. */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
    .filter((pid) => { const st = procStat(pid); return st !== undefined && Number(st[2]) === pgid && !isGone(pid); });
}

// A generous deadline: this file's tests run side by side (500 launches among them), and on a
// loaded machine a process tree takes seconds to start or to die; a passing wait costs nothing.
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const outputHas = (c: Ctx, text: string) => until(`'${text}' on stdout`, async () => (await c.stdout().catch(() => '')).includes(text));

both('exit code, and stdout/stderr written to their files (truncated first)', async (t, c) => {
  await writeFile(path.join(c.dir, 'stdout.txt'), 'old content that must go away\n'.repeat(10));
  const g = await c.launch([fixture('exit-with.sh'), '7']);
  t.true(g.pid > 0);
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 7 });
  t.is(await c.stdout(), 'stdout of exit-with 7\n');
  t.is(await c.stderr(), 'stderr of exit-with 7\n');
});

both('an exit by signal is 128 + its number', async (t, c) => {
  const g = await c.launch([fixture('crash.sh')]);
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 128 + os.constants.signals.SIGSEGV, signal: 'SIGSEGV' });
  const k = await c.launch(['/bin/sh', '-c', 'kill -KILL $$']);
  t.deepEqual(withoutUsage(await k.exited), { exitCode: 137, signal: 'SIGKILL' });
});

both('a missing program is a LaunchError ENOENT with the clear message', async (t, c) => {
  for (const program of ['no-such-program-troupe', path.join(c.dir, 'missing')]) {
    const err = await t.throwsAsync(c.launch([program]), { instanceOf: LaunchError });
    t.is(err?.code, 'ENOENT', program);
    t.is(err?.message, describeLaunchError(program, 'ENOENT', ''));
  }
  const empty = await t.throwsAsync(c.launch(['']), { instanceOf: LaunchError });
  t.is(empty?.code, 'ERR_INVALID_ARG_VALUE');
});

both('a program that is not executable is a LaunchError EACCES', async (t, c) => {
  const file = path.join(c.dir, 'not-executable.sh');
  await writeFile(file, '#!/bin/sh\necho never\n', { mode: 0o644 });
  for (const program of [file, c.dir]) {
    const err = await t.throwsAsync(c.launch([program]), { instanceOf: LaunchError });
    t.is(err?.code, 'EACCES');
    t.is(err?.message, `program '${program}' is not executable`);
  }
});

both("cwd and environment are the task's, and only the task's", async (t, c) => {
  const cwd = path.join(c.dir, 'work dir');
  await mkdir(cwd);
  const g = await c.launch([fixture('print-env.sh')], { cwd, env: { PATH: '/usr/bin:/bin', FOO: 'bar baz', EMPTY: '' } });
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 0 });
  const out = await c.stdout();
  t.regex(out, /^FOO=bar baz$/m);
  t.regex(out, /^EMPTY=$/m);
  t.regex(out, /^PATH=\/usr\/bin:\/bin$/m);
  t.true(out.includes(`PWD_IS=${cwd}\n`));
  t.false(out.includes('TROUPE_TEST_WORKER_ONLY'));
});

both('the working directory is created with its parents; one that cannot be is a WorkingDirectoryError', async (t, c) => {
  const cwd = path.join(c.dir, 'workitems', 'job', 'job-1', 'task', 'wd');
  const g = await c.launch([fixture('print-env.sh')], { cwd });
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 0 });
  t.true((await c.stdout()).includes(`PWD_IS=${cwd}\n`));
  await writeFile(path.join(c.dir, 'a-file'), 'not a directory');
  const err = await t.throwsAsync(c.launch(['/bin/true'], { cwd: path.join(c.dir, 'a-file', 'wd') }), { instanceOf: WorkingDirectoryError });
  t.is(err!.code, 'ENOTDIR');
});

both("argv[0] is searched on the task's PATH, as execvp does", async (t, c) => {
  const [bad, good] = [path.join(c.dir, 'bad'), path.join(c.dir, 'good')];
  await mkdir(bad);
  await mkdir(good);
  await writeFile(path.join(bad, 'only-here'), '#!/bin/sh\necho wrong one\n', { mode: 0o644 }); // not runnable: skipped
  await writeFile(path.join(good, 'only-here'), '#!/bin/sh\necho "found $0 $1"\n', { mode: 0o755 });
  const g = await c.launch(['only-here', 'a b'], { env: { PATH: `${bad}:${good}:/usr/bin:/bin` } });
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 0 });
  t.is(await c.stdout(), `found ${good}/only-here a b\n`);
  // Not on the worker's PATH; and found but not runnable is EACCES, as execvp says.
  const missing = await t.throwsAsync(c.launch(['only-here']), { instanceOf: LaunchError });
  t.is(missing?.code, 'ENOENT');
  const denied = await t.throwsAsync(c.launch(['only-here'], { env: { PATH: bad } }), { instanceOf: LaunchError });
  t.is(denied?.code, 'EACCES');
});

both('a relative program path is resolved in the task\'s cwd; a script without #! runs with /bin/sh', async (t, c) => {
  await writeFile(path.join(c.dir, 'no-shebang'), 'echo "plain script in $(pwd)"\nexit 4\n', { mode: 0o755 });
  const g = await c.launch(['./no-shebang']);
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 4 });
  t.is(await c.stdout(), `plain script in ${c.dir}\n`);
});

both('the task is its own session and process group, with no blocked or ignored signals', async (t, c) => {
  // grep is the task itself (no shell in between), reading its own status.
  const g = await c.launch(['grep', '-E', '^(NSpid|NSpgid|NSsid|SigBlk|SigIgn):', '/proc/self/status']);
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 0 });
  const fields = Object.fromEntries((await c.stdout()).trim().split('\n').map((l) => l.split(/:\s+/)));
  t.is(Number(fields.NSpid!.split(/\s/)[0]), g.pid);
  t.is(Number(fields.NSpgid!.split(/\s/)[0]), g.pid, 'its own process group');
  t.is(Number(fields.NSsid!.split(/\s/)[0]), g.pid, 'its own session');
  t.is(fields.SigBlk, '0000000000000000');
  t.is(fields.SigIgn, '0000000000000000');
});

both('stdin is empty (/dev/null)', async (t, c) => {
  const g = await c.launch(['/bin/cat']);
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 0 });
  t.is(await c.stdout(), '');
});

both('kill() ends the whole group: children and grandchildren', async (t, c) => {
  const g = await c.launch([fixture('hang.sh'), 'spawner-test-marker']);
  await outputHas(c, 'hanging with marker');
  await until('the children to start', () => groupMembers(g.pid).length >= 5);
  const members = groupMembers(g.pid);
  const exit = await g.kill(5000);
  t.is(exit.exitCode, 143);
  t.is(exit.signal, 'SIGTERM');
  t.is(await g.kill(5000), exit, 'a second kill() gives the same result');
  await until('every member to be gone', () => members.every(isGone));
  t.pass();
});

both('when the main process exits, the rest of its group is killed', async (t, c) => {
  const g = await c.launch(['/bin/sh', '-c', 'sleep 1000 & echo $!']);
  t.deepEqual(withoutUsage(await g.exited), { exitCode: 0 });
  const orphan = Number((await c.stdout()).trim());
  t.true(orphan > 0);
  await until('the background sleep to be killed', () => isGone(orphan));
  t.pass();
});

both('kill() escalates to SIGKILL after the grace period when SIGTERM is ignored', async (t, c) => {
  const g = await c.launch(['/bin/sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 1; done']);
  await outputHas(c, 'ready');
  const t0 = Date.now();
  t.deepEqual(withoutUsage(await g.kill(300)), { exitCode: 137, signal: 'SIGKILL' });
  t.true(Date.now() - t0 >= 250, `killed after ${Date.now() - t0} ms`);
});

both('500 concurrent launches: every one starts and reports its exit once', async (t, c) => {
  const groups = await Promise.all(Array.from({ length: 500 }, () => c.launcher.launch(['/bin/true'], c.opts())));
  t.is(new Set(groups.map((g) => g.pid)).size, 500);
  let exits = 0;
  const results = await Promise.all(groups.map((g) => g.exited.then((e) => { exits++; return e; })));
  t.is(exits, 500);
  t.true(results.every((e) => e.exitCode === 0 && e.signal === undefined));
});

both('an unwritable stdout file is an OutputFileError, not a LaunchError', async (t, c) => {
  const err = await t.throwsAsync(c.launch(['/bin/true'], { stdoutPath: path.join(c.dir, 'no-dir', 'stdout.txt') }));
  t.is(err?.name, 'OutputFileError');
  t.regex(err!.message, /^ENOENT: no such file or directory, open '.*no-dir\/stdout.txt'$/i);
});

// A task with a user of its own: the launcher makes its task directory (cwd's parent) the user's,
// as the worker's prepareTaskDir does, before opening its output files there.
const taskUser = { uid: 23456, gid: 23456 };

both("a task's own user and directory: the task's directory 0700 and the user's, the job's enterable, the task runs there as the user", async (t, c) => {
  const taskDir = path.join(c.dir, 'workitems/job-1/job-1/t1');
  const wd = path.join(taskDir, 'wd');
  const g = await c.launch(['/bin/sh', '-c', 'id -u; pwd'], { cwd: wd, user: taskUser, taskDir, stdoutPath: path.join(taskDir, 'stdout.txt'), stderrPath: path.join(taskDir, 'stderr.txt') });
  t.is((await g.exited).exitCode, 0);
  t.is(await readFile(path.join(taskDir, 'stdout.txt'), 'utf8'), `${taskUser.uid}\n${wd}\n`);
  const own = await stat(taskDir);
  t.deepEqual([own.uid, own.gid, own.mode & 0o777], [taskUser.uid, taskUser.gid, 0o700]);
  t.deepEqual([(await stat(wd)).uid, (await stat(wd)).gid], [taskUser.uid, taskUser.gid]);
  const job = await stat(path.dirname(taskDir));
  t.deepEqual([job.uid, job.mode & 0o005], [0, 0o005], "the job's directory stays root's, enterable by others");
});

both("a retry after a task left a link in place of its working directory: the link is not followed (root's directory stays root's)", async (t, c) => {
  const taskDir = path.join(c.dir, 'job-1/t2');
  const wd = path.join(taskDir, 'wd');
  const target = path.join(c.dir, 'roots-own');
  await mkdir(target);
  await mkdir(taskDir, { recursive: true });
  await symlink(target, wd); // what the earlier attempt, as the user, could do in its directory
  const g = await c.launch(['/bin/true'], { cwd: wd, user: taskUser, taskDir, stdoutPath: path.join(taskDir, 'stdout.txt'), stderrPath: path.join(taskDir, 'stderr.txt') });
  await g.exited;
  t.is((await stat(target)).uid, 0, 'the chown did not go through the link');
  t.is((await lstat(wd)).uid, taskUser.uid, 'the link itself is the user\'s');
  t.deepEqual([(await stat(taskDir)).uid, (await stat(taskDir)).mode & 0o777], [taskUser.uid, 0o700]);
});

both('a task directory that is not the parent of cwd: every level from it down to cwd is the user\'s', async (t, c) => {
  const taskDir = path.join(c.dir, 'n/t3');
  const wd = path.join(taskDir, 'a/b');
  const g = await c.launch(['/bin/true'], { cwd: wd, user: taskUser, taskDir, stdoutPath: path.join(c.dir, 'stdout.txt'), stderrPath: path.join(c.dir, 'stderr.txt') });
  t.is((await g.exited).exitCode, 0);
  for (const d of [taskDir, path.join(taskDir, 'a'), wd]) t.is((await stat(d)).uid, taskUser.uid, d);
  t.is((await stat(taskDir)).mode & 0o777, 0o700);
});

// ---- the helper itself ----

async function startRaw(): Promise<ReturnType<typeof spawn>> {
  const child = spawn(SPAWNER, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  await once(child, 'spawn');
  return child;
}

test('troupe-spawner: exits 0 on stdin EOF', async (t) => {
  const child = await startRaw();
  child.stdin!.end();
  const [code] = await once(child, 'exit');
  t.is(code, 0);
});

test('troupe-spawner: a malformed request ends it with status 2 and a message', async (t) => {
  const child = await startRaw();
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.write(Buffer.from([3, 0, 0, 0, 0x5a, 0x5a, 0x5a]));
  // 'close', not 'exit': only then has all of its stderr been read.
  const [code] = await once(child, 'close');
  t.is(code, 2);
  t.regex(stderr, /troupe-spawner: protocol error/);
});

test('troupe-spawner: closing ends the tasks it runs, SIGTERM then SIGKILL after its grace (their exits are then lost)', async (t) => {
  const client = await SpawnerClient.start(SPAWNER, 300);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-spawner-test-'));
  const opts = { cwd: dir, env: { PATH: process.env.PATH! }, stdoutPath: path.join(dir, 'o'), stderrPath: path.join(dir, 'e') };
  const polite = await client.launch(['/bin/sleep', '30'], opts);
  const stubborn = await client.launch(['/bin/sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'], opts);
  t.teardown(async () => {
    for (const g of [polite, stubborn]) killGroup(g.pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });
  await until('the stubborn task to trap SIGTERM', async () => (await readFile(opts.stdoutPath, 'utf8').catch(() => '')).includes('ready'));
  await client.close();
  t.deepEqual(withoutUsage(await polite.exited), { exitCode: -1, lost: 'exit status lost: the worker stopped watching the task' });
  await until('both tasks to be gone', () => isGone(polite.pid) && groupMembers(stubborn.pid).length === 0);
  await until('the helper to exit', () => isGone(client.helperPid));
  await t.throwsAsync(client.launch(['/bin/true'], opts), { instanceOf: SpawnerDiedError });
});

test('troupe-spawner: if it dies, launches in flight fail, watched exits are lost, new tasks use Node', async (t) => {
  const client = await SpawnerClient.start(SPAWNER);
  const logged: string[] = [];
  const log: Logger = { ...silentLogger, error: (msg, fields) => logged.push(`${msg} ${JSON.stringify(fields)}`), child: () => log };
  const launcher = new SpawnerLauncher(client, log);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-spawner-test-'));
  const opts: LaunchOptions = { cwd: dir, env: { PATH: process.env.PATH! }, stdoutPath: path.join(dir, 'o'), stderrPath: path.join(dir, 'e') };
  const watched = await launcher.launch(['/bin/sleep', '30'], opts);
  t.teardown(async () => {
    killGroup(watched.pid, 'SIGKILL');
    await launcher.close();
    await rm(dir, { recursive: true, force: true });
  });
  t.is(launcher.kind, 'troupe-spawner');

  const inFlight = launcher.launch(['/bin/true'], opts); // queued: goes out after this turn
  process.kill(client.helperPid, 'SIGKILL');
  const err = await t.throwsAsync(inFlight, { instanceOf: SpawnerDiedError });
  t.regex(err!.message, /troupe-spawner ended unexpectedly \(killed by SIGKILL\)/);
  t.regex(await client.died, /killed by SIGKILL/);
  t.is(launcher.kind, 'node');
  t.is(logged.length, 1);

  const next = await launcher.launch([fixture('exit-with.sh'), '5'], opts);
  t.deepEqual(withoutUsage(await next.exited), { exitCode: 5 });

  t.false(isGone(watched.pid), 'a helper killed at once takes no task with it (the next worker run sweeps them)');
  // The lost exit is noticed by polling (every 500 ms), not by waiting out the grace period. The
  // grace is far longer than the bound, and the bound far longer than a loaded machine's delays
  // (this file's 500-launch tests run at the same time), so only a kill() that waited fails.
  const t0 = Date.now();
  const exit = await watched.kill(60_000);
  t.deepEqual(exit, { exitCode: -1, lost: 'exit status lost: the task launcher (troupe-spawner) died while the task ran' });
  t.true(Date.now() - t0 < 30_000, `kill() took ${Date.now() - t0} ms`);
  t.is(logged.length, 1, 'logged once');
});

test('troupe-spawner: an exit carries what the task used: CPU of its waited-for children too, and its max RSS', async (t) => {
  const launcher = new SpawnerLauncher(await SpawnerClient.start(SPAWNER), silentLogger);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-spawner-test-'));
  t.teardown(async () => {
    await launcher.close();
    await rm(dir, { recursive: true, force: true });
  });
  const opts: LaunchOptions = { cwd: dir, env: { PATH: process.env.PATH! }, stdoutPath: path.join(dir, 'stdout.txt'), stderrPath: path.join(dir, 'stderr.txt') };
  // A shell that waits for a child which spins for 300 ms of CPU and touches 64 MiB.
  const child = `${process.execPath} -e "const b = Buffer.alloc(64 << 20, 1); const end = process.cpuUsage().user + 300e3; while (process.cpuUsage().user < end);"`;
  const busy = await (await launcher.launch(['/bin/sh', '-c', `${child}; exit 3`], opts)).exited;
  t.is(busy.exitCode, 3);
  t.truthy(busy.usage, 'usage reported');
  t.true(busy.usage!.userCpuUs >= 250_000, `user CPU ${busy.usage!.userCpuUs} µs counts the waited-for child's`);
  t.true(busy.usage!.maxRssKib >= 64 * 1024, `max RSS ${busy.usage!.maxRssKib} KiB`);
  const idle = await (await launcher.launch(['/bin/true'], opts)).exited;
  t.true(idle.usage!.userCpuUs < busy.usage!.userCpuUs / 10, 'each task its own usage');
});
