// How punctual job schedules are: a schedule of a 1 s recurrence on an idle coordinator, each job
// ended as soon as it appears (as a job manager would), and how late each job is made after its
// due time (base + k x interval); then how late the first run after a coordinator restart is.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startNatsServer } from '../src/cluster/nats-server.ts';
import { startCoordinator } from '../src/coordinator/coordinator-daemon.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import { silentLogger } from '../src/protocol/log.ts';
import { adminToken } from './bench-token.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, fewer runs. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_SCHEDULE_RUNS ?? (QUICK ? 5 : 30));
const INTERVAL_MS = 1000;

const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-schedule-bench-'));
const nats = await startNatsServer({ dataDir: path.join(dir, 'nats') });
const start = () => startCoordinator({ natsUrl: nats.url, listen: '127.0.0.1:0', logger: silentLogger, leaseMs: 2000, adminTokenFile: path.join(dir, 'admin.token') });

/** Ends each new job of the schedule; resolves with the jobs once `count` exist. */
async function follow(api: TroupeApi, count: number): Promise<{ id: string; creationTime: string }[]> {
  for (;;) {
    const jobs = (await api.ListJobs({ jobScheduleId: 'bench', maxResults: 10_000 })).jobs;
    for (const j of jobs) if (j.state === 'active') await api.TerminateJob({ jobId: j.id, terminateReason: '' }).catch(() => {});
    if (jobs.length >= count) return jobs;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

try {
  let coordinator = await start();
  let api = connectApi(`http://${coordinator.apiAddress}`, { token: await adminToken(dir) });
  await api.CreatePool({ pool: { id: 'p' } });
  const schedule = await api.CreateJobSchedule({ jobSchedule: { id: 'bench', schedule: { recurrenceInterval: `${INTERVAL_MS}ms` }, jobSpecification: { poolInfo: { poolId: 'p' } } } });
  const base = Date.parse(schedule.creationTime);
  const lateness = (j: { creationTime: string }) => (Date.parse(j.creationTime) - base) % INTERVAL_MS;
  const jobs = await follow(api, RUNS);
  const late = jobs.map(lateness).sort((a, b) => a - b);

  // A clean restart: the first run made by the new coordinator, how late after its due time.
  api.close();
  await coordinator.stop();
  const stoppedAt = Date.now();
  coordinator = await start();
  const servingMs = Date.now() - stoppedAt;
  api = connectApi(`http://${coordinator.apiAddress}`, { token: await adminToken(dir) });
  const after = await follow(api, jobs.length + 1);
  const first = after.find((j) => !jobs.some((b) => b.id === j.id))!;
  const numbers = after.map((j) => Number(/-job-(\d+)$/.exec(j.id)![1])).sort((a, b) => a - b);
  if (numbers.some((n, i) => n !== i + 1)) throw new Error(`run numbers are not 1..N: ${numbers.join(',')}`);
  api.close();
  await coordinator.stop();

  console.log(`job schedule of a ${INTERVAL_MS} ms recurrence, ${jobs.length} runs, each job ended as it appears`);
  console.log(`  job made after its due time: p50 ${percentile(late, 50)} ms, p99 ${percentile(late, 99)} ms, max ${late[late.length - 1]} ms`);
  console.log(`  after a restart (serving again in ${servingMs} ms): ${first.id} made ${lateness(first)} ms after its due time; run numbers 1..${numbers.length}, none doubled`);
} finally {
  await nats.stop();
  await rm(dir, { recursive: true, force: true });
}
