// Runs one attempt of one task on this node, as a sequence of named phases:
//
//   prepare (directories, environment) -> launch -> report started -> wait (wall clock) -> report exited
//
// Later phases (resource files, application packages, output upload, MPI context) are hooks
// around these, not branches inside them. "Kill this task" (terminate, time-out) is a signal the
// runner obeys at any phase; it always ends with exactly one `exited` report.
import { gpuEnvironment } from './gpus.ts';
import { WallClock } from './wall-clock.ts';
import type { RetentionKeeper } from './retention.ts';
import type { DispatchMessage, TaskReport } from '../protocol/nats/messages.ts';
import type { FailureInfo } from '../protocol/records/records.ts';
import type { ResourceUsage } from '../protocol/records/run-records.ts';
import type { Logger } from '../protocol/log.ts';
import type { NodeLayout } from './node-layout.ts';
import { LaunchError, TaskFilesError, type SpawnedGroup } from './process/process-group.ts';
import type { ProcessLauncher } from './process/process-launcher.ts';
import { mkdir } from 'node:fs/promises';
import { runPoststopHooks, runPrestartHooks, type HookContext, type TaskHook } from './task-hooks.ts';
import { memoryLimitFailure, taskLimits } from './task-limits.ts';
import { userEnvironment, type TaskUserLease, type TaskUsers } from './users/task-users.ts';
import { handOver, prepareTaskDir, takeBack } from './users/task-dirs.ts';
import { loadPty } from './terminal/pty-loader.ts';
import { startPtyTask, type PtyTask } from './terminal/pty-task.ts';
import type { ExecProcess, TerminalTargetLookup } from './terminal/terminal-target.ts';
import { joinTaskCgroups } from './process/cgroup-membership.ts';

export interface RunnerContext {
  nodeId: string;
  layout: NodeLayout;
  /** Base environment every task gets (PATH, LANG, ...), before AZ_BATCH_* and the task's own. */
  baseEnv: Record<string, string>;
  killGraceMs: number;
  launcher: ProcessLauncher;
  retention: RetentionKeeper;
  report(r: TaskReport): Promise<void>;
  log: Logger;
  /** Run before launch and after exit, in order (see task-hooks.ts). */
  hooks?: TaskHook[];
  /** Who tasks run as (users/task-users.ts); absent = the worker's user. */
  users?: TaskUsers;
  /** The node's GPU devices (gpus.ts); absent = none. */
  gpuIds?: readonly string[];
}

const START_REPORT_DELAY_MS = 20;

type KillReason = { code: string; message: string; category: FailureInfo['category'] };

export class TaskRunner {
  private group?: SpawnedGroup;
  private killReason?: KillReason;
  private readonly wallClock = new WallClock();
  /** Stops the hooks' work (a long download) when the attempt is killed before launch. */
  private readonly aborter = new AbortController();
  readonly done: Promise<void>;
  /** SIGTERM -> SIGKILL when killed: the node's, or shorter when the node is cut off. */
  private graceMs: number;
  /** The task's process has exited by itself (its reports may still be waiting for NATS). */
  private processEnded = false;
  /** Where `troupe task exec` runs commands once the task runs (set at launch). */
  private execContext?: { cwd: string; env: Record<string, string>; user?: { uid: number; gid: number } };
  /** Commands exec started inside this attempt: killed with it. */
  private readonly execs = new Set<ExecProcess>();
  private ptyTask?: PtyTask;

  constructor(private readonly task: DispatchMessage, private readonly ctx: RunnerContext) {
    this.graceMs = ctx.killGraceMs;
    this.done = this.run().catch((err) => ctx.log.error('task runner failed', { jobId: task.jobId, taskId: task.taskId, err }));
  }

  get ref() {
    return { jobId: this.task.jobId, taskId: this.task.taskId, uid: this.task.uid, attempt: this.task.attempt };
  }

  /** Kills the attempt (whole process group); it then reports exited with this failure. The
   *  category says whose doing it is: the user's (terminate, time-out) or the node's (shutdown). */
  kill(code: string, message: string, category: FailureInfo['category'] = 'usererror', graceMs?: number): void {
    // The node's doing (cut off, leaving) after the task had ended by itself does not change how
    // it ended: its real exit is reported (a stale attempt's report changes nothing anyway). A
    // task whose start report waited for NATS was otherwise failed as NodeCutOff and requeued.
    if (!(this.processEnded && category === 'servererror')) this.killReason ??= { code, message, category };
    if (graceMs !== undefined) this.graceMs = Math.min(this.graceMs, graceMs);
    this.aborter.abort(new Error(message));
    void this.group?.kill(this.graceMs);
    this.killExecs('SIGTERM');
  }

  /** What `troupe task exec` and `attach` get of this attempt (terminal-server.ts). */
  terminalTarget(): TerminalTargetLookup {
    const { taskId } = this.task;
    if (this.killReason || this.processEnded) return { refused: `task '${taskId}' is ending on this node` };
    if (!this.group || !this.execContext) return { refused: `task '${taskId}' is not running on this node yet (it is preparing)` };
    return {
      ...this.execContext,
      ...(this.ptyTask ? { terminal: this.ptyTask } : {}),
      ...(this.group.marker ? { marker: this.group.marker } : {}),
      enter: (pid) => joinTaskCgroups(this.group!.pid, pid),
      track: (proc) => {
        if (this.killReason || this.processEnded) return undefined;
        this.execs.add(proc);
        return () => this.execs.delete(proc);
      },
    };
  }

  /** The attempt ends: so do the commands exec started in it (SIGKILL after the grace period). */
  private killExecs(signal: NodeJS.Signals): void {
    if (this.execs.size === 0) return;
    for (const proc of this.execs) proc.kill(signal);
    if (signal === 'SIGTERM') setTimeout(() => this.killExecs('SIGKILL'), this.graceMs).unref();
  }

  /** The task's maxWallClockTime was updated while this attempt runs (UpdateTask). */
  changeWallClock(limitMs: number | undefined): void {
    this.wallClock.change(limitMs);
  }

  /** The task's retentionTime was updated: kept so long once this attempt ends. */
  changeRetention(retentionTimeMs: number): void {
    this.task.retentionTimeMs = retentionTimeMs;
  }

  /** The task under a pseudo-terminal (terminal/pty-task.ts says what differs from the spawner). */
  private async launchPty(wd: string, env: Record<string, string>, taskDir: string, user: { uid: number; gid: number } | undefined): Promise<PtyTask> {
    const loaded = await loadPty();
    if ('unavailable' in loaded) throw new PtyUnavailableError(`the task asked for a pseudo-terminal and node '${this.ctx.nodeId}' cannot give one: ${loaded.unavailable}`);
    await mkdir(wd, { recursive: true });
    this.ptyTask = await startPtyTask(loaded.pty, this.task.argv, {
      cwd: wd, env, size: this.task.pty!, stdoutPath: `${taskDir}/stdout.txt`, stderrPath: `${taskDir}/stderr.txt`, ...(user ? { user } : {}),
    });
    return this.ptyTask;
  }

  private async run(): Promise<void> {
    const { task, ctx } = this;
    const log = ctx.log.child({ jobId: task.jobId, taskId: task.taskId, attempt: task.attempt });
    const exited = (fields: { exitCode?: number; startTime?: string; failure?: FailureInfo; usage?: ResourceUsage }) =>
      ctx.report({ kind: 'exited', ...this.ref, nodeId: ctx.nodeId, time: new Date().toISOString(), ...fields });

    if (this.killReason) return exited({ failure: killFailure(this.killReason) });

    // the task's user (users/task-users.ts)
    const taskDir = ctx.layout.taskDir(task.jobId, task.taskId);
    let lease: TaskUserLease | undefined;
    try {
      lease = await ctx.users?.acquire(task.userIdentity);
    } catch (err) {
      log.error('could not resolve the task\'s user', { err });
      return exited({ failure: { category: 'servererror', code: 'TaskUserError', message: `could not run the task as its user: ${(err as Error).message}` } });
    }
    try {
      return await this.runAs(lease, taskDir, log, exited);
    } finally {
      // A task-scope uid may go to the next task only once this one's directory is no longer its.
      if (lease?.taskScope) await takeBack(taskDir).catch((err) => log.error('could not take the task directory back', { err }));
      await lease?.release();
    }
  }

  private async runAs(
    lease: TaskUserLease | undefined, taskDir: string, log: Logger,
    exited: (fields: { exitCode?: number; startTime?: string; failure?: FailureInfo; usage?: ResourceUsage }) => Promise<void>,
  ): Promise<void> {
    const { task, ctx } = this;
    const user = lease?.user;
    // prepare
    const wd = ctx.layout.taskWorkingDir(task.jobId, task.taskId);
    const directoryError = (err: unknown) => {
      log.error('could not prepare task directory', { err });
      return exited({ failure: { category: 'servererror', code: 'TaskDirectoryError', message: `could not prepare the task directory: ${(err as Error).message}` } });
    };
    // Object.assign, not spreads into a literal: V8 adds a spread's keys one by one, slowly
    // (copy-with.ts), and this is every task's, thirty keys or so.
    const env: Record<string, string> = Object.assign(
      {},
      ctx.baseEnv,
      ctx.layout.taskEnvironment({ poolId: task.poolId, nodeId: ctx.nodeId, jobId: task.jobId, taskId: task.taskId }),
      lease ? userEnvironment(lease, taskDir) : {},
      task.env,
      // After the task's own: the devices it holds are the coordinator's to say.
      gpuEnvironment(task.gpuIds, ctx.gpuIds ?? []),
    );
    // A task with a user of its own gets its directories made its, mode 0700, before anything
    // goes in: here when the worker writes there first (resource files, a terminal's files),
    // otherwise by the launcher, which also makes the working directory (LaunchOptions.taskDir:
    // a few system calls in the spawner instead of ~1 ms of thread-pool round trips here).
    const hooks = ctx.hooks ?? [];
    const runsPrestart = hooks.some((h) => h.prestart) && needsPrestart(task);
    const launcherMakesTaskDir = !runsPrestart && !task.pty;
    if (user && !launcherMakesTaskDir) {
      try {
        await prepareTaskDir(taskDir, wd, user);
      } catch (err) {
        return directoryError(err);
      }
    }

    // prestart hooks (resource files, application packages): the task stays preparing meanwhile
    // The signal is made when a hook asks for it: an AbortSignal costs 7 µs to make, and most
    // tasks run no hook.
    const aborter = this.aborter;
    const hookContext: HookContext = { task, taskDir, wd, log, get signal() { return aborter.signal; } };
    if (runsPrestart) {
      try {
        await mkdir(wd, { recursive: true });
      } catch (err) {
        return directoryError(err);
      }
      const failure = await runPrestartHooks(hooks, hookContext, env, () => this.killReason !== undefined);
      if (failure === 'killed') return exited({ failure: killFailure(this.killReason!) });
      if (failure) return exited({ failure });
      try {
        await handOver(wd, user); // the downloaded files are the task's
      } catch (err) {
        return directoryError(err);
      }
    }

    // launch (the launcher creates the working directory, stdout.txt and stderr.txt)
    try {
      this.group = task.pty
        ? await this.launchPty(wd, env, taskDir, user)
        : await ctx.launcher.launch(task.argv, { cwd: wd, env, stdoutPath: `${taskDir}/stdout.txt`, stderrPath: `${taskDir}/stderr.txt`, limits: taskLimits(task), ...(user ? { user, ...(launcherMakesTaskDir ? { taskDir } : {}) } : {}) });
      this.execContext = { cwd: wd, env, ...(user ? { user } : {}) };
    } catch (err) {
      if (err instanceof PtyUnavailableError) return exited({ failure: { category: 'servererror', code: 'PseudoTerminalUnavailable', message: err.message } });
      if (err instanceof TaskFilesError) return directoryError(err);
      // Not the task's fault unless it is its program (e.g. the task launcher died).
      const category = err instanceof LaunchError ? 'usererror' : 'servererror';
      const message = err instanceof LaunchError ? err.message : `could not start the task: ${(err as Error).message}`;
      log.info('task launch failed', { message });
      return exited({ failure: { category, code: 'CommandLaunchFailed', message } });
    }
    const startTime = new Date().toISOString();
    log.debug('task started', { pid: this.group.pid });
    if (this.killReason) void this.group.kill(this.graceMs);
    // A task that ends within a few milliseconds reports only its exit (with its start time):
    // half the reports and one store write less for the short tasks that dominate batch loads.
    let started: Promise<void> | undefined;
    const startedTimer = setTimeout(() => {
      started = ctx.report({ kind: 'started', ...this.ref, nodeId: ctx.nodeId, time: startTime });
    }, START_REPORT_DELAY_MS);

    // wait
    this.wallClock.start(task.maxWallClockTimeMs, (ms) => {
      this.kill('MaxWallClockTimeExceeded', `the task ran longer than its maxWallClockTime (${ms} ms) and was killed`);
    });
    const result = await this.group.exited;
    this.processEnded = !this.killReason;
    this.killExecs('SIGTERM');
    this.wallClock.stop();
    clearTimeout(startedTimer);
    await started;
    log.debug('task exited', { exitCode: result.exitCode, signal: result.signal, lost: result.lost });
    // poststop hooks (output files), before the exit is reported: the task is running until done
    const succeeded = !result.lost && !this.killReason && result.exitCode === 0;
    const hookFailure = needsPoststop(task) ? await runPoststopHooks(hooks, hookContext, { succeeded }) : undefined;
    ctx.retention.record(task.jobId, task.taskId, task.retentionTimeMs);
    const usage = result.usage;
    if (hookFailure && !this.killReason) return exited({ exitCode: result.lost ? undefined : result.exitCode, startTime, failure: hookFailure, usage });
    if (result.lost && !this.killReason) {
      // The launcher could not see how it ended (its helper died): no exit code to report.
      return exited({ startTime, failure: { category: 'servererror', code: 'ExitStatusLost', message: result.lost } });
    }
    const failure = this.killReason ? killFailure(this.killReason) : memoryLimitFailure(task, result);
    return exited({ exitCode: result.lost ? undefined : result.exitCode, startTime, failure, usage });
  }
}

/** node-pty could not be loaded on this node: the task asked for a terminal it cannot have. */
class PtyUnavailableError extends Error {
  override name = 'PtyUnavailableError';
}

function killFailure(reason: KillReason): FailureInfo {
  return { category: reason.category, code: reason.code, message: reason.message };
}

/** Whether the task has anything for a prestart hook to do (most tasks do not: no extra I/O). */
export function needsPrestart(task: DispatchMessage): boolean {
  return Boolean(task.resourceFiles?.length || task.applicationPackageReferences?.length || task.apiCredentials);
}

/** Whether the task has anything for a poststop hook to do. */
export function needsPoststop(task: DispatchMessage): boolean {
  return Boolean(task.outputFiles?.length);
}
