// Scheduling policies through the real daemons: job priority, maxParallelTasks, requiredSlots,
// and a worker that stops cleanly handing its tasks back at once.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import type { WatchEvent__Output } from '../src/protocol/generated/troupe/v1/WatchEvent.ts';

// No test here loses a node (a worker that stops cleanly says so): a node timeout a loaded
// machine cannot reach keeps a healthy but slow worker from being declared offline, and lets the
// hand-back test tell a hand-back from a time-out.
const NODE_TIMEOUT_MS = 60_000;

let cluster: TestCluster;
let scratch: string;
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: `${NODE_TIMEOUT_MS / 1000}s` });
  scratch = await taskScratchDir(path.join(os.tmpdir(), 'troupe-scratch-'));
});

const sleepTask = (id: string, seconds = 0.3, requiredSlots = 1) => ({ id, commandArgs: ['/bin/sh', '-c', `sleep ${seconds}`], requiredSlots });
/** A task that runs until `file` exists: the test decides when it may end, so what it checks
 *  meanwhile cannot be raced by the task finishing first. It also ends if the file's directory
 *  goes (the scratch directory's removal), so none outlives the tests. */
const heldTask = (id: string, file: string, requiredSlots = 1) => ({
  id, requiredSlots, commandArgs: ['/bin/sh', '-c', 'while [ ! -e "$0" ]; do [ -d "${0%/*}" ] || exit 1; sleep 0.05; done', file],
});
const startOf = (t: { executionInfo?: { startTime?: string } | null }) => Date.parse(t.executionInfo!.startTime!);

test.serial('queued tasks of a higher-priority job start before those of a lower-priority one', async (t) => {
  // Occupy every slot so that both jobs queue up behind it, for as long as the test takes to
  // queue them (timed blockers could free a slot to the low job before the high one exists).
  const unblock = path.join(scratch, 'unblock');
  const release = path.join(scratch, 'release');
  await cluster.api.CreateJob({ job: { id: 'blocker', poolInfo: { poolId: 'testpool' }, priority: 1000 } });
  await cluster.api.AddTaskCollection({ jobId: 'blocker', tasks: [0, 1, 2, 3].map((i) => heldTask(`b${i}`, unblock)) });
  await cluster.until('all slots busy', async () => (await cluster.api.GetTaskCounts({ jobId: 'blocker' })).running === 4);
  await cluster.api.CreateJob({ job: { id: 'low', poolInfo: { poolId: 'testpool' }, priority: -10 } });
  await cluster.api.AddTaskCollection({ jobId: 'low', tasks: [0, 1, 2, 3].map((i) => heldTask(`l${i}`, release)) });
  await cluster.api.CreateJob({ job: { id: 'high', poolInfo: { poolId: 'testpool' }, priority: 10 } });
  await cluster.api.AddTaskCollection({ jobId: 'high', tasks: [0, 1, 2, 3].map((i) => heldTask(`h${i}`, release)) });
  await writeFile(unblock, '');
  // The four freed slots go to whichever job the scheduler prefers, and stay taken (the tasks are
  // held) until the test has seen which.
  const taken = await cluster.until('the freed slots taken', async () => {
    const [high, low] = await Promise.all([cluster.api.GetTaskCounts({ jobId: 'high' }), cluster.api.GetTaskCounts({ jobId: 'low' })]);
    return high.running + low.running === 4 ? { high: high.running, low: low.running } : undefined;
  });
  t.deepEqual(taken, { high: 4, low: 0 }, 'the freed slots went to the high-priority job');
  await writeFile(release, '');
  await cluster.waitForJobTasks('low', 4);
  await cluster.waitForJobTasks('high', 4);
  const high = (await cluster.api.ListTasks({ jobId: 'high' })).tasks.map(startOf);
  const low = (await cluster.api.ListTasks({ jobId: 'low' })).tasks.map(startOf);
  t.true(Math.max(...high) <= Math.min(...low), `high-priority tasks started ${high} before low ones ${low}`);
});

test.serial('maxParallelTasks caps how many tasks of a job run at once', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'capped', poolInfo: { poolId: 'testpool' }, maxParallelTasks: 1 } });
  let most = 0;
  // With the initial state, so the tasks are added only once the watch is certainly subscribed
  // (otherwise a slow start of the stream could miss them all).
  const call = cluster.api.raw.Watch({ jobId: 'capped', includeInitial: true });
  call.on('error', () => {});
  const running = new Set<string>();
  const synced = new Promise<void>((resolve) => call.on('data', (e: WatchEvent__Output) => {
    if (e.initialSyncDone) resolve();
    if (!e.task) return;
    if (e.task.state === 'preparing' || e.task.state === 'running') running.add(e.task.id);
    else running.delete(e.task.id);
    most = Math.max(most, running.size);
  }));
  await synced;
  await cluster.api.AddTaskCollection({ jobId: 'capped', tasks: [0, 1, 2, 3].map((i) => sleepTask(`c${i}`, 0.2)) });
  await cluster.waitForJobTasks('capped', 4);
  call.cancel();
  t.is(most, 1);
  const starts = (await cluster.api.ListTasks({ jobId: 'capped' })).tasks.map(startOf).sort();
  t.is(new Set(starts).size, 4);
});

test.serial('a task needing more slots waits for a node with that many free, and gets them all', async (t) => {
  // Held until the test has seen two of them take a whole node each and the third wait (timed
  // tasks could come and go between two samples of a slow test).
  const go = path.join(scratch, 'wide-go');
  await cluster.api.CreateJob({ job: { id: 'wide', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'wide', tasks: [heldTask('w0', go, 2), heldTask('w1', go, 2), heldTask('w2', go, 2)] });
  let peak = 0;
  const done = cluster.waitForJobTasks('wide', 3);
  const sampling = (async () => {
    for (;;) {
      const { nodes } = await cluster.api.ListNodes({ poolId: 'testpool' });
      for (const n of nodes) {
        t.true(n.runningTaskSlots <= n.taskSlots, `${n.id} over-committed: ${n.runningTaskSlots}/${n.taskSlots}`);
        peak = Math.max(peak, n.runningTaskSlots);
      }
      if ((await cluster.api.GetTaskCounts({ jobId: 'wide' })).completed === 3) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  // Two of them placed (their dispatch stored: a node's slots are taken a moment before), a whole
  // node each, and held there.
  const waiting = await cluster.until('two of them running', async () => {
    const c = await cluster.api.GetTaskCounts({ jobId: 'wide' });
    return c.running === 2 ? c : undefined;
  });
  t.is(waiting.active, 1, 'the third waits for a node with two free slots');
  const { nodes: full } = await cluster.api.ListNodes({ poolId: 'testpool' });
  t.deepEqual(full.map((n) => n.runningTaskSlots), [2, 2]);
  await writeFile(go, '');
  await done;
  await sampling;
  t.is(peak, 2);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'wide' });
  t.true(tasks.every((x) => x.executionInfo!.result === 'success' && x.requiredSlots === 2));
});

test.serial('a worker stopped cleanly hands its running tasks back at once; they finish elsewhere', async (t) => {
  // Held until node-2 has stopped: its tasks cannot finish there first, however slowly it stops.
  const go = path.join(scratch, 'handback-go');
  await cluster.api.CreateJob({ job: { id: 'handback', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'handback', tasks: [0, 1, 2, 3].map((i) => heldTask(`r${i}`, go)) });
  await cluster.until('tasks running on node-2', async () =>
    (await cluster.api.ListTasks({ jobId: 'handback', state: 'running' })).tasks.some((x) => x.executionInfo!.nodeId === 'node-2'));
  await cluster.workers.get('node-2')!.stop();
  // Its leaving heartbeat may still be on its way to the coordinator when the process has exited.
  const node = await cluster.until('node-2 leaving the pool', async () => {
    const n = await cluster.api.GetNode({ nodeId: 'node-2' });
    return n.state === 'leavingpool' ? n : undefined;
  });
  t.is(node.state, 'leavingpool');
  await writeFile(go, '');
  // Well within the node timeout: only the hand-back, not node-2 timing out, can requeue them.
  await cluster.waitForJobTasks('handback', 4, NODE_TIMEOUT_MS / 2);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'handback' });
  t.true(tasks.every((x) => x.executionInfo!.result === 'success' && x.executionInfo!.nodeId === 'node-1'), JSON.stringify(tasks.map((x) => [x.id, x.executionInfo])));
  t.true(tasks.some((x) => x.executionInfo!.requeueCount === 1));
  t.true(tasks.every((x) => x.executionInfo!.retryCount === 0));
});
