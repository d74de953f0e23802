// troupe on a NATS cluster: three nats-servers in one JetStream cluster, the coordinator with
// --replicas 3, every daemon given the three URLs. Every bucket and stream is kept on all three;
// a big job goes on while the server leading the tasks bucket (the stream every task's state
// change is written to) is killed with kill -9, and every task still runs exactly once and
// completes; the killed server, started again, rejoins and catches up.
import test, { type ExecutionContext } from 'ava';
import os from 'node:os';
import path from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { processesMatching, startCluster } from './helpers/cluster.ts';
import { kvStreamName, TROUPE_STREAMS } from '../src/protocol/nats/jetstream-resources.ts';
import { BUCKET_TASKS, CONSUMER_REPORTS, STREAM_REPORTS } from '../src/protocol/nats/subjects.ts';
import type { TroupeApi } from '../src/protocol/grpc/api-client.ts';

type Task = Awaited<ReturnType<TroupeApi['ListTasks']>>['tasks'][number];

/** Tasks of the job. */
const TOTAL = 10_000;
/** The kill comes once this many have completed: the job is well under way, far from done. */
const KILL_AFTER = 3_000;

test('a NATS cluster member leading the tasks bucket is killed mid-job: every task runs once and completes, and it rejoins', async (t) => {
  t.timeout(240_000);
  const cluster = await startCluster({ natsCluster: 3, workers: 2, slots: 8 });
  t.teardown(() => cluster.stop());
  const nats = cluster.natsCluster!;
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);

  // Every stream on the cluster is one of troupe's (nothing was created elsewhere, by anyone
  // else), and each is kept on the three servers, the reports' durable consumer too.
  const names = new Set<string>();
  for await (const s of jsm.streams.list()) names.add(s.config.name);
  t.deepEqual([...names].sort(), [...TROUPE_STREAMS].sort());
  for (const name of TROUPE_STREAMS) {
    const info = await jsm.streams.info(name);
    t.is(info.config.num_replicas, 3, name);
    t.is(placement(info).length, 3, `${name} is on ${placement(info).join(', ')}`);
  }
  const consumer = await jsm.consumers.info(STREAM_REPORTS, CONSUMER_REPORTS);
  t.is(1 + (consumer.cluster?.replicas?.length ?? 0), 3, 'the report consumer has 3 replicas');

  // The victim: the member leading the tasks bucket. The reports' stream and consumer are moved
  // there too (by asking their leaders to step down until it is elected), so the kill takes out
  // at once the leaders of both hot paths: every task's state change and every worker report.
  const tasksStream = kvStreamName(BUCKET_TASKS);
  const victim = (await jsm.streams.info(tasksStream)).cluster!.leader!;
  await leadFrom(t, jsm, nc, victim, STREAM_REPORTS);
  await leadFrom(t, jsm, nc, victim, STREAM_REPORTS, CONSUMER_REPORTS);

  // Each task appends "<id> start" and "<id> end" to one file outside the node roots.
  // (On simulated hosts each host has its own /tmp; /var/tmp is shared, as on real machines.)
  const scratch = await taskScratchDir(path.join(cluster.network ? '/var/tmp' : os.tmpdir(), 'troupe-nats-cluster-'));
  t.teardown(() => rm(scratch, { recursive: true, force: true }));
  const lines = path.join(scratch, 'lines.txt');
  await cluster.api.CreateJob({
    job: { id: 'big', poolInfo: { poolId: 'testpool' }, commonEnvironmentSettings: [{ name: 'LINES', value: lines }] },
  });
  const started = Date.now();
  for (let i = 0; i < TOTAL; i += 5000) {
    const res = await cluster.api.AddTaskCollection({
      jobId: 'big',
      tasks: Array.from({ length: Math.min(5000, TOTAL - i) }, (_, k) => ({
        id: `t${i + k}`,
        commandArgs: ['/bin/sh', '-c', 'echo "$AZ_BATCH_TASK_ID start" >> "$LINES"; echo "$AZ_BATCH_TASK_ID end" >> "$LINES"'],
      })),
    });
    t.true(res.results.every((r) => r.status === 'success'));
  }

  // Progress, sampled for the figures below (the assertions do not depend on its timing).
  const samples: { at: number; completed: number }[] = [];
  let sampling = true;
  t.teardown(() => { sampling = false; });
  const sampler = (async () => {
    while (sampling) {
      const c = await cluster.api.GetTaskCounts({ jobId: 'big' }).catch(() => undefined);
      if (c) samples.push({ at: Date.now(), completed: c.completed });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  await cluster.until(`${KILL_AFTER} tasks completed`, async () => (await cluster.api.GetTaskCounts({ jobId: 'big' })).completed >= KILL_AFTER, 120_000);
  t.is((await jsm.streams.info(tasksStream)).cluster!.leader, victim, 'the tasks bucket kept its leader');
  const roles = await rolesOf(jsm, victim, await nats.waitForMetaLeader());
  const clients = await clientsOf(nats.server(victim)!.monitorUrl!);
  t.log(`killing ${victim} (kill -9): ${roles.join(', ')}; its clients: ${clients.join(', ') || 'none'}`);
  // Asked with a short time-out: a request sent to the dead member's stream waits for none.
  const quick = await jetstreamManager(nc, { timeout: 500 });
  const killedAt = Date.now();
  await nats.crash(victim);

  const newLeader = await cluster.until('a new leader of the tasks bucket', async () => {
    const leader = (await quick.streams.info(tasksStream)).cluster?.leader;
    return leader && leader !== victim ? leader : undefined;
  });
  const electedAfter = Date.now() - killedAt;
  const metaLeader = await nats.waitForMetaLeader();

  const counts = await cluster.waitForJobTasks('big', TOTAL, 180_000);
  const finished = Date.now();
  sampling = false;
  await sampler;
  t.deepEqual({ ...counts }, { active: 0, running: 0, completed: TOTAL, succeeded: TOTAL, failed: 0 });

  const atKill = samples.filter((s) => s.at <= killedAt).at(-1)?.completed ?? 0;
  const resumed = samples.find((s) => s.at > killedAt && s.completed >= atKill + 100);
  t.log(`${TOTAL} tasks in ${((finished - started) / 1000).toFixed(1)} s; tasks bucket led by ${newLeader} ${(electedAfter / 1000).toFixed(1)} s after the kill (meta leader now ${metaLeader}); ` +
    `100 more tasks completed ${resumed ? ((resumed.at - killedAt) / 1000).toFixed(1) : '?'} s after it; longest time without a completion: ${(longestStall(samples) / 1000).toFixed(1)} s`);

  // Every task: completed with success, in one attempt (no node was lost: nothing to requeue),
  // and its command ran exactly that once.
  const tasks = await listAll(cluster.api, 'big');
  t.is(tasks.length, TOTAL);
  const ran = new Map<string, { start: number; end: number }>();
  const text = await readFile(lines, 'utf8');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [id, what] = line.split(' ');
    const r = ran.get(id!) ?? { start: 0, end: 0 };
    if (what === 'start') r.start++;
    else if (what === 'end') r.end++;
    else t.fail(`unexpected line '${line}'`);
    ran.set(id!, r);
  }
  const wrong: string[] = [];
  for (const task of tasks) {
    const e = task.executionInfo!;
    const attempts = 1 + e.retryCount + e.requeueCount;
    const r = ran.get(task.id) ?? { start: 0, end: 0 };
    if (task.state !== 'completed' || e.result !== 'success' || e.exitCode !== 0) wrong.push(`${task.id}: ${task.state} ${e.result} exit ${e.exitCode}`);
    if (attempts !== 1) wrong.push(`${task.id}: ${e.retryCount} retries, ${e.requeueCount} requeues`);
    if (r.start !== attempts || r.end !== attempts) wrong.push(`${task.id}: ${attempts} attempt(s) but started ${r.start} and ended ${r.end} times`);
  }
  t.deepEqual(wrong.slice(0, 20), [], `${wrong.length} tasks off`);
  t.is(ran.size, TOTAL);

  // Nothing left active: no task process, no node running anything, no report waiting.
  t.deepEqual(await processesMatching(lines), []);
  const { nodes } = await cluster.api.ListNodes({ poolId: 'testpool' });
  t.deepEqual(nodes.map((n) => `${n.id} ${n.state} ${n.runningTasksCount}`).sort(), ['node-1 idle 0', 'node-2 idle 0']);
  await cluster.until('every report acked', async () => {
    const c = await jsm.consumers.info(STREAM_REPORTS, CONSUMER_REPORTS);
    return c.num_pending === 0 && c.num_ack_pending === 0;
  });

  // The killed server, started again on its ports and store, rejoins: the meta group counts it
  // current, and it holds a caught-up copy of every stream again.
  const restartedAt = Date.now();
  await nats.restart(victim);
  await cluster.until(`${victim} current in every stream`, async () => {
    for (const name of TROUPE_STREAMS) {
      const info = await jsm.streams.info(name);
      const here = info.cluster?.leader === victim || info.cluster?.replicas?.some((r) => r.name === victim && r.current && !r.offline);
      if (!here) return false;
    }
    return true;
  }, 120_000);
  t.log(`${victim} rejoined and caught up ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after its restart`);

  // And the cluster still works: a small job after the rejoin.
  await cluster.api.CreateJob({ job: { id: 'after', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'after', tasks: Array.from({ length: 20 }, (_, i) => ({ id: `a${i}`, commandArgs: ['/bin/true'] })) });
  const after = await cluster.waitForJobTasks('after', 20);
  t.is(after.succeeded, 20);
});

/** Asks the stream's (or its consumer's) leader to step down until `server` is elected. */
async function leadFrom(t: ExecutionContext, jsm: JetStreamManager, nc: NatsConnection, server: string, stream: string, consumer?: string): Promise<void> {
  const leader = async () => (consumer ? (await jsm.consumers.info(stream, consumer)).cluster : (await jsm.streams.info(stream)).cluster)?.leader;
  const subject = consumer ? `$JS.API.CONSUMER.LEADER.STEPDOWN.${stream}.${consumer}` : `$JS.API.STREAM.LEADER.STEPDOWN.${stream}`;
  for (let i = 0; i < 20; i++) {
    const now = await leader().catch(() => undefined);
    if (now === server) return;
    if (now) await nc.request(subject, undefined, { timeout: 5000 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
  }
  t.log(`${consumer ?? stream} could not be moved to ${server}`);
}

/** The servers holding the stream: its leader and its replicas. */
function placement(info: StreamInfo): string[] {
  return [info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)].filter((n): n is string => !!n);
}

/** What the server leads: the meta group, streams. */
async function rolesOf(jsm: JetStreamManager, server: string, metaLeader: string): Promise<string[]> {
  const roles = server === metaLeader ? ['JetStream meta leader'] : ['not the meta leader'];
  const led: string[] = [];
  for (const name of TROUPE_STREAMS) if ((await jsm.streams.info(name)).cluster?.leader === server) led.push(name);
  roles.push(`leader of ${led.join(', ')}`);
  const consumer = await jsm.consumers.info(STREAM_REPORTS, CONSUMER_REPORTS);
  if (consumer.cluster?.leader === server) roles.push('leader of the report consumer');
  return roles;
}

/** The names of the clients connected to a server (from its monitoring endpoint). */
async function clientsOf(monitorUrl: string): Promise<string[]> {
  const res = await fetch(`${monitorUrl}/connz`);
  const body = (await res.json()) as { connections?: { name?: string }[] };
  return (body.connections ?? []).map((c) => c.name ?? '?').filter((n) => n.startsWith('troupe-'));
}

/** The longest time between two samples in which the completed count did not move. */
function longestStall(samples: { at: number; completed: number }[]): number {
  let longest = 0;
  let since = samples[0]?.at ?? 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i]!.completed !== samples[i - 1]!.completed) since = samples[i]!.at;
    else longest = Math.max(longest, samples[i]!.at - since);
    if (samples[i]!.completed >= TOTAL) break;
  }
  return longest;
}

async function listAll(api: TroupeApi, jobId: string): Promise<Task[]> {
  const all: Task[] = [];
  let pageToken = '';
  do {
    const page = await api.ListTasks({ jobId, maxResults: 5000, pageToken });
    all.push(...page.tasks);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}
