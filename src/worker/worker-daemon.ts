// `troupe worker`: the node agent. It heartbeats (which is also how it joins its pool), takes
// dispatched attempts, runs each through a TaskRunner, and reports durably. A dispatch it has
// already seen is ignored (the coordinator re-sends when unsure); a terminate for an attempt it
// has not seen yet is remembered, so a late dispatch of that attempt does not run.
//
// At most one attempt of a task runs at any moment (README "Faults"): before taking work it
// kills what an earlier run of this node left behind; cut off from NATS it ends its own tasks
// before the coordinator runs them elsewhere (connection-fence.ts); killed, its tasks are ended
// by its launcher (native/troupe-spawner.c), which follows it through a pipe.
import { serveLimitUpdates } from './limits-updates.ts';
import os from 'node:os';
import { mkdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { JetStreamWriter } from '../protocol/nats/jetstream-writer.ts';
import { decode, encode } from '../protocol/nats/codec.ts';
import { incarnationKey, type DispatchMessage, type Heartbeat, type JobReleaseMessage, type StartApplicationMessage, type TerminateMessage } from '../protocol/nats/messages.ts';
import { dispatchSubject, heartbeatSubject, jobReleaseSubject, startApplicationSubject, taskKey, terminateSubject } from '../protocol/nats/subjects.ts';
import type { TlsMaterial } from '../security/daemon-tls.ts';
import type { NatsCredentials } from '../security/nats-credentials.ts';
import { inboxPrefix } from '../security/nats-permissions.ts';
import { connectNats } from '../protocol/nats/nats-connection.ts';
import { awaitJetStreamResources } from '../protocol/nats/jetstream-resources.ts';
import { createLogger, type Logger } from '../protocol/log.ts';
import { NodeLayout, safeSegment } from './node-layout.ts';
import { createFileHooks } from './files/file-hooks.ts';
import { ApiCredentialsHook } from './api-credentials-hook.ts';
import { ReportPublisher } from './report-publisher.ts';
import { TaskRunner } from './task-runner.ts';
import { detectGpus } from './gpus.ts';
import { PreemptionNotice } from './preemption.ts';
import { nodeControlMessage, nodeControlSubject, type NodeControlMessage } from '../protocol/nats/node-control.ts';
import { createProcessLauncher } from './process/process-launcher.ts';
import type { ResourceLimitsKind } from '../protocol/records/resource-limits.ts';
import { defaultTaskLinksDir, TaskLinks } from './multi-instance/task-links.ts';
import { MARKER_VARIABLE, releaseCgroupDir, type ContainmentKind } from './process/task-containment.ts';
import { ConnectionFence } from './connection-fence.ts';
import { NodePolicyWatch } from '../protocol/nats/node-policy.ts';
import { serveTaskOutput } from './files/output-server.ts';
import { serveNodeFiles } from './files/file-server.ts';
import { StartTask } from './node-tasks/start-task.ts';
import { JobNodeTasks } from './node-tasks/job-preparation.ts';
import { RetentionKeeper } from './retention.ts';
import { AttemptLedger } from './attempt-ledger.ts';
import { InstanceRunner } from './multi-instance/instance-runner.ts';
import { startRemoteLaunchServer, type LaunchRef } from './multi-instance/remote-launch-server.ts';
import { startLaunchRelay } from './multi-instance/launch-relay.ts';
import { startTerminalServer } from './terminal/terminal-server.ts';
import { LAUNCHER_PATH } from '../mpi/launcher-path.ts';
import { TaskUsers } from './users/task-users.ts';
import { poolUsersLoader } from './users/pool-users.ts';
import { DEFAULT_TASK_UID_RANGE, DEFAULT_UID_CLAIMS_DIR, type UidRange } from './users/uid-claims.ts';
import { makeNodeDirsReachable } from './users/node-dirs.ts';
import { WorkerMetrics } from './worker-metrics.ts';
import { readPoolRecord } from './pool-record.ts';
import { serveMetrics } from '../observability/metrics-endpoint.ts';

export const AGENT_VERSION = '0.1.0';

/** Processes per task unless the operator says otherwise: far above what real tasks start (an
 *  MPI rank per core, a build's compilers), far below what takes a node down (pid_max, memory for
 *  kernel stacks). A fork bomb then only stops its own task. */
export const DEFAULT_TASK_PIDS_MAX = 4096;

export interface WorkerOptions {
  /** One NATS server, or several of one cluster (a list, or URLs separated by commas). */
  natsUrl: string | readonly string[];
  /** This daemon's TLS identity for every link (its gRPC services, NATS, other daemons);
   *  undefined = plaintext everywhere (the CLI asks for --plaintext to say so). */
  tls?: TlsMaterial;
  /** Its NATS user (--nats-nkey / --nats-creds); undefined = none (a NATS server without
   *  authorization, on a trusted network only). */
  natsCredentials?: NatsCredentials;
  /** Gives up start-up while it waits for JetStream (start then rejects). */
  signal?: AbortSignal;
  poolId: string;
  /** A low-priority node: one its provider may take back at short notice (preemption). */
  lowPriority?: boolean;
  /** The GPU device ids it offers (`--gpus`); undefined = what `nvidia-smi -L` lists. */
  gpus?: string[];
  /** Task slots; 0 or undefined = the pool's taskSlotsPerNode. */
  slots?: number;
  nodeId?: string;
  /** The node's root directory (AZ_BATCH_NODE_ROOT_DIR). */
  root: string;
  /** The address other nodes reach this one at (an IP). Default 127.0.0.1. */
  address?: string;
  heartbeatIntervalMs?: number;
  /** How often expired task directories are looked for. Default 60 s. */
  retentionSweepIntervalMs?: number;
  /** SIGTERM -> SIGKILL grace when a task is killed. Default 5 s. */
  killGraceMs?: number;
  /** Port on `address` for MPI remote launches from other nodes; 0 / undefined = any free port. */
  launchPort?: number;
  /** A weaker task containment than the best this node offers (see task-containment.ts). */
  containment?: ContainmentKind;
  /** A weaker kind of resource limits than the best this node offers (resource-limits.ts). */
  resourceLimits?: ResourceLimitsKind;
  /** Most processes (and threads) each task may have at once (pids.max); 0 = unlimited.
   *  Default DEFAULT_TASK_PIDS_MAX. Enforced where the node enforces resource limits. */
  taskPidsMax?: number;
  /** The node's cache of store objects used as resource files; 0 = none. Default 2 GiB. */
  objectCacheBytes?: number;
  /** Where the links naming multi-instance tasks' directories go (task-links.ts): the same path
   *  on every node. Default defaultTaskLinksDir(). */
  taskLinksDir?: string;
  /** uids of auto-user tasks (worker running as root). Default DEFAULT_TASK_UID_RANGE. */
  taskUidRange?: UidRange;
  /** Where the machine's workers claim auto-user uids (uid-claims.ts). Default /run/troupe/task-uids. */
  uidClaimsDir?: string;
  /** HOST:PORT for Prometheus metrics (GET /metrics, HTTPS with `tls`); undefined = none. */
  metricsListen?: string;
  logger?: Logger;
}

export interface RunningWorker {
  nodeId: string;
  /** Where its metrics are served (HOST:PORT), when asked for. */
  metricsAddress?: string;
  stop(): Promise<void>;
  /** Resolves once the worker stopped by itself: preempted, told by the coordinator to leave its
   *  pool (`troupe worker` then exits 0), or to reboot (it is started again in the same process). */
  ended: Promise<WorkerEnd>;
}

/** Why a worker stopped by itself. */
export type WorkerEnd = 'stopped' | 'preempted' | 'leave' | 'reboot';

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const nodeId = safeSegment(opts.nodeId ?? `${os.hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${process.pid}`);
  safeSegment(opts.poolId);
  const log = opts.logger ?? createLogger({ component: 'worker', nodeId });
  const layout = new NodeLayout(opts.root, !opts.lowPriority);
  for (const dir of [layout.startupDir, layout.sharedDir, layout.applicationsDir, layout.workitemsDir, layout.tmpDir]) {
    await mkdir(dir, { recursive: true });
  }
  await PreemptionNotice.clearStale(layout.root);
  const nc = await connectNats(opts.natsUrl, `troupe-worker-${nodeId}`, log, {
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(opts.natsCredentials ? { credentials: opts.natsCredentials } : {}),
    inboxPrefix: inboxPrefix({ role: 'worker', nodeId }),
  });
  // A worker creates no bucket or stream (their replica count is the coordinator's to choose):
  // it waits until a coordinator has created them.
  await awaitJetStreamResources(nc, log, opts.signal).catch(async (err) => {
    await nc.close();
    throw err;
  });
  // Tasks run as users of their own only when this worker can make them (it runs as root).
  const users = new TaskUsers({
    isolation: process.getuid?.() === 0 ? 'per-task-user' : 'worker-user',
    range: opts.taskUidRange ?? DEFAULT_TASK_UID_RANGE,
    claimsDir: opts.uidClaimsDir ?? DEFAULT_UID_CLAIMS_DIR,
    poolId: opts.poolId,
    poolUsers: poolUsersLoader(nc, opts.poolId),
    log,
  });
  if (users.isolation === 'per-task-user') await makeNodeDirsReachable(layout, log);
  else log.info('tasks run as the worker\'s user, whatever user they ask for: the worker does not run as root');
  const writer = new JetStreamWriter(nc, 5000);
  const publisher = new ReportPublisher(writer, nodeId, log);

  const bootId = randomUUID();
  const startTime = new Date().toISOString();
  const runners = new Map<string, TaskRunner | InstanceRunner>();
  /** requiredSlots of each running attempt (by task key), for the metrics' slots in use. */
  const heldSlots = new Map<string, number>();
  const metrics = new WorkerMetrics({
    slots: async () => opts.slots || (await readPoolRecord(nc, opts.poolId).catch(() => undefined))?.taskSlotsPerNode,
    slotsInUse: () => [...heldSlots.values()].reduce((a, b) => a + b, 0),
    tasksRunning: () => runners.size,
  });
  const ledger = new AttemptLedger();
  const baseEnv = taskBaseEnv(layout.tmpDir);
  const killGraceMs = opts.killGraceMs ?? 5000;
  const taskPidsMax = opts.taskPidsMax ?? DEFAULT_TASK_PIDS_MAX;
  const { launcher, containment, limits } = await createProcessLauncher({
    nodeId, root: layout.root, runId: bootId.slice(0, 8), prefer: opts.containment, log,
    ...(taskPidsMax > 0 ? { taskPidsMax } : {}),
    ...(opts.resourceLimits ? { preferLimits: opts.resourceLimits } : {}),
    // A worker that is gone has no time to give: its node will be declared lost.
    orphanGraceMs: Math.min(killGraceMs, 1000),
  });
  const retention = new RetentionKeeper(layout, opts.retentionSweepIntervalMs ?? 60_000, (jobId, taskId) => runners.has(taskKey(jobId, taskId)), log);
  await retention.start();
  const { hooks: fileHooks, fetchResources, installApplications } = await createFileHooks(nc, layout, log, opts.objectCacheBytes, metrics);
  const hooks = [new ApiCredentialsHook(), ...fileHooks];
  // The native MPI launcher hands its launches to this relay (TROUPE_MPI_RELAY in instances).
  const launchRelay = await startLaunchRelay({
    nodeId, log,
    ...(opts.tls ? { tls: { ca: opts.tls.ca, cert: opts.tls.cert, key: opts.tls.key } } : {}),
    lost(ref, host, details) {
      instanceOf(ref)?.remoteNodeLost(host, details);
    },
  });
  const instanceOf = (ref: LaunchRef) => {
    const runner = runners.get(taskKey(ref.jobId, ref.taskId));
    return runner instanceof InstanceRunner && runner.ref.uid === ref.uid && runner.ref.attempt === ref.attempt ? runner : undefined;
  };
  const taskLinks = await TaskLinks.open(opts.taskLinksDir ?? defaultTaskLinksDir(), log);
  const staleLinks = await taskLinks?.sweep(layout.root) ?? 0;
  if (staleLinks > 0) log.info('removed task links a previous run left', { count: staleLinks });
  const gpuIds = opts.gpus ?? await detectGpus(log);
  const runnerContext = {
    gpuIds,
    launchRelay: launchRelay.name, taskLinks,
    ...(limits.kind !== 'none' ? { remoteLimits: limits } : {}),
    ...(opts.tls ? { launchCa: opts.tls.ca.toString('utf8') } : {}),
    daemonStderr: launchRelay.daemonStderr,
    nodeId, layout, baseEnv, killGraceMs, launcher, retention, log, hooks, fetchResources,
    report: (r: Parameters<ReportPublisher['publish']>[0]) => {
      metrics.reported(r);
      return publisher.publish(r);
    },
    launcherPath: LAUNCHER_PATH, runningAsRoot: process.getuid?.() === 0, users,
  };
  const address = opts.address ?? '127.0.0.1';

  // Remote launches (mpiexec's daemons from another node of a multi-instance task) run inside
  // this node's instance of that very attempt, and only with its launch token.
  const launchServer = await startRemoteLaunchServer({
    host: address,
    ...(opts.tls ? { tls: opts.tls } : {}),
    port: opts.launchPort ?? 0,
    killGraceMs: runnerContext.killGraceMs,
    log,
    authority: {
      contextFor(ref: LaunchRef) {
        const runner = runners.get(taskKey(ref.jobId, ref.taskId));
        if (!(runner instanceof InstanceRunner) || runner.ref.uid !== ref.uid || runner.ref.attempt !== ref.attempt) {
          return { refused: `node ${nodeId} (${address}) runs no instance of attempt ${ref.attempt} of task '${ref.taskId}' of job '${ref.jobId}': not part of this task's reservation` };
        }
        if (runner.launchToken !== ref.token) return { refused: `wrong launch token for task '${ref.taskId}'` };
        const context = runner.launchContext();
        if ('refused' in context) return context;
        // The daemon is a child of this worker, not of the launcher: its marker is how it (and
        // its ranks) end when the worker dies (the launcher kills the node's marked processes)
        // or at the next start's sweep.
        return { ...context, env: { ...context.env, [MARKER_VARIABLE]: containment.nextUnit().marker } };
      },
    },
  });

  // exec and attach, relayed by the coordinator: only with TLS (the server answers only the
  // coordinator's certificate). A command started in a task is marked as the task's processes
  // are, so that it ends with them if this worker dies.
  const terminalServer = opts.tls ? await startTerminalServer({
    host: address, nodeId, tls: opts.tls, killGraceMs, log,
    target(jobId, taskId) {
      const runner = runners.get(taskKey(jobId, taskId));
      if (!runner) return { refused: `task '${taskId}' of job '${jobId}' is not running on node '${nodeId}'` };
      if (!(runner instanceof TaskRunner)) return { refused: `task '${taskId}' is a multi-instance task: exec into its instances is not supported yet` };
      const target = runner.terminalTarget();
      if ('refused' in target) return target;
      // The task's own marker where it has one: what the command leaves behind (a daemon it
      // detached) is then ended with the task's unit, not only when the worker dies.
      return { ...target, env: { ...target.env, [MARKER_VARIABLE]: target.marker ?? containment.nextUnit().marker } };
    },
  }) : undefined;

  const jobTasks = new JobNodeTasks({
    nc, nodeId, poolId: opts.poolId, bootId, layout, baseEnv, launcher, killGraceMs, log, fetchResources, installApplications, users,
    async jobTasksEnded(jobId) {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        const left = [...runners.values()].filter((r) => r.ref.jobId === jobId);
        if (left.length === 0) return;
        await Promise.all(left.map((r) => r.done));
      }
    },
  });

  const policy = new NodePolicyWatch(nc, log);
  policy.start();
  const fence = new ConnectionFence({
    nodeTimeoutMs: () => policy.nodeTimeoutMs,
    roundTrip: () => nc.flush(),
    log,
    fence(graceMs) {
      // Reported once heard again ('servererror': the node's doing, so the task is requeued).
      for (const r of runners.values()) r.kill('NodeCutOff', 'the node was cut off from NATS for half the node timeout: its tasks were ended so that they cannot run twice', 'servererror', graceMs);
    },
  });

  const preemption = new PreemptionNotice({
    root: layout.root, killGraceMs, log,
    endTasks(graceMs) {
      // 'servererror': the node's doing, so the task is requeued, not retried.
      for (const r of runners.values()) r.kill('NodePreempted', 'the node was preempted: its notice period ran out', 'servererror', graceMs);
    },
    async tasksEnded() {
      while (runners.size > 0) await Promise.all([...runners.values()].map((r) => r.done));
    },
    preempted: () => void shutdown('preempted'),
  });

  const onDispatch = (d: DispatchMessage) => {
    // Cut off, nothing is taken: the coordinator sends it again, or runs it elsewhere.
    if (fence.fenced) return;
    // Under a preemption notice the coordinator sends nothing new; one already on its way is
    // not started (the node's end requeues it).
    if (preemption.noticed) return;
    const incarnation = incarnationKey(d);
    if (!ledger.accept(incarnation, d.attempt)) return;
    metrics.dispatched(d);
    // The job's preparation task runs first on this node (once per job); its failure keeps the
    // task from running here (the coordinator requeues it elsewhere).
    if (jobTasks.ready(d)) return startRunner(d);
    void jobTasks.beforeTask(d).then((ok) => {
      if (ok) return startRunner(d);
      ledger.finished(incarnation, d.attempt);
      metrics.settled(d);
      log.info('task not run: the job preparation task failed on this node', { jobId: d.jobId, taskId: d.taskId });
    });
  };

  const startRunner = (d: DispatchMessage) => {
    const key = taskKey(d.jobId, d.taskId);
    const incarnation = incarnationKey(d);
    const older = runners.get(key);
    if (older) older.kill('TaskSuperseded', 'a newer attempt of this task was dispatched');
    jobTasks.taskStarting(d);
    const runner = d.instance ? new InstanceRunner({ ...d, instance: d.instance }, runnerContext) : new TaskRunner(d, runnerContext);
    const early = ledger.takeEarlyTermination(incarnation, d.attempt);
    if (early) runner.kill('TaskTerminated', early);
    runners.set(key, runner);
    heldSlots.set(key, d.requiredSlots || 1);
    runner.done.then(() => {
      ledger.finished(incarnation, d.attempt);
      metrics.settled(d);
      if (runners.get(key) === runner) {
        runners.delete(key);
        heldSlots.delete(key);
      }
    });
  };

  const onTerminate = (t: TerminateMessage) => {
    const key = taskKey(t.jobId, t.taskId);
    const runner = runners.get(key);
    if (runner && runner.ref.uid === t.uid && runner.ref.attempt === t.attempt) {
      if (t.release && runner instanceof InstanceRunner) {
        runner.release();
        return;
      }
      log.info('terminating task', { jobId: t.jobId, taskId: t.taskId, attempt: t.attempt, reason: t.reason });
      runner.kill('TaskTerminated', t.reason);
    } else if (!t.release) {
      ledger.terminateBeforeDispatch(incarnationKey(t), t.attempt, t.reason);
    }
  };

  const subs: Subscription[] = [
    subscribeDecoded<DispatchMessage>(nc, dispatchSubject(nodeId), onDispatch, log),
    subscribeDecoded<TerminateMessage>(nc, terminateSubject(nodeId), onTerminate, log),
    subscribeDecoded<StartApplicationMessage>(nc, startApplicationSubject(nodeId), (m) => {
      const runner = runners.get(taskKey(m.jobId, m.taskId));
      if (runner instanceof InstanceRunner && runner.ref.uid === m.uid && runner.ref.attempt === m.attempt) runner.startApplication();
    }, log),
    subscribeDecoded<JobReleaseMessage>(nc, jobReleaseSubject(nodeId), (m) => void jobTasks.release(m), log),
    serveTaskOutput(nc, nodeId, layout, (ref) => ledger.latest(incarnationKey(ref))),
    serveNodeFiles(nc, nodeId, layout),
    serveLimitUpdates(nc, nodeId, runners, log),
    nc.subscribe(nodeControlSubject(nodeId), {
      callback: (err, msg) => {
        if (err) return;
        let control: NodeControlMessage | undefined;
        try {
          control = nodeControlMessage(decode(msg.data), nodeId);
        } catch {
          control = undefined;
        }
        if (!control) return log.warn('ignored malformed node control message', { subject: msg.subject });
        if (control.kind === 'preempt') void preemption.notice(control.deadline);
        // Told to go (its pool was deleted, it was removed) or to restart: it stops as on SIGTERM,
        // so its heartbeats end (the coordinator has dealt with its tasks).
        if (control.kind === 'leave' || control.kind === 'reboot') {
          log.info(control.kind === 'leave' ? 'told to leave the pool: stopping' : 'told to reboot: restarting the agent', { reason: control.reason });
          void shutdown(control.kind);
        }
      },
    }),
  ];

  let shuttingDown = false;
  const startTask = new StartTask({
    nc, poolId: opts.poolId, nodeId, layout, baseEnv, launcher, killGraceMs, log, fetchResources, installApplications, users,
    onChange: () => { if (!shuttingDown) heartbeat(); },
  });
  await startTask.begin();

  function heartbeat(leaving = false, preempted = false) {
    const hb: Heartbeat = {
      nodeId, poolId: opts.poolId, address, hostName: os.hostname(), launchPort: launchServer.port,
      ...(terminalServer ? { terminalPort: terminalServer.port } : {}),
      slots: opts.slots ?? 0, bootId, agentVersion: AGENT_VERSION, agentStartTime: startTime,
      running: [...runners.values()].map((r) => r.ref), leaving, startTask: startTask.status,
      taskContainment: launcher.containmentKind,
      resourceLimits: launcher.resourceLimitsKind,
      taskUserIsolation: users.isolation,
      ...(opts.lowPriority ? { dedicated: false } : {}),
      ...(gpuIds.length ? { gpuIds } : {}),
      ...(preempted ? { preempted } : {}),
    };
    nc.publish(heartbeatSubject(nodeId), encode(hb));
    if (!leaving) fence.heartbeatSent();
  }
  heartbeat();
  const interval = setInterval(heartbeat, opts.heartbeatIntervalMs ?? 1000);
  const fenceCheck = setInterval(() => fence.check(), 100);

  const metricsEndpoint = opts.metricsListen ? await serveMetrics(opts.metricsListen, metrics, opts.tls) : undefined;

  log.info('worker started', { poolId: opts.poolId, address: opts.address ?? '127.0.0.1', launchPort: launchServer.port, root: layout.root, slots: opts.slots ?? 0, bootId, taskContainment: launcher.containmentKind, ...(metricsEndpoint ? { metrics: metricsEndpoint.address } : {}) });

  let stopping: Promise<void> | undefined;
  let ended!: (why: WorkerEnd) => void;
  const endedPromise = new Promise<WorkerEnd>((resolve) => { ended = resolve; });
  /** Stops the worker: asked to (it leaves its pool), or at the end of a preemption notice (its
   *  last heartbeat says preempted). Once, whichever comes first. */
  function shutdown(why: 'stop' | 'preempted' | 'leave' | 'reboot'): Promise<void> {
    stopping ??= (async () => {
      clearInterval(interval);
      preemption.stop();
      clearInterval(fenceCheck);
      policy.stop();
      shuttingDown = true;
      await retention.stop();
      for (const s of subs) s.unsubscribe();
      await startTask.stop();
      await jobTasks.stop();
      // Leaving (or preempted): the coordinator requeues our tasks now; their exit reports will be stale.
      heartbeat(why !== 'preempted', why === 'preempted');
      await nc.flush().catch(() => {});
      for (const r of runners.values()) r.kill('NodeLeaving', 'the worker is shutting down', 'servererror');
      await Promise.race([Promise.all([...runners.values()].map((r) => r.done)), new Promise((r) => setTimeout(r, 10_000))]);
      await launcher.close();
      await users.close();
      await releaseCgroupDir(containment);
      await launchServer.close();
      await terminalServer?.close();
      await metricsEndpoint?.close();
      await launchRelay.close();
      await Promise.race([publisher.flush(), new Promise((r) => setTimeout(r, 5000))]);
      publisher.close();
      writer.close();
      ledger.close();
      await nc.drain().catch(() => nc.close());
      log.info(why === 'preempted' ? 'worker stopped: preempted' : 'worker stopped');
      ended(why === 'stop' ? 'stopped' : why);
    })();
    return stopping;
  }
  return { nodeId, ...(metricsEndpoint ? { metricsAddress: metricsEndpoint.address } : {}), stop: () => shutdown('stop'), ended: endedPromise };
}

function subscribeDecoded<T>(nc: NatsConnection, subject: string, handler: (msg: T) => void, log: Logger): Subscription {
  return nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return;
      let value: T;
      try {
        value = decode<T>(msg.data);
        if (!value || typeof (value as { jobId?: unknown }).jobId !== 'string') throw new Error('bad shape');
      } catch {
        log.warn('ignored malformed message', { subject });
        return;
      }
      try {
        handler(value);
      } catch (err) {
        log.error('message handler failed', { subject, err });
      }
    },
  });
}

/** What every task inherits from the agent: enough to find programs, nothing of the agent's own. */
function taskBaseEnv(tmpDir: string): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', TMPDIR: tmpDir };
  for (const name of ['HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'SHELL']) {
    const v = process.env[name];
    if (v !== undefined) env[name] = v;
  }
  return env;
}
