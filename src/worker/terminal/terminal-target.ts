// What a running attempt offers the node's terminal server (terminal-server.ts): the context a
// command started inside it gets, and the terminal of a task run under a pseudo-terminal.
import type { PtyTerminal } from './pty-task.ts';

export interface ExecProcess {
  readonly pid: number;
  /** Signals the command's whole process group. */
  kill(signal: NodeJS.Signals): void;
}

export interface TerminalTarget {
  /** The task's working directory, environment (AZ_BATCH_* and its own) and user. */
  cwd: string;
  env: Record<string, string>;
  /** Absent = the worker's own user. */
  user?: { uid: number; gid: number };
  /** Registers a command started inside the attempt, which kills its group when the attempt
   *  ends. Returns the unregister function, or undefined when the attempt is already ending (the
   *  command must then be killed at once). */
  track(proc: ExecProcess): (() => void) | undefined;
  /** Moves a command that has not started its work yet (held at a gate by exec-session.ts) into
   *  the task's cgroups: its limits and its containment then hold the command too. */
  enter?(pid: number): Promise<void>;
  /** The task's containment marker, for the command's environment (absent: the worker gives one). */
  marker?: string;
  /** The task's own terminal (a task added with `pty`). */
  terminal?: PtyTerminal;
}

/** A target, or why there is none (the task is not running here, or not yet, or is ending). */
export type TerminalTargetLookup = TerminalTarget | { refused: string };
