// Job schedules survive their coordinator: after a kill -9 and restart, after a failover to a
// standby, and after a crash between recording a run and making its job (or between making it
// and recording it made), every run number appears exactly once, none is missing, and no
// recurrence whose window was open while a coordinator led went without its job.
import test from 'ava';
import { Kvm } from '@nats-io/kv';
import * as grpc from '@grpc/grpc-js';
import { spawnDaemon, startCluster, waitForLog, type TestCluster } from './helpers/cluster.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import type { Job__Output } from '../src/protocol/generated/troupe/v1/Job.ts';
import { decode, encode } from '../src/protocol/nats/codec.ts';
import { BUCKET_JOB_SCHEDULES } from '../src/protocol/nats/subjects.ts';
import type { JobScheduleRecord } from '../src/coordinator/schedules/job-schedule-record.ts';
import { jobsOf, oneAtATime, runOf, terminateEachJob } from './helpers/job-schedules.ts';

const SPEC = { poolInfo: { poolId: 'testpool' }, onAllTasksComplete: 'terminatejob' };
const INTERVAL_MS = 2000;
/** A run may be made this late after its previous job ended (a loaded machine) and still count. */
const SLACK_MS = 500;

interface Span { from: number; to: number }

/** Run numbers 1..N once each, one job per recurrence at most, and every recurrence between the
 *  first and the last job has its job, unless its window fell (partly) while no coordinator led,
 *  or the previous job was active through it. */
function checkRuns(t: { true(v: boolean, m?: string): void; deepEqual(a: unknown, b: unknown, m?: string): void }, jobs: Job__Output[], baseMs: number, downtime: Span[]): void {
  t.deepEqual(jobs.map((j) => runOf(j.id)), jobs.map((_, i) => i + 1), 'run numbers 1..N, each once');
  const slots = jobs.map((j) => Math.floor((Date.parse(j.creationTime) - baseMs) / INTERVAL_MS));
  for (let i = 1; i < slots.length; i++) t.true(slots[i]! > slots[i - 1]!, `${jobs[i]!.id} is of a later recurrence than ${jobs[i - 1]!.id}`);
  for (let i = 1; i < slots.length; i++) {
    for (let k = slots[i - 1]! + 1; k < slots[i]!; k++) {
      const due = baseMs + k * INTERVAL_MS;
      const closes = due + INTERVAL_MS;
      const unled = downtime.some((d) => d.from < closes && d.to > due);
      const held = Date.parse(jobs[i - 1]!.executionInfo!.endTime) >= closes - SLACK_MS;
      t.true(unled || held, `recurrence ${k} (due ${new Date(due).toISOString()}) has no job although a coordinator led and no job was active`);
    }
  }
}

async function recurring(api: TroupeApi, id: string): Promise<number> {
  const s = await api.CreateJobSchedule({ jobSchedule: { id, schedule: { recurrenceInterval: `${INTERVAL_MS}ms` }, jobSpecification: SPEC } });
  return Date.parse(s.creationTime);
}

test('a coordinator killed and restarted mid-schedule loses and doubles no run', async (t) => {
  const cluster = await startCluster({ workers: 1, slots: 2 });
  t.teardown(() => cluster.stop());
  const base = await recurring(cluster.api, 'steady');
  const ender = terminateEachJob(() => cluster.api, 'steady');
  t.teardown(() => ender.stop());
  await cluster.until('three jobs', async () => (await jobsOf(cluster.api, 'steady')).length >= 3, 90_000);
  const from = Date.now();
  await cluster.coordinator.crash();
  await cluster.startCoordinator();
  const to = Date.now();
  // The client reconnects to the restarted coordinator in its own time.
  const before = await cluster.until('the API again', async () => (await jobsOf(cluster.api, 'steady')).length);
  await cluster.until('three more jobs', async () => (await jobsOf(cluster.api, 'steady')).length >= before + 3, 90_000);
  ender.stop();
  const jobs = await jobsOf(cluster.api, 'steady');
  checkRuns(t, jobs, base, [{ from, to }]);
  oneAtATime(t, jobs.filter((j) => j.state === 'completed'));
});

test('a standby that takes over from a killed leader goes on with the next run', async (t) => {
  const cluster = await startCluster({ workers: 1, slots: 2 });
  t.teardown(() => cluster.stop());
  const standby = spawnDaemon('standby', ['coordinator', ...await cluster.tlsFlags('coordinator', []), ...await cluster.coordinatorNatsArgs(), '--nats', cluster.nats.url, '--listen', '127.0.0.1:0', '--lease', '2s', '--node-timeout', '20s']);
  t.teardown(() => standby.stop());
  await waitForLog(standby, /"msg":"standby: another coordinator leads"/, 60_000);
  let api = cluster.api;
  const base = await recurring(api, 'failover');
  const ender = terminateEachJob(() => api, 'failover');
  t.teardown(() => ender.stop());
  await cluster.until('three jobs', async () => (await jobsOf(api, 'failover')).length >= 3, 90_000);
  const from = Date.now();
  await cluster.coordinator.crash();
  const line = await waitForLog(standby, /"msg":"coordinator started"/, 60_000);
  const to = Date.now();
  api = connectApi(JSON.parse(line).api, cluster.credentials);
  t.teardown(() => api.close());
  const before = await cluster.until('the new leader\'s API', async () => (await jobsOf(api, 'failover')).length);
  await cluster.until('three more jobs under the new leader', async () => (await jobsOf(api, 'failover')).length >= before + 3, 90_000);
  ender.stop();
  checkRuns(t, await jobsOf(api, 'failover'), base, [{ from, to }]);
});

/** Stops the coordinator, rewrites the schedule's record as a crash at some step would have
 *  left it, and starts the coordinator again. */
async function crashedAt(cluster: TestCluster, id: string, rewrite: (r: JobScheduleRecord) => JobScheduleRecord): Promise<void> {
  await cluster.coordinator.stop();
  const nc = await cluster.connectNats();
  try {
    const kv = await new Kvm(nc).open(BUCKET_JOB_SCHEDULES);
    const entry = (await kv.get(id))!;
    await kv.update(id, encode(rewrite(decode<JobScheduleRecord>(entry.value))), entry.revision);
  } finally {
    await nc.close();
  }
  await cluster.startCoordinator();
}

test('a run recorded but not made is made by the next coordinator; one made but not recorded is not made again', async (t) => {
  const cluster = await startCluster({ workers: 1, slots: 2 });
  t.teardown(() => cluster.stop());
  // One recurrence an hour: the first is due at once, the second not during the test.
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'repair', schedule: { recurrenceInterval: '1h' }, jobSpecification: SPEC } });
  const first = await cluster.until('repair-job-1', async () => (await jobsOf(cluster.api, 'repair'))[0]);
  await cluster.until('the run recorded made', async () => (await cluster.api.GetJobSchedule({ jobScheduleId: 'repair' })).executionInfo?.recentJob?.id === 'repair-job-1');

  // Made, then the coordinator died before recording it: the next one records it, makes nothing.
  await crashedAt(cluster, 'repair', (r) => {
    const { recentJobId: _gone, ...rest } = r;
    return { ...rest, nextRunNumber: 1, nextSlot: 0, pendingRun: { number: 1, slot: 0 } };
  });
  const repaired = await cluster.until('the run recorded again', async () => {
    const s = await cluster.api.GetJobSchedule({ jobScheduleId: 'repair' });
    return s.executionInfo?.recentJob?.id === 'repair-job-1' ? s : undefined;
  });
  t.not(repaired.executionInfo!.nextRunTime, '');
  t.true(Date.parse(repaired.executionInfo!.nextRunTime) > Date.now() + 30 * 60_000, 'the next run is the next recurrence, an hour on');
  const jobs = await jobsOf(cluster.api, 'repair');
  t.deepEqual(jobs.map((j) => [j.id, j.creationTime]), [['repair-job-1', first.creationTime]], 'the job was not made again');

  // Recorded, then the coordinator died before making it: the next one makes it.
  await cluster.api.DeleteJob({ jobId: 'repair-job-1' });
  await cluster.until('repair-job-1 gone', () => cluster.api.GetJob({ jobId: 'repair-job-1' }).then(() => false, (e: grpc.ServiceError) => e.code === grpc.status.NOT_FOUND));
  await crashedAt(cluster, 'repair', (r) => {
    const { recentJobId: _gone, ...rest } = r;
    return { ...rest, nextRunNumber: 1, nextSlot: 0, pendingRun: { number: 1, slot: 0 } };
  });
  const remade = await cluster.until('repair-job-1 made by the new coordinator', async () => (await jobsOf(cluster.api, 'repair'))[0]);
  t.is(remade.id, 'repair-job-1');
  t.true(Date.parse(remade.creationTime) > Date.parse(first.creationTime));
  await cluster.until('the run recorded made', async () => (await cluster.api.GetJobSchedule({ jobScheduleId: 'repair' })).executionInfo?.recentJob?.id === 'repair-job-1');
  t.deepEqual((await jobsOf(cluster.api, 'repair')).map((j) => j.id), ['repair-job-1']);
});

test('a run due while no coordinator led is made within its start window, and skipped after it', async (t) => {
  const cluster = await startCluster({ workers: 1, slots: 2 });
  t.teardown(() => cluster.stop());
  const due = Date.now() + 8000;
  const doNotRunUntil = new Date(due).toISOString();
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'open', schedule: { doNotRunUntil, startWindow: '5m' }, jobSpecification: SPEC } });
  await cluster.api.CreateJobSchedule({ jobSchedule: { id: 'closed', schedule: { doNotRunUntil, startWindow: '1s' }, jobSpecification: SPEC } });
  await cluster.coordinator.stop();
  // No coordinator from before the due time until the short window has closed.
  t.true(Date.now() < due, 'stopped before the runs were due (a loaded machine: raise the 8 s)');
  await cluster.until('the short start window to pass', async () => Date.now() > due + 2000);
  await cluster.startCoordinator();
  const job = await cluster.until('open-job-1', async () => (await jobsOf(cluster.api, 'open'))[0]);
  t.true(Date.parse(job.creationTime) > due + 2000, 'made by the coordinator that came back, late but within its window');
  const closed = await cluster.until('closed completed', async () => {
    const s = await cluster.api.GetJobSchedule({ jobScheduleId: 'closed' });
    return s.state === 'completed' ? s : undefined;
  });
  t.is(closed.executionInfo!.recentJob, null, 'its only run was skipped: no job');
  t.deepEqual(await jobsOf(cluster.api, 'closed'), []);
});
