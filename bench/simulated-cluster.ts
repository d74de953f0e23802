// What the control-plane benchmarks share: a local cluster (the real coordinator and
// nats-server) whose pool is served by simulated nodes in this process (simulated-nodes.ts: the
// real worker protocol over NATS, each task completed at once, nothing spawned), a few NATS
// connections shared by the nodes as if they were on a few machines, and a clean-up that always
// runs. Also the task loop every such benchmark runs: collections of /bin/true added, then
// waited for by their counts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startLocalCluster, type LocalCluster, type LocalClusterOptions } from '../src/cli/local-cluster/local-cluster.ts';
import { freePort } from '../src/cli/local-cluster/ports.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import { JetStreamWriter } from '../src/protocol/nats/jetstream-writer.ts';
import { simulateNode } from './simulated-nodes.ts';

export interface SimulatedClusterOptions {
  /** Names the temporary directory (troupe-bench-<name>-). */
  name: string;
  pool: string;
  nodes: number;
  slots: number;
  /** A task's exit code, by its id (default: 0 for all). */
  exitCodeOf?: (taskId: string) => number;
  /** More options of the local cluster (dashboard, ...). */
  cluster?: Partial<LocalClusterOptions>;
}

export interface SimulatedCluster {
  cluster: LocalCluster;
  api: TroupeApi;
  /** Stops every simulated node (they stop heartbeating and taking tasks). */
  stopNodes(): void;
  close(): Promise<void>;
}

const CONNECTIONS = 4;

export async function startSimulatedCluster(opts: SimulatedClusterOptions): Promise<SimulatedCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `troupe-bench-${opts.name}-`));
  const cluster = await startLocalCluster({ dataDir: dir, workers: 1, slots: 1, listen: `127.0.0.1:${await freePort()}`, logDir: path.join(dir, 'logs'), ...opts.cluster });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  const connections: NatsConnection[] = [];
  const writers: JetStreamWriter[] = [];
  const stops: (() => void)[] = [];
  const stopNodes = () => { for (const stop of stops.splice(0)) stop(); };
  const close = async () => {
    stopNodes();
    for (const w of writers) w.close();
    await Promise.all(connections.map((nc) => nc.close()));
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const clientOptions = await cluster.natsClientOptions();
    for (let i = 0; i < CONNECTIONS; i++) {
      const nc = await connect({ servers: cluster.natsUrl, ...clientOptions });
      connections.push(nc);
      writers.push(new JetStreamWriter(nc, 10_000));
    }
    await api.CreatePool({ pool: { id: opts.pool, taskSlotsPerNode: opts.slots } });
    for (let i = 0; i < opts.nodes; i++) {
      stops.push(simulateNode(connections[i % CONNECTIONS]!, writers[i % CONNECTIONS]!, `sim-${i}`, opts.pool, opts.slots, opts.exitCodeOf));
    }
    for (;;) {
      const { nodes } = await api.ListNodes({ poolId: opts.pool });
      if (nodes.filter((n) => n.state === 'idle').length === opts.nodes) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { cluster, api, stopNodes, close };
}

/** Adds tasks t<from>..t<from+count-1> running /bin/true, in collections. */
export async function addTrueTasks(api: TroupeApi, jobId: string, count: number, collection = 10_000, from = 0): Promise<void> {
  for (let i = 0; i < count; i += collection) {
    const tasks = Array.from({ length: Math.min(collection, count - i) }, (_, k) => ({ id: `t${from + i + k}`, commandArgs: ['/bin/true'] }));
    await api.AddTaskCollection({ jobId, tasks });
  }
}

/** Polls the job's counts until `count` tasks completed, or until `giveUpMs` has passed;
 *  `onCounts` sees each reading (for marks along the way). */
export async function waitForCompleted(api: TroupeApi, jobId: string, count: number, opts: { pollMs?: number; giveUpMs?: number; onCounts?: (completed: number) => void } = {}): Promise<void> {
  const deadline = performance.now() + (opts.giveUpMs ?? Infinity);
  for (;;) {
    const c = await api.GetTaskCounts({ jobId });
    opts.onCounts?.(c.completed);
    if (c.completed >= count || performance.now() > deadline) return;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
  }
}

export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
