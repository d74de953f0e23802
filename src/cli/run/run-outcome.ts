// What `troupe run` exits with, decided from the task's final state alone (no I/O):
//   the task's exit code        its process ran and exited (killed by a signal: 128 + N)
//   130 (EXIT_INTERRUPTED)      Ctrl-C: the task was terminated on the user's word
//   125 (EXIT_NOT_RUN)          the task failed without an exit code of its own: it never started
//                               (job preparation, resource files, node lost with no retries
//                               left) or troupe failed it after the process (output upload)
// 1 and 2 keep their meaning for the CLI's own errors (API error, usage), as in every command.
import type { Task__Output } from '../../protocol/generated/troupe/v1/Task.ts';

export const EXIT_INTERRUPTED = 130;
export const EXIT_NOT_RUN = 125;

export interface RunOutcome {
  exitCode: number;
  /** For stderr: why the task failed, when its exit code alone does not say. */
  message?: string;
}

export function runOutcome(task: Task__Output, interrupted: boolean): RunOutcome {
  const info = task.executionInfo;
  const failure = info?.failureInfo;
  const why = failure ? [failure.category, failure.code, failure.message].filter(Boolean).join(': ') : '';
  if (interrupted) return { exitCode: EXIT_INTERRUPTED, message: `task '${task.id}' terminated${why ? ` (${why})` : ''}` };
  const exitCode = info?.exitCode;
  if (info?.result !== 'failure') return { exitCode: exitCode ?? 0 };
  if (exitCode !== undefined && exitCode !== 0) {
    // A plain non-zero exit needs no comment; a kill (time-out, memory limit) does.
    return failure && failure.code !== 'FailureExitCode' ? { exitCode, message: `task '${task.id}' failed: ${why}` } : { exitCode };
  }
  const started = exitCode === undefined ? ' before its process started' : '';
  return { exitCode: EXIT_NOT_RUN, message: `task '${task.id}' failed${started}: ${why || 'no failure information'}` };
}
