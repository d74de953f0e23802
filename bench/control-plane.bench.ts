// The control plane alone: the real coordinator and nats-server (a local cluster), driven by
// simulated nodes in this process that speak the real worker protocol over NATS (heartbeats,
// dispatches, batched report publishes acknowledged by JetStream, through the worker's own
// ReportPublisher) and complete each task at once, spawning nothing. Reported: tasks/s from the
// first submit to the last completion, and the rate in each tenth of the run (does it hold up
// as the job grows?).
// BENCH_TASKS (default 100,000; --quick 20,000), BENCH_NODES (100), BENCH_SLOTS per node (8).
import { cpuWindow, formatCpuPerTask } from './process-cpu.ts';
import { addTrueTasks, startSimulatedCluster, waitForCompleted } from './simulated-cluster.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_TASKS ?? (QUICK ? 20_000 : 100_000));
const NODES = Number(process.env.BENCH_NODES ?? 100);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 8);
const COLLECTION = 10_000;
const POOL = 'sim';

async function main(): Promise<void> {
  const sim = await startSimulatedCluster({ name: 'cp', pool: POOL, nodes: NODES, slots: SLOTS });
  const { api } = sim;
  try {
    await api.CreateJob({ job: { id: 'cp', poolInfo: { poolId: POOL } } });
    const cpu = cpuWindow();
    const ownCpu = process.cpuUsage();
    const t0 = performance.now();
    const marks: number[] = [];
    const adding = addTrueTasks(api, 'cp', N, COLLECTION).then(() => performance.now() - t0);
    await waitForCompleted(api, 'cp', N, {
      pollMs: 50,
      onCounts: (completed) => { while (marks.length < 10 && completed >= ((marks.length + 1) * N) / 10) marks.push(performance.now() - t0); },
    });
    const addMs = await adding;
    const split = cpu.end();
    const own = process.cpuUsage(ownCpu);
    split.byRole.set('simulated nodes + client', { user: own.user / 1000, system: own.system / 1000 });
    const total = marks[9]! / 1000;
    const tenths = marks.map((m, i) => (N / 10) / ((m - (i === 0 ? 0 : marks[i - 1]!)) / 1000));
    console.log(`control plane: ${N} tasks over ${NODES} simulated nodes x ${SLOTS} slots (no process spawned), collections of ${COLLECTION}`);
    console.log(`  submit to last completion  ${(N / total).toFixed(0)} tasks/s  (${total.toFixed(1)} s; all added after ${(addMs / 1000).toFixed(1)} s)`);
    console.log(`  tasks/s by tenth           ${tenths.map((r) => r.toFixed(0)).join(' ')}`);
    console.log(`  last tenth / first tenth   ${(tenths[9]! / tenths[0]!).toFixed(2)}`);
    console.log(`  control plane per task     ${((total * 1000) / N).toFixed(3)} ms of wall time (2 cores shared by nats-server, the coordinator and the simulated nodes)`);
    console.log('  CPU per task, by process:');
    for (const line of formatCpuPerTask(split, N)) console.log(line);
  } finally {
    await sim.close();
  }
}

await main();
