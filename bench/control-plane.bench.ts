// The control plane alone: the real coordinator and nats-server (a local cluster), driven by
// simulated nodes in this process that speak the real worker protocol over NATS (heartbeats,
// dispatches, batched report publishes acknowledged by JetStream, through the worker's own
// ReportPublisher) and complete each task at once, spawning nothing. Reported: tasks/s from the
// first submit to the last completion, and the rate in each tenth of the run (does it hold up
// as the job grows?).
// BENCH_TASKS (default 100,000; --quick 20,000), BENCH_NODES (100), BENCH_SLOTS per node (8).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { JetStreamWriter } from '../src/protocol/nats/jetstream-writer.ts';
import { simulateNode } from './simulated-nodes.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_TASKS ?? (QUICK ? 20_000 : 100_000));
const NODES = Number(process.env.BENCH_NODES ?? 100);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 8);
const COLLECTION = 10_000;
const POOL = 'sim';

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-cp-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 1, slots: 1, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  // A few connections shared by the simulated nodes, as if they were on a few machines.
  const clientOptions = await cluster.natsClientOptions();
  const connections = await Promise.all(Array.from({ length: 4 }, () => connect({ servers: cluster.natsUrl, ...clientOptions })));
  const writers = connections.map((nc) => new JetStreamWriter(nc, 10_000));
  const stops: (() => void)[] = [];
  try {
    await api.CreatePool({ pool: { id: POOL, taskSlotsPerNode: SLOTS } });
    for (let i = 0; i < NODES; i++) stops.push(simulateNode(connections[i % 4]!, writers[i % 4]!, `sim-${i}`, POOL, SLOTS));
    for (;;) {
      const { nodes } = await api.ListNodes({ poolId: POOL });
      if (nodes.filter((n) => n.state === 'idle').length === NODES) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await api.CreateJob({ job: { id: 'cp', poolInfo: { poolId: POOL } } });
    const t0 = performance.now();
    const marks: number[] = [];
    const adding = (async () => {
      for (let i = 0; i < N; i += COLLECTION) {
        await api.AddTaskCollection({ jobId: 'cp', tasks: Array.from({ length: Math.min(COLLECTION, N - i) }, (_, k) => ({ id: `t${i + k}`, commandArgs: ['/bin/true'] })) });
      }
      return performance.now() - t0;
    })();
    for (;;) {
      const c = await api.GetTaskCounts({ jobId: 'cp' });
      while (marks.length < 10 && c.completed >= ((marks.length + 1) * N) / 10) marks.push(performance.now() - t0);
      if (c.completed >= N) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const addMs = await adding;
    const total = marks[9]! / 1000;
    const tenths = marks.map((m, i) => (N / 10) / ((m - (i === 0 ? 0 : marks[i - 1]!)) / 1000));
    console.log(`control plane: ${N} tasks over ${NODES} simulated nodes x ${SLOTS} slots (no process spawned), collections of ${COLLECTION}`);
    console.log(`  submit to last completion  ${(N / total).toFixed(0)} tasks/s  (${total.toFixed(1)} s; all added after ${(addMs / 1000).toFixed(1)} s)`);
    console.log(`  tasks/s by tenth           ${tenths.map((r) => r.toFixed(0)).join(' ')}`);
    console.log(`  last tenth / first tenth   ${(tenths[9]! / tenths[0]!).toFixed(2)}`);
    console.log(`  control plane per task     ${((total * 1000) / N).toFixed(3)} ms of wall time (2 cores shared by nats-server, the coordinator and the simulated nodes)`);
  } finally {
    for (const stop of stops) stop();
    for (const w of writers) w.close();
    await Promise.all(connections.map((nc) => nc.close()));
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
