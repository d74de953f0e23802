// A task process in its own process group, so a time-out or terminate reaches the whole tree:
// SIGTERM to the group, SIGKILL after a grace period. No shell: argv[0] is the program.
// This is Node's spawn (a fork of the whole worker); the pieces every launcher shares (exits,
// kill, launch errors) live here too. See process-launcher.ts for how a launcher is chosen.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { ResourceUsage } from '../../protocol/records/run-records.ts';

export interface ProcessExit {
  /** As a shell reports it: the exit status, or 128 + signal number when killed; -1 if lost. */
  exitCode: number;
  signal?: NodeJS.Signals;
  /** Set when the exit status could not be known (exitCode is then -1): why. */
  lost?: string;
  /** The kernel killed a process of the task for exceeding its memory limit (resource-limits.ts). */
  memoryLimitHit?: boolean;
  /** What it used (troupe-spawner's wait4); absent with Node's spawn. */
  usage?: ResourceUsage;
}

export interface SpawnedGroup {
  pid: number;
  /** Its containment unit's marker (task-containment.ts), when it has one: what a process
   *  started later inside the task (task exec) carries, to end with the task's unit. */
  marker?: string;
  exited: Promise<ProcessExit>;
  /** SIGTERM the group, then SIGKILL after graceMs. Safe to call more than once. */
  kill(graceMs: number): Promise<ProcessExit>;
}

/** The program could not be started (not found, not executable, bad working directory). */
export class LaunchError extends Error {
  override name = 'LaunchError';
  constructor(readonly program: string, readonly code: string | undefined, message: string) {
    super(message);
  }
}

/** The task's stdout/stderr file could not be opened: the node's fault, not the task's. */
/** The task's own directory or files could not be prepared: the node's fault, not the task's. */
export class TaskFilesError extends Error {
  override name = 'TaskFilesError';
  constructor(readonly path: string, readonly code: string | undefined, message: string) {
    super(message);
  }
}

/** stdout.txt or stderr.txt could not be created. */
export class OutputFileError extends TaskFilesError {
  override name = 'OutputFileError';
}

/** The working directory could not be created or entered. */
export class WorkingDirectoryError extends TaskFilesError {
  override name = 'WorkingDirectoryError';
}

export function spawnGroup(
  argv: string[], opts: { cwd: string; env: Record<string, string>; stdoutFd: number; stderrFd: number; user?: { uid: number; gid: number } },
): Promise<SpawnedGroup> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(argv[0]!, argv.slice(1), {
        cwd: opts.cwd,
        env: opts.env,
        stdio: ['ignore', opts.stdoutFd, opts.stderrFd],
        detached: true, // setsid: its own session and process group
        // libuv clears the supplementary groups, then sets the gid, then the uid.
        ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
      });
    } catch (err) {
      reject(new LaunchError(argv[0]!, (err as NodeJS.ErrnoException).code, (err as Error).message));
      return;
    }
    const exited = new Promise<ProcessExit>((res) => {
      child.once('exit', (code, signal) => {
        // The main process ended: whatever it left behind in its group goes with it.
        killGroup(child.pid!, 'SIGKILL');
        res(signal ? { exitCode: 128 + (constants.signals[signal] ?? 0), signal } : { exitCode: code ?? 0 });
      });
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (child.pid === undefined) reject(new LaunchError(argv[0]!, err.code, describeLaunchError(argv[0]!, err.code, err.message)));
    });
    child.once('spawn', () => resolve(groupHandle(child.pid!, exited)));
  });
}

/** The SpawnedGroup of a group leader `pid` whose exit (and the SIGKILL of the rest of its
 *  group that follows it) is reported by `exited`. */
export function groupHandle(pid: number, exited: Promise<ProcessExit>): SpawnedGroup {
  let killing: Promise<ProcessExit> | undefined;
  return {
    pid,
    exited,
    kill(graceMs) {
      killing ??= (async () => {
        killGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      })();
      return killing;
    },
  };
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  // kill(-0) is kill(0): this process's own group; -1: every process there is.
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function describeLaunchError(program: string, code: string | undefined, message: string): string {
  switch (code) {
    case 'ENOENT':
      return `program '${program}' was not found (the command line is not run through a shell; use an absolute path or one on PATH, or '/bin/sh -c "..."')`;
    case 'EACCES':
      return `program '${program}' is not executable`;
    default:
      return `could not start '${program}': ${message}`;
  }
}
