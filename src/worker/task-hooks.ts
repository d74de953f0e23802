// Hooks around one task attempt (Nomad's task runner hooks): the runner calls every hook's
// prestart before launch and every poststop after the process exited, and knows nothing of what
// they do (resource files, application packages, output files).
//
//   prestart (in order) -> launch -> report started -> wait -> poststop (in order) -> report exited
//
// A prestart that throws TaskHookError ends the attempt with its failure (the process never runs);
// a poststop returns the failure it wants reported, or undefined.
import type { DispatchMessage } from '../protocol/nats/messages.ts';
import type { FailureInfo } from '../protocol/records/records.ts';
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

/**
 * Runs every prestart hook in order, adding what each returns to `env`. Returns the failure that
 * ends the attempt, or undefined. `killed` is asked between hooks: a killed attempt stops there.
 */
export async function runPrestartHooks(
  hooks: readonly TaskHook[], ctx: HookContext, env: Record<string, string>, killed: () => boolean,
): Promise<FailureInfo | 'killed' | undefined> {
  for (const hook of hooks) {
    try {
      Object.assign(env, (await hook.prestart?.(ctx)) ?? {});
    } catch (err) {
      if (killed()) return 'killed';
      if (!(err instanceof TaskHookError)) ctx.log.error('prestart hook failed', { hook: hook.name, err });
      return err instanceof TaskHookError ? err.failure : { category: 'servererror', code: 'TaskPreparationError', message: `${hook.name}: ${(err as Error).message}` };
    }
    if (killed()) return 'killed';
  }
  return undefined;
}

/** Runs every poststop hook in order; returns the first failure one reports. */
export async function runPoststopHooks(hooks: readonly TaskHook[], ctx: HookContext, outcome: ExitOutcome): Promise<FailureInfo | undefined> {
  let first: FailureInfo | undefined;
  for (const hook of hooks) {
    if (!hook.poststop) continue;
    const failure = await hook.poststop(ctx, outcome).catch((err: Error): FailureInfo => {
      ctx.log.error('poststop hook failed', { hook: hook.name, err });
      return { category: 'servererror', code: 'TaskCompletionError', message: `${hook.name}: ${err.message}` };
    });
    first ??= failure;
  }
  return first;
}
