// A daemon run as a child process of `troupe up`: started in its own process group (so a Ctrl-C
// at the terminal reaches only `up`, which then stops the children in order), tied to its parent
// by a stdin pipe (it stops itself if the parent dies), stopped with SIGTERM and then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildDaemon {
  name: string;
  pid: number;
  /** Resolves when the process exits, for whatever reason. */
  exited: Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL after `graceMs`; safe to call twice. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

export interface SpawnDaemonOptions {
  /** Append stdout and stderr here; default: share this process's stdout and stderr. */
  logFile?: string;
  env?: NodeJS.ProcessEnv;
}

export function describeExit(status: ExitStatus): string {
  if (status.signal) return `was killed by ${status.signal}`;
  return `exited with code ${status.code}`;
}

export function spawnDaemon(name: string, command: string, args: readonly string[], opts: SpawnDaemonOptions = {}): ChildDaemon {
  const logFd = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      stdio: ['pipe', logFd ?? 'inherit', logFd ?? 'inherit'],
      detached: true,
      env: opts.env ?? process.env,
    });
  } finally {
    if (logFd !== undefined) closeSync(logFd);
  }
  // The child never reads it; its end-of-file is the "parent gone" signal.
  child.stdin!.on('error', () => {});
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: child.exitCode ?? 127, signal: null }));
  });
  let stopping: Promise<ExitStatus> | undefined;
  return {
    name,
    pid: child.pid ?? -1,
    exited,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
          child.stdin?.destroy();
        }
      })();
      return stopping;
    },
  };
}

