// Watch under load: a local cluster (nats-server, coordinator, 2 workers) runs N trivial tasks at
// full throughput while W clients (default 50, each with its own channel, all in one child
// process) watch the job. Reported:
// - event latency: from a change being applied by the coordinator (the record's
//   stateTransitionTime) to a watcher receiving it, p50/p95/p99 over every task event but the
//   creation (a collection's tasks share its start time) of every watcher (one clock);
// - throughput with the watchers, as a ratio to the same job without them, in the same run.
// Watchers ask for task batches (WatchRequest.batch) unless BENCH_WATCH_BATCH=0, and only the
// properties they read (taskSelect) unless BENCH_WATCH_SELECT= (empty: every property).
// `--quick` (or BENCH_QUICK=1): fewer tasks and watchers, for a smoke run.
import { readFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import type { WatchEvent__Output } from '../src/protocol/generated/troupe/v1/WatchEvent.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_TASKS ?? (QUICK ? 2000 : 10000));
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? (QUICK ? 10 : 50));
/** BENCH_WATCH_BATCH=0: one event per change (the default of Watch) instead of task batches. */
const BATCH = process.env.BENCH_WATCH_BATCH !== '0';
const SELECT = process.env.BENCH_WATCH_SELECT ?? 'id,state,stateTransitionTime';

const pct = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Child mode: W watchers of one job; reports latencies once every watcher saw N completions. */
async function watchers(address: string, jobId: string, count: number, tasks: number): Promise<void> {
  const latencies: number[] = [];
  const clients: TroupeApi[] = [];
  let finished = 0;
  let synced = 0;
  for (let i = 0; i < count; i++) {
    const api = connectApi(address, { token: process.env.TROUPE_TOKEN!, ca: readFileSync(process.env.TROUPE_CA!) });
    clients.push(api);
    const call = api.raw.Watch({ jobId, batch: BATCH, taskSelect: SELECT });
    let completed = 0;
    let first = true;
    call.on('data', (e: WatchEvent__Output) => {
      const received = Date.now();
      if (first) {
        first = false;
        if (++synced === count) process.send!({ ready: true });
      }
      for (const task of e.task ? [e.task] : e.taskBatch?.tasks ?? []) {
        // A collection's tasks all carry the time the collection began, not when each was
        // stored: their creation events are left out; every later change is timed when applied.
        if (task.state !== 'active') latencies.push(received - Date.parse(task.stateTransitionTime), received);
        if (task.state === 'completed' && task.id.startsWith('t') && ++completed === tasks && ++finished === count) {
          for (const c of clients) c.close();
          // Exits on its own (a killed process writes no CPU profile).
          process.send!({ latencies }, () => process.exit(0));
        }
      }
    });
    call.on('error', () => {});
  }
  process.send!({ subscribed: true });
}

/** Adds N tasks to the job (which has `before` tasks already) and waits for all to complete. */
async function runJob(api: TroupeApi, jobId: string, before = 0): Promise<number> {
  const t0 = Date.now();
  await api.AddTaskCollection({ jobId, tasks: Array.from({ length: N }, (_, i) => ({ id: `t${i}`, commandArgs: ['/bin/true'] })) });
  for (;;) {
    const c = await api.GetTaskCounts({ jobId });
    if (c.completed === N + before) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return N / ((Date.now() - t0) / 1000);
}

/** TROUPE_PROFILE_DIR (which makes the daemons write CPU profiles) profiles the watchers too. */
const profileArgs = () => (process.env.TROUPE_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TROUPE_PROFILE_DIR}`] : []);
const debug = (...a: unknown[]) => process.env.BENCH_DEBUG && console.error(...a);
async function waitForCompleted(api: TroupeApi, jobId: string, count: number): Promise<void> {
  while ((await api.GetTaskCounts({ jobId })).completed < count) await new Promise((r) => setTimeout(r, 20));
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-watch-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 2, slots: 8, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  try {
    await api.CreateJob({ job: { id: 'unwatched', poolInfo: { poolId: cluster.poolId } } });
    debug('cluster up');
    const bare = await runJob(api, 'unwatched');
    debug('bare', bare);

    await api.CreateJob({ job: { id: 'watched', poolInfo: { poolId: cluster.poolId } } });
    const child = fork(fileURLToPath(import.meta.url), ['watchers', cluster.apiAddress, 'watched', String(WATCHERS), String(N)], { execArgv: ['--import', 'tsx', ...profileArgs()], env: { ...process.env, TROUPE_TOKEN: cluster.credentials.token, TROUPE_CA: cluster.caFile } });
    const messages: { subscribed?: boolean; ready?: boolean; latencies?: number[] }[] = [];
    const next = (what: 'subscribed' | 'ready' | 'latencies') => new Promise<{ latencies?: number[] }>((resolve, reject) => {
      const check = () => {
        const found = messages.find((m) => m[what] !== undefined);
        if (found) resolve(found);
        else setTimeout(check, 20);
      };
      child.once('exit', (code) => reject(new Error(`the watchers' process exited (${code})`)));
      check();
    });
    child.on('message', (m: (typeof messages)[number]) => messages.push(m));
    await next('subscribed');
    debug('subscribed');
    // Watchers are ready once each has seen an event: tasks added before the job make some.
    let warm = 0;
    for (; !messages.some((m) => m.ready); warm++) {
      await api.AddTask({ jobId: 'watched', task: { id: `warm${warm}`, commandArgs: ['/bin/true'] } });
      await new Promise((r) => setTimeout(r, 200));
    }
    debug('ready');
    await waitForCompleted(api, 'watched', warm);
    const watched = await runJob(api, 'watched', warm);
    debug('watched', watched);
    const { latencies } = await next('latencies');
    if (child.exitCode === null) await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 10_000).unref())]);
    child.kill();
    const pairs = latencies!;
    const sorted = Float64Array.from(pairs.filter((_, i) => i % 2 === 0)).sort();
    // Latency by tenth of the run (by the time events were received): where the slow ones are.
    const times = pairs.filter((_, i) => i % 2 === 1);
    const start = Math.min(...times.slice(0, 1000));
    const span = Math.max(1, times.reduce((a, b) => Math.max(a, b), 0) - start);
    const tenths = Array.from({ length: 10 }, () => [] as number[]);
    for (let i = 0; i < pairs.length; i += 2) tenths[Math.min(9, Math.floor(((pairs[i + 1]! - start) / span) * 10))]!.push(pairs[i]!);
    const byTenth = tenths.map((xs) => (xs.length ? Float64Array.from(xs).sort() : undefined)).map((xs) => (xs ? pct(xs, 99) : '-'));
    console.log(`watch: ${N} x /bin/true on 2 workers x 8 slots, ${WATCHERS} watchers of the job (one child process), ${BATCH ? 'task batches' : 'one event per change'}, ${SELECT ? `taskSelect '${SELECT}'` : 'every property'}`);
    console.log(`  event latency  p50 ${pct(sorted, 50)} ms  p95 ${pct(sorted, 95)} ms  p99 ${pct(sorted, 99)} ms  max ${sorted.at(-1)} ms  (${sorted.length} events)`);
    console.log(`  p99 by tenth of the run: ${byTenth.join(' ')} ms`);
    console.log(`  throughput     ${watched.toFixed(0)} tasks/s watched, ${bare.toFixed(0)} tasks/s unwatched, ratio ${(watched / bare).toFixed(2)}`);
  } finally {
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'watchers') {
  await watchers(process.argv[3]!, process.argv[4]!, Number(process.argv[5]), Number(process.argv[6]));
} else {
  await main();
}
