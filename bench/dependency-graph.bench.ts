// The coordinator's cost of a fan-out/fan-in dependency graph (issue 12 item 1: "a 100,000-task
// fan-out/fan-in graph schedules in time linear in its edges"): 1 root, N−2 middle tasks that
// depend on the root, 1 sink that depends on a range over all the middles (2·(N−2) edges), on
// the real coordinator and nats-server, with the simulated nodes of simulated-nodes.ts (they
// complete each task at once, spawning nothing).
//
// Each graph is added to a disabled job (the edges are registered then: the add phase), then the
// job is enabled and runs to the sink's completion (the root's release of N−2 dependents, their
// scheduling, each completion visiting the sink: the run phase). Reported per phase: wall time
// and the coordinator's CPU (process-cpu.ts, from /proc), per edge, and that cost per edge
// against the smallest graph's: ~1 at every size is linear. As the baseline in the same run, N
// independent tasks added and run the same way: the difference is what the edges cost.
// BENCH_GRAPHS (default 10000,30000,100000; --quick 3000,10000), BENCH_NODES (20), BENCH_SLOTS (8).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import { JetStreamWriter } from '../src/protocol/nats/jetstream-writer.ts';
import { simulateNode } from './simulated-nodes.ts';
import { cpuWindow, type CpuSplit } from './process-cpu.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const SIZES = (process.env.BENCH_GRAPHS ?? (QUICK ? '3000,10000' : '10000,30000,100000')).split(',').map(Number);
const NODES = Number(process.env.BENCH_NODES ?? 20);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 8);
const COLLECTION = 10_000;
const POOL = 'sim';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function graphTasks(size: number, edges: boolean): object[] {
  const middles = size - 2;
  const run = { commandArgs: ['/bin/true'] };
  if (!edges) return Array.from({ length: size }, (_, i) => ({ id: String(i + 1), ...run }));
  return [
    { id: 'root', ...run },
    ...Array.from({ length: middles }, (_, i) => ({ id: String(i + 1), ...run, dependsOn: { taskIds: ['root'] } })),
    { id: 'sink', ...run, dependsOn: { taskIdRanges: [{ start: 1, end: middles }] } },
  ];
}

const coordinatorMs = (s: CpuSplit) => {
  const c = s.byRole.get('coordinator');
  return c ? c.user + c.system : 0;
};

interface GraphRun { size: number; edges: number; addWallMs: number; addCpuMs: number; runWallMs: number; runCpuMs: number }

/** `edges` false: the baseline, as many independent tasks added and run the same way. */
async function runGraph(api: TroupeApi, size: number, edges = true): Promise<GraphRun> {
  const jobId = `${edges ? 'graph' : 'flat'}-${size}`;
  await api.CreateJob({ job: { id: jobId, poolInfo: { poolId: POOL }, usesTaskDependencies: edges } });
  await api.DisableJob({ jobId, disableTasks: 'requeue' });
  await until(`${jobId} disabled`, async () => (await api.GetJob({ jobId })).state === 'disabled');
  const tasks = graphTasks(size, edges);

  const addCpu = cpuWindow();
  const a0 = performance.now();
  for (let i = 0; i < tasks.length; i += COLLECTION) {
    const { results } = await api.AddTaskCollection({ jobId, tasks: tasks.slice(i, i + COLLECTION) });
    const refused = results.filter((r) => r.status !== 'success');
    if (refused.length) throw new Error(`${refused.length} task(s) refused: ${JSON.stringify(refused[0])}`);
  }
  const addWallMs = performance.now() - a0;
  const addSplit = addCpu.end();

  const runCpu = cpuWindow();
  const r0 = performance.now();
  await api.EnableJob({ jobId });
  // The sink completes last (it waits on every other task).
  await until(`${jobId} to complete`, async () => (await api.GetTaskCounts({ jobId })).completed === size);
  const runWallMs = performance.now() - r0;
  const runSplit = runCpu.end();
  const counts = await api.GetTaskCounts({ jobId });
  if (counts.succeeded !== size) throw new Error(`${jobId}: ${counts.succeeded} of ${size} succeeded`);
  return { size, edges: 2 * (size - 2), addWallMs, addCpuMs: coordinatorMs(addSplit), runWallMs, runCpuMs: coordinatorMs(runSplit) };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-graph-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 1, slots: 1, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  const clientOptions = await cluster.natsClientOptions();
  const connections = await Promise.all(Array.from({ length: 4 }, () => connect({ servers: cluster.natsUrl, ...clientOptions })));
  const writers = connections.map((nc) => new JetStreamWriter(nc, 10_000));
  const stops: (() => void)[] = [];
  try {
    await api.CreatePool({ pool: { id: POOL, taskSlotsPerNode: SLOTS } });
    for (let i = 0; i < NODES; i++) stops.push(simulateNode(connections[i % 4]!, writers[i % 4]!, `sim-${i}`, POOL, SLOTS));
    await until('the simulated nodes idle', async () => (await api.ListNodes({ poolId: POOL })).nodes.filter((n) => n.state === 'idle').length === NODES, 60_000);
    // Warm-up (JIT, first connections), not reported.
    await runGraph(api, 2_000);

    const runs: GraphRun[] = [];
    const flat: GraphRun[] = [];
    for (const size of SIZES) {
      runs.push(await runGraph(api, size));
      flat.push(await runGraph(api, size, false));
    }
    console.log(`dependency graph: 1 root -> N-2 middles -> 1 sink (2(N-2) edges), ${NODES} simulated nodes x ${SLOTS} slots, coordinator CPU from /proc (10 ms ticks)`);
    console.log('         N     edges |  add: wall s  coord CPU s  µs/edge |  run: wall s  coord CPU s  µs/edge | total µs/edge  vs smallest');
    const base = (runs[0]!.addCpuMs + runs[0]!.runCpuMs) / runs[0]!.edges;
    for (const r of runs) {
      const per = (ms: number) => ((ms / r.edges) * 1000).toFixed(1).padStart(7);
      const total = (r.addCpuMs + r.runCpuMs) / r.edges;
      console.log(`  ${String(r.size).padStart(8)}  ${String(r.edges).padStart(8)} |  ${(r.addWallMs / 1000).toFixed(2).padStart(10)}  ${(r.addCpuMs / 1000).toFixed(2).padStart(11)}  ${per(r.addCpuMs)} |  ${(r.runWallMs / 1000).toFixed(2).padStart(10)}  ${(r.runCpuMs / 1000).toFixed(2).padStart(11)}  ${per(r.runCpuMs)} | ${((total) * 1000).toFixed(1).padStart(13)}  ${(total / base).toFixed(2).padStart(10)}`);
    }
    console.log('baseline: N independent tasks, added and run the same way (what the edges add is the difference)');
    console.log('         N |  add: wall s  coord CPU s  µs/task |  run: wall s  coord CPU s  µs/task | edges\' share of coord CPU');
    for (const [i, r] of flat.entries()) {
      const per = (ms: number) => ((ms / r.size) * 1000).toFixed(1).padStart(7);
      const g = runs[i]!;
      const share = 1 - (r.addCpuMs + r.runCpuMs) / (g.addCpuMs + g.runCpuMs);
      console.log(`  ${String(r.size).padStart(8)} |  ${(r.addWallMs / 1000).toFixed(2).padStart(10)}  ${(r.addCpuMs / 1000).toFixed(2).padStart(11)}  ${per(r.addCpuMs)} |  ${(r.runWallMs / 1000).toFixed(2).padStart(10)}  ${(r.runCpuMs / 1000).toFixed(2).padStart(11)}  ${per(r.runCpuMs)} | ${(100 * share).toFixed(0).padStart(5)} %`);
    }
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
