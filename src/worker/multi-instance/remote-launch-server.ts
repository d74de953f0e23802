// The worker's side of MPI remote launch (troupe.internal.v1.RemoteLaunch): what sshd is to mpiexec.
// bin/troupe-mpi-launch, run by mpiexec instead of ssh, opens one Launch call per remote daemon
// (orted, hydra_pmi_proxy); this server checks that the call belongs to an attempt of a
// multi-instance task running on this node (the LaunchAuthority, which the instance runner
// implements), runs the command as `/bin/sh -c <command>` inside that instance's context (its
// directory and environment, its own process group, tracked by the instance so the instance's end
// kills it), relays stdin, stdout and stderr, and ends the call with the exit status.
//
//   call opens ─► first message `start` ─► validated ─► authority.contextFor ─► spawn, track
//        │              │ invalid: INVALID_ARGUMENT        │ refused: PERMISSION_DENIED
//        ▼              ▼                                  ▼
//   stdin chunks ─► child's stdin          stdout/stderr chunks ─► exit {code, signal} ─► call ends
//   cancelled / disconnected ─► SIGTERM to the group, SIGKILL after killGraceMs
//   the shell exits ─► what is left in its group is killed killGraceMs later
// Processes that leave the group (setsid: Hydra's ranks, a daemonized orted) are out of reach of
// the group kill: straggler-sweep.ts finds them by the attempt's token in their environment.
import { addHealthService } from '../../protocol/grpc/health.ts';
import { listen } from '../../protocol/grpc/listening-server.ts';
import * as grpc from '@grpc/grpc-js';
import type { TlsMaterial } from '../../security/daemon-tls.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { Logger } from '../../protocol/log.ts';
import {
  loadRemoteLaunchProto,
  type LaunchInput__Output,
  type LaunchOutput,
  type LaunchStart__Output,
  type RemoteLaunchHandlers,
} from '../../mpi/remote-launch-proto.ts';
import type { LaunchRef } from '../../mpi/mpi-environment.ts';

export type { LaunchRef } from '../../mpi/mpi-environment.ts';

export interface RemoteProcess { readonly pid: number; /** signals the whole process group */ kill(signal: NodeJS.Signals): void }
export interface LaunchContext {
  cwd: string;
  env: Record<string, string>;
  /** The instance's user (the worker runs as root): the daemon runs as it. Absent = the worker's. */
  user?: { uid: number; gid: number };
  /** Registers a process started for this instance; the instance kills its group when it ends.
   *  Returns an unregister function; returns undefined when the instance is already ending
   *  (then the server kills the process at once and ends the call). */
  track(proc: RemoteProcess): (() => void) | undefined;
  /** Puts the command's first process in the instance's resource-limit cgroups before it runs
   *  anything (it waits at a gate until this resolves); absent = no limits. */
  enter?(pid: number): Promise<void>;
}
export interface LaunchAuthority {
  /** The context of the instance of this attempt on this node, or why the launch is refused
   *  (no such attempt here, wrong token, instance ended). */
  contextFor(ref: LaunchRef): LaunchContext | { refused: string };
}
export interface RemoteLaunchServer { readonly port: number; close(): Promise<void> }

const DEFAULT_KILL_GRACE_MS = 5000;
/** `sh -c GATE_SCRIPT troupe-remote COMMAND`: waits for a line on fd 3, then runs COMMAND as
 *  `sh -c COMMAND` would (exec: the same pid, the same process group). */
const GATE_SCRIPT = 'read -r _ <&3 || exit 125; exec 3<&-; exec /bin/sh -c "$1"';
/** Longer than any command line mpiexec builds (Open MPI's orted line is a few KB). */
const MAX_COMMAND_BYTES = 256 * 1024;
const MAX_ID_CHARS = 1024;
/** After the command exits, how long output still held open by an escaped process may delay the
 *  exit message. */
const OUTPUT_DRAIN_MS = 2000;

/** The service's full name, as health checks ask for it. */
export const REMOTE_LAUNCH_SERVICE = 'troupe.internal.v1.RemoteLaunch';

export async function startRemoteLaunchServer(opts: {
  host: string;
  port?: number;
  authority: LaunchAuthority;
  killGraceMs?: number;
  /** The worker's certificate (the server's); client certificates are checked when presented,
   *  not required: a launch is authorised by its attempt's token (the launcher in a task has no
   *  certificate; the worker's relay presents its own). */
  tls?: TlsMaterial;
  log: Logger;
}): Promise<RemoteLaunchServer> {
  const killGraceMs = opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const server = new grpc.Server();
  const handlers: RemoteLaunchHandlers = {
    Launch: (call) => handleLaunch(call, { authority: opts.authority, killGraceMs, log: opts.log }),
  };
  server.addService(loadRemoteLaunchProto().RemoteLaunch.service, handlers);
  // The standard health service, as on the coordinator: the worker's port answers probes.
  addHealthService(server, { [REMOTE_LAUNCH_SERVICE]: 'SERVING' });
  // Commands still running when it closes belong to instances, which kill their groups when
  // they end; the calls themselves are cut, so their launchers see a broken connection.
  return listen(server, { host: opts.host, ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.tls ? { tls: opts.tls } : {}), what: 'remote launch server' });
}

type LaunchCall = grpc.ServerDuplexStream<LaunchInput__Output, LaunchOutput>;

/** Why a first message is refused: the field and the rule, as the rest of troupe words them. */
export function validateStart(input: LaunchInput__Output): { ref: LaunchRef; host: string; command: string } | { invalid: string } {
  if (input.input !== 'start' || !input.start) return { invalid: 'start must be the first message of a Launch call' };
  const s: LaunchStart__Output = input.start;
  for (const field of ['jobId', 'taskId', 'uid', 'token'] as const) {
    const value = s[field];
    if (typeof value !== 'string' || value.length === 0) return { invalid: `start.${field} is required` };
    if (value.length > MAX_ID_CHARS) return { invalid: `start.${field} must be at most ${MAX_ID_CHARS} characters` };
  }
  if (typeof s.command !== 'string' || s.command.trim().length === 0) return { invalid: 'start.command is required' };
  if (Buffer.byteLength(s.command) > MAX_COMMAND_BYTES) return { invalid: `start.command must be at most ${MAX_COMMAND_BYTES} bytes` };
  if (s.command.includes('\0')) return { invalid: 'start.command must not contain NUL characters' };
  if ((s.host ?? '').length > MAX_ID_CHARS) return { invalid: `start.host must be at most ${MAX_ID_CHARS} characters` };
  const attempt = Number(s.attempt);
  if (!Number.isSafeInteger(attempt) || attempt < 0) return { invalid: 'start.attempt must be a non-negative integer' };
  return {
    ref: { jobId: s.jobId, taskId: s.taskId, uid: s.uid, attempt, token: s.token },
    host: s.host ?? '',
    command: s.command,
  };
}

function handleLaunch(
  call: LaunchCall,
  deps: { authority: LaunchAuthority; killGraceMs: number; log: Logger },
): void {
  let child: ChildProcess | undefined;
  let finished = false; // the call has its status (exit sent, error sent, or cancelled)
  let unregister: (() => void) | undefined;
  let log = deps.log;

  const fail = (code: grpc.status, details: string) => {
    if (finished) return;
    finished = true;
    call.emit('error', { code, details });
  };

  const killGroup = (signal: NodeJS.Signals) => {
    if (child?.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };

  const abandon = (why: string) => {
    // The launcher went away (cancelled, killed, connection lost): nobody will read the exit,
    // and mpiexec counts the daemon as gone, so the daemon must go too.
    if (child && child.exitCode === null && child.signalCode === null) {
      log.info('remote launch abandoned: killing its process group', { why, pid: child.pid });
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), deps.killGraceMs);
      timer.unref();
      child.once('exit', () => clearTimeout(timer));
    }
    finished = true;
  };
  call.on('cancelled', () => abandon('call cancelled'));
  call.on('error', () => {}); // a write after the client left: the 'cancelled' path handles it

  call.on('data', (input: LaunchInput__Output) => {
    try {
      if (finished) return;
      if (!child) {
        start(input);
        return;
      }
      if (input.input === 'stdin' && input.stdin) {
        if (child.stdin && !child.stdin.destroyed && !child.stdin.writableEnded) child.stdin.write(input.stdin);
      } else if (input.input === 'stdinClosed') {
        child.stdin?.end();
      } else if (input.input === 'start') {
        fail(grpc.status.INVALID_ARGUMENT, 'start must be sent only once per Launch call');
        abandon('second start');
      }
    } catch (err) {
      log.warn('remote launch input could not be handled', { err });
    }
  });
  call.on('end', () => {
    // The launcher closed its side (its stdin ended): EOF for the command, as ssh does.
    if (!child) fail(grpc.status.INVALID_ARGUMENT, 'start must be the first message of a Launch call');
    else child.stdin?.end();
  });

  const start = (input: LaunchInput__Output) => {
    const valid = validateStart(input);
    if ('invalid' in valid) {
      fail(grpc.status.INVALID_ARGUMENT, valid.invalid);
      return;
    }
    const { ref, host, command } = valid;
    log = deps.log.child({ jobId: ref.jobId, taskId: ref.taskId, attempt: ref.attempt, launchHost: host });
    let context: LaunchContext | { refused: string };
    try {
      context = deps.authority.contextFor(ref);
    } catch (err) {
      log.error('remote launch authority failed', { err });
      fail(grpc.status.INTERNAL, `could not check the launch: ${(err as Error).message}`);
      return;
    }
    if ('refused' in context) {
      log.warn('remote launch refused', { reason: context.refused });
      fail(grpc.status.PERMISSION_DENIED, context.refused);
      return;
    }
    let proc: ChildProcess;
    const gated = context.enter !== undefined;
    try {
      // With limits, the shell first waits on fd 3 for the worker to move it into the instance's
      // cgroups (Node's spawn cannot put it there before it runs): nothing it starts escapes them.
      proc = spawn('/bin/sh', gated ? ['-c', GATE_SCRIPT, 'troupe-remote', command] : ['-c', command], {
        cwd: context.cwd,
        env: context.env,
        stdio: gated ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
        detached: true, // setsid: its own session and process group, killed as one
        ...(context.user ? { uid: context.user.uid, gid: context.user.gid } : {}),
      });
    } catch (err) {
      fail(grpc.status.FAILED_PRECONDITION, `could not start /bin/sh: ${(err as Error).message}`);
      return;
    }
    child = proc;
    proc.once('error', (err) => {
      // Only spawn failures reach here with no pid (a bad cwd: ENOENT).
      if (proc.pid === undefined) fail(grpc.status.FAILED_PRECONDITION, `could not start the command in ${context.cwd}: ${err.message}`);
    });
    if (proc.pid === undefined) return;
    const pid = proc.pid;
    const remote: RemoteProcess = { pid, kill: (signal) => killGroup(signal) };
    unregister = context.track(remote);
    if (!unregister) {
      killGroup('SIGKILL');
      fail(grpc.status.FAILED_PRECONDITION, `task '${ref.taskId}' attempt ${ref.attempt} is ending on this node: no new process may start`);
      return;
    }
    if (gated) {
      const gate = proc.stdio[3] as NodeJS.WritableStream & { on(e: 'error', l: () => void): void };
      gate.on('error', () => {});
      context.enter!(pid).then(() => gate.end('go\n'), (err: Error) => {
        killGroup('SIGKILL');
        fail(grpc.status.FAILED_PRECONDITION, `could not put the command in the task's resource limits on this node: ${err.message}`);
      });
    }
    log.debug('remote launch started', { pid });
    relayOutput(proc, call);
    proc.stdin!.on('error', () => {}); // EPIPE: the command does not read its stdin

    proc.once('exit', (code, signal) => {
      // The shell ended. What it left in its group goes too, but only after killGraceMs: a daemon
      // that forks itself away (orted --daemonize, which Open MPI uses without tree spawn: fork,
      // the parent exits, the child calls setsid) must get to leave the group first. Killing at
      // once raced it, and mpiexec then waited forever for a daemon that had been killed.
      setTimeout(() => {
        killGroup('SIGKILL');
        unregister?.();
      }, deps.killGraceMs).unref();
      const exitCode = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 0);
      const sendExit = () => {
        if (finished) return;
        finished = true;
        call.write({ exit: { exitCode, signal: signal ?? '' } });
        call.end();
        log.debug('remote launch exited', { pid, exitCode, signal });
      };
      // Output written just before the exit is still in the pipes: relay it first.
      let open = 0;
      for (const stream of [proc.stdout!, proc.stderr!]) {
        if (!stream.readableEnded && !stream.destroyed) {
          open += 1;
          stream.once('close', () => --open === 0 && sendExit());
        }
      }
      if (open === 0) sendExit();
      else
        setTimeout(() => {
          proc.stdout!.destroy();
          proc.stderr!.destroy();
          sendExit();
        }, OUTPUT_DRAIN_MS).unref();
    });
  };
}

/** stdout and stderr of the command to the call, pausing the pipes while the call's buffer is full. */
function relayOutput(proc: ChildProcess, call: LaunchCall): void {
  const paused = new Set<NodeJS.ReadableStream>();
  call.on('drain', () => {
    for (const stream of paused) stream.resume();
    paused.clear();
  });
  const relay = (stream: NodeJS.ReadableStream, which: 'stdout' | 'stderr') => {
    stream.on('data', (chunk: Buffer) => {
      if (call.destroyed || call.writableEnded) return;
      if (!call.write(which === 'stdout' ? { stdout: chunk } : { stderr: chunk })) {
        stream.pause();
        paused.add(stream);
      }
    });
  };
  relay(proc.stdout!, 'stdout');
  relay(proc.stderr!, 'stderr');
}
