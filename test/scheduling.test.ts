// Scheduling policies through the real daemons: job priority, maxParallelTasks, requiredSlots,
// and a worker that stops cleanly handing its tasks back at once.
import test from 'ava';
import { startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2 });
});

const sleepTask = (id: string, seconds = 0.3, requiredSlots = 1) => ({ id, commandArgs: ['/bin/sh', '-c', `sleep ${seconds}`], requiredSlots });
const startOf = (t: { executionInfo?: { startTime?: string } | null }) => Date.parse(t.executionInfo!.startTime!);

test.serial('queued tasks of a higher-priority job start before those of a lower-priority one', async (t) => {
  // Occupy every slot so that both jobs queue up behind it.
  await cluster.api.CreateJob({ job: { id: 'blocker', poolInfo: { poolId: 'testpool' }, priority: 1000 } });
  await cluster.api.AddTaskCollection({ jobId: 'blocker', tasks: [0, 1, 2, 3].map((i) => sleepTask(`b${i}`, 1)) });
  await cluster.until('all slots busy', async () => (await cluster.api.GetTaskCounts({ jobId: 'blocker' })).running === 4);
  await cluster.api.CreateJob({ job: { id: 'low', poolInfo: { poolId: 'testpool' }, priority: -10 } });
  await cluster.api.AddTaskCollection({ jobId: 'low', tasks: [0, 1, 2, 3].map((i) => sleepTask(`l${i}`)) });
  await cluster.api.CreateJob({ job: { id: 'high', poolInfo: { poolId: 'testpool' }, priority: 10 } });
  await cluster.api.AddTaskCollection({ jobId: 'high', tasks: [0, 1, 2, 3].map((i) => sleepTask(`h${i}`)) });
  await cluster.waitForJobTasks('low', 4);
  await cluster.waitForJobTasks('high', 4);
  const high = (await cluster.api.ListTasks({ jobId: 'high' })).tasks.map(startOf);
  const low = (await cluster.api.ListTasks({ jobId: 'low' })).tasks.map(startOf);
  t.true(Math.max(...high) <= Math.min(...low), `high-priority tasks started ${high} before low ones ${low}`);
});

test.serial('maxParallelTasks caps how many tasks of a job run at once', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'capped', poolInfo: { poolId: 'testpool' }, maxParallelTasks: 1 } });
  let most = 0;
  const call = cluster.api.raw.Watch({ jobId: 'capped' });
  call.on('error', () => {});
  const running = new Set<string>();
  call.on('data', (e: { task?: { id: string; state: string } }) => {
    if (!e.task) return;
    if (e.task.state === 'preparing' || e.task.state === 'running') running.add(e.task.id);
    else running.delete(e.task.id);
    most = Math.max(most, running.size);
  });
  await cluster.api.AddTaskCollection({ jobId: 'capped', tasks: [0, 1, 2, 3].map((i) => sleepTask(`c${i}`, 0.2)) });
  await cluster.waitForJobTasks('capped', 4);
  call.cancel();
  t.is(most, 1);
  const starts = (await cluster.api.ListTasks({ jobId: 'capped' })).tasks.map(startOf).sort();
  t.is(new Set(starts).size, 4);
});

test.serial('a task needing more slots waits for a node with that many free, and gets them all', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'wide', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'wide', tasks: [sleepTask('w0', 0.5, 2), sleepTask('w1', 0.5, 2), sleepTask('w2', 0.5, 2)] });
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
  await done;
  await sampling;
  t.is(peak, 2);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'wide' });
  t.true(tasks.every((x) => x.executionInfo!.result === 'success' && x.requiredSlots === 2));
});

test.serial('a worker stopped cleanly hands its running tasks back at once; they finish elsewhere', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'handback', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'handback', tasks: [0, 1, 2, 3].map((i) => sleepTask(`r${i}`, 2)) });
  await cluster.until('tasks running on node-2', async () =>
    (await cluster.api.ListTasks({ jobId: 'handback', state: 'running' })).tasks.some((x) => x.executionInfo!.nodeId === 'node-2'));
  await cluster.workers.get('node-2')!.stop();
  const node = await cluster.api.GetNode({ nodeId: 'node-2' });
  t.is(node.state, 'leavingpool');
  await cluster.waitForJobTasks('handback', 4);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'handback' });
  t.true(tasks.every((x) => x.executionInfo!.result === 'success' && x.executionInfo!.nodeId === 'node-1'), JSON.stringify(tasks.map((x) => [x.id, x.executionInfo])));
  t.true(tasks.some((x) => x.executionInfo!.requeueCount === 1));
  t.true(tasks.every((x) => x.executionInfo!.retryCount === 0));
});
