// Runs one attempt of one task on this node, as a sequence of named phases:
//
//   prepare (directories, environment) -> launch -> report started -> wait (wall clock) -> report exited
//
// Later phases (resource files, application packages, output upload, MPI context) are hooks
// around these, not branches inside them. "Kill this task" (terminate, time-out) is a signal the
// runner obeys at any phase; it always ends with exactly one `exited` report.
import { mkdir, open } from 'node:fs/promises';
import type { DispatchMessage, TaskReport } from '../protocol/messages.ts';
import type { FailureInfo } from '../protocol/records.ts';
import type { Logger } from '../protocol/log.ts';
import type { NodeLayout } from './node-layout.ts';
import { LaunchError, spawnGroup, type SpawnedGroup } from './process-group.ts';

export interface RunnerContext {
  nodeId: string;
  layout: NodeLayout;
  /** Base environment every task gets (PATH, LANG, ...), before AZ_BATCH_* and the task's own. */
  baseEnv: Record<string, string>;
  killGraceMs: number;
  report(r: TaskReport): Promise<void>;
  log: Logger;
}

const START_REPORT_DELAY_MS = 20;

type KillReason = { code: string; message: string };

export class TaskRunner {
  private group?: SpawnedGroup;
  private killReason?: KillReason;
  private wallClock?: NodeJS.Timeout;
  readonly done: Promise<void>;

  constructor(private readonly task: DispatchMessage, private readonly ctx: RunnerContext) {
    this.done = this.run().catch((err) => ctx.log.error('task runner failed', { jobId: task.jobId, taskId: task.taskId, err }));
  }

  get ref() {
    return { jobId: this.task.jobId, taskId: this.task.taskId, attempt: this.task.attempt };
  }

  /** Kills the attempt (whole process group); it then reports exited with this failure code. */
  kill(code: string, message: string): void {
    this.killReason ??= { code, message };
    void this.group?.kill(this.ctx.killGraceMs);
  }

  private async run(): Promise<void> {
    const { task, ctx } = this;
    const log = ctx.log.child({ jobId: task.jobId, taskId: task.taskId, attempt: task.attempt });
    const exited = (fields: { exitCode?: number; startTime?: string; failure?: FailureInfo }) =>
      ctx.report({ kind: 'exited', ...this.ref, nodeId: ctx.nodeId, time: new Date().toISOString(), ...fields });

    if (this.killReason) return exited({ failure: userFailure(this.killReason) });

    // prepare
    const wd = ctx.layout.taskWorkingDir(task.jobId, task.taskId);
    const taskDir = ctx.layout.taskDir(task.jobId, task.taskId);
    let stdout, stderr;
    try {
      await mkdir(wd, { recursive: true });
      stdout = await open(`${taskDir}/stdout.txt`, 'w');
      stderr = await open(`${taskDir}/stderr.txt`, 'w');
    } catch (err) {
      log.error('could not prepare task directory', { err });
      return exited({ failure: { category: 'servererror', code: 'TaskDirectoryError', message: `could not prepare the task directory: ${(err as Error).message}` } });
    }
    const env = {
      ...ctx.baseEnv,
      ...ctx.layout.taskEnvironment({ poolId: task.poolId, nodeId: ctx.nodeId, jobId: task.jobId, taskId: task.taskId }),
      ...task.env,
    };

    // launch
    try {
      this.group = await spawnGroup(task.argv, { cwd: wd, env, stdoutFd: stdout.fd, stderrFd: stderr.fd });
    } catch (err) {
      const message = err instanceof LaunchError ? err.message : `could not start the task: ${(err as Error).message}`;
      log.info('task launch failed', { message });
      return exited({ failure: { category: 'usererror', code: 'CommandLaunchFailed', message } });
    } finally {
      // The child holds its own copies of the descriptors.
      await stdout.close().catch(() => {});
      await stderr.close().catch(() => {});
    }
    const startTime = new Date().toISOString();
    log.debug('task started', { pid: this.group.pid });
    if (this.killReason) void this.group.kill(ctx.killGraceMs);
    // A task that ends within a few milliseconds reports only its exit (with its start time):
    // half the reports and one store write less for the short tasks that dominate batch loads.
    let started: Promise<void> | undefined;
    const startedTimer = setTimeout(() => {
      started = ctx.report({ kind: 'started', ...this.ref, nodeId: ctx.nodeId, time: startTime });
    }, START_REPORT_DELAY_MS);

    // wait
    if (task.maxWallClockTimeMs !== undefined) {
      this.wallClock = setTimeout(() => {
        this.kill('MaxWallClockTimeExceeded', `the task ran longer than its maxWallClockTime (${task.maxWallClockTimeMs} ms) and was killed`);
      }, task.maxWallClockTimeMs);
    }
    const result = await this.group.exited;
    clearTimeout(this.wallClock);
    clearTimeout(startedTimer);
    await started;
    log.debug('task exited', { exitCode: result.exitCode, signal: result.signal });
    return exited({ exitCode: result.exitCode, startTime, failure: this.killReason ? userFailure(this.killReason) : undefined });
  }
}

function userFailure(reason: KillReason): FailureInfo {
  return { category: 'usererror', code: reason.code, message: reason.message };
}
