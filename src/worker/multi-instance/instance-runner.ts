// Runs this node's instance of one attempt of a multi-instance (MPI) task:
//
//   set up (task dir = AZ_BATCH_TASK_SHARED_DIR, hostfiles, AZ_BATCH_* multi-instance variables,
//   the environment that makes mpiexec launch through troupe) -> report started
//   -> coordination command (if any) -> report coordinated
//   -> primary: wait for the coordinator's go (every instance coordinated), run the application
//      command, report exited with its exit code;
//      others: hold the instance open for remote launches (mpiexec's orted / hydra_pmi_proxy,
//      through the remote-launch server) until released or killed, then report exited.
//
// Remote processes started into the instance are tracked and killed (their whole groups) when
// the instance ends, whatever ends it: no rank or daemon outlives its task on any node.
import { WallClock } from '../wall-clock.ts';
import { LAUNCH_CA_VARIABLE } from '../../mpi/launch-wire.ts';
import { appendFile, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DispatchMessage, InstanceAssignment } from '../../protocol/nats/messages.ts';
import type { FailureInfo, ResourceUsage } from '../../protocol/records/records.ts';
import { sumUsage } from '../../protocol/records/resource-usage.ts';
import { LaunchError, TaskFilesError, type SpawnedGroup } from '../process/process-group.ts';
import { needsPoststop, needsPrestart, type RunnerContext } from '../task-runner.ts';
import { runPoststopHooks, runPrestartHooks, TaskHookError, type HookContext } from '../task-hooks.ts';
import type { ResourceFetch } from '../files/file-hooks.ts';
import type { LaunchContext, RemoteProcess } from './remote-launch-server.ts';
import { isLoopback, mpiEnvironment } from '../../mpi/mpi-environment.ts';
import { taskLinkName, type TaskLinks } from './task-links.ts';
import { linesNotShown, type DaemonStderr } from './daemon-stderr.ts';
import { killProcessesCarrying } from '../process/straggler-sweep.ts';
import { groupHasEstablishedTcp } from './daemon-callback.ts';
import { memoryLimitFailure, taskLimits } from '../task-limits.ts';
import { enterUnit, type ResourceLimits, type UnitLimits } from '../process/resource-limits.ts';
import { userEnvironment, type TaskUserLease } from '../users/task-users.ts';
import { handOver, prepareTaskDir, takeBack } from '../users/task-dirs.ts';

/** How long a remote MPI daemon has to call back to mpiexec (see daemon-callback.ts); a task
 *  may set its own in seconds with this variable (0 = no limit). */
export const CALLBACK_TIMEOUT_VARIABLE = 'TROUPE_MPI_CALLBACK_TIMEOUT';
export const DEFAULT_CALLBACK_TIMEOUT_S = 60;
/** How long a failed mpiexec's task waits for its remote daemons' last stderr: longer than the
 *  relay lets an orphaned launch deliver it (launch-relay.ts LATE_OUTPUT_MS). */
const DAEMON_STDERR_WAIT_MS = 6000;
/** How much of the end of stderr.txt is searched for the daemons' lines. */
const STDERR_SEARCHED_BYTES = 1024 * 1024;

type KillReason = { code: string; message: string; category: FailureInfo['category'] };

export interface InstanceRunnerContext extends RunnerContext {
  /** Fetches the gang's common resource files into the shared directory. */
  fetchResources?: ResourceFetch;
  /** The troupe-mpi-launch program mpiexec is pointed at. */
  launcherPath: string;
  /** The worker's launch relay (launch-relay.ts), for the native launcher. */
  launchRelay?: string;
  /** The node's resource limits, for what mpiexec starts here (remote launches); undefined =
   *  none are enforced on remote launches. */
  remoteLimits?: ResourceLimits;
  /** PEM of the CA the workers' certificates are checked against (TLS on). */
  launchCa?: string;
  /** What remote daemons launched through this node's relay wrote to stderr. */
  daemonStderr?: DaemonStderr;
  runningAsRoot: boolean;
  /** Node-independent names for the task's directories (task-links.ts); undefined: the node's
   *  own paths are used. */
  taskLinks?: TaskLinks;
}

/** Azure Batch's multi-instance variables (see AZURE-BATCH.md), for instance `index`. */
export function multiInstanceVariables(a: InstanceAssignment, taskSharedDir: string): Record<string, string> {
  const addresses = a.hosts.map((h) => h.address);
  const primary = a.hosts[0]!;
  return {
    AZ_BATCH_HOST_LIST: addresses.join(','),
    AZ_BATCH_NODE_LIST: addresses.join(';'),
    AZ_BATCH_MASTER_NODE: `${primary.address}:${primary.launchPort || 6000}`,
    AZ_BATCH_IS_CURRENT_NODE_MASTER: a.index === 0 ? 'true' : 'false',
    AZ_BATCH_TASK_SHARED_DIR: taskSharedDir,
    CCP_NODES: [String(a.hosts.length), ...a.hosts.flatMap((h) => [h.address, String(h.slots)])].join(' '),
  };
}

export class InstanceRunner {
  readonly done: Promise<void>;
  private group?: SpawnedGroup;
  private killReason?: KillReason;
  private ending = false;
  /** What the instance's commands used so far (its exit report carries it). */
  private usage?: ResourceUsage;
  private readonly wallClock = new WallClock();
  private readonly remote = new Set<RemoteProcess>();
  private context?: Omit<LaunchContext, 'track'>;
  /** The cgroups of what mpiexec starts on this node (enterRemoteLimits). */
  private remoteUnit?: Promise<UnitLimits | undefined>;
  /** The instance's user on this node (users/task-users.ts), released when it ends. */
  private lease?: TaskUserLease;
  private readonly go = deferred();
  /** Stops the hooks' work (resource file downloads) when the instance is killed. */
  private readonly aborter = new AbortController();
  private readonly end = deferred();
  /** The link naming this instance's task directory, removed when the instance ends. */
  private link?: { name: string; target: string };

  private lostNode?: { host: string; details: string };
  /** SIGTERM -> SIGKILL when killed: the node's, or shorter when the node is cut off. */
  private graceMs: number;

  constructor(private readonly task: DispatchMessage & { instance: InstanceAssignment }, private readonly ctx: InstanceRunnerContext) {
    this.graceMs = ctx.killGraceMs;
    this.done = this.run().catch((err) => ctx.log.error('instance runner failed', { jobId: task.jobId, taskId: task.taskId, err }));
  }

  get ref() {
    return { jobId: this.task.jobId, taskId: this.task.taskId, uid: this.task.uid, attempt: this.task.attempt };
  }

  get launchToken(): string {
    return this.task.instance.launchToken;
  }

  /** Ends the instance with this failure (terminate, time-out, shutdown, the attempt ended). */
  kill(code: string, message: string, category: FailureInfo['category'] = 'usererror', graceMs?: number): void {
    this.killReason ??= { code, message, category };
    if (graceMs !== undefined) this.graceMs = Math.min(this.graceMs, graceMs);
    this.finish();
  }

  /** A launch mpiexec made to another instance's node lost that node (its worker died or was cut
   *  off): mpiexec's failure that follows is the node's, not the task's. */
  remoteNodeLost(host: string, details: string): void {
    this.lostNode ??= { host, details };
  }

  /** The task ended (its primary exited): end this instance without failure. */
  release(): void {
    this.finish();
  }

  /** Every instance is ready: the primary runs the application command (once). */
  /** The task's maxWallClockTime was updated while this attempt runs (the primary keeps it). */
  changeWallClock(limitMs: number | undefined): void {
    this.wallClock.change(limitMs);
  }

  changeRetention(retentionTimeMs: number): void {
    this.task.retentionTimeMs = retentionTimeMs;
  }

  startApplication(): void {
    this.go.resolve();
  }

  /** Where and how a remote launch into this instance runs; refused once it is ending. */
  launchContext(): LaunchContext | { refused: string } {
    if (this.ending) return { refused: `the instance of task '${this.task.taskId}' on this node is ending` };
    if (!this.context) return { refused: `the instance of task '${this.task.taskId}' on this node is not set up yet` };
    return {
      ...this.context,
      ...(this.remoteLimited ? { enter: (pid: number) => this.enterRemoteLimits(pid) } : {}),
      track: (proc) => {
        if (this.ending) return undefined;
        this.remote.add(proc);
        const watch = this.watchCallback(proc);
        return () => {
          clearTimeout(watch);
          this.remote.delete(proc);
        };
      },
    };
  }

  /** Whether processes mpiexec starts here (remote MPI daemons, their ranks) are limited: the
   *  task's limits apply to the instance's whole work on each node, not only to its own command. */
  private get remoteLimited(): boolean {
    const l = taskLimits(this.task);
    return this.ctx.remoteLimits !== undefined && (l.maxMemoryMib !== undefined || l.requiredSlots > 1 || this.ctx.remoteLimits.limitsPids);
  }

  /** The instance's cgroups for what mpiexec starts on this node, made at its first launch and
   *  shared by all of them (one memory limit for the daemon and its ranks), removed when the
   *  instance ends. */
  private async enterRemoteLimits(pid: number): Promise<void> {
    this.remoteUnit ??= this.ctx.remoteLimits!.prepare(taskLimits(this.task));
    const unit = await this.remoteUnit;
    if (unit) await enterUnit(pid, unit);
  }

  /** The instance ended: its remote processes are gone; a memory limit they hit is said in the
   *  instance's stderr on this node (mpiexec reports the rank that died). */
  private async releaseRemoteLimits(stderrPath: string): Promise<void> {
    const unit = await this.remoteUnit?.catch(() => undefined);
    if (!unit) return;
    const { memoryLimitHit } = await unit.ended();
    if (memoryLimitHit && this.task.maxMemoryMib !== undefined) {
      const message = `troupe: processes mpiexec started on node ${this.ctx.nodeId} exceeded the task's memory limit of ${this.task.maxMemoryMib} MiB and were killed (OOM)\n`;
      this.ctx.log.warn('remote MPI processes hit the task\'s memory limit', { jobId: this.task.jobId, taskId: this.task.taskId, maxMemoryMib: this.task.maxMemoryMib });
      await appendFile(stderrPath, message).catch(() => {});
    }
  }

  /** A remote daemon must call back to mpiexec within the deadline, or the instance fails
   *  (which fails the attempt) with a message saying so, instead of mpiexec waiting forever. */
  private watchCallback(proc: RemoteProcess): NodeJS.Timeout | undefined {
    const raw = this.task.env[CALLBACK_TIMEOUT_VARIABLE];
    const seconds = raw !== undefined && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : DEFAULT_CALLBACK_TIMEOUT_S;
    if (seconds <= 0) return undefined;
    return setTimeout(() => {
      void groupHasEstablishedTcp(proc.pid).then((calledBack) => {
        if (calledBack || this.ending || !this.remote.has(proc)) return;
        const host = this.task.instance.hosts[this.task.instance.index]!;
        this.ctx.log.warn('remote MPI daemon never called back: ending the instance', { jobId: this.task.jobId, taskId: this.task.taskId, pid: proc.pid });
        this.kill('MpiDaemonNoCallback', `the MPI daemon mpiexec started on node ${this.ctx.nodeId} (${host.address}) did not connect back within ${seconds} s (set ${CALLBACK_TIMEOUT_VARIABLE} to change the limit): it was killed`);
      });
    }, seconds * 1000);
  }

  private finish(): void {
    if (this.ending) return;
    this.ending = true;
    this.aborter.abort(new Error('the instance is ending'));
    void this.group?.kill(this.graceMs);
    this.end.resolve();
    this.go.resolve();
  }

  private async run(): Promise<void> {
    const { task, ctx } = this;
    const a = task.instance;
    const index = a.index;
    const log = ctx.log.child({ jobId: task.jobId, taskId: task.taskId, attempt: task.attempt, instance: index });
    const report = ctx.report;
    const base = { ...this.ref, nodeId: ctx.nodeId, instance: index };
    const exited = async (reported: { exitCode?: number; startTime?: string; failure?: FailureInfo; lostNodeId?: string }) => {
      const time = new Date().toISOString();
      const fields = this.usage ? { ...reported, usage: this.usage } : reported;
      this.wallClock.stop();
      this.ending = true;
      // An instance other than the primary that fails (a daemon that never called back, say)
      // reports before it kills its remote daemons: their end makes mpiexec on the primary exit
      // at once, and that exit, stored first, would end the task as a bare exit code with the
      // reason lost. `report` resolves once the report is stored.
      const failsTheGang = index !== 0 && fields.failure !== undefined;
      if (failsTheGang) await report({ kind: 'exited', ...base, time, ...fields });
      await this.killRemote();
      await this.releaseRemoteLimits(path.join(ctx.layout.taskDir(task.jobId, task.taskId), 'stderr.txt'));
      if (this.link) await ctx.taskLinks?.remove(this.link.name, this.link.target);
      ctx.daemonStderr?.forget(this.ref);
      ctx.retention.record(task.jobId, task.taskId, task.retentionTimeMs);
      if (!failsTheGang) await report({ kind: 'exited', ...base, time, ...fields });
      // Whatever escaped the tracked groups (an MPI launcher's orphaned ranks) goes too. After the
      // report: scanning /proc costs tens of milliseconds a task should not wait for.
      const stragglers = await killProcessesCarrying(a.launchToken, this.graceMs);
      if (stragglers > 0) log.info('killed processes the instance left behind', { count: stragglers });
      // Nothing of the instance runs any more: a task-scope uid can go back (its files first).
      if (this.lease?.taskScope) await takeBack(ctx.layout.taskDir(task.jobId, task.taskId)).catch((err) => log.error('could not take the task directory back', { err }));
      await this.lease?.release();
    };
    if (this.killReason) return exited({ failure: this.killFailure() });
    try {
      this.lease = await ctx.users?.acquire(task.userIdentity);
    } catch (err) {
      return exited({ failure: { category: 'servererror', code: 'TaskUserError', message: `could not run the instance as its user: ${(err as Error).message}` } });
    }
    const user = this.lease?.user;

    // set up
    const taskDir = ctx.layout.taskDir(task.jobId, task.taskId);
    const wd = ctx.layout.taskWorkingDir(task.jobId, task.taskId);
    let env: Record<string, string>;
    try {
      await prepareTaskDir(taskDir, wd, user);
      await prepareTaskDir(taskDir, path.join(taskDir, 'tmp'), user);
      // The task directory as the instance's processes name it: through a link whose path is
      // the same on every node when the hosts are separate machines (see task-links.ts).
      const named = await this.namedTaskDir(taskDir);
      const namedWd = path.join(named, path.relative(taskDir, wd));
      const tmpDir = path.join(named, 'tmp');
      const mpi = mpiEnvironment({
        ref: { ...this.ref, token: a.launchToken },
        hosts: a.hosts.map((h) => ({ address: h.address, slots: h.slots, launchPort: h.launchPort })),
        index,
        taskSharedDir: named,
        tmpDir,
        launcherPath: ctx.launcherPath,
        // Open MPI's run-as-root consent only where the ranks do run as root.
        runningAsRoot: ctx.runningAsRoot && (!user || user.uid === 0),
      });
      for (const [name, contents] of Object.entries(mpi.files)) await writeFile(path.join(taskDir, name), contents);
      env = {
        ...ctx.baseEnv,
        ...ctx.layout.taskEnvironment({ poolId: task.poolId, nodeId: ctx.nodeId, jobId: task.jobId, taskId: task.taskId }),
        ...multiInstanceVariables(a, named),
        ...mpi.env,
        ...(ctx.launchRelay ? { TROUPE_MPI_RELAY: ctx.launchRelay } : {}),
        // The CA (public) for the Node launcher, which calls the remote workers itself.
        ...(ctx.launchCa ? { [LAUNCH_CA_VARIABLE]: ctx.launchCa } : {}),
        ...(this.lease ? userEnvironment(this.lease, taskDir) : {}),
        TMPDIR: tmpDir,
        // Processes start in the real directory; PWD names it through the link, which shells
        // keep (it is the same directory) and mpiexec sends to the other nodes.
        ...(named !== taskDir ? { AZ_BATCH_TASK_DIR: named, AZ_BATCH_TASK_WORKING_DIR: namedWd, PWD: namedWd } : {}),
        ...task.env,
      };
    } catch (err) {
      log.error('could not set up the instance', { err });
      return exited({ failure: { category: 'servererror', code: 'TaskDirectoryError', message: `could not set up the instance's directory: ${(err as Error).message}` } });
    }
    // Hooks (application packages on every instance; the task's resource and output files on the
    // primary only, as Azure Batch does for multi-instance tasks).
    const hookTask: DispatchMessage = index === 0 ? task : { ...task, resourceFiles: undefined, outputFiles: undefined };
    const hookContext: HookContext = { task: hookTask, taskDir, wd, log, signal: this.aborter.signal };
    const hooks = ctx.hooks ?? [];
    const common = a.commonResourceFiles ?? [];
    if (common.length > 0) {
      try {
        if (!ctx.fetchResources) throw new Error('this worker has no file store');
        await ctx.fetchResources(common, taskDir, this.aborter.signal, log);
        await handOver(taskDir, user);
      } catch (err) {
        const failure: FailureInfo = err instanceof TaskHookError ? err.failure : { category: 'servererror', code: 'ResourceFileDownloadError', message: `commonResourceFiles: ${(err as Error).message}` };
        return exited({ failure: this.killReason ? this.killFailure() : failure });
      }
      if (this.killReason) return exited({ failure: this.killFailure() });
    }
    if (needsPrestart(hookTask)) {
      const failure = await runPrestartHooks(hooks, hookContext, env, () => this.killReason !== undefined);
      if (failure === 'killed') return exited({ failure: this.killFailure() });
      if (failure) return exited({ failure });
      try {
        await handOver(wd, user);
      } catch (err) {
        return exited({ failure: { category: 'servererror', code: 'TaskDirectoryError', message: `could not hand the instance's files to its user: ${(err as Error).message}` } });
      }
    }
    // Remote launches (mpiexec's daemons) into this instance run as its user too.
    this.context = { cwd: wd, env, ...(user ? { user } : {}) };
    const startTime = new Date().toISOString();
    // Without a coordination command the instance is ready at once: its `coordinated` report
    // (below) also marks it started, one report and one store write less per instance.
    if (a.coordinationArgv.length > 0) await report({ kind: 'started', ...base, time: startTime });
    if (index === 0) {
      this.wallClock.start(task.maxWallClockTimeMs, (ms) => {
        this.kill('MaxWallClockTimeExceeded', `the task ran longer than its maxWallClockTime (${ms} ms) and was killed`);
      });
    }

    // coordination command
    let coordinationExit = 0;
    if (a.coordinationArgv.length > 0) {
      const out = index === 0 ? 'coordination-' : '';
      const result = await this.runProcess(a.coordinationArgv, wd, env, `${taskDir}/${out}stdout.txt`, `${taskDir}/${out}stderr.txt`);
      if ('failure' in result) {
        await report({ kind: 'coordinated', ...base, time: new Date().toISOString(), failure: result.failure });
        return exited({ startTime, failure: result.failure });
      }
      coordinationExit = result.exitCode;
      log.debug('coordination command exited', { exitCode: coordinationExit });
      if (coordinationExit !== 0) {
        await report({ kind: 'coordinated', ...base, time: new Date().toISOString(), exitCode: coordinationExit });
        return exited({ startTime, exitCode: coordinationExit });
      }
    }
    if (this.killReason) return exited({ startTime, failure: this.killFailure() });
    await report({ kind: 'coordinated', ...base, time: a.coordinationArgv.length > 0 ? new Date().toISOString() : startTime, exitCode: 0 });

    if (index !== 0) {
      // Hold the instance for remote launches until the task ends.
      await this.end.promise;
      return exited(this.killReason ? { startTime, failure: this.killFailure() } : { startTime, exitCode: coordinationExit });
    }

    // primary: the application command, once every instance is ready
    await this.go.promise;
    if (this.killReason) return exited({ startTime, failure: this.killFailure() });
    log.debug('starting the application command');
    const result = await this.runProcess(task.argv, wd, env, `${taskDir}/stdout.txt`, `${taskDir}/stderr.txt`, () =>
      report({ kind: 'started', ...base, time: new Date().toISOString(), application: true }));
    if ('failure' in result) return exited({ startTime, failure: result.failure });
    if (result.exitCode !== 0 && !this.killReason) await this.addDaemonStderr(`${taskDir}/stderr.txt`);
    if (result.exitCode !== 0 && this.lostNode && !this.killReason) {
      // Reported as the node's doing: the gang goes back to the queue, no retry is spent.
      const { host, details } = this.lostNode;
      log.warn('mpiexec failed after the node of another instance was lost: requeueing the task', { host, exitCode: result.exitCode });
      const lostNodeId = this.task.instance.hosts.find((h) => h.address === host)?.nodeId;
      return exited({
        startTime, exitCode: result.exitCode, ...(lostNodeId ? { lostNodeId } : {}),
        failure: { category: 'servererror', code: 'MpiNodeLost', message: `the node at ${host} was lost while mpiexec ran (${details}); mpiexec exited with ${result.exitCode}: the task goes back to the queue` },
      });
    }
    // Output files (the primary's), before the exit is reported: the task runs until they are up.
    const uploadFailure = !this.killReason && needsPoststop(hookTask)
      ? await runPoststopHooks(hooks, hookContext, { succeeded: result.exitCode === 0 })
      : undefined;
    return exited({ startTime, exitCode: result.exitCode, failure: this.killReason ? this.killFailure() : uploadFailure });
  }

  /** mpiexec failed: what its remote daemons wrote to stderr that it did not pass on (see
   *  daemon-stderr.ts) is added to the task's stderr, under a line saying so. */
  private async addDaemonStderr(stderrPath: string): Promise<void> {
    const tails = await this.ctx.daemonStderr?.collect(this.ref, DAEMON_STDERR_WAIT_MS) ?? [];
    if (tails.length === 0) return;
    try {
      const shown = await readEnd(stderrPath, STDERR_SEARCHED_BYTES);
      let added = '';
      for (const { host, text, cut } of tails) {
        const missing = linesNotShown(text, shown, cut);
        if (missing.length > 0) added += `troupe: the MPI daemon on ${host} also wrote (mpiexec did not pass it on):\n${missing.join('\n')}\n`;
      }
      if (added) await appendFile(stderrPath, added);
    } catch (err) {
      this.ctx.log.warn('could not add the MPI daemons\' stderr to the task\'s', { jobId: this.task.jobId, taskId: this.task.taskId, err });
    }
  }

  /** `taskDir`, or the link that names it on every node (created here) when the task's hosts
   *  are separate machines and this node has a links directory. */
  private async namedTaskDir(taskDir: string): Promise<string> {
    const links = this.ctx.taskLinks;
    if (!links || this.task.instance.hosts.every((h) => isLoopback(h.address))) return taskDir;
    const name = taskLinkName(this.task.uid, this.task.attempt);
    const link = await links.create(name, taskDir);
    this.link = { name, target: taskDir };
    return link;
  }

  /** Runs one command of the instance in its own process group; a kill ends it. */
  private async runProcess(
    argv: string[], cwd: string, env: Record<string, string>, stdoutPath: string, stderrPath: string, onStarted?: () => Promise<void>,
  ): Promise<{ exitCode: number } | { failure: FailureInfo }> {
    try {
      // The task's limits apply to each instance's commands (the coordination command, and the
      // application command with what mpiexec starts on the primary's node).
      const user = this.lease?.user;
      this.group = await this.ctx.launcher.launch(argv, { cwd, env, stdoutPath, stderrPath, limits: taskLimits(this.task), ...(user ? { user } : {}) });
    } catch (err) {
      if (err instanceof TaskFilesError) return { failure: { category: 'servererror', code: 'TaskDirectoryError', message: err.message } };
      const message = err instanceof LaunchError ? err.message : `could not start the command: ${(err as Error).message}`;
      return { failure: { category: err instanceof LaunchError ? 'usererror' : 'servererror', code: 'CommandLaunchFailed', message } };
    }
    if (this.ending) void this.group.kill(this.graceMs);
    await onStarted?.();
    const result = await this.group.exited;
    this.group = undefined;
    this.usage = sumUsage([this.usage, result.usage]);
    if (this.killReason) return { failure: this.killFailure() };
    if (result.lost) return { failure: { category: 'servererror', code: 'ExitStatusLost', message: result.lost } };
    const memoryFailure = memoryLimitFailure(this.task, result);
    if (memoryFailure) return { failure: memoryFailure };
    return { exitCode: result.exitCode ?? -1 };
  }

  /** Kills every remote process group of the instance (SIGTERM, SIGKILL after the grace
   *  period) and waits until each group is gone (the launch server unregisters them later). */
  private async killRemote(): Promise<void> {
    const groups = [...this.remote].map((p) => p.pid);
    if (groups.length === 0) return;
    for (const p of this.remote) p.kill('SIGTERM');
    const alive = () => groups.filter((pgid) => groupExists(pgid));
    const deadline = Date.now() + this.graceMs;
    while (alive().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    for (const p of this.remote) if (groupExists(p.pid)) p.kill('SIGKILL');
  }

  private killFailure(): FailureInfo {
    const r = this.killReason!;
    return { category: r.category, code: r.code, message: r.message };
  }
}

/** The last `bytes` of a file, as text ('' when it does not exist). */
async function readEnd(file: string, bytes: number): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Whether any process is left in process group `pgid`. */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
