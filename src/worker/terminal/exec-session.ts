// One `troupe task exec` on this node: a command started inside a running attempt's context
// (terminal-target.ts), with pipes (stdout and stderr apart, stdin relayed, EOF passed) or under
// a pseudo-terminal (node-pty: one output, input as the terminal's bytes, resizes). Its own
// process group, registered with the attempt so that the attempt's end kills it; the call's end
// (cancelled, the connection lost) kills it too. The call ends with the exit status. Where the
// task has cgroups of its own (its limits, its containment unit), the command is started behind a
// gate (exec-gate.ts) and let go only once it is in them: the task's limits hold it, and its end
// (cgroup.kill, or its marker) ends it.
//
//   start ─► spawn in the task's context ─► track ─► [enter the task's cgroups] ─► relay stdin/resize ─► output ─► exit, end
//   cancelled ─► SIGTERM to its group, SIGKILL after killGraceMs
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import type * as NodePty from 'node-pty';
import type { ExecInput__Output } from '../../protocol/generated/troupe/v1/ExecInput.ts';
import type { TerminalOutput } from '../../protocol/generated/troupe/v1/TerminalOutput.ts';
import type { Logger } from '../../protocol/log.ts';
import type { PtyModule } from './pty-loader.ts';
import type { ExecProcess, TerminalTarget } from './terminal-target.ts';
import type { WindowSize } from './pty-task.ts';
import { assertRunnable, gatedArgv, openGate } from './exec-gate.ts';

export type ExecCall = grpc.ServerDuplexStream<ExecInput__Output, TerminalOutput>;

export interface ExecRequest {
  command: string[];
  /** Under a pseudo-terminal (with its module), else pipes. */
  tty?: { pty: PtyModule; size: WindowSize };
  stdin: boolean;
}

/** Sends a message; `pause` stops its source and returns how to resume it. */
type Write = (message: TerminalOutput, pause: () => () => void) => void;

interface Running {
  proc: ExecProcess;
  write(data: Buffer): void;
  closeStdin(): void;
  resize(size: WindowSize): void;
  done(): boolean;
}

/** After the command exits, how long output held open by a process it left may delay the exit. */
const OUTPUT_DRAIN_MS = 2000;

export function runExec(call: ExecCall, request: ExecRequest, target: TerminalTarget, deps: {
  killGraceMs: number; log: Logger; fail(code: grpc.status, details: string): void;
}): void {
  let finished = false;
  let unregister: (() => void) | undefined;
  const sendExit = (exitCode: number, signal: string | undefined) => {
    if (finished) return;
    finished = true;
    unregister?.();
    if (call.cancelled || call.destroyed) return;
    call.write({ exit: { exitCode, signal: signal ?? '' } });
    call.end();
  };
  // Back-pressure: a source whose message filled the call's buffer is paused until it drains.
  const resumes = new Set<() => void>();
  call.on('drain', () => {
    for (const resume of resumes) resume();
    resumes.clear();
  });
  const write: Write = (message, pause) => {
    if (finished || call.destroyed || call.writableEnded) return;
    if (!call.write(message)) resumes.add(pause());
  };

  let running: Running;
  try {
    if (target.enter) assertRunnable(request.command[0]!, target.cwd, target.env.PATH);
    running = request.tty ? startTty(request, target, write, sendExit) : startPiped(request, target, write, sendExit, (err) => {
      finished = true;
      unregister?.();
      deps.fail(grpc.status.FAILED_PRECONDITION, err);
    });
  } catch (err) {
    finished = true;
    deps.fail(grpc.status.FAILED_PRECONDITION, `could not start '${request.command[0]}' in the task's directory: ${(err as Error).message}`);
    return;
  }
  unregister = target.track(running.proc);
  if (!unregister) {
    running.proc.kill('SIGKILL');
    finished = true;
    deps.fail(grpc.status.FAILED_PRECONDITION, 'the task is ending on this node: no new command may start in it');
    return;
  }
  if (target.enter) {
    openGate(running.proc.pid, target.enter).catch((err: Error) => {
      if (finished) return;
      finished = true;
      unregister?.();
      running.proc.kill('SIGKILL');
      deps.fail(grpc.status.FAILED_PRECONDITION, `could not put '${request.command[0]}' in the task's cgroups: ${err.message}`);
    });
  }
  deps.log.info('exec started', { pid: running.proc.pid, command: request.command[0], tty: request.tty !== undefined, gated: target.enter !== undefined });
  if (!request.stdin) running.closeStdin();

  call.on('data', (input: ExecInput__Output) => {
    if (running.done()) return;
    if (input.input === 'stdin' && input.stdin && request.stdin) running.write(input.stdin);
    else if (input.input === 'stdinClosed') running.closeStdin();
    else if (input.input === 'resize' && input.resize) {
      const size = windowOf(input.resize);
      if (size) running.resize(size);
    }
  });
  call.on('end', () => running.closeStdin());
  call.on('cancelled', () => {
    if (running.done()) return;
    deps.log.info('exec abandoned by its client: killing its process group', { pid: running.proc.pid });
    running.proc.kill('SIGTERM');
    const timer = setTimeout(() => running.proc.kill('SIGKILL'), deps.killGraceMs);
    timer.unref();
    finished = true;
  });
}

function startPiped(
  request: ExecRequest, target: TerminalTarget,
  write: Write,
  sendExit: (code: number, signal: string | undefined) => void,
  spawnFailed: (message: string) => void,
): Running {
  const [file, args] = target.enter ? gatedArgv(request.command) : [request.command[0]!, request.command.slice(1)];
  const child: ChildProcess = spawn(file, args, {
    cwd: target.cwd, env: target.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true,
    ...(target.user ? { uid: target.user.uid, gid: target.user.gid } : {}),
  });
  let exited = false;
  child.once('error', (err) => {
    if (child.pid === undefined) {
      exited = true;
      spawnFailed(`could not start '${request.command[0]}' in ${target.cwd}: ${err.message}`);
    }
  });
  child.stdin!.on('error', () => {}); // EPIPE: it does not read its input
  const relay = (stream: NodeJS.ReadableStream, which: 'stdout' | 'stderr') =>
    stream.on('data', (chunk: Buffer) => write(which === 'stdout' ? { stdout: chunk } : { stderr: chunk }, () => {
      stream.pause();
      return () => stream.resume();
    }));
  relay(child.stdout!, 'stdout');
  relay(child.stderr!, 'stderr');
  child.once('exit', (code, signal) => {
    exited = true;
    const exitCode = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 0);
    let open = 0;
    const finish = () => sendExit(exitCode, signal ?? undefined);
    for (const stream of [child.stdout!, child.stderr!]) {
      if (!stream.readableEnded && !stream.destroyed) {
        open += 1;
        stream.once('close', () => --open === 0 && finish());
      }
    }
    if (open === 0) finish();
    else setTimeout(() => {
      child.stdout!.destroy();
      child.stderr!.destroy();
      finish();
    }, OUTPUT_DRAIN_MS).unref();
  });
  const pid = child.pid ?? -1;
  return {
    proc: { pid, kill: (signal) => { if (pid > 0) groupKill(pid, signal); } },
    write: (data) => { if (!child.stdin!.destroyed && !child.stdin!.writableEnded) child.stdin!.write(data); },
    closeStdin: () => child.stdin!.end(),
    resize: () => {},
    done: () => exited,
  };
}

function startTty(
  request: ExecRequest, target: TerminalTarget,
  write: Write,
  sendExit: (code: number, signal: string | undefined) => void,
): Running {
  const { pty, size } = request.tty!;
  const [file, args] = target.enter ? gatedArgv(request.command) : [request.command[0]!, request.command.slice(1)];
  const proc: NodePty.IPty = pty.spawn(file, args, {
    name: 'xterm-256color', cols: size.cols, rows: size.rows, cwd: target.cwd,
    env: { TERM: 'xterm-256color', ...target.env }, encoding: null,
    ...(target.user ? { uid: target.user.uid, gid: target.user.gid } : {}),
  });
  let exited = false;
  proc.onData((data: string | Buffer) => write({ stdout: typeof data === 'string' ? Buffer.from(data) : data }, () => {
    proc.pause();
    return () => proc.resume();
  }));
  proc.onExit(({ exitCode, signal }) => {
    exited = true;
    const name = signal ? Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] : undefined;
    groupKill(proc.pid, 'SIGKILL');
    // node-pty delivers the last output before the exit event; one turn more for what is in flight.
    setImmediate(() => sendExit(name ? 128 + signal! : exitCode, name));
  });
  return {
    proc: { pid: proc.pid, kill: (signal) => groupKill(proc.pid, signal) },
    write: (data) => { if (!exited) proc.write(data as unknown as string); },
    // A terminal has no EOF of its own: Ctrl-D (a byte the client sends) is the end of input.
    closeStdin: () => {},
    resize: (s) => { if (!exited) try { proc.resize(s.cols, s.rows); } catch { /* closed */ } },
    done: () => exited,
  };
}

function groupKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone
  }
}

/** A window size from a message, or undefined when it is not a usable one (validated at the door). */
export function windowOf(w: { rows?: number; cols?: number } | null | undefined): WindowSize | undefined {
  const rows = Number(w?.rows ?? 0);
  const cols = Number(w?.cols ?? 0);
  return rows >= 1 && rows <= 1000 && cols >= 1 && cols <= 1000 ? { rows, cols } : undefined;
}
