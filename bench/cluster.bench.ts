// End-to-end figures of a local cluster (nats-server + coordinator + 2 workers, each its own
// process), as ratios against baselines measured in the same run on the same machine:
// - throughput: N trivial tasks (/bin/true) from one AddTaskCollection to the last completion,
//   against the raw rate this machine spawns /bin/true with `xargs -P2` (2 cores, 2 workers);
// - latency: submit-to-start of single tasks on an idle cluster (p50/p99), against the time the
//   bare spawn of /bin/true takes from Node.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { cpuWindow, formatCpuPerTask } from './process-cpu.ts';

// Large enough that start-up (JIT warm-up, the first submit) does not dominate the rate.
/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_TASKS ?? (QUICK ? 2000 : 20000));
const SLOTS = Number(process.env.BENCH_SLOTS ?? 8);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? (QUICK ? 30 : 200));
/** Worker flags to compare settings by, e.g. BENCH_WORKER_ARGS='--task-pids-max 0'. */
const WORKER_ARGS = (process.env.BENCH_WORKER_ARGS ?? '').split(' ').filter(Boolean);

function xargsRate(n: number): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', `seq ${n} | xargs -P2 -n1 /bin/true`]);
  if (r.status !== 0) throw new Error('xargs baseline failed');
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function bareSpawnMs(samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => spawn('/bin/true', [], { stdio: 'ignore' }).once('spawn', () => resolve()));
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const f = (x: number, d = 1) => x.toFixed(d);

/** What making one directory with a file in it costs under `base`, per inode (µs). */
async function inodeCreationUs(base: string, count = 200): Promise<number> {
  const probe = await mkdtemp(path.join(base, 'troupe-inode-probe-'));
  try {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      await mkdir(path.join(probe, `d${i}`));
      await writeFile(path.join(probe, `d${i}`, 'f'), '');
    }
    return ((performance.now() - t0) * 1000) / (2 * count);
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 2, slots: SLOTS, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs'), workerArgs: WORKER_ARGS });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  try {
    // Throughput.
    await api.CreateJob({ job: { id: 'throughput', poolInfo: { poolId: cluster.poolId } } });
    const tasks = Array.from({ length: N }, (_, i) => ({ id: `t${i}`, commandArgs: ['/bin/true'] }));
    const baselineBefore = xargsRate(N);
    const cpu = cpuWindow();
    const t0 = Date.now();
    await api.AddTaskCollection({ jobId: 'throughput', tasks });
    const submitted = Date.now();
    for (;;) {
      const c = await api.GetTaskCounts({ jobId: 'throughput' });
      if (c.completed === N) {
        if (c.succeeded !== N) throw new Error(`only ${c.succeeded} of ${N} succeeded`);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (Date.now() - t0) / 1000;
    const cpuSplit = cpu.end();
    const baselineAfter = xargsRate(N);
    const baseline = (baselineBefore + baselineAfter) / 2;
    const rate = N / seconds;
    console.log(`throughput: ${N} x /bin/true on 2 workers x ${SLOTS} slots`);
    console.log(`  troupe end to end   ${f(rate, 0)} tasks/s  (${f(seconds, 2)} s; submit of ${N} took ${submitted - t0} ms)`);
    console.log(`  xargs -P2 baseline  ${f(baseline, 0)} spawns/s  (before ${f(baselineBefore, 0)}, after ${f(baselineAfter, 0)})`);
    console.log(`  ratio troupe/xargs  ${f(rate / baseline, 2)}`);
    console.log(`  CPU per task, by process (the bench's own polling included):`);
    for (const line of formatCpuPerTask(cpuSplit, N)) console.log(line);
    // Each task makes four inodes (its directory, wd, stdout.txt, stderr.txt): on this machine
    // one costs anything from 20 to 700 us from one run to the next (measured 2026-12-04, ext4
    // of the VM's disk), which moves the rate more than most changes do: shown next to it.
    console.log(`  making a file or directory where the nodes' task directories are: ${f(await inodeCreationUs(path.dirname(dir)), 0)} µs`);

    // Latency on an idle cluster.
    await api.CreateJob({ job: { id: 'latency', poolInfo: { poolId: cluster.poolId } } });
    const lat: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const before = Date.now();
      await api.AddTask({ jobId: 'latency', task: { id: `l${i}`, commandArgs: ['/bin/true'] } });
      let task;
      for (;;) {
        task = await api.GetTask({ jobId: 'latency', taskId: `l${i}` });
        if (task.state === 'completed') break;
        await new Promise((r) => setTimeout(r, 2));
      }
      lat.push(Date.parse(task.executionInfo!.startTime) - before);
    }
    const bare = await bareSpawnMs(LATENCY_SAMPLES);
    console.log(`latency: submit to start of one task on an idle cluster, ${LATENCY_SAMPLES} samples`);
    console.log(`  troupe      p50 ${f(pct(lat, 50))} ms  p99 ${f(pct(lat, 99))} ms  (ms resolution of startTime)`);
    console.log(`  bare spawn  p50 ${f(pct(bare, 50), 2)} ms  p99 ${f(pct(bare, 99), 2)} ms  (Node spawn of /bin/true, same run)`);
    console.log(`  ratio p50 troupe/bare ${f(pct(lat, 50) / Math.max(0.01, pct(bare, 50)), 1)}`);
  } finally {
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
