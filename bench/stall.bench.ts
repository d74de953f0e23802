// Does a big request stall the control plane? A local cluster (nats-server, coordinator, 2
// workers) serves one big request at a time while a probe makes a small call (GetTaskCounts of
// another job) every 5 ms from its own process. Reported for each request: how long it took, and
// the probe's latency while it ran (p50, p99, max) next to the probe's latency on the idle
// cluster in the same run; and whether the coordinator kept its leadership throughout.
// Requests: a 100,000-task collection; a collection of about 60 MiB (7,000 tasks of 8 KB
// command lines); listing the 100,000 tasks page by page; deleting the 100,000-task job.
// `--quick` (or BENCH_QUICK=1): 10,000 tasks and a 6 MiB collection, for a smoke run.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const MANY = Number(process.env.BENCH_TASKS ?? (QUICK ? 10_000 : 100_000));
const WIDE = QUICK ? 700 : 7000;
const MAX_COLLECTION = 100_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const f = (x: number) => x.toFixed(1);

/** Calls GetTaskCounts every 5 ms between the parent's 'start' and 'stop', and sends it the
 *  latencies. A process of its own: the big requests' clients encode them in one synchronous
 *  call (grpc-js), and a probe sharing their event loop measured that (a 56 MiB collection:
 *  one 300-400 ms "stall" of the coordinator that was the bench's own). */
async function probeChild(address: string, jobId: string): Promise<void> {
  const api = connectApi(address, { token: process.env.TROUPE_TOKEN!, ca: readFileSync(process.env.TROUPE_CA!) });
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  let latencies: number[] = [];
  process.on('message', async (m: { start?: boolean; stop?: boolean; exit?: boolean }) => {
    if (m.start) {
      running = true;
      latencies = [];
      loop = (async () => {
        while (running) {
          const t0 = performance.now();
          await api.GetTaskCounts({ jobId });
          latencies.push(performance.now() - t0);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
    } else if (m.stop) {
      running = false;
      await loop;
      process.send!({ latencies });
    } else if (m.exit) {
      api.close();
      process.disconnect();
    }
  });
  process.send!({ ready: true });
}

interface Prober {
  start(): void;
  stop(): Promise<number[]>;
  close(): void;
}

async function startProber(address: string, credentials: { token: string }, caFile: string, jobId: string): Promise<Prober> {
  const child = fork(fileURLToPath(import.meta.url), ['probe', address, jobId], { execArgv: ['--import', 'tsx'], env: { ...process.env, TROUPE_TOKEN: credentials.token, TROUPE_CA: caFile } });
  const next = () => new Promise<{ ready?: boolean; latencies?: number[] }>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the probe process exited (${code})`)));
  });
  await next();
  return {
    start: () => child.send({ start: true }),
    async stop() {
      const reply = next();
      child.send({ stop: true });
      return (await reply).latencies ?? [];
    },
    close: () => { if (child.connected) child.send({ exit: true }); },
  };
}

async function measure(prober: Prober, what: string, work: () => Promise<unknown>): Promise<void> {
  prober.start();
  const t0 = performance.now();
  await work();
  const took = performance.now() - t0;
  const lat = await prober.stop();
  console.log(`  ${what.padEnd(44)} ${f(took / 1000).padStart(6)} s   probe p50 ${f(pct(lat, 50))} ms  p99 ${f(pct(lat, 99))} ms  max ${f(Math.max(...lat))} ms  (${lat.length} calls)`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-stall-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const logDir = path.join(dir, 'logs');
  const cluster = await startLocalCluster({ dataDir: dir, workers: 2, slots: 8, listen: `127.0.0.1:${port}`, logDir });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  const probeApi = await startProber(cluster.apiAddress, cluster.credentials, cluster.caFile, 'small');
  try {
    await api.CreatePool({ pool: { id: 'nowhere' } });
    await api.CreateJob({ job: { id: 'small', poolInfo: { poolId: cluster.poolId } } });
    await api.CreateJob({ job: { id: 'many', poolInfo: { poolId: 'nowhere' } } });
    await api.CreateJob({ job: { id: 'wide', poolInfo: { poolId: 'nowhere' } } });
    console.log(`stall: small calls (GetTaskCounts every 5 ms) while one big request runs`);
    await measure(probeApi, 'idle (baseline)', () => new Promise((r) => setTimeout(r, 2000)));
    // Collections of at most 100,000 tasks (the limit of one request): a million-task job is
    // added as ten of them, one after the other.
    const collections = Math.ceil(MANY / MAX_COLLECTION);
    const addCollections = async (jobId: string) => {
      for (let c = 0; c < collections; c++) {
        const from = c * MAX_COLLECTION;
        const size = Math.min(MAX_COLLECTION, MANY - from);
        await api.AddTaskCollection({ jobId, tasks: Array.from({ length: size }, (_, i) => ({ id: `t${from + i}`, commandArgs: ['/bin/true'] })) });
      }
    };
    let addSeconds = 0;
    await measure(probeApi, collections === 1 ? `AddTaskCollection of ${MANY} tasks` : `${collections} AddTaskCollections, ${MANY} tasks`, async () => {
      const t0 = performance.now();
      await addCollections('many');
      addSeconds = (performance.now() - t0) / 1000;
    });
    // One run of the add swings by 20 % on this machine, and the probe's calls take their share
    // of the coordinator: two more adds (into other jobs, while no probe runs), and the median
    // of the three.
    const rates = [MANY / addSeconds];
    for (const extra of ['many-2', 'many-3']) {
      await api.CreateJob({ job: { id: extra, poolInfo: { poolId: 'nowhere' } } });
      const t0 = performance.now();
      await addCollections(extra);
      rates.push(MANY / ((performance.now() - t0) / 1000));
      await api.DeleteJob({ jobId: extra });
      while (await api.GetJob({ jobId: extra }).then(() => true, () => false)) await new Promise((r) => setTimeout(r, 20));
    }
    console.log(`    (tasks/s added: ${rates.map((r) => r.toFixed(0)).join(', ')}; median ${[...rates].sort((a, b) => a - b)[1]!.toFixed(0)}; goal >= 50,000)`);
    // What a user of a big job asks first: its counts, and the first page of a state.
    const timed = async (call: () => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        await call();
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b)[10]!;
    };
    const counts = await timed(() => api.GetTaskCounts({ jobId: 'many' }));
    const firstActive = await timed(() => api.ListTasks({ jobId: 'many', filter: "state eq 'active'" }));
    const firstCompleted = await timed(() => api.ListTasks({ jobId: 'many', filter: "state eq 'completed'" }));
    console.log(`  of the ${MANY}-task job, median of 20: GetTaskCounts ${f(counts)} ms; first page of active ${f(firstActive)} ms, of completed (none) ${f(firstCompleted)} ms (goal < 50 ms)`);
    const wideTask = (i: number) => ({ id: `w${i}`, commandLine: `/bin/echo ${'x'.repeat(8 * 1024)}` });
    await measure(probeApi, `AddTaskCollection of ${((WIDE * 8.2) / 1024).toFixed(0)} MiB (${WIDE} tasks)`, () =>
      api.AddTaskCollection({ jobId: 'wide', tasks: Array.from({ length: WIDE }, (_, i) => wideTask(i)) }));
    await measure(probeApi, `ListTasks of all ${MANY}, page by page`, async () => {
      let pageToken = '';
      do pageToken = (await api.ListTasks({ jobId: 'many', pageToken })).nextPageToken; while (pageToken);
    });
    let answered = 0;
    await measure(probeApi, `DeleteJob of ${MANY} tasks, until it is gone`, async () => {
      const t0 = performance.now();
      await api.DeleteJob({ jobId: 'many' });
      answered = performance.now() - t0;
      while (await api.GetJob({ jobId: 'many' }).then(() => true, () => false)) await new Promise((r) => setTimeout(r, 20));
    });
    console.log(`    (DeleteJob answered after ${f(answered / 1000)} s)`);
    const log = await readFile(path.join(logDir, 'coordinator.log'), 'utf8').catch(() => '');
    const lost = log.split('\n').filter((l) => /leadership lost|could not renew the coordinator lease/i.test(l)).length;
    console.log(`  lease renewals missed or leadership lost: ${lost} times`);
  } finally {
    api.close();
    probeApi.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'probe') await probeChild(process.argv[3]!, process.argv[4]!);
else await main();
