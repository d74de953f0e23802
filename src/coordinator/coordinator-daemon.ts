// `troupe coordinator`: connects to NATS, rebuilds its state from JetStream, then serves the API,
// schedules, watches nodes and consumes reports. Killed at any point and started again, it picks
// up from what JetStream holds.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ClusterState } from './state/cluster-state.ts';
import { NodeRegistry } from './nodes/node-registry.ts';
import { Dispatcher } from './scheduling/dispatcher.ts';
import { MultiInstanceDriver } from './operations/multi-instance-driver.ts';
import { ReportConsumer } from './report-consumer.ts';
import { JobOperations } from './operations/job-operations.ts';
import { TaskOperations } from './operations/task-operations.ts';
import { RecordUpdates } from './operations/record-updates.ts';
import { NodeOperations } from './operations/node-operations.ts';
import { serveApi } from './api/api-server.ts';
import { nodeControlHandlers } from './api/api-node-control.ts';
import { NodePreemption } from './operations/node-preemption.ts';
import { jobScheduleHandlers } from './api/api-job-schedules.ts';
import { listenApi } from './api/api-listener.ts';
import { NodeFiles } from './files/node-files.ts';
import { OutputFollower } from './files/output-follower.ts';
import { JobPrepTracker } from './nodes/job-prep-tracker.ts';
import { CoordinatorMetrics } from './metrics.ts';
import { InProcessApi } from './dashboard/in-process-api.ts';
import { serveDashboard } from './dashboard/dashboard-server.ts';
import { createLogger, type Logger } from '../protocol/log.ts';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { acquireLeadership } from './state/leadership.ts';
import { publishNodePolicy } from '../protocol/nats/node-policy.ts';
import { BUCKET_COORDINATOR, BUCKET_TOKENS } from '../protocol/nats/subjects.ts';
import type { TlsMaterial } from '../security/daemon-tls.ts';
import type { NatsCredentials } from '../security/nats-credentials.ts';
import { inboxPrefix } from '../security/nats-permissions.ts';
import { connectNats } from '../protocol/nats/nats-connection.ts';
import { createJetStreamResources, openKv } from '../protocol/nats/jetstream-resources.ts';
import { createStorageHandlers } from '../storage/storage-service.ts';
import { terminalHandlers } from './api/api-terminal.ts';
import { schedulingHandlers } from './api/api-scheduling.ts';
import { TerminalRelay } from './terminal/terminal-relay.ts';
import { TokenStore } from './auth/token-store.ts';
import { advertisedApiAddress, JobCredentials } from './auth/job-credentials.ts';
import { TaskFailureActions } from './operations/task-failure-actions.ts';
import { JobManagerDriver } from './operations/job-manager-driver.ts';
import { TroupeStore } from '../storage/object-store.ts';
import { JobScheduleStore } from './schedules/job-schedule-store.ts';
import { ScheduleRunner } from './schedules/schedule-runner.ts';
import { PoolSamples } from './autoscale/samples/pool-samples.ts';
import { AutoScaleLoop } from './autoscale/autoscale-loop.ts';
import { AutoScaleOperations } from './autoscale/autoscale-operations.ts';
import { autoScaleHandlers } from './api/api-autoscale.ts';
import { JobScheduleOperations } from './schedules/job-schedule-operations.ts';
import { DEFAULT_OFFLINE_NODE_REMOVAL_MS, NodeDepartures } from './nodes/node-departures.ts';
import { PoolResizer } from './pools/pool-resizer.ts';
import { PoolScalingOperations } from './pools/pool-resize.ts';
import { LocalProvider } from './providers/local-provider.ts';
import { ProviderRegistry } from './providers/provider-registry.ts';
import { poolScalingHandlers } from './api/api-pool-scaling.ts';

export interface CoordinatorOptions {
  /** One NATS server, or several of one cluster (a list, or URLs separated by commas). */
  natsUrl: string | readonly string[];
  /** This daemon's TLS identity for every link (its gRPC services, NATS, other daemons);
   *  undefined = plaintext everywhere (the CLI asks for --plaintext to say so). */
  tls?: TlsMaterial;
  /** Its NATS user (--nats-nkey / --nats-creds); undefined = none (a NATS server without
   *  authorization, on a trusted network only). */
  natsCredentials?: NatsCredentials;
  /** Replicas of every JetStream bucket and stream it creates (1..5; more than 1 needs a NATS
   *  cluster of at least that many servers). Default 1. */
  replicas?: number;
  /** Gives up start-up while it waits for JetStream (start then rejects). */
  signal?: AbortSignal;
  /** HOST:PORT for the gRPC API; port 0 = any free port. */
  listen: string;
  /** HOST:PORT tasks reach the API at (job managers' and job-scoped tasks' TROUPE_API);
   *  undefined = the address the API is bound to, unless that is a wildcard (0.0.0.0, ::). */
  apiAdvertise?: string;
  /** A file holding an admin token: registered when the store lacks it, created (mode 0600)
   *  when the file does not exist. How the first admin gets in. */
  adminTokenFile?: string;
  /** A node silent for longer than this is offline and its tasks are requeued. Default 10 s. */
  nodeTimeoutMs?: number;
  /** An offline node is removed (no longer listed nor counted) after this; 0 = never. Default 10 min. */
  offlineNodeRemovalMs?: number;
  /** The local node provider (providers/local-provider.ts): where its workers' roots and logs
   *  go; undefined = pools cannot have the local provider. */
  localWorkersDir?: string;
  /** More arguments for every local worker ({node} and {pool} replaced). */
  localWorkerArgs?: readonly string[];
  /** HOST:PORT for Prometheus metrics (GET /metrics); undefined = none. */
  metricsListen?: string;
  /** HOST:PORT for the web dashboard (dashboard/dashboard-server.ts); undefined = none. */
  dashboardListen?: string;
  /** How long a coordinator's leadership lasts without renewal (a standby takes over after it). Default 10 s. */
  leaseMs?: number;
  /** A multi-instance task not started (every instance set up) within this fails. Default 10 min. */
  mpiStartupTimeoutMs?: number;
  /** Called if leadership is lost while serving (the daemon stops; the CLI exits non-zero). */
  onLeadershipLost?: (why: string) => void;
  logger?: Logger;
}

export interface RunningCoordinator {
  apiAddress: string;
  stop(): Promise<void>;
}

export async function startCoordinator(opts: CoordinatorOptions): Promise<RunningCoordinator> {
  const log = opts.logger ?? createLogger({ component: 'coordinator' });
  const nodeTimeoutMs = opts.nodeTimeoutMs ?? 10_000;
  const replicas = opts.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) throw new Error(`replicas must be 1..5, not ${replicas}`);
  const nc = await connectNats(opts.natsUrl, 'troupe-coordinator', log, {
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(opts.natsCredentials ? { credentials: opts.natsCredentials } : {}),
    inboxPrefix: inboxPrefix({ role: 'coordinator' }),
  });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);

  // Only the leader loads the state and serves; a second coordinator waits here as a standby.
  // Unique per process: a coordinator restarted after a crash waits for its old lease to expire
  // rather than trusting that the old process is really gone.
  const holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Every coordinator makes sure every bucket and stream exists (the lease's among them) before
  // it leads or waits: only coordinators create them, with their replica count.
  await createJetStreamResources(nc, replicas, log, opts.signal).catch(async (err) => {
    await nc.close();
    throw err;
  });
  // The port is open while this coordinator waits to lead, for health checks (NOT_SERVING for
  // troupe's services until it leads) and reflection.
  const listener = await listenApi(opts.listen, opts.tls).catch(async (err) => {
    await nc.close();
    throw err;
  });
  const address = listener.address;
  const closeListener = () => new Promise<void>((resolve) => listener.server.tryShutdown(() => resolve()));
  log.info('API listening; troupe services served once this coordinator leads', { api: address });
  const leaseKv = await openKv(nc, BUCKET_COORDINATOR);
  const lease = await acquireLeadership(leaseKv, holder, opts.leaseMs ?? 10_000, log);
  // Workers end their own tasks when they cannot be heard for half of this (connection-fence.ts).
  await publishNodePolicy(leaseKv, { nodeTimeoutMs });
  // Before anything starts: a bad --admin-token-file stops the coordinator with nothing to undo
  // but its lease and connection.
  const tokens = await (async () => {
    const store = await TokenStore.open(await openKv(nc, BUCKET_TOKENS));
    if (opts.adminTokenFile) await store.ensureBootstrap(opts.adminTokenFile, log);
    return store;
  })().catch(async (err) => {
    await closeListener();
    await lease.release();
    await nc.close();
    throw err;
  });
  if (tokens.size === 0) log.warn('no API tokens exist: no call will be accepted; start the coordinator with --admin-token-file FILE to create an admin token');

  const state = await ClusterState.open(nc, () => lease.holds());
  const registry = new NodeRegistry(nc, state, nodeTimeoutMs, log);
  const dispatcher = new Dispatcher(nc, state, registry, log);
  const multiInstance = new MultiInstanceDriver(nc, state, registry, opts.mpiStartupTimeoutMs ?? 600_000, log);
  const jobs = new JobOperations(state, registry, log);
  const tasks = new TaskOperations(nc, state, registry, log);
  const nodes = new NodeOperations(state, registry, log);
  const jobManagers = new JobManagerDriver(state, jobs, log);
  const failureActions = new TaskFailureActions(state, jobs, log);
  jobs.onCreated = (job) => jobManagers.added(job);
  const credentials = new JobCredentials(state, tokens, log);
  dispatcher.completeDispatch = (t, job, message) => credentials.completeDispatch(t, job, message);
  tasks.checkSpec = (spec, field) => credentials.checkAvailable(spec, field);
  const reports = new ReportConsumer(js, jsm, state, log, (nodeId) => registry.reportedLost(nodeId));

  // Job schedules: their own bucket, their runs made by this (leading) coordinator only.
  const scheduleStore = await JobScheduleStore.open(nc, () => lease.holds());
  const scheduleRunner = new ScheduleRunner(scheduleStore, state, jobs, log);
  const schedules = new JobScheduleOperations(scheduleStore, state, scheduleRunner, log);

  const departures = new NodeDepartures(nc, state, registry, opts.offlineNodeRemovalMs ?? DEFAULT_OFFLINE_NODE_REMOVAL_MS, log);
  let resizer: PoolResizer | undefined;
  const local = opts.localWorkersDir
    ? new LocalProvider({ workersDir: opts.localWorkersDir, workerArgs: opts.localWorkerArgs ?? [], onExit: (node, message) => resizer?.startFailed(node, message) }, log)
    : undefined;
  const providers = new ProviderRegistry(local, log);
  resizer = new PoolResizer(state, departures, nodes, (p) => providers.providerOf(p), log);
  const scaling = new PoolScalingOperations(state, resizer, departures, nodes, (p) => providers.providerOf(p), log);
  const jobPrep = new JobPrepTracker(nc, state, registry, log);
  dispatcher.excludedNodes = (jobId) => jobPrep.excludedNodes(jobId);
  departures.start();
  registry.start();
  resizer.start();
  await reports.start();
  await jobPrep.start();
  await jobs.resume();
  await jobManagers.resume();
  await failureActions.resume();
  await credentials.resume();
  scheduleRunner.start();
  const updates = new RecordUpdates(nc, state, jobs, log);
  updates.resume();
  const terminalRelay = new TerminalRelay(state, opts.tls);
  // Autoscale: samples every 5 s, formulas evaluated on this (leading) coordinator only.
  const samples = new PoolSamples(state);
  samples.start();
  const autoScaleLoop = new AutoScaleLoop(state, samples, scaling.sink, log);
  autoScaleLoop.start();
  const autoScale = new AutoScaleOperations(state, autoScaleLoop, log);
  const batch = serveApi(listener, {
    state, registry, jobs, tasks, nodes, updates, log, resizer, providers, files: new NodeFiles(nc, state, registry), follower: new OutputFollower(nc, state), jobPrep, tokens, schedules, credentials, autoScale,
  }, {
    'troupe.v1.JobSchedules': jobScheduleHandlers(schedules, state, log),
    'troupe.v1.Storage': createStorageHandlers(new TroupeStore(nc), log),
    'troupe.v1.Terminal': terminalHandlers(terminalRelay, state, log),
    // What the dispatcher schedules from, read for ExplainTask.
    'troupe.v1.Scheduling': schedulingHandlers({ state, liveness: registry, excludedNodes: (jobId) => dispatcher.excludedNodes(jobId) }, log),
    'troupe.v1.NodeControl': nodeControlHandlers(new NodePreemption(nc, state, registry, log), state, registry, log),
    'troupe.v1.PoolScaling': poolScalingHandlers(state, scaling, resizer, log),
    'troupe.v1.AutoScale': autoScaleHandlers(autoScale, state, log),
  });
  const taskApiAddress = advertisedApiAddress(address, opts.apiAdvertise);
  credentials.serving(taskApiAddress === undefined ? undefined : { address: taskApiAddress, ...(opts.tls ? { caPem: opts.tls.ca.toString('utf8') } : {}) });
  const metrics = opts.metricsListen ? await new CoordinatorMetrics(state).serve(opts.metricsListen, opts.tls) : undefined;
  const dashboard = opts.dashboardListen ? await serveDashboard(new InProcessApi(batch.definition, batch.handlers), opts.dashboardListen, opts.tls, log) : undefined;
  dispatcher.wake();
  log.info('coordinator started', {
    api: address, taskApi: taskApiAddress, tls: opts.tls !== undefined, nats: opts.natsUrl, replicas, nodeTimeoutMs, metrics: metrics?.address, dashboard: dashboard?.address,
    jobs: state.jobs.rows.size, jobSchedules: scheduleStore.ids().length, tasks: state.tasks.rows.size, nodes: state.nodes.rows.size,
  });

  let stopping: Promise<void> | undefined;
  const running: RunningCoordinator = {
    apiAddress: address,
    stop() {
      stopping ??= (async () => {
        await closeListener();
        terminalRelay.close();
        await metrics?.close();
        await dashboard?.close();
        dispatcher.stop();
        multiInstance.stop();
        jobPrep.stop();
        scheduleRunner.stop();
        autoScaleLoop.stop();
        samples.stop();
        jobs.stop();
        jobManagers.stop();
        resizer.stop();
        departures.stop();
        registry.stop();
        await providers.close();
        await reports.stop();
        state.close();
        scheduleStore.close();
        await lease.release();
        await nc.drain().catch(() => nc.close());
        log.info('coordinator stopped');
      })();
      return stopping;
    },
  };
  void lease.lost.then((why) => {
    log.error('leadership lost: stopping', { why });
    void running.stop().finally(() => opts.onLeadershipLost?.(why));
  });
  return running;
}
