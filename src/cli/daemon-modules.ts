// The coordinator and worker daemons, loaded only by the commands that run them: `troupe task
// list` should not pay for importing the scheduler. The option shapes below are the contract
// with src/coordinator/coordinator-daemon.ts and src/worker/worker-daemon.ts.
import type { Logger } from '../protocol/log.ts';

export interface CoordinatorDaemonOptions {
  natsUrl: string;
  /** HOST:PORT of the public gRPC API. */
  listen: string;
  /** A node that missed heartbeats this long is offline and its tasks are requeued. */
  nodeTimeoutMs?: number;
  logger?: Logger;
}

export interface WorkerDaemonOptions {
  natsUrl: string;
  poolId: string;
  slots?: number;
  nodeId?: string;
  /** Task directories live under here. */
  root: string;
  /** The IP other nodes (and mpiexec) reach this node at. */
  address?: string;
  heartbeatIntervalMs?: number;
  logger?: Logger;
}

export interface RunningDaemon {
  stop(): Promise<void>;
}

type StartCoordinator = (opts: CoordinatorDaemonOptions) => Promise<RunningDaemon & { apiAddress: string }>;
type StartWorker = (opts: WorkerDaemonOptions) => Promise<RunningDaemon & { nodeId: string }>;

// Specifiers in variables keep the type checker from requiring the modules at build time; the
// shapes above are checked at the call sites instead.
const COORDINATOR_MODULE = '../coordinator/coordinator-daemon.ts';
const WORKER_MODULE = '../worker/worker-daemon.ts';

export async function loadStartCoordinator(): Promise<StartCoordinator> {
  const mod = (await import(COORDINATOR_MODULE)) as { startCoordinator?: StartCoordinator };
  if (typeof mod.startCoordinator !== 'function') throw new Error(`${COORDINATOR_MODULE} does not export startCoordinator`);
  return mod.startCoordinator;
}

export async function loadStartWorker(): Promise<StartWorker> {
  const mod = (await import(WORKER_MODULE)) as { startWorker?: StartWorker };
  if (typeof mod.startWorker !== 'function') throw new Error(`${WORKER_MODULE} does not export startWorker`);
  return mod.startWorker;
}
