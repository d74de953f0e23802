// What starting a task process takes and gives, whichever launcher does it (process-launcher.ts
// chooses one; spawner-client.ts is the native one). A file of its own so that the launchers do
// not import the module that chooses between them.
import type { SpawnedGroup } from './process-group.ts';
import type { ContainmentKind } from './task-containment.ts';
import type { ResourceLimitsKind } from '../../protocol/records/resource-limits.ts';
import type { TaskLimits } from './resource-limits.ts';

export interface LaunchOptions {
  /** Created (with its parents) when missing: WorkingDirectoryError when that fails. */
  cwd: string;
  env: Record<string, string>;
  /** Created or truncated; the task's stdout and stderr. Failing to open them: OutputFileError. */
  stdoutPath: string;
  stderrPath: string;
  /** A task's resource limits (resource-limits.ts); absent = none (node tasks, probes). A memory
   *  limit the launcher cannot enforce: ResourceLimitsUnavailableError. */
  limits?: TaskLimits;
  /** Who the process runs as (the worker must be root); absent = the worker's own user. Its
   *  stdout/stderr files are made the user's; its directories must already be (task-dirs.ts),
   *  unless `taskDir` is given. */
  user?: TaskProcessUser;
  /** With `user`: the task's directory, which the launcher makes the user's (mode 0700) with cwd
   *  in it before opening anything there, as task-dirs.ts's prepareTaskDir does. The spawner
   *  does it in a few system calls; the worker's own fs calls are a thread-pool round trip each,
   *  ~1 ms of every task's start. */
  taskDir?: string;
}

/** A uid and gid a task process drops to: supplementary groups cleared, then gid, then uid. */
export interface TaskProcessUser {
  uid: number;
  gid: number;
}

export interface ProcessLauncher {
  /** Which mechanism launches the next task. */
  readonly kind: 'troupe-spawner' | 'node';
  /** How everything the next task starts is made to end with it (task-containment.ts). */
  readonly containmentKind: ContainmentKind;
  /** Which resource limits the next task gets (resource-limits.ts). */
  readonly resourceLimitsKind: ResourceLimitsKind;
  /** Rejects with LaunchError (the program) or OutputFileError (stdout/stderr files). */
  launch(argv: string[], opts: LaunchOptions): Promise<SpawnedGroup>;
  /** Releases the launcher; the helper ends the tasks it still runs. Safe to call twice. */
  close(): Promise<void>;
}
