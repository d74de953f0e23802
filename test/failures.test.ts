// Losing parts of the cluster mid-job: every accepted task still reaches `completed`.
// - a worker killed with SIGKILL: its node goes offline within the node timeout, its tasks are
//   requeued (requeueCount, not retryCount) and complete on the other worker;
// - the coordinator killed with SIGKILL and started again: nothing is lost, nothing that completed
//   runs again;
// - nats-server restarted: the daemons reconnect and the job finishes.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import { fixture, startCluster } from './helpers/cluster.ts';
import { startNatsServer } from '../src/cluster/nats-server.ts';

async function scratchDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await taskScratchDir(path.join(os.tmpdir(), 'troupe-runs-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A command that runs until `file` exists: the test decides when such a task may end, so what
 *  it checks while the task runs cannot be raced by the task finishing first. It also ends if the
 *  file's directory goes (the scratch directory's teardown), so none outlives the test. */
const runUntil = (file: string) => ['/bin/sh', '-c', 'while [ ! -e "$0" ]; do [ -d "${0%/*}" ] || exit 1; sleep 0.05; done', file];

/** Task id -> how many times it ran (count-run.sh appends one line per run). */
async function runCounts(dir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const f of await readdir(dir)) counts.set(f, (await readFile(path.join(dir, f), 'utf8')).trim().split('\n').length);
  return counts;
}

test('a worker killed mid-job: its node goes offline, its tasks are requeued and complete on the other node', async (t) => {
  const cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '2s', heartbeat: '200ms' });
  t.teardown(() => cluster.stop());
  const scratch = await scratchDir(t);
  // The tasks end only once node-1 is gone: those it runs cannot complete there first, however
  // late the test gets to the kill (with timed tasks, a slow test could kill a node whose tasks
  // had just reported their exit).
  const go = path.join(scratch, 'go');
  await cluster.api.CreateJob({ job: { id: 'loss', poolInfo: { poolId: 'testpool' } } });
  const tasks = Array.from({ length: 8 }, (_, i) => ({ id: `t${i}`, commandArgs: runUntil(go) }));
  await cluster.api.AddTaskCollection({ jobId: 'loss', tasks });
  const lost = await cluster.until('tasks running on node-1', async () => {
    const { tasks: running } = await cluster.api.ListTasks({ jobId: 'loss', state: 'running' });
    const ids = running.filter((x) => x.executionInfo!.nodeId === 'node-1').map((x) => x.id);
    return ids.length === 2 ? ids : undefined;
  });
  await cluster.workers.get('node-1')!.crash();

  const offline = await cluster.until('node-1 offline', async () => {
    const n = await cluster.api.GetNode({ nodeId: 'node-1' });
    return n.state === 'offline' ? n : undefined;
  }, 30_000);
  t.is(offline.state, 'offline');
  // Measured by the coordinator (last heartbeat heard to offline), not by this test's clock,
  // which also counts how slowly a loaded machine lets the test kill and poll.
  const silentFor = Date.parse(offline.stateTransitionTime) - Date.parse(offline.lastHeartbeatTime);
  t.true(silentFor < 10_000, `offline within the default bound of 10 s (after ${silentFor} ms)`);

  await writeFile(go, '');
  await cluster.waitForJobTasks('loss', 8);
  const counts = await cluster.api.GetTaskCounts({ jobId: 'loss' });
  t.is(counts.succeeded, 8);
  for (const id of lost) {
    const task = await cluster.api.GetTask({ jobId: 'loss', taskId: id });
    t.is(task.executionInfo!.result, 'success');
    t.is(task.executionInfo!.nodeId, 'node-2', `${id} finished on the surviving node`);
    t.true(task.executionInfo!.requeueCount >= 1, `${id} was requeued`);
    t.is(task.executionInfo!.retryCount, 0, `${id}: a requeue is not a retry`);
  }
});

test('the coordinator killed mid-job and restarted: every task completes, none that completed runs again', async (t) => {
  // No node is lost here, and this test counts runs and requeues exactly: a node timeout a loaded
  // machine cannot reach keeps a healthy but slow worker from being declared offline.
  const cluster = await startCluster({ workers: 2, slots: 3, nodeTimeout: '60s' });
  t.teardown(() => cluster.stop());
  const runs = await scratchDir(t);
  await cluster.api.CreateJob({ job: { id: 'restart', poolInfo: { poolId: 'testpool' } } });
  const total = 60;
  const tasks = Array.from({ length: total }, (_, i) => ({ id: `t${i}`, commandArgs: [fixture('count-run.sh'), runs, '0.2'] }));
  await cluster.api.AddTaskCollection({ jobId: 'restart', tasks });
  await cluster.until('some tasks done', async () => (await cluster.api.GetTaskCounts({ jobId: 'restart' })).completed >= 10);

  await cluster.coordinator.crash();
  // Workers go on meanwhile: their reports wait in JetStream.
  await new Promise((r) => setTimeout(r, 500));
  await cluster.startCoordinator();

  const counts = await cluster.waitForJobTasks('restart', total);
  t.is(counts.succeeded, total);
  const ran = await runCounts(runs);
  t.is(ran.size, total);
  const twice = [...ran].filter(([, n]) => n > 1);
  // A task could only run twice if its node was lost, which did not happen here.
  t.deepEqual(twice, []);
  const { tasks: listed } = await cluster.api.ListTasks({ jobId: 'restart', maxResults: 1000 });
  t.is(listed.length, total);
  t.true(listed.every((x) => x.state === 'completed' && x.executionInfo!.requeueCount === 0));
});

test('nats-server restarted mid-job: daemons reconnect and every task completes', async (t) => {
  const cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '10s' });
  t.teardown(() => cluster.stop());
  const runs = await scratchDir(t);
  await cluster.api.CreateJob({ job: { id: 'natsdown', poolInfo: { poolId: 'testpool' } } });
  const total = 30;
  await cluster.api.AddTaskCollection({
    jobId: 'natsdown',
    tasks: Array.from({ length: total }, (_, i) => ({ id: `t${i}`, commandArgs: [fixture('count-run.sh'), runs, '0.3'] })),
  });
  await cluster.until('some tasks done', async () => (await cluster.api.GetTaskCounts({ jobId: 'natsdown' })).completed >= 4);
  const port = cluster.nats.port;
  await cluster.nats.stop();
  await new Promise((r) => setTimeout(r, 1000));
  cluster.nats = await startNatsServer({ ...cluster.natsOptions(), port });
  const counts = await cluster.waitForJobTasks('natsdown', total, 120_000);
  t.is(counts.succeeded, total);
  t.is((await runCounts(runs)).size, total);
});

test('nats-server down for longer than the node timeout: nodes are not declared lost, nothing is requeued', async (t) => {
  // 5 s, not less: this test counts requeues exactly (none), and a shorter timeout can declare a
  // healthy worker offline when a loaded machine holds it back for a moment.
  const cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '5s', heartbeat: '200ms' });
  t.teardown(() => cluster.stop());
  const scratch = await scratchDir(t);
  // Held running until NATS goes down, then let finish at once: their exit reports wait for NATS
  // to come back (or were stored just before). Released before the stop, not after: a worker
  // whose NATS is gone for half the node timeout ends what still runs (connection-fence.ts) and
  // that is requeued; a stop of nats-server that took seconds on a loaded machine let the fence
  // beat the release, and the four running tasks were requeued.
  const go = path.join(scratch, 'go');
  await cluster.api.CreateJob({ job: { id: 'outage', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'outage', tasks: Array.from({ length: 8 }, (_, i) => ({ id: `o${i}`, commandArgs: runUntil(go) })) });
  await cluster.until('tasks running', async () => (await cluster.api.GetTaskCounts({ jobId: 'outage' })).running === 4);
  const port = cluster.nats.port;
  await writeFile(go, '');
  await cluster.nats.stop();
  await new Promise((r) => setTimeout(r, 8000)); // the outage itself: longer than the 5 s node timeout and a sweep
  cluster.nats = await startNatsServer({ ...cluster.natsOptions(), port });
  const counts = await cluster.waitForJobTasks('outage', 8, 120_000);
  t.is(counts.succeeded, 8);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'outage' });
  t.deepEqual(tasks.filter((x) => x.executionInfo!.requeueCount > 0).map((x) => x.id), [], 'no task was requeued');
  const { nodes } = await cluster.api.ListNodes({});
  t.true(nodes.every((n) => n.state === 'idle' || n.state === 'running'));
});
