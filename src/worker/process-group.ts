// A task process in its own process group, so a time-out or terminate reaches the whole tree:
// SIGTERM to the group, SIGKILL after a grace period. No shell: argv[0] is the program.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

export interface ProcessExit {
  /** As a shell reports it: the exit status, or 128 + signal number when killed. */
  exitCode: number;
  signal?: NodeJS.Signals;
}

export interface SpawnedGroup {
  pid: number;
  exited: Promise<ProcessExit>;
  /** SIGTERM the group, then SIGKILL after graceMs. Safe to call more than once. */
  kill(graceMs: number): Promise<ProcessExit>;
}

export class LaunchError extends Error {
  override name = 'LaunchError';
  constructor(readonly program: string, readonly code: string | undefined, message: string) {
    super(message);
  }
}

export function spawnGroup(argv: string[], opts: { cwd: string; env: Record<string, string>; stdoutFd: number; stderrFd: number }): Promise<SpawnedGroup> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(argv[0]!, argv.slice(1), {
        cwd: opts.cwd,
        env: opts.env,
        stdio: ['ignore', opts.stdoutFd, opts.stderrFd],
        detached: true, // setsid: its own session and process group
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
      if (child.pid === undefined) reject(new LaunchError(argv[0]!, err.code, describeLaunchError(argv[0]!, err)));
    });
    child.once('spawn', () => {
      let killing: Promise<ProcessExit> | undefined;
      resolve({
        pid: child.pid!,
        exited,
        kill(graceMs) {
          killing ??= (async () => {
            killGroup(child.pid!, 'SIGTERM');
            const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), graceMs);
            const result = await exited;
            clearTimeout(timer);
            return result;
          })();
          return killing;
        },
      });
    });
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function describeLaunchError(program: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `program '${program}' was not found (the command line is not run through a shell; use an absolute path or one on PATH, or '/bin/sh -c "..."')`;
    case 'EACCES':
      return `program '${program}' is not executable`;
    default:
      return `could not start '${program}': ${err.message}`;
  }
}
