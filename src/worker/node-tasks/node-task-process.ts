// Runs a node task (pool start task, job preparation task, job release task) to its end, with
// its retries: the one place where such a task is prepared and launched, so what the task
// runner's preparing phase gains (resource files, application packages) is wired in here once.
//
//   prepare (directory, environment) -> launch -> wait (wall clock) -> exit code
//     └─ non-zero exit and retries left: again (retryCount + 1)
//
// The task's directory holds wd/ (its working directory), stdout.txt and stderr.txt, as Azure
// Batch lays out startup/ and a job's jobpreparation/ and jobrelease/ directories.
import path from 'node:path';
import type { ApplicationInstall, ResourceFetch } from '../files/file-hooks.ts';
import type { ApplicationPackageRef } from '../../protocol/records/task-files.ts';
import { TaskHookError } from '../task-hooks.ts';
import type { Logger } from '../../protocol/log.ts';
import type { EnvSetting, FailureInfo } from '../../protocol/records/records.ts';
import type { NodeTaskCommand, NodeTaskInfo } from '../../protocol/records/node-task-records.ts';
import { LaunchError, type SpawnedGroup } from '../process/process-group.ts';
import type { ProcessLauncher } from '../process/process-launcher.ts';
import { userEnvironment, type TaskUserLease, type TaskUsers } from '../users/task-users.ts';
import { handOver, prepareTaskDir, takeBack } from '../users/task-dirs.ts';

export interface NodeTaskContext {
  launcher: ProcessLauncher;
  /** Fetches the command's resource files (absent: a node task with files fails, saying why). */
  fetchResources?: ResourceFetch;
  /** Installs application packages (absent: a node task with packages fails, saying why). */
  installApplications?: ApplicationInstall;
  killGraceMs: number;
  log: Logger;
  /** Who node tasks run as, as tasks do (users/task-users.ts); absent = the worker's user. */
  users?: TaskUsers;
}

export interface NodeTaskRun {
  /** What it is, for logs and messages: "start task", "job preparation task"... */
  what: string;
  /** The task's directory: wd/, stdout.txt, stderr.txt go in it. */
  dir: string;
  command: NodeTaskCommand;
  /** Environment before the command's own settings (base env and AZ_BATCH_*). */
  env: Record<string, string>;
  /** Called at every change (started, retried, ended): the caller publishes the info. */
  onChange(info: NodeTaskInfo): void;
  /** Installed before it runs, their variables in its environment (a pool's, for its start task). */
  applicationPackageReferences?: ApplicationPackageRef[];
}

/** A running node task: `done` resolves with its final info; `kill` ends it (no more retries). */
export interface NodeTaskHandle {
  done: Promise<NodeTaskInfo>;
  kill(reason: string): void;
}

export function runNodeTask(run: NodeTaskRun, ctx: NodeTaskContext): NodeTaskHandle {
  let group: SpawnedGroup | undefined;
  let killed: string | undefined;
  const aborter = new AbortController();
  const done = (async (): Promise<NodeTaskInfo> => {
    const max = run.command.maxTaskRetryCount;
    let info: NodeTaskInfo = { state: 'running', startTime: new Date().toISOString(), retryCount: 0 };
    run.onChange(info);
    for (;;) {
      const outcome = await attempt();
      const now = new Date().toISOString();
      const failed = outcome.failure !== undefined;
      if (failed && !killed && (max === -1 || info.retryCount < max)) {
        info = { ...info, retryCount: info.retryCount + 1, lastRetryTime: now, exitCode: outcome.exitCode };
        run.onChange(info);
        continue;
      }
      info = {
        ...info, state: 'completed', endTime: now, exitCode: outcome.exitCode,
        result: failed ? 'failure' : 'success', failureInfo: outcome.failure,
      };
      run.onChange(info);
      return info;
    }
  })();

  /** One attempt as its user: a task-scope user is given back (its directory taken back first). */
  async function attempt(): Promise<{ exitCode?: number; failure?: FailureInfo }> {
    if (killed) return { failure: { category: 'usererror', code: 'TaskTerminated', message: killed } };
    let lease: TaskUserLease | undefined;
    try {
      lease = await ctx.users?.acquire(run.command.userIdentity);
    } catch (err) {
      return { failure: { category: 'servererror', code: 'TaskUserError', message: `could not run the ${run.what} as its user: ${(err as Error).message}` } };
    }
    try {
      return await attemptAs(lease);
    } finally {
      if (lease?.taskScope) await takeBack(run.dir).catch((err) => ctx.log.error(`could not take the ${run.what}'s directory back`, { err }));
      await lease?.release();
    }
  }

  async function attemptAs(lease: TaskUserLease | undefined): Promise<{ exitCode?: number; failure?: FailureInfo }> {
    const user = lease?.user;
    // prepare
    const wd = path.join(run.dir, 'wd');
    const env = { ...run.env, ...(lease ? userEnvironment(lease, run.dir) : {}), ...envOf(run.command.environmentSettings) };
    try {
      if (user) await prepareTaskDir(run.dir, wd, user);
    } catch (err) {
      return { failure: { category: 'servererror', code: 'TaskDirectoryError', message: `could not prepare the ${run.what}'s directory: ${(err as Error).message}` } };
    }
    // application packages (the pool's, for its start task), then resource files into wd, before
    // launch; a failure names the package or file, as for a task
    const files = run.command.resourceFiles ?? [];
    const packages = run.applicationPackageReferences ?? [];
    if (files.length > 0 || packages.length > 0) {
      try {
        if (!ctx.fetchResources || !ctx.installApplications) throw new Error('this worker has no file store');
        if (packages.length > 0) Object.assign(env, await ctx.installApplications(packages));
        if (files.length > 0) await ctx.fetchResources(files, wd, aborter.signal, ctx.log);
        await handOver(wd, user);
      } catch (err) {
        if (killed) return { failure: { category: 'usererror', code: 'TaskTerminated', message: killed } };
        const failure: FailureInfo = err instanceof TaskHookError ? err.failure : { category: 'servererror', code: 'ResourceFileDownloadError', message: `${run.what}: ${(err as Error).message}` };
        ctx.log.warn(`${run.what} resource files failed`, { message: failure.message });
        return { failure };
      }
    }
    // launch
    try {
      group = await ctx.launcher.launch(run.command.argv, { cwd: wd, env, stdoutPath: path.join(run.dir, 'stdout.txt'), stderrPath: path.join(run.dir, 'stderr.txt'), ...(user ? { user } : {}) });
    } catch (err) {
      const message = err instanceof LaunchError ? err.message : `could not start the ${run.what}: ${(err as Error).message}`;
      ctx.log.warn(`${run.what} launch failed`, { message });
      return { failure: { category: err instanceof LaunchError ? 'usererror' : 'servererror', code: 'CommandLaunchFailed', message } };
    }
    if (killed) void group.kill(ctx.killGraceMs);
    // wait
    let timedOut = false;
    const limit = run.command.maxWallClockTimeMs;
    const timer = limit === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      void group?.kill(ctx.killGraceMs);
    }, limit);
    const result = await group.exited;
    clearTimeout(timer);
    group = undefined;
    if (timedOut) {
      return { exitCode: result.exitCode, failure: { category: 'usererror', code: 'MaxWallClockTimeExceeded', message: `the ${run.what} ran longer than its maxWallClockTime (${limit} ms) and was killed` } };
    }
    if (killed) return { exitCode: result.exitCode, failure: { category: 'usererror', code: 'TaskTerminated', message: killed } };
    if (result.lost) return { failure: { category: 'servererror', code: 'ExitStatusLost', message: result.lost } };
    if (result.exitCode !== 0) {
      return { exitCode: result.exitCode, failure: { category: 'usererror', code: 'FailureExitCode', message: `The ${run.what} exited with an exit code representing a failure (${result.exitCode})` } };
    }
    return { exitCode: 0 };
  }

  return {
    done,
    kill(reason: string) {
      killed ??= reason;
      aborter.abort(new Error(reason));
      void group?.kill(ctx.killGraceMs);
    },
  };
}

function envOf(settings: EnvSetting[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of settings) env[e.name] = e.value;
  return env;
}
