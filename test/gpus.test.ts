// GPUs through real daemons (issue 13 item 6). This machine has none: the workers declare theirs
// (--gpus). Tasks asking for GPUs run concurrently, each with devices of its own in
// CUDA_VISIBLE_DEVICES; no device of a node is held by two tasks at once (checked from the
// tasks' own start and end times); a task wanting more devices than any node has waits; a task
// without GPUs on a GPU node sees none; a restarted coordinator knows which devices are taken.
import test from 'ava';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 0, slots: 4, nodeTimeout: '60s' });
  await cluster.startWorker('gpu-a', ['--gpus', '0,1']);
  await cluster.startWorker('gpu-b', ['--gpus', '0']);
  await cluster.waitForNodes(2, 'idle');
  await cluster.api.CreateJob({ job: { id: 'gpus', poolInfo: { poolId: 'testpool' } } });
});

interface Run { taskId: string; nodeId: string; wanted: number; devices: string[]; troupe: string; start: number; end: number }

function parseRun(taskId: string, nodeId: string, wanted: number, out: string): Run {
  const field = (name: string) => out.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1) ?? '';
  const cuda = field('cuda');
  return {
    taskId, nodeId, wanted, devices: cuda === '' || cuda === 'unset' ? [] : cuda.split(','), troupe: field('troupe'),
    start: Number(BigInt(field('start')) / 1000n), end: Number(BigInt(field('end')) / 1000n),
  };
}

test.serial('the nodes show the devices they declared', async (t) => {
  const a = await cluster.api.GetNode({ nodeId: 'gpu-a' });
  const b = await cluster.api.GetNode({ nodeId: 'gpu-b' });
  t.deepEqual(a.gpuIds, ['0', '1']);
  t.deepEqual(b.gpuIds, ['0']);
  t.deepEqual(a.gpuIdsInUse, []);
});

test.serial('10 tasks wanting 1 or 2 GPUs run concurrently, never two on one device; one wanting 3 waits', async (t) => {
  await cluster.api.AddTask({ jobId: 'gpus', task: { id: 'three', commandArgs: [fixture('gpu-task.sh'), '0'], requiredGpus: 3 } });
  const wants = [1, 2, 1, 1, 2, 1, 1, 2, 1, 1];
  await cluster.api.AddTaskCollection({
    jobId: 'gpus',
    tasks: wants.map((g, i) => ({ id: `g${i}`, commandArgs: [fixture('gpu-task.sh'), '0.6'], requiredGpus: g })),
  });
  // While they run, a node says which of its devices are held.
  const held = await cluster.until('a node with devices in use', async () => {
    const { nodes } = await cluster.api.ListNodes({ poolId: 'testpool' });
    return nodes.find((n) => n.gpuIdsInUse.length > 0);
  });
  t.true(held.gpuIdsInUse.every((g) => held.gpuIds.includes(g)));

  await cluster.until('the ten GPU tasks to complete', async () => {
    const { tasks } = await cluster.api.ListTasks({ jobId: 'gpus' });
    return tasks.filter((x) => x.id.startsWith('g') && x.state === 'completed').length === wants.length;
  }, 120_000);
  const runs: Run[] = [];
  for (let i = 0; i < wants.length; i++) {
    const task = await cluster.api.GetTask({ jobId: 'gpus', taskId: `g${i}` });
    t.is(task.executionInfo!.result, 'success', task.id);
    const run = parseRun(task.id, task.executionInfo!.nodeId, wants[i]!, await cluster.readOutput('gpus', task.id));
    t.is(run.devices.length, run.wanted, `${task.id} got as many devices as it asked for`);
    t.is(run.troupe, run.devices.join(','), `${task.id}: TROUPE_GPU_IDS names the same devices`);
    t.deepEqual(task.gpuIds, run.devices, `${task.id}: the task record names the devices it had`);
    const offered = task.executionInfo!.nodeId === 'gpu-a' ? ['0', '1'] : ['0'];
    t.true(run.devices.every((d) => offered.includes(d)), `${task.id} on ${run.nodeId}: ${run.devices}`);
    runs.push(run);
  }
  // No device of one node in two tasks' hands at the same moment.
  for (const a of runs) {
    for (const b of runs) {
      if (a === b || a.nodeId !== b.nodeId || !a.devices.some((d) => b.devices.includes(d))) continue;
      t.true(a.end <= b.start || b.end <= a.start, `${a.taskId} and ${b.taskId} shared a device of ${a.nodeId} at once`);
    }
  }
  // They did run side by side (three devices in all): at some moment at least two ran.
  const overlapping = runs.some((a) => runs.some((b) => a !== b && a.start < b.end && b.start < a.end));
  t.true(overlapping, 'some GPU tasks ran at the same time');
  t.true(runs.some((r) => r.nodeId === 'gpu-b'), 'the one-device node ran some');
  t.true(runs.filter((r) => r.wanted === 2).every((r) => r.nodeId === 'gpu-a'), 'two-device tasks only on the node with two');

  const three = await cluster.api.GetTask({ jobId: 'gpus', taskId: 'three' });
  t.is(three.state, 'active', 'a task wanting 3 GPUs is never placed on nodes of 2 and 1');
  t.is(three.executionInfo?.nodeId ?? '', '');
  for (const nodeId of ['gpu-a', 'gpu-b']) t.deepEqual((await cluster.api.GetNode({ nodeId })).gpuIdsInUse, [], `${nodeId} gave its devices back`);
});

test.serial('a task without GPUs on a GPU node sees none', async (t) => {
  await cluster.api.AddTask({ jobId: 'gpus', task: { id: 'plain', commandArgs: [fixture('gpu-task.sh'), '0'] } });
  await cluster.waitForTask('gpus', 'plain');
  const run = parseRun('plain', '', 0, await cluster.readOutput('gpus', 'plain'));
  t.deepEqual(run.devices, []);
  t.is(run.troupe, '', 'TROUPE_GPU_IDS is set, empty');
  t.regex(await cluster.readOutput('gpus', 'plain'), /^cuda $/m, 'CUDA_VISIBLE_DEVICES is set, empty (not unset: CUDA would then show every device)');
});

test.serial('bad requiredGpus values are refused, naming the field', async (t) => {
  for (const requiredGpus of [-1, 65]) {
    const err = await t.throwsAsync(cluster.api.AddTask({ jobId: 'gpus', task: { id: `bad${requiredGpus}`, commandLine: '/bin/true', requiredGpus } }));
    t.regex(err!.message, /INVALID_ARGUMENT|3 /);
    t.regex(err!.message, /task\.requiredGpus.*0 to 64/);
  }
  const gang = await t.throwsAsync(cluster.api.AddTask({ jobId: 'gpus', task: { id: 'gang', commandLine: '/bin/true', requiredGpus: 1, multiInstanceSettings: { numberOfInstances: 1 } } }));
  t.regex(gang!.message, /requiredGpus.*multi-instance/);
});

test.serial('a restarted coordinator rebuilds which devices are held from the running tasks', async (t) => {
  await cluster.api.AddTask({ jobId: 'gpus', task: { id: 'long', commandArgs: [fixture('gpu-task.sh'), '30'], requiredGpus: 1 } });
  const running = await cluster.waitForTask('gpus', 'long', 'running');
  const nodeId = running.executionInfo!.nodeId;
  t.deepEqual(running.gpuIds.length, 1);
  await cluster.coordinator.crash();
  await cluster.startCoordinator();
  const node = await cluster.until('the node as the new coordinator sees it', async () => {
    const n = await cluster.api.GetNode({ nodeId });
    return n.gpuIdsInUse.length > 0 ? n : undefined;
  });
  t.deepEqual(node.gpuIdsInUse, running.gpuIds);
  // The devices left free are all another one-device task may get on that node.
  await cluster.api.AddTask({ jobId: 'gpus', task: { id: 'after', commandArgs: [fixture('gpu-task.sh'), '0'], requiredGpus: 1 } });
  const after = await cluster.waitForTask('gpus', 'after');
  if (after.executionInfo!.nodeId === nodeId) t.notDeepEqual(after.gpuIds, running.gpuIds);
  t.is(after.executionInfo!.result, 'success');
  await cluster.api.TerminateTask({ jobId: 'gpus', taskId: 'long' });
});
