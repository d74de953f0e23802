// Hooks around one task attempt (Nomad's task runner hooks): the runner calls every hook's
// prestart before launch and every poststop after the process exited, and knows nothing of what
// they do (resource files, application packages, output files).
//
//   prestart (in order) -> launch -> report started -> wait -> poststop (in order) -> report exited
//
// A prestart that throws TaskHookError ends the attempt with its failure (the process never runs);
// a poststop returns the failure it wants reported, or undefined.
import type { DispatchMessage } from '../protocol/messages.ts';
import type { FailureInfo } from '../protocol/records.ts';
import type { Logger } from '../protocol/log.ts';

export interface HookContext {
  task: DispatchMessage;
  /** The task directory (stdout.txt, stderr.txt, wd/). */
  taskDir: string;
  /** The working directory (exists before prestart hooks run). */
  wd: string;
  log: Logger;
  /** Aborted when the attempt is killed (terminate, shutdown): long fetches stop at once. */
  signal: AbortSignal;
}

export interface ExitOutcome {
  /** The process ran and exited 0, with nothing else going wrong. */
  succeeded: boolean;
}

export interface TaskHook {
  readonly name: string;
  /** Returns environment variables to add to the task's. */
  prestart?(ctx: HookContext): Promise<Record<string, string> | void>;
  poststop?(ctx: HookContext, outcome: ExitOutcome): Promise<FailureInfo | undefined>;
}

/** A failure a hook reports for the attempt (Azure Batch's failureInfo). */
export class TaskHookError extends Error {
  override name = 'TaskHookError';
  constructor(readonly failure: FailureInfo) {
    super(failure.message);
  }
}
