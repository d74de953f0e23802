// `troupe coordinator`: connects to NATS, rebuilds its state from JetStream, then serves the API,
// schedules, watches nodes and consumes reports. Killed at any point and started again, it picks
// up from what JetStream holds.
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ClusterState } from './cluster-state.ts';
import { NodeRegistry } from './node-registry.ts';
import { Dispatcher } from './dispatcher.ts';
import { ReportConsumer } from './report-consumer.ts';
import { JobOperations } from './job-operations.ts';
import { TaskOperations } from './task-operations.ts';
import { NodeOperations } from './node-operations.ts';
import { startApiServer } from './api-server.ts';
import { CoordinatorMetrics } from './metrics.ts';
import { createLogger, type Logger } from '../protocol/log.ts';

export interface CoordinatorOptions {
  natsUrl: string;
  /** HOST:PORT for the gRPC API; port 0 = any free port. */
  listen: string;
  /** A node silent for longer than this is offline and its tasks are requeued. Default 10 s. */
  nodeTimeoutMs?: number;
  /** HOST:PORT for Prometheus metrics (GET /metrics); undefined = none. */
  metricsListen?: string;
  logger?: Logger;
}

export interface RunningCoordinator {
  apiAddress: string;
  stop(): Promise<void>;
}

export async function startCoordinator(opts: CoordinatorOptions): Promise<RunningCoordinator> {
  const log = opts.logger ?? createLogger({ component: 'coordinator' });
  const nodeTimeoutMs = opts.nodeTimeoutMs ?? 10_000;
  const nc = await connect({ servers: opts.natsUrl, name: 'troupe-coordinator', maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);

  const state = await ClusterState.open(nc);
  const registry = new NodeRegistry(nc, state, nodeTimeoutMs, log);
  const dispatcher = new Dispatcher(nc, state, registry, log);
  const jobs = new JobOperations(state, registry, log);
  const tasks = new TaskOperations(nc, state, registry, log);
  const nodes = new NodeOperations(state, registry, log);
  const reports = new ReportConsumer(js, jsm, state, log);

  registry.start();
  await reports.start();
  await jobs.resume();
  const { server, address } = await startApiServer({ state, registry, jobs, tasks, nodes, log }, opts.listen);
  const metrics = opts.metricsListen ? await new CoordinatorMetrics(state, registry).serve(opts.metricsListen) : undefined;
  dispatcher.wake();
  log.info('coordinator started', {
    api: address, nats: opts.natsUrl, nodeTimeoutMs, metrics: metrics?.address,
    jobs: state.jobs.rows.size, tasks: state.tasks.rows.size, nodes: state.nodes.rows.size,
  });

  let stopping: Promise<void> | undefined;
  return {
    apiAddress: address,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
        await metrics?.close();
        dispatcher.stop();
        jobs.stop();
        registry.stop();
        await reports.stop();
        state.close();
        await nc.drain().catch(() => nc.close());
        log.info('coordinator stopped');
      })();
      return stopping;
    },
  };
}
