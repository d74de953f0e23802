// The worker's side of native/troupe-spawner: one long-lived helper per worker launches task
// processes with posix_spawn (no fork of this ~100 MB process) and reports their exits. Killing
// stays here: every task is its own process group, so process.kill(-pid) needs no helper.
//
//   start:   spawn the helper once (its stdin: requests, its stdout: events; see the C file)
//   launch:  'S' request (with the unit's marker and cgroup) -> 'P' spawned {pid} | 'F' failed
//   wait:    'X' exited {pid, wait status}, sent once all the unit's processes are gone -> ProcessExit
//   death:   pending launches fail (SpawnerDiedError); exits of the tasks it was watching can no
//            longer be known: each is polled every 500 ms until it is gone and then reported as
//            { exitCode: -1, lost } (the caller fails the task "exit status lost"); `died`
//            resolves, and the launcher uses Node's spawn from then on.
//   close:   stdin EOF -> the helper ends every task it still runs (SIGTERM, SIGKILL after its
//            grace), then exits; so does it when the worker dies
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { Socket } from 'node:net';
import { packagePath } from '../../protocol/package-root.ts';
import { describeLaunchError, groupHandle, killGroup, LaunchError, OutputFileError, WorkingDirectoryError, type ProcessExit, type SpawnedGroup } from './process-group.ts';
import type { LaunchOptions } from './process-launch.ts';
import { MARKER_VARIABLE, type ContainmentUnit } from './task-containment.ts';

export const DEFAULT_SPAWNER_PATH = packagePath('build', 'troupe-spawner');
const LOST_POLL_MS = 500;
const CLOSE_TIMEOUT_MS = 2000;

/** The helper is gone: a launch in flight may or may not have started its process. */
export class SpawnerDiedError extends Error {
  override name = 'SpawnerDiedError';
}

/** Failure stages, as native/troupe-spawner.c numbers them. */
const STAGE_PROGRAM = 1, STAGE_CWD = 2, STAGE_STDOUT = 3, STAGE_STDERR = 4, STAGE_CGROUP = 6, STAGE_USER = 7, STAGE_LIMITS = 8;
/** The strings before argv in a request: cwd, stdout, stderr, marker, cgroup. */
const FIXED_STRINGS = 5;

/** The unit's cgroup could not be created or entered (the node's setup, not the task). */
export class ContainmentError extends Error {
  override name = 'ContainmentError';
}

/** The process could not be given its user (chown of its outputs, setgid/setuid): the node's. */
export class TaskUserError extends Error {
  override name = 'TaskUserError';
}

const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));
const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

interface PendingLaunch {
  argv0: string;
  opts: LaunchOptions;
  resolve(group: SpawnedGroup): void;
  reject(err: Error): void;
}

type State =
  /** The helper runs and takes requests. */
  | 'running'
  /** It ended without being asked to; launches throw SpawnerDiedError. */
  | 'dead'
  /** close() was called. */
  | 'closed';

export class SpawnerClient {
  private state: State = 'running';
  private nextId = 1;
  private readonly pending = new Map<number, PendingLaunch>();
  /** Tasks whose exit is awaited, by pid. */
  private readonly running = new Map<number, (exit: ProcessExit) => void>();
  private queued: Buffer[] = [];
  private input = Buffer.alloc(0);
  private lostPoll?: NodeJS.Timeout;
  private closing?: Promise<void>;
  private readonly closed: Promise<void>;
  private onDied!: (reason: string) => void;
  /** Resolves with a description if the helper ends without close(). */
  readonly died = new Promise<string>((resolve) => { this.onDied = resolve; });

  private constructor(private readonly child: ChildProcess, readonly binary: string) {
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
    // 'close' (not 'exit'): every event the helper wrote before dying has been handled by then.
    child.once('close', (code, signal) => this.helperEnded(signal ? `killed by ${signal}` : `exit code ${code}`));
    child.stdin!.on('error', () => {}); // EPIPE when it died: handled by 'close'
    child.stdout!.on('error', () => {});
    child.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    // Idle, the helper does not keep the process alive; pending work does (see updateRef).
    child.unref();
    (child.stdin as Socket).unref();
    this.updateRef();
  }

  /** Starts the helper at `binary`; rejects if it cannot be executed. `graceMs`: how long the
   *  tasks get between SIGTERM and SIGKILL when the worker is gone. */
  static start(binary: string, graceMs = 1000, runMarkerPrefix = ''): Promise<SpawnerClient> {
    return new Promise((resolve, reject) => {
      // Its own process group: a Ctrl-C meant for the worker must not kill the helper (the
      // worker stops its tasks itself); it follows the worker through its stdin instead.
      const child = spawn(binary, [String(graceMs), runMarkerPrefix], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
      child.once('error', reject);
      child.once('spawn', () => {
        child.off('error', reject);
        resolve(new SpawnerClient(child, binary));
      });
    });
  }

  /** The helper's pid (diagnostics, tests). */
  get helperPid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.state === 'running';
  }

  /** Launches argv as `unit` (its marker goes into the environment; its cgroup, if any, is
   *  created by the helper). `cgroups`: the request's cgroup field when the launch has resource
   *  limits (UnitLimits.spawnerField), instead of the unit's cgroup parent. */
  launch(argv: string[], opts: LaunchOptions, unit: ContainmentUnit = { marker: '' }, cgroups?: string): Promise<SpawnedGroup> {
    if (this.state !== 'running') return Promise.reject(new SpawnerDiedError(`the task launcher (troupe-spawner) is ${this.state === 'dead' ? 'dead' : 'closed'}`));
    const argv0 = argv[0];
    if (!argv0) return Promise.reject(new LaunchError('', 'ERR_INVALID_ARG_VALUE', describeLaunchError('', undefined, 'the program name is empty')));
    const strings = [opts.cwd, opts.stdoutPath, opts.stderrPath, unit.marker, cgroups ?? unit.cgroupParent ?? '', ...argv];
    for (const [k, v] of Object.entries(opts.env)) if (k !== MARKER_VARIABLE) strings.push(`${k}=${v}`);
    if (unit.marker) strings.push(`${MARKER_VARIABLE}=${unit.marker}`);
    if (strings.some((s) => s.includes('\0'))) {
      return Promise.reject(new LaunchError(argv0, 'ERR_INVALID_ARG_VALUE', describeLaunchError(argv0, undefined, 'an argument, environment variable or path contains a NUL byte')));
    }
    const id = this.nextId;
    this.nextId = id === 0xffffffff ? 1 : id + 1; // a u32 on the wire
    this.queue(withUser(encodeSpawn(id, argv.length, strings.length - FIXED_STRINGS - argv.length, strings), opts.user, opts.taskDir !== undefined));
    return new Promise((resolve, reject) => {
      const marked = (group: SpawnedGroup) => resolve(unit.marker ? { ...group, marker: unit.marker } : group);
      this.pending.set(id, { argv0, opts, resolve: marked, reject });
      this.updateRef();
    });
  }

  /** Ends the helper (stdin EOF): it ends the tasks it still runs. Their exits are not waited
   *  for: they are reported as lost. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.state === 'running') this.state = 'closed';
      this.flush();
      this.child.stdin!.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      await this.closed;
      clearTimeout(timer);
      clearInterval(this.lostPoll);
      this.lostPoll = undefined;
      this.failPending(new SpawnerDiedError('the task launcher was closed before confirming the launch'));
      for (const resolve of this.running.values()) resolve({ exitCode: -1, lost: 'exit status lost: the worker stopped watching the task' });
      this.running.clear();
      this.updateRef();
    })();
    return this.closing;
  }

  // Requests made in the same turn of the event loop go out in one write.
  private queue(frame: Buffer): void {
    this.queued.push(frame);
    if (this.queued.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.queued.length === 0) return;
    const data = this.queued.length === 1 ? this.queued[0]! : Buffer.concat(this.queued);
    this.queued = [];
    if (this.child.stdin!.writable) this.child.stdin!.write(data);
  }

  private onData(chunk: Buffer): void {
    let buf = this.input.length ? Buffer.concat([this.input, chunk]) : chunk;
    let pos = 0;
    while (buf.length - pos >= 4) {
      const len = buf.readUInt32LE(pos);
      if (buf.length - pos - 4 < len) break;
      this.onEvent(buf.subarray(pos + 4, pos + 4 + len));
      pos += 4 + len;
    }
    this.input = pos === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    this.updateRef();
  }

  private onEvent(ev: Buffer): void {
    const type = String.fromCharCode(ev[0]!);
    if (type === 'P') {
      const launch = this.take(ev.readUInt32LE(1));
      const pid = ev.readInt32LE(5);
      const exited = new Promise<ProcessExit>((resolve) => this.running.set(pid, resolve));
      launch?.resolve(groupHandle(pid, exited));
    } else if (type === 'F') {
      const launch = this.take(ev.readUInt32LE(1));
      const stage = ev[5]!;
      const errno = ev.readInt32LE(6);
      const text = ev.toString('utf8', 10, ev.length - 1);
      launch?.reject(launchFailure(launch.argv0, launch.opts, stage, errno, text));
    } else if (type === 'X') {
      const pid = ev.readInt32LE(1);
      const resolve = this.running.get(pid);
      this.running.delete(pid);
      // The helper killed whatever the task left behind before sending this.
      const exit = exitFromWaitStatus(ev.readInt32LE(5));
      if (ev.length >= 33) {
        const u64 = (at: number) => Number(ev.readBigUInt64LE(at));
        exit.usage = { userCpuUs: u64(9), kernelCpuUs: u64(17), maxRssKib: u64(25) };
      }
      resolve?.(exit);
    }
  }

  private take(id: number): PendingLaunch | undefined {
    const launch = this.pending.get(id);
    this.pending.delete(id);
    return launch;
  }

  private helperEnded(how: string): void {
    if (this.state !== 'running') return;
    this.state = 'dead';
    const reason = `troupe-spawner ended unexpectedly (${how})`;
    this.failPending(new SpawnerDiedError(`${reason} before confirming the launch: the task may have started without being watched`));
    if (this.running.size) this.lostPoll = setInterval(() => this.pollLost(), LOST_POLL_MS);
    this.updateRef();
    this.onDied(reason);
  }

  private failPending(err: Error): void {
    for (const launch of this.pending.values()) launch.reject(err);
    this.pending.clear();
  }

  /** After the helper's death nobody can wait() for its tasks: watch them go instead. */
  private pollLost(): void {
    for (const [pid, resolve] of this.running) {
      if (isRunning(pid)) continue;
      this.running.delete(pid);
      killGroup(pid, 'SIGKILL');
      resolve({ exitCode: -1, lost: 'exit status lost: the task launcher (troupe-spawner) died while the task ran' });
    }
    if (this.running.size === 0) {
      clearInterval(this.lostPoll);
      this.lostPoll = undefined;
    }
  }

  /** Keeps the process alive while launches or exits are awaited, like Node's own children. */
  private updateRef(): void {
    const stdout = this.child.stdout as Socket;
    if (this.pending.size || this.running.size) stdout.ref();
    else stdout.unref();
  }
}

function encodeSpawn(id: number, argc: number, envc: number, strings: string[]): Buffer {
  let size = 4 + 13;
  for (const s of strings) size += Buffer.byteLength(s) + 1;
  const buf = Buffer.allocUnsafe(size);
  buf.writeUInt32LE(size - 4, 0);
  buf[4] = 0x53; // 'S'
  buf.writeUInt32LE(id, 5);
  buf.writeUInt32LE(argc, 9);
  buf.writeUInt32LE(envc, 13);
  let off = 17;
  for (const s of strings) {
    off += buf.write(s, off);
    buf[off++] = 0;
  }
  return buf;
}

/** The optional last fields of a spawn request: the task's uid and gid (see the C file). */
/** TASK_USER_OWNS_TASK_DIR in native/task-user.h. */
const OWNS_TASK_DIR = 1;

/** uid, gid and flags after envp; bit 1 of the flags: cwd's parent is the task's directory, for
 *  the helper to make the user's (SpawnerLauncher checks that it is cwd's parent). */
function withUser(frame: Buffer, user: LaunchOptions['user'], ownsTaskDir: boolean): Buffer {
  if (!user) return frame;
  const tail = Buffer.allocUnsafe(12);
  tail.writeUInt32LE(user.uid, 0);
  tail.writeUInt32LE(user.gid, 4);
  tail.writeUInt32LE(ownsTaskDir ? OWNS_TASK_DIR : 0, 8);
  const out = Buffer.concat([frame, tail]);
  out.writeUInt32LE(out.length - 4, 0);
  return out;
}

function launchFailure(argv0: string, opts: LaunchOptions, stage: number, errno: number, text: string): Error {
  const code = errnoNames.get(errno);
  const detail = `${code ?? `errno ${errno}`}: ${text}`;
  switch (stage) {
    case STAGE_STDOUT:
      return new OutputFileError(opts.stdoutPath, code, `${detail}, open '${opts.stdoutPath}'`);
    case STAGE_STDERR:
      return new OutputFileError(opts.stderrPath, code, `${detail}, open '${opts.stderrPath}'`);
    case STAGE_CGROUP:
      return new ContainmentError(`could not create the task's cgroup (${detail})`);
    case STAGE_LIMITS:
      return new ContainmentError(`could not put the task in its resource-limit cgroups (${detail})`);
    case STAGE_USER:
      return new TaskUserError(`could not run the task as uid ${opts.user?.uid}, gid ${opts.user?.gid} (${detail})`);
    case STAGE_CWD:
      return new WorkingDirectoryError(opts.cwd, code, `the working directory '${opts.cwd}' cannot be created or entered (${detail})`);
    case STAGE_PROGRAM:
    default:
      return new LaunchError(argv0, code, describeLaunchError(argv0, code, detail));
  }
}

function exitFromWaitStatus(status: number): ProcessExit {
  const sig = status & 0x7f;
  if (sig === 0) return { exitCode: (status >> 8) & 0xff };
  return { exitCode: 128 + sig, signal: signalNames.get(sig) };
}

/** Whether pid is still a live process. A zombie counts as gone: its parent is dead, and a
 *  container's init may never reap it. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
  }
  try {
    process.kill(pid, 0); // no /proc: existence only
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
