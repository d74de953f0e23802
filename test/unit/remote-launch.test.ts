// The worker's remote launch server with a real gRPC client and real processes, an in-test
// authority standing in for the instance runner; and the launcher's ssh command-line parsing.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { silentLogger } from '../../src/protocol/log.ts';
import { loadRemoteLaunchProto, type LaunchInput, type LaunchOutput__Output } from '../../src/mpi/remote-launch-proto.ts';
import { parseSshArgs } from '../../src/mpi/launcher.ts';
import { decodeOutput, encodeInput, frame, FrameReader } from '../../src/mpi/launch-wire.ts';
import { packagePath } from '../../src/protocol/package-root.ts';
import protobuf from 'protobufjs';
import {
  startRemoteLaunchServer,
  type LaunchAuthority,
  type LaunchRef,
  type RemoteProcess,
} from '../../src/worker/multi-instance/remote-launch-server.ts';
import { NODE_MPI_LAUNCHER } from '../helpers/troupe-bin.ts';

const LAUNCHER = NODE_MPI_LAUNCHER;
const REF: LaunchRef = { jobId: 'job', taskId: 'task', uid: 'u-1', attempt: 2, token: 'secret' };

interface Harness {
  port: number;
  dir: string;
  tracked: RemoteProcess[];
  /** Processes track() turned away (the instance was ending). */
  turnedAway: RemoteProcess[];
  unregistered: number[];
  /** Set to make track() answer "the instance is ending". */
  ending: boolean;
}

async function harness(t: import('ava').ExecutionContext): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'troupe-rl-'));
  const h: Harness = { port: 0, dir, tracked: [], turnedAway: [], unregistered: [], ending: false };
  const authority: LaunchAuthority = {
    contextFor(ref) {
      if (ref.jobId !== REF.jobId || ref.taskId !== REF.taskId || ref.attempt !== REF.attempt || ref.uid !== REF.uid) {
        return { refused: `no attempt ${ref.attempt} of task '${ref.taskId}' runs on this node` };
      }
      if (ref.token !== REF.token) return { refused: 'wrong launch token' };
      return {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', INSTANCE_VAR: 'from-context' },
        track(proc) {
          if (h.ending) {
            h.turnedAway.push(proc);
            return undefined;
          }
          h.tracked.push(proc);
          return () => h.unregistered.push(proc.pid);
        },
      };
    },
  };
  const server = await startRemoteLaunchServer({ host: '127.0.0.1', port: 0, authority, killGraceMs: 500, log: silentLogger });
  h.port = server.port;
  t.teardown(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return h;
}

interface CallResult {
  stdout: string;
  stderr: string;
  exit?: { exitCode: number; signal: string };
  code: grpc.status;
  details: string;
}

/** Sends `inputs` on one Launch call and collects everything until the call ends. `onStdout`
 *  sees each stdout chunk and may cancel the call. */
function launch(port: number, inputs: LaunchInput[], opts: { end?: boolean; onStdout?: (text: string, call: grpc.ClientDuplexStream<LaunchInput, LaunchOutput__Output>) => void } = {}): Promise<CallResult> {
  const { RemoteLaunch } = loadRemoteLaunchProto();
  const client = new RemoteLaunch(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = client.Launch();
  const result: CallResult = { stdout: '', stderr: '', code: grpc.status.OK, details: '' };
  return new Promise((resolve) => {
    call.on('data', (out: LaunchOutput__Output) => {
      if (out.output === 'stdout') {
        result.stdout += out.stdout!.toString();
        opts.onStdout?.(result.stdout, call);
      } else if (out.output === 'stderr') result.stderr += out.stderr!.toString();
      else if (out.output === 'exit') result.exit = { exitCode: out.exit!.exitCode, signal: out.exit!.signal };
    });
    call.on('error', () => {});
    call.on('status', (status) => {
      result.code = status.code;
      result.details = status.details;
      client.close();
      resolve(result);
    });
    for (const input of inputs) call.write(input);
    if (opts.end ?? true) call.end();
  });
}

const start = (command: string, ref: Partial<LaunchRef> = {}): LaunchInput => ({ start: { ...REF, ...ref, host: '127.0.0.1', command } });

/** Whether a live (not zombie) process is left in process group `pgid`. */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After "(comm) ": state ppid pgrp ...
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && Number(pgrp) === pgid) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

function alive(pid: number): boolean {
  // A zombie counts as gone: nothing of it runs any more.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('relays stdout and stderr and ends with the exit status', async (t) => {
  const h = await harness(t);
  const r = await launch(h.port, [start("echo out; echo err >&2; exit 7")]);
  t.is(r.code, grpc.status.OK, r.details);
  t.is(r.stdout, 'out\n');
  t.is(r.stderr, 'err\n');
  t.deepEqual(r.exit, { exitCode: 7, signal: '' });
  t.is(h.tracked.length, 1, 'the process was tracked by its instance');
  await until('the process to be released', () => h.unregistered.length === 1);
  t.deepEqual(h.unregistered, [h.tracked[0]!.pid], 'and released once its group is gone');
});

test("runs in the instance's directory and environment, with stdin relayed", async (t) => {
  const h = await harness(t);
  const r = await launch(h.port, [start('pwd; echo "$INSTANCE_VAR"; cat'), { stdin: Buffer.from('line one\n') }, { stdin: Buffer.from('line two\n') }, { stdinClosed: true }]);
  t.is(r.code, grpc.status.OK, r.details);
  t.is(r.stdout, `${h.dir}\nfrom-context\nline one\nline two\n`);
  t.is(r.exit?.exitCode, 0);
});

test('a command killed by a signal exits 128 + the signal number', async (t) => {
  const h = await harness(t);
  const r = await launch(h.port, [start('kill -KILL $$')]);
  t.deepEqual(r.exit, { exitCode: 137, signal: 'SIGKILL' });
});

test('shell syntax is run by /bin/sh, as sshd runs the words of an ssh command line', async (t) => {
  const h = await harness(t);
  const r = await launch(h.port, [start('X=1; export X; for i in a b; do printf "%s$X" $i; done')]);
  t.is(r.stdout, 'a1b1');
});

test('bad first messages are refused with the field and the rule', async (t) => {
  const h = await harness(t);
  const cases: Array<[LaunchInput[], string]> = [
    [[{ stdin: Buffer.from('x') }], 'start must be the first message of a Launch call'],
    [[], 'start must be the first message of a Launch call'],
    [[start('true', { token: '' })], 'start.token is required'],
    [[start('true', { jobId: '' })], 'start.jobId is required'],
    [[start('true', { uid: '' })], 'start.uid is required'],
    [[start('   ')], 'start.command is required'],
    [[start('x'.repeat(300 * 1024))], 'start.command must be at most 262144 bytes'],
    [[start('true', { taskId: 'x'.repeat(2000) })], 'start.taskId must be at most 1024 characters'],
  ];
  for (const [inputs, message] of cases) {
    const r = await launch(h.port, inputs);
    t.is(r.code, grpc.status.INVALID_ARGUMENT, message);
    t.is(r.details, message);
    t.is(r.exit, undefined);
  }
  t.is(h.tracked.length, 0, 'nothing was started');
  // The server is still serving.
  const ok = await launch(h.port, [start('echo still here')]);
  t.is(ok.stdout, 'still here\n');
});

test('an unknown attempt or a wrong token is refused with the authority reason', async (t) => {
  const h = await harness(t);
  const unknown = await launch(h.port, [start('touch ran', { attempt: 3 })]);
  t.is(unknown.code, grpc.status.PERMISSION_DENIED);
  t.is(unknown.details, "no attempt 3 of task 'task' runs on this node");
  const token = await launch(h.port, [start('touch ran', { token: 'guess' })]);
  t.is(token.code, grpc.status.PERMISSION_DENIED);
  t.is(token.details, 'wrong launch token');
  t.false(existsSync(path.join(h.dir, 'ran')), 'the command never ran');
});

test('a launch into an instance that is ending is killed at once and the call refused', async (t) => {
  const h = await harness(t);
  h.ending = true;
  const r = await launch(h.port, [start('sleep 0.5; touch ran')]);
  t.is(r.code, grpc.status.FAILED_PRECONDITION);
  t.regex(r.details, /is ending on this node/);
  // Once its whole group is gone the command can no longer touch the file: waiting for that,
  // rather than for a fixed time, holds however slowly the shell would have got there.
  t.is(h.turnedAway.length, 1, 'the command was started, then turned away');
  const pgid = h.turnedAway[0]!.pid;
  await until(`the group ${pgid} to be gone`, () => !groupAlive(pgid));
  t.false(existsSync(path.join(h.dir, 'ran')), 'the command was killed before it could finish');
});

test('cancelling the call kills the whole process group', async (t) => {
  const h = await harness(t);
  let pids: number[] = [];
  const r = await launch(h.port, [start('sleep 1000 & echo "$$ $!"; wait')], {
    end: false,
    onStdout(text, call) {
      if (text.endsWith('\n')) {
        pids = text.trim().split(' ').map(Number);
        call.cancel();
      }
    },
  });
  t.is(r.code, grpc.status.CANCELLED);
  t.is(pids.length, 2);
  await until('the shell and its background sleep to be gone', () => pids.every((pid) => !alive(pid)));
  t.pass();
});

test('a launcher killed outright (connection lost, no cancel) also gets its processes killed', async (t) => {
  const h = await harness(t);
  const context = JSON.stringify({ ref: REF, hosts: { '127.0.0.1': `127.0.0.1:${h.port}` } });
  const launcher = spawn(LAUNCHER, ['127.0.0.1', 'trap "" TERM; sleep 1000 & echo "$$ $!"; wait'], {
    env: { ...process.env, TROUPE_MPI_CONTEXT: context },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => launcher.kill('SIGKILL'));
  const pids = await new Promise<number[]>((resolve) => {
    let text = '';
    launcher.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.endsWith('\n')) resolve(text.trim().split(' ').map(Number));
    });
  });
  launcher.kill('SIGKILL');
  await until('the group, which ignores SIGTERM, to be killed after the grace period', () => pids.every((pid) => !alive(pid)));
  t.is(h.tracked.length, 1);
  await until('the process to be released', () => h.unregistered.length === 1);
  t.deepEqual(h.unregistered, [pids[0]]);
});

test('ssh command lines as mpiexec writes them', (t) => {
  t.deepEqual(parseSshArgs(['127.0.1.2', 'orted', '-mca', 'x']), { host: '127.0.1.2', command: 'orted -mca x', noStdin: false });
  t.deepEqual(parseSshArgs(['-x', 'node1', '"/usr/bin/hydra_pmi_proxy"', '--control-port', 'h:1']), {
    host: 'node1',
    command: '"/usr/bin/hydra_pmi_proxy" --control-port h:1',
    noStdin: false,
  });
  t.deepEqual(parseSshArgs(['-T', '-q', '-o', 'StrictHostKeyChecking=no', '-p', '22', 'me@10.0.0.5', 'true']), { host: '10.0.0.5', command: 'true', noStdin: false });
  t.deepEqual(parseSshArgs(['-xTn', '-oBatchMode=yes', 'h', 'a', 'b']), { host: 'h', command: 'a b', noStdin: true });
  t.deepEqual(parseSshArgs(['-lroot', 'h', 'PATH=/x;', 'export', 'PATH', ';', 'orted']), { host: 'h', command: 'PATH=/x; export PATH ; orted', noStdin: false });
  t.throws(() => parseSshArgs(['-o']), { message: 'option -o needs a value' });
  t.throws(() => parseSshArgs(['-x']), { message: /usage: troupe-mpi-launch/ });
  t.throws(() => parseSshArgs(['h']), { message: /no command given for h/ });
});

test("the launcher's hand-written wire format matches protobufjs for every message", (t) => {
  const root = protobuf.loadSync(packagePath('proto', 'troupe/internal/v1/remote_launch.proto'));
  const Input = root.lookupType('troupe.internal.v1.LaunchInput');
  const Output = root.lookupType('troupe.internal.v1.LaunchOutput');
  const start = { jobId: 'j', taskId: 't', uid: 'ü', attempt: 300, token: 'k', host: '127.0.1.2', command: 'orted -mca x "y"' };
  t.deepEqual(Input.toObject(Input.decode(encodeInput({ start }))), { start });
  t.deepEqual(Input.toObject(Input.decode(encodeInput({ stdin: Buffer.from('abc') }))), { stdin: Buffer.from('abc') });
  t.deepEqual(Input.toObject(Input.decode(encodeInput({ stdinClosed: true }))), { stdinClosed: true });

  const encoded = [
    { stdout: Buffer.from('out') },
    { stderr: Buffer.from('') },
    { exit: { exitCode: 137, signal: 'SIGKILL' } },
    { exit: { exitCode: -1, signal: '' } },
  ].map((m) => Buffer.from(Output.encode(Output.fromObject(m)).finish()));
  // Every message framed, then cut into 3-byte pieces, as DATA frames may arrive.
  const body = Buffer.concat(encoded.map(frame));
  const reader = new FrameReader();
  const messages: Buffer[] = [];
  for (let i = 0; i < body.length; i += 3) messages.push(...reader.push(body.subarray(i, i + 3)));
  t.deepEqual(messages.map(decodeOutput), [
    { stdout: Buffer.from('out') },
    { stderr: Buffer.alloc(0) },
    { exit: { exitCode: 137, signal: 'SIGKILL' } },
    { exit: { exitCode: -1, signal: '' } },
  ]);
});

test('what the command leaves in its group is killed after the grace period', async (t) => {
  const h = await harness(t);
  const r = await launch(h.port, [start('sleep 1000 & echo $!')]);
  t.is(r.exit?.exitCode, 0);
  const pid = Number(r.stdout.trim());
  await until('the background sleep to be killed', () => !alive(pid));
  t.pass();
});
