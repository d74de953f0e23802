// `troupe task exec` and `troupe task attach` (issue 14 item 2) through a real cluster: the CLI
// talks to the coordinator only, which relays to the task's worker over mutual TLS. Commands run
// in the task's directory, environment and user, and die with it; a task added with --pty is
// driven through `task attach` running in a real terminal (tmux), whose screen is read back.
import test from 'ava';
import { spawn, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fixture, processesMatching, startCluster, TROUPE_BIN, type TestCluster } from './helpers/cluster.ts';
import { terminalClient } from '../src/cli/terminal/terminal-client.ts';

let cluster: TestCluster;
const tmuxSocket = `troupe-terminal-test-${process.pid}`;
test.before(async () => {
  cluster = await startCluster({ workers: 1, slots: 4 });
  await cluster.api.CreateJob({ job: { id: 'tj', poolInfo: { poolId: cluster.opts.pool } } });
});
test.after.always(async () => {
  try {
    execFileSync('tmux', ['-L', tmuxSocket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no session was left
  }
  await cluster?.stop();
});

interface Run { code: number; stdout: string; stderr: string }

function troupe(args: string[], opts: { input?: string; token?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TROUPE_BIN, ...args], { env: { ...process.env, ...cluster.cliEnv(opts.token) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

const exec = (taskId: string, command: string[], flags: string[] = [], opts: { input?: string; token?: string } = {}) =>
  troupe(['task', 'exec', '--job', 'tj', '--id', taskId, ...flags, '--', ...command], opts);

/** A task that records its own view (directory, uid, environment), then waits to be ended. */
async function addRecordingTask(id: string, extra: Record<string, unknown> = {}) {
  await cluster.api.AddTask({ jobId: 'tj', task: { id, commandArgs: ['/bin/sh', '-c', 'pwd > own-pwd; id -u > own-uid; env > own-env; exec sleep 600'], ...extra } });
  await cluster.waitForTask('tj', id, 'running');
  const wd = path.join(cluster.nodeRoot('node-1'), 'workitems', 'tj', 'job-1', id, 'wd');
  return cluster.until(`task ${id} to record itself`, async () => {
    const env = await readFile(path.join(wd, 'own-env'), 'utf8').catch(() => '');
    if (!env.includes('AZ_BATCH_TASK_ID')) return undefined;
    return { wd, pwd: await readFile(path.join(wd, 'own-pwd'), 'utf8'), uid: await readFile(path.join(wd, 'own-uid'), 'utf8'), env };
  });
}

test.serial('exec runs in the task\'s directory, as its user, with its environment; stdout, stderr, stdin and the exit code come back apart', async (t) => {
  const own = await addRecordingTask('busy');
  const pwd = await exec('busy', ['/bin/pwd']);
  t.is(pwd.code, 0, pwd.stderr);
  t.is(pwd.stdout, own.pwd);
  const uid = await exec('busy', ['/usr/bin/id', '-u']);
  t.is(uid.stdout, own.uid);
  if (process.getuid?.() === 0) t.not(uid.stdout.trim(), '0', 'as root, the task runs as a user of its own, and so does exec');
  const env = await exec('busy', ['/usr/bin/env']);
  const vars = (text: string) => Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  t.is(vars(env.stdout).AZ_BATCH_TASK_ID, 'busy');
  t.is(vars(env.stdout).AZ_BATCH_TASK_WORKING_DIR, vars(own.env).AZ_BATCH_TASK_WORKING_DIR);
  t.is(vars(env.stdout).AZ_BATCH_JOB_ID, 'tj');

  const split = await exec('busy', ['/bin/sh', '-c', 'echo out; echo err >&2; exit 7']);
  t.is(split.code, 7);
  t.is(split.stdout, 'out\n');
  t.is(split.stderr, 'err\n');
  const piped = await exec('busy', ['/bin/sh', '-c', 'tr a-z A-Z; echo "[eof]"'], ['-i'], { input: 'hello through stdin\n' });
  t.is(piped.code, 0, piped.stderr);
  t.is(piped.stdout, 'HELLO THROUGH STDIN\n[eof]\n');
  const tty = await exec('busy', ['/bin/sh', '-c', 'tty; stty size'], ['-t']);
  t.is(tty.code, 0, tty.stderr);
  t.regex(tty.stdout, /^\/dev\/pts\/\d+\r?\n24 80\r?\n$/);
  // Much more than the call's buffers hold: nothing lost or reordered on the way.
  const lots = await exec('busy', ['/bin/sh', '-c', 'seq 1 400000']);
  t.is(lots.code, 0, lots.stderr);
  t.is(lots.stdout.length, Array.from({ length: 400000 }, (_, i) => `${i + 1}\n`).join('').length);
  t.true(lots.stdout.endsWith('399999\n400000\n'));
  const missing = await exec('busy', ['/no/such/program']);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /FAILED_PRECONDITION: .*no\/such\/program/);
});

test.serial('exec into a task that is not running is FAILED_PRECONDITION naming its state; unknown tasks NOT_FOUND', async (t) => {
  await cluster.api.AddTask({ jobId: 'tj', task: { id: 'quick', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('tj', 'quick', 'completed');
  const done = await exec('quick', ['/bin/pwd']);
  t.is(done.code, 1);
  t.regex(done.stderr, /FAILED_PRECONDITION: task 'quick' is completed, not running/);
  const none = await exec('nosuch', ['/bin/pwd']);
  t.regex(none.stderr, /NOT_FOUND/);
  const empty = await troupe(['task', 'exec', '--job', 'tj', '--id', 'quick']);
  t.is(empty.code, 2);
  const attach = await troupe(['task', 'attach', '--job', 'tj', '--id', 'busy']);
  t.is(attach.code, 1);
  t.regex(attach.stderr, /FAILED_PRECONDITION: task 'busy' has no terminal to attach to/);
});

test.serial('a command exec started dies when its task is terminated', async (t) => {
  const own = await addRecordingTask('doomed');
  const running = exec('doomed', ['/bin/sh', '-c', 'echo $$ > exec.pid; echo started; exec sleep 600']);
  const pid = await cluster.until('the exec\'d command to start', async () => {
    const text = await readFile(path.join(own.wd, 'exec.pid'), 'utf8').catch(() => '');
    return /^\d+\n$/.test(text) ? Number(text) : undefined;
  });
  const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  t.true(alive());
  await cluster.api.TerminateTask({ jobId: 'tj', taskId: 'doomed' });
  const ended = await running;
  t.not(ended.code, 0);
  t.is(ended.stdout, 'started\n');
  await cluster.until('the exec\'d command to be gone', async () => (alive() ? undefined : true));
  t.false(alive());
});

/** The cgroups of /proc/<pid>/cgroup that troupe made (under a node's troupe-<key> directory),
 *  by controller list: the task's own, as opposed to the worker's it inherits elsewhere. */
function troupeCgroups(procCgroup: string): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of procCgroup.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (m && m[2]!.includes('/troupe-')) own.set(m[1]!, m[2]!);
  }
  return own;
}

test.serial("exec'd commands run in the task's cgroups: its memory limit holds them, and what they detach ends with the task", async (t) => {
  await cluster.api.AddTask({ jobId: 'tj', task: { id: 'caged', commandArgs: ['/bin/sh', '-c', 'cat /proc/self/cgroup > own-cgroup; exec sleep 600'], constraints: { maxMemoryMib: 64 } } });
  await cluster.waitForTask('tj', 'caged', 'running');
  const wd = path.join(cluster.nodeRoot('node-1'), 'workitems', 'tj', 'job-1', 'caged', 'wd');
  const taskCgroups = await cluster.until('the task to record its cgroups', async () => {
    const own = troupeCgroups(await readFile(path.join(wd, 'own-cgroup'), 'utf8').catch(() => ''));
    return own.size > 0 ? own : undefined;
  });
  t.true([...taskCgroups.keys()].some((c) => c.split(',').includes('memory') || c === ''), `the task has a memory (or cgroup v2) cgroup of its own: ${[...taskCgroups.keys()].join(' ')}`);

  // The command and what it forks are in every cgroup of the task's own, from its first instruction.
  const shown = await exec('caged', ['/bin/sh', '-c', 'cat /proc/self/cgroup; setsid sleep 600 > /dev/null 2>&1 < /dev/null & echo $! > detached.pid']);
  t.is(shown.code, 0, shown.stderr);
  t.deepEqual(troupeCgroups(shown.stdout), taskCgroups);
  const detached = Number((await readFile(path.join(wd, 'detached.pid'), 'utf8')).trim());
  t.deepEqual(troupeCgroups(await readFile(`/proc/${detached}/cgroup`, 'utf8')), taskCgroups, 'a process it detached stays in them');

  // The task's memory limit (64 MiB) holds an exec'd command: allocating 128 MiB is killed.
  const greedy = await exec('caged', ['/usr/bin/python3', fixture('allocate.py'), '128']);
  t.not(greedy.code, 0, `allocating past the task's limit was stopped: ${greedy.stdout}`);
  t.notRegex(greedy.stdout, /allocated 128 MiB/);

  // A missing program is still said clearly (the gate checks before starting it).
  const missing = await exec('caged', ['no-such-program']);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /FAILED_PRECONDITION: could not start 'no-such-program'/);

  const alive = () => { try { process.kill(detached, 0); return true; } catch { return false; } };
  t.true(alive());
  await cluster.api.TerminateTask({ jobId: 'tj', taskId: 'caged' });
  await cluster.waitForTask('tj', 'caged', 'completed');
  await cluster.until('the process the exec detached to end with its task', async () => (alive() ? undefined : true));
  t.false(alive());
});

test.serial('a reader cannot exec or attach; a submitter cannot reach another\'s job', async (t) => {
  const reader = await cluster.api.CreateToken({ name: 'watcher', role: 'reader' });
  const refused = await exec('busy', ['/bin/pwd'], [], { token: reader.secret });
  t.is(refused.code, 1);
  t.regex(refused.stderr, /PERMISSION_DENIED: Exec is not allowed for role 'reader'/);
  const attach = await troupe(['task', 'attach', '--job', 'tj', '--id', 'busy'], { token: reader.secret });
  t.regex(attach.stderr, /PERMISSION_DENIED: Attach is not allowed for role 'reader'/);
  const mallory = await cluster.api.CreateToken({ name: 'mallory', role: 'submitter' });
  const other = await exec('busy', ['/bin/pwd'], [], { token: mallory.secret });
  t.regex(other.stderr, /PERMISSION_DENIED: Exec: job 'tj' is not mallory's/);
});

test.serial('bad first messages are INVALID_ARGUMENT naming the field and the rule', async (t) => {
  const client = terminalClient(cluster.apiAddress, { ca: cluster.credentials.ca, token: cluster.credentials.token });
  t.teardown(() => client.close());
  const refusal = (first: object | undefined, kind: 'Exec' | 'Attach' = 'Exec') => new Promise<{ code: number; details: string }>((resolve) => {
    const call = (kind === 'Exec' ? client.Exec() : client.Attach()) as unknown as NodeJS.EventEmitter & { write(m: object): boolean; end(): void };
    call.on('data', () => {});
    call.on('error', (err: { code: number; details: string }) => resolve(err));
    call.on('status', (s: { code: number; details: string }) => { if (s.code === 0) resolve(s); });
    if (first) call.write(first);
    call.end();
  });
  const checks: [object | undefined, RegExp, ('Exec' | 'Attach')?][] = [
    [undefined, /start must be the first message/],
    [{ stdin: Buffer.from('x') }, /^start must be the first message of an Exec call/],
    [{ start: { jobId: 'tj', taskId: 'busy', command: [] } }, /^start\.command must name a program/],
    [{ start: { jobId: 'tj', taskId: 'busy', command: ['/bin/true'], tty: true, window: { rows: 5000, cols: 80 } } }, /^start\.window\.rows must be 1\.\.1000/],
    [{ start: { jobId: 'tj', taskId: 'bad id!', command: ['/bin/true'] } }, /^start\.taskId must be 1-64 letters/],
    [{ start: { jobId: 'tj', taskId: '' } }, /^start\.taskId is required/, 'Attach'],
  ];
  for (const [first, message, kind] of checks) {
    const status = await refusal(first, kind);
    t.is(status.code, 3, `INVALID_ARGUMENT for ${JSON.stringify(first)}: ${status.details}`);
    t.regex(status.details, message);
  }
});

// ---- attach, in a real terminal -------------------------------------------------------------

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', tmuxSocket, ...args], { encoding: 'utf8' });
const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);

/** `troupe ARGS` in a tmux window of its own; after it exits, the window says how. */
function troupeIn(session: string, size: { cols: number; rows: number }, args: string[]): void {
  const env = Object.entries(cluster.cliEnv()).map(([k, v]) => `${k}='${v}'`).join(' ');
  const command = `env ${env} '${process.execPath}' '${TROUPE_BIN}' ${args.map((w) => `'${w}'`).join(' ')}; echo "troupe exited $?"; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', String(size.cols), '-y', String(size.rows), command);
}

const attachIn = (session: string, size: { cols: number; rows: number }, flags: string[] = []) =>
  troupeIn(session, size, ['task', 'attach', '--job', 'tj', '--id', 'shell', ...flags]);

const screenShows = (session: string, text: string | RegExp) =>
  cluster.until(`screen of ${session} to show ${text}`, async () => {
    const s = screen(session);
    return (typeof text === 'string' ? s.includes(text) : text.test(s)) ? s : undefined;
  }, 60_000);

/** Types `keys` into a session until its screen shows `seen`, again every 2 s (not at each
 *  look, every 50 ms: under load the client took seconds to come up, the hundreds of lines typed
 *  meanwhile overran the terminal's 4 KiB input buffer, and the keys it dropped were the next
 *  command's: "the sleep to run" then waited 60 s for a line that never arrived whole). */
async function typeUntil(what: string, session: string, keys: string[], seen: (screen: string) => boolean): Promise<void> {
  let typedAt = 0;
  await cluster.until(what, async () => {
    if (Date.now() - typedAt >= 2000) {
      tmux('send-keys', '-t', session, ...keys);
      typedAt = Date.now();
    }
    return seen(screen(session)) ? true : undefined;
  }, 60_000);
}

test.serial('a --pty task driven through task attach: typing, resize, Ctrl-C, detach, attach again, Ctrl-D', async (t) => {
  const added = await troupe(['task', 'add', '--job', 'tj', '--id', 'shell', '--pty', '--', fixture('prompt-echo.py')]);
  t.is(added.code, 0, added.stderr);
  await cluster.waitForTask('tj', 'shell', 'running');

  attachIn('first', { cols: 100, rows: 30 });
  // Nothing is shown until the terminal says something: type a line, see it echoed with the prompt after.
  await typeUntil('the attach to be in place', 'first', ['hello terminal', 'Enter'], (s) => s.includes('echo: hello terminal'));
  t.regex(screen('first'), /echo: hello terminal\s*\ntroupe>/); // (tmux trims the prompt's trailing space)

  // The task's terminal has the client's size, and follows it.
  tmux('send-keys', '-t', 'first', 'size', 'Enter');
  await screenShows('first', 'size 30 100');
  tmux('resize-window', '-t', 'first', '-x', '120', '-y', '40');
  await typeUntil('the resize to reach the task', 'first', ['size', 'Enter'], (s) => s.includes('size 40 120'));

  // Ctrl-C is a byte for the task's terminal, whose line discipline makes it SIGINT for the task.
  tmux('send-keys', '-t', 'first', 'C-c');
  await screenShows('first', 'got SIGINT');

  // One client at a time.
  const second = await troupe(['task', 'attach', '--job', 'tj', '--id', 'shell']);
  t.is(second.code, 1);
  t.regex(second.stderr, /FAILED_PRECONDITION: another client is attached/);

  // Ctrl-P Ctrl-Q detaches; the task goes on.
  tmux('send-keys', '-t', 'first', 'C-p', 'C-q');
  const after = await screenShows('first', 'troupe exited 0');
  t.regex(after, /detached from task 'shell'/);
  t.is((await cluster.api.GetTask({ jobId: 'tj', taskId: 'shell' })).state, 'running');

  // Again, with a replay of what it showed, and a custom detach sequence no key below completes.
  attachIn('again', { cols: 80, rows: 24 }, ['--replay', '--detach-keys', 'ctrl-a,d']);
  await screenShows('again', 'echo: hello terminal');
  tmux('send-keys', '-t', 'again', 'back again', 'Enter');
  await screenShows('again', 'echo: back again');
  tmux('send-keys', '-t', 'again', 'C-d');
  const ended = await screenShows('again', 'troupe exited 0');
  t.regex(ended, /got EOF/);
  const task = await cluster.waitForTask('tj', 'shell', 'completed');
  t.is(task.executionInfo!.exitCode, 0);
  const stdout = await cluster.readOutput('tj', 'shell');
  t.regex(stdout, /echo: hello terminal/);
  t.regex(stdout, /echo: back again/);
});

test.serial('exec -it: a shell inside the task in a real terminal, typed into, resized, its exit code returned', async (t) => {
  await addRecordingTask('host');
  troupeIn('exec', { cols: 90, rows: 20 }, ['task', 'exec', '--job', 'tj', '--id', 'host', '-it', '--', '/bin/sh']);
  await typeUntil('the shell to answer', 'exec', ['echo "in $AZ_BATCH_TASK_ID: $(stty size)"', 'Enter'], (s) => s.includes('in host: 20 90'));
  tmux('resize-window', '-t', 'exec', '-x', '70', '-y', '15');
  await typeUntil('the resize to reach the shell', 'exec', ['stty size', 'Enter'], (s) => s.includes('15 70'));
  // Ctrl-C interrupts what runs in the task's terminal, not the client.
  // Once the sleep runs: a Ctrl-C typed before the shell has read the line only flushes it.
  tmux('send-keys', '-t', 'exec', 'sleep 601; echo after-sleep', 'Enter');
  await cluster.until('the sleep to run', async () => (await processesMatching('sleep 601')).length > 0);
  tmux('send-keys', '-t', 'exec', 'C-c');
  tmux('send-keys', '-t', 'exec', 'echo still-here', 'Enter');
  const shown = await screenShows('exec', /^still-here$/m);
  t.notRegex(shown, /^after-sleep$/m);
  tmux('send-keys', '-t', 'exec', 'exit 5', 'Enter');
  await screenShows('exec', 'troupe exited 5');
  t.is((await cluster.api.GetTask({ jobId: 'tj', taskId: 'host' })).state, 'running', 'the task goes on');
});
