// A task run under a pseudo-terminal (TaskSpec.pty) instead of by troupe-spawner: the same
// argv, working directory, environment and user, its own session and process group (node-pty's
// child calls setsid, so the group is its pid and terminate reaches the whole tree). What the
// terminal shows goes to stdout.txt (stderr.txt stays empty: a terminal has one output) and into
// a bounded scrollback; one client at a time is attached (attach takes the terminal's input,
// resizes it and gets its output from then on; a second attach is refused).
//
// What differs from a spawner-launched task: no cgroup (no memory or pids limit, no cgroup
// containment: a process that leaves the session outlives the task), and no resource usage. If
// the worker dies the pty's master closes, which hangs up (SIGHUP) the task's session.
import { createWriteStream, type WriteStream } from 'node:fs';
import { chown, open } from 'node:fs/promises';
import { constants } from 'node:os';
import { LaunchError, type ProcessExit, type SpawnedGroup } from '../process/process-group.ts';
import type { PtyModule } from './pty-loader.ts';
import type * as NodePty from 'node-pty';

/** How much of what the terminal showed is kept for a client asking for a replay. */
export const SCROLLBACK_BYTES = 64 * 1024;

export interface WindowSize { rows: number; cols: number }

/** The client attached to a task's terminal. */
export interface TerminalClient {
  /** Bytes the terminal shows; false = the client's buffer is full (the terminal pauses until
   *  `resume` is called on the attachment). */
  output(data: Buffer): boolean;
  /** The task's process exited: the last message. */
  exit(exit: ProcessExit): void;
}

export interface Attachment {
  input(data: Buffer): void;
  resize(size: WindowSize): void;
  resume(): void;
  /** Lets go of the terminal; the task goes on. Safe to call twice. */
  detach(): void;
}

export interface PtyTerminal {
  attach(client: TerminalClient, size: WindowSize | undefined, replay: boolean): Attachment | { refused: string };
}

export async function startPtyTask(pty: PtyModule, argv: string[], opts: {
  cwd: string; env: Record<string, string>; size: WindowSize; stdoutPath: string; stderrPath: string; user?: { uid: number; gid: number };
}): Promise<PtyTask> {
  // The files exist (and are the task's user's) before the process starts, as with the spawner.
  for (const path of [opts.stdoutPath, opts.stderrPath]) {
    const handle = await open(path, 'w', 0o644);
    await handle.close();
    if (opts.user) await chown(path, opts.user.uid, opts.user.gid);
  }
  let proc: NodePty.IPty;
  try {
    proc = pty.spawn(argv[0]!, argv.slice(1), {
      name: 'xterm-256color', cols: opts.size.cols, rows: opts.size.rows, cwd: opts.cwd,
      env: { TERM: 'xterm-256color', ...opts.env }, encoding: null,
      ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
    });
  } catch (err) {
    throw new LaunchError(argv[0]!, (err as NodeJS.ErrnoException).code, `could not start '${argv[0]}' under a pseudo-terminal: ${(err as Error).message}`);
  }
  return new PtyTask(proc, createWriteStream(opts.stdoutPath, { flags: 'a' }));
}

export class PtyTask implements SpawnedGroup, PtyTerminal {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  private scrollback: Buffer[] = [];
  private scrollbackBytes = 0;
  private client: TerminalClient | undefined;
  private paused = false;
  private ended: ProcessExit | undefined;
  private killing: Promise<ProcessExit> | undefined;

  constructor(private readonly proc: NodePty.IPty, stdout: WriteStream) {
    this.pid = proc.pid;
    stdout.on('error', () => {}); // a full disk must not take the worker down
    proc.onData((data: string | Buffer) => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      stdout.write(chunk);
      this.keep(chunk);
      if (this.client && !this.client.output(chunk)) this.pause();
    });
    this.exited = new Promise((resolve) => {
      proc.onExit(({ exitCode, signal }) => {
        const name = signal ? signalName(signal) : undefined;
        const exit: ProcessExit = name ? { exitCode: 128 + signal!, signal: name } : { exitCode };
        this.ended = exit;
        this.killGroup('SIGKILL'); // what it left in its session goes with it
        stdout.end(() => resolve(exit));
        this.client?.exit(exit);
        this.client = undefined;
      });
    });
  }

  kill(graceMs: number): Promise<ProcessExit> {
    if (this.ended) return Promise.resolve(this.ended);
    this.killing ??= (async () => {
      this.killGroup('SIGTERM');
      const timer = setTimeout(() => this.killGroup('SIGKILL'), graceMs);
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    })();
    return this.killing;
  }

  attach(client: TerminalClient, size: WindowSize | undefined, replay: boolean): Attachment | { refused: string } {
    if (this.ended) return { refused: 'the task\'s process has exited' };
    if (this.client) return { refused: 'another client is attached to this task\'s terminal (one at a time: detach it first)' };
    this.client = client;
    if (replay && this.scrollbackBytes > 0) client.output(Buffer.concat(this.scrollback));
    if (size) this.resize(size);
    let attached = true;
    return {
      input: (data) => {
        if (attached && !this.ended) this.proc.write(data as unknown as string);
      },
      resize: (s) => {
        if (attached) this.resize(s);
      },
      resume: () => {
        if (attached) this.resumeOutput();
      },
      detach: () => {
        if (!attached) return;
        attached = false;
        if (this.client === client) this.client = undefined;
        this.resumeOutput(); // stdout.txt goes on filling with nobody attached
      },
    };
  }

  private resize(size: WindowSize): void {
    if (this.ended) return;
    try {
      this.proc.resize(size.cols, size.rows);
    } catch {
      // the pty closed between the check and the call
    }
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.proc.pause();
  }

  private resumeOutput(): void {
    if (!this.paused) return;
    this.paused = false;
    this.proc.resume();
  }

  private keep(chunk: Buffer): void {
    this.scrollback.push(chunk);
    this.scrollbackBytes += chunk.length;
    while (this.scrollbackBytes > SCROLLBACK_BYTES && this.scrollback.length > 1) this.scrollbackBytes -= this.scrollback.shift()!.length;
  }

  private killGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: the group is gone
    }
  }
}

function signalName(signal: number): NodeJS.Signals | undefined {
  return (Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] as NodeJS.Signals | undefined);
}
