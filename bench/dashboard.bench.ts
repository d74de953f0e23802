// The dashboard's task table at scale: one job of 1,000,000 tasks (--quick: 100,000) run to
// completion by simulated nodes (simulated-nodes.ts: the real coordinator and nats-server, no
// process spawned), one in 1,000 failing, then 1,000 more tasks left active (no node takes
// them). Then the latency of the first page of a state, as the page asks for it (50 tasks, over
// HTTPS with the token, through the dashboard's JSON endpoint), p50 and p99, against the same
// page through gRPC in the same run (the baseline: the dashboard adds its HTTP hop, the codec
// round trip and JSON). Also the job list with counts (/api/jobs) and the pools with nodes.
// Measured here (--quick, 101,000 tasks, 2 cores shared with five other agents): first page p50
// any state 7.2 ms, completed 5.5, active 5.4, none 1.7; gRPC in the same run 8.2, 5.1, 6.4,
// 2.7 (ratio 0.63-1.08: the in-process call costs about what the gRPC hop does). 1,001,000
// tasks all active (BENCH_NODES=0 BENCH_RUN_S=0): any state 36.1 ms (gRPC 40.5), active 21.7
// (24.3), completed, none, 5.7 (14.5); /api/jobs 6.7 ms.
// BENCH_TASKS, BENCH_NODES (100), BENCH_SLOTS (8), BENCH_CALLS per case (40); BENCH_RUN_S: let
// the nodes run for at most this long, then stop them (a loaded machine: the job is then part
// completed, the rest active, and the pages are read the same).
import https from 'node:https';
import { freePort } from '../src/cli/local-cluster/ports.ts';
import { addTrueTasks, percentile, startSimulatedCluster, waitForCompleted } from './simulated-cluster.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_TASKS ?? (QUICK ? 100_000 : 1_000_000));
const NODES = Number(process.env.BENCH_NODES ?? 100);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 8);
const CALLS = Number(process.env.BENCH_CALLS ?? (QUICK ? 20 : 40));
const COLLECTION = 10_000;
const LEFT_ACTIVE = 1000;
const POOL = 'sim';
const FAIL_EVERY = 1000;
const PAGE = 50;
const RUN_S = Number(process.env.BENCH_RUN_S ?? Infinity);

const failing = (taskId: string) => Number(taskId.slice(1)) % FAIL_EVERY === FAIL_EVERY - 1;

async function main(): Promise<void> {
  const dashboard = `127.0.0.1:${await freePort()}`;
  const sim = await startSimulatedCluster({ name: 'dashboard', pool: POOL, nodes: NODES, slots: SLOTS, exitCodeOf: (id) => (failing(id) ? 1 : 0), cluster: { dashboard } });
  const { api, cluster } = sim;
  const agent = new https.Agent({ ca: cluster.credentials.ca, keepAlive: true });
  const get = (urlPath: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    https.get(`${cluster.dashboardUrl}${urlPath.slice(1)}`, { agent, headers: { authorization: `Bearer ${cluster.credentials.token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
  try {
    await api.CreateJob({ job: { id: 'big', poolInfo: { poolId: POOL } } });
    const t0 = performance.now();
    await addTrueTasks(api, 'big', N, COLLECTION);
    await waitForCompleted(api, 'big', N, { giveUpMs: RUN_S * 1000 });
    const ran = (performance.now() - t0) / 1000;
    // The simulated nodes leave (disabled, then stopped): what is added now stays active.
    for (const { id } of (await api.ListNodes({ poolId: POOL })).nodes) await api.DisableNodeScheduling({ nodeId: id, nodeDisableSchedulingOption: 'requeue' }).catch(() => {});
    sim.stopNodes();
    await api.AddTaskCollection({ jobId: 'big', tasks: Array.from({ length: LEFT_ACTIVE }, (_, k) => ({ id: `late${k}`, commandArgs: ['/bin/true'] })) });
    const counts = await api.GetTaskCounts({ jobId: 'big' });
    console.log(`dashboard: one job of ${N + LEFT_ACTIVE} tasks (${counts.completed} completed by ${NODES} simulated nodes in ${ran.toFixed(0)} s, ${counts.failed} failed; ${counts.active} active, at the end)`);

    const cases: [string, string][] = [['any state', ''], ['completed', 'completed'], ['active (the last 1,000)', 'active'], ['running (none)', 'running']];
    console.log(`  first page of ${PAGE} tasks, ${CALLS} calls each: dashboard JSON over HTTPS vs ListTasks over gRPC (same page, same run)`);
    for (const [label, state] of cases) {
      const viaDashboard: number[] = [];
      const viaGrpc: number[] = [];
      let listed = 0;
      for (let i = 0; i < CALLS; i++) {
        let s = performance.now();
        const res = await get(`/api/jobs/big/tasks?maxResults=${PAGE}${state ? `&state=${state}` : ''}`);
        viaDashboard.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`dashboard answered ${res.status}: ${res.body}`);
        listed = (JSON.parse(res.body) as { tasks: unknown[] }).tasks.length;
        s = performance.now();
        await api.ListTasks({ jobId: 'big', state, maxResults: PAGE });
        viaGrpc.push(performance.now() - s);
      }
      viaDashboard.sort((a, b) => a - b);
      viaGrpc.sort((a, b) => a - b);
      const d50 = percentile(viaDashboard, 50);
      const g50 = percentile(viaGrpc, 50);
      console.log(`  ${label.padEnd(26)} dashboard p50 ${d50.toFixed(1).padStart(6)} ms p99 ${percentile(viaDashboard, 99).toFixed(1).padStart(6)} ms | gRPC p50 ${g50.toFixed(1).padStart(6)} ms | ratio ${(d50 / g50).toFixed(2)}  (${listed} tasks)`);
    }
    for (const [label, urlPath] of [['jobs with counts (/api/jobs)', '/api/jobs'], [`pools with ${NODES} nodes (/api/pools)`, '/api/pools']] as const) {
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const s = performance.now();
        const res = await get(urlPath);
        times.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`dashboard answered ${res.status}: ${res.body}`);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${label.padEnd(40)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms`);
    }
  } finally {
    agent.destroy();
    await sim.close();
  }
}

await main();
