// What safety by default costs: the same local cluster (nats-server + coordinator + 2 workers)
// with TLS on every link and without (--plaintext), tokens in both (a token check is a map lookup
// and one SHA-256 per call), side by side in the same run, as ratios TLS/plaintext:
// - throughput: N x /bin/true from one AddTaskCollection to the last completion;
// - small calls: sequential GetTaskCounts round trips per second (one client, one connection).
// The two clusters alternate (plaintext, TLS, plaintext, TLS) so that drift of the machine's speed
// falls on both.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_TASKS ?? (QUICK ? 2000 : 10000));
const CALLS = Number(process.env.BENCH_CALLS ?? (QUICK ? 500 : 3000));
const ROUNDS = QUICK ? 1 : 2;

async function measure(plaintext: boolean): Promise<{ tasksPerS: number; callsPerS: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-security-bench-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 2, slots: 8, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs'), plaintext });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  try {
    await api.CreateJob({ job: { id: 'b', poolInfo: { poolId: cluster.poolId } } });
    const tasks = Array.from({ length: N }, (_, i) => ({ id: `t${i}`, commandArgs: ['/bin/true'] }));
    const t0 = Date.now();
    await api.AddTaskCollection({ jobId: 'b', tasks });
    for (;;) {
      const c = await api.GetTaskCounts({ jobId: 'b' });
      if (c.completed === N) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const tasksPerS = N / ((Date.now() - t0) / 1000);
    const c0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await api.GetTaskCounts({ jobId: 'b' });
    const callsPerS = CALLS / (Number(process.hrtime.bigint() - c0) / 1e9);
    return { tasksPerS, callsPerS };
  } finally {
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const plain: { tasksPerS: number; callsPerS: number }[] = [];
const tls: { tasksPerS: number; callsPerS: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  plain.push(await measure(true));
  tls.push(await measure(false));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const p = { tasks: mean(plain.map((x) => x.tasksPerS)), calls: mean(plain.map((x) => x.callsPerS)) };
const s = { tasks: mean(tls.map((x) => x.tasksPerS)), calls: mean(tls.map((x) => x.callsPerS)) };
console.log(`security: the same cluster with TLS on every link and with --plaintext (tokens in both), ${ROUNDS} round(s) each, alternating`);
console.log(`  ${N} x /bin/true end to end  TLS ${s.tasks.toFixed(0)} tasks/s  plaintext ${p.tasks.toFixed(0)} tasks/s  ratio ${(s.tasks / p.tasks).toFixed(2)}`);
console.log(`  ${CALLS} GetTaskCounts in a row  TLS ${s.calls.toFixed(0)} calls/s  plaintext ${p.calls.toFixed(0)} calls/s  ratio ${(s.calls / p.calls).toFixed(2)}`);
