// Resize through real processes (issue 13 item 2): pools with the local node provider, whose
// workers the coordinator starts as its children; growing from 0, shrinking to 0 with each node
// deallocation option (what happens to a running task), RemoveNodes, stop-resize, and the
// manual provider refusing to grow.
import test from 'ava';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixture, type TestCluster } from './helpers/cluster.ts';
import { nodeNames, prepareNodeConfigs, startLocalProviderCluster } from './helpers/elastic-nodes.ts';

let c: TestCluster;
let dir: string;
let stop: (() => Promise<void>) | undefined;
test.before(async () => {
  ({ c, dir, stop } = await startLocalProviderCluster());
});
test.after.always(() => stop?.());

async function localPool(id: string, nodes: number): Promise<void> {
  await prepareNodeConfigs(c, dir, nodeNames(id, nodes));
  await c.api.CreatePool({ pool: { id, taskSlotsPerNode: 1, nodeProvider: { kind: 'local' } } });
}

async function steady(poolId: string) {
  return c.until(`pool ${poolId} steady`, async () => {
    const p = await c.api.GetPool({ poolId });
    return p.allocationState === 'steady' ? p : undefined;
  }, 90_000);
}

async function nodesOf(poolId: string) {
  return (await c.api.ListNodes({ poolId })).nodes;
}

/** Grows the pool to `n` dedicated nodes and waits for them to be idle. */
async function growTo(poolId: string, n: number) {
  const resizing = await c.api.ResizePool({ poolId, targetDedicatedNodes: n, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '' });
  await c.until(`${n} idle nodes in ${poolId}`, async () => (await nodesOf(poolId)).filter((x) => x.state === 'idle').length === n, 90_000);
  return resizing;
}

async function runningTask(poolId: string, jobId: string, commandLine: string) {
  await c.api.CreateJob({ job: { id: jobId, poolInfo: { poolId } } });
  await c.api.AddTask({ jobId, task: { id: 't', commandLine } });
  return c.waitForTask(jobId, 't', 'running');
}

async function shrinkToZero(poolId: string, option: string) {
  await c.api.ResizePool({ poolId, targetDedicatedNodes: 0, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: option });
}

test.serial('resize up from 0 to 2: the local provider starts two workers, which join idle; the pool is steady with 2 current nodes', async (t) => {
  await localPool('grow', 2);
  const resizing = await growTo('grow', 2);
  t.is(resizing.allocationState, 'resizing');
  t.is(resizing.targetDedicatedNodes, 2);
  const pool = await steady('grow');
  t.is(pool.currentDedicatedNodes, 2);
  t.is(pool.currentLowPriorityNodes, 0);
  t.deepEqual(pool.resizeErrors, []);
  t.deepEqual((await nodesOf('grow')).map((n) => n.id).sort(), ['grow-1', 'grow-2']);
  t.regex(c.coordinator.logs(), /"msg":"local worker started".*"nodeId":"grow-1"/);
  // And back down to 0: the workers are told to leave and exit.
  await shrinkToZero('grow', 'requeue');
  const down = await steady('grow');
  t.is(down.currentDedicatedNodes, 0);
  t.deepEqual(await nodesOf('grow'), []);
});

test.serial('shrinking with requeue: the running task is requeued (requeueCount, not retryCount) and the node goes at once', async (t) => {
  await localPool('rq', 1);
  await growTo('rq', 1);
  await runningTask('rq', 'rq-job', `${fixture('hang.sh')}`);
  await shrinkToZero('rq', 'requeue');
  let last: unknown;
  const task = await c.until('task requeued', async () => {
    const x = await c.api.GetTask({ jobId: 'rq-job', taskId: 't' });
    last = x;
    return x.state === 'active' && x.executionInfo!.requeueCount >= 1 ? x : undefined;
  }).catch((err: Error) => {
    // What the task became instead, and what the coordinator said of it and of the node.
    t.log(JSON.stringify(last, null, 1));
    t.log(c.coordinator.logs().split('\n').filter((l) => l.includes('rq-job') || l.includes('"nodeId":"rq-')).join('\n'));
    throw err;
  });
  t.is(task.executionInfo!.retryCount, 0);
  await steady('rq');
  t.deepEqual(await nodesOf('rq'), []);
  await c.api.TerminateJob({ jobId: 'rq-job', terminateReason: '' });
});

test.serial('shrinking with terminate: the running task completes as terminated, then the node goes', async (t) => {
  await localPool('term', 1);
  await growTo('term', 1);
  await runningTask('term', 'term-job', `${fixture('hang.sh')}`);
  await shrinkToZero('term', 'terminate');
  const task = await c.waitForTask('term-job', 't', 'completed', 60_000);
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.retryCount, 0);
  t.is(task.executionInfo!.requeueCount, 0);
  await steady('term');
  t.deepEqual(await nodesOf('term'), []);
});

for (const option of ['taskcompletion', 'retaineddata'] as const) {
  test.serial(`shrinking with ${option}: the running task runs to its end (the node takes no new task meanwhile), then the node goes`, async (t) => {
    const pool = `tc-${option}`;
    await localPool(pool, 1);
    await growTo(pool, 1);
    // The task runs until the test lets it end: however slow the machine, the node is seen
    // draining before it goes.
    const release = path.join(c.dir, `release-${pool}`);
    await runningTask(pool, `${pool}-job`, `/bin/sh -c "while [ ! -e ${release} ]; do sleep 0.1; done; echo finished"`);
    await shrinkToZero(pool, option);
    // Still there while the task runs, its scheduling disabled.
    const draining = await c.until('node disabled', async () => {
      const [n] = await nodesOf(pool);
      return n?.schedulingState === 'disabled' ? n : undefined;
    });
    t.is(draining.state, 'running');
    await c.api.AddTask({ jobId: `${pool}-job`, task: { id: 'later', commandLine: '/bin/true' } });
    await writeFile(release, '');
    const task = await c.waitForTask(`${pool}-job`, 't', 'completed', 60_000);
    t.is(task.executionInfo!.result, 'success');
    // Read from the machine: the node may have left already, and with it the API's way to its files.
    t.is(await readFile(path.join(dir, `${pool}-1`, 'workitems', `${pool}-job`, 'job-1', 't', 'stdout.txt'), 'utf8'), 'finished\n');
    await steady(pool);
    t.deepEqual(await nodesOf(pool), []);
    t.is((await c.api.GetTask({ jobId: `${pool}-job`, taskId: 'later' })).state, 'active', 'no new task went to the leaving node');
    if (option === 'retaineddata') {
      // The task's files stay on the machine after its node left.
      t.true((await stat(path.join(dir, `${pool}-1`, 'workitems', `${pool}-job`, 'job-1', 't', 'stdout.txt'))).isFile());
    }
    await c.api.TerminateJob({ jobId: `${pool}-job`, terminateReason: '' });
  });
}

test.serial('RemoveNodes removes the named node and lowers the target; a node of another pool is refused', async (t) => {
  await localPool('rm', 2);
  await growTo('rm', 2);
  await steady('rm');
  const bad = await t.throwsAsync(c.api.RemoveNodes({ poolId: 'rm', nodeIds: ['nope'], resizeTimeout: '', nodeDeallocationOption: '' })) as unknown as { code: number };
  t.is(bad.code, 5);
  const pool = await c.api.RemoveNodes({ poolId: 'rm', nodeIds: ['rm-1'], resizeTimeout: '', nodeDeallocationOption: 'requeue' });
  t.is(pool.targetDedicatedNodes, 1);
  await steady('rm');
  t.deepEqual((await nodesOf('rm')).map((n) => n.id), ['rm-2']);
  await shrinkToZero('rm', 'requeue');
  await steady('rm');
});

test.serial('stop-resize: the pool goes stopping then steady, its targets what it has', async (t) => {
  await localPool('stop', 3);
  await c.api.ResizePool({ poolId: 'stop', targetDedicatedNodes: 3, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '' });
  const stopping = await c.api.StopPoolResize({ poolId: 'stop' });
  t.true(['stopping', 'steady'].includes(stopping.allocationState));
  const pool = await steady('stop');
  t.is(pool.targetDedicatedNodes, pool.currentDedicatedNodes);
  await shrinkToZero('stop', 'requeue');
  await steady('stop');
});

test.serial('a manual pool cannot be grown: ResizePool is refused at once, naming the provider', async (t) => {
  await c.api.CreatePool({ pool: { id: 'hand', taskSlotsPerNode: 1 } });
  const err = await t.throwsAsync(c.api.ResizePool({ poolId: 'hand', targetDedicatedNodes: 1, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '' })) as unknown as { code: number; details: string };
  t.is(err.code, 9);
  t.regex(err.details, /manual provider/);
  const bad = await t.throwsAsync(c.api.ResizePool({ poolId: 'hand', targetDedicatedNodes: -1, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: 'sometimes' })) as unknown as { code: number; details: string };
  t.is(bad.code, 3);
  t.regex(bad.details, /targetDedicatedNodes/);
  const missing = await t.throwsAsync(c.api.ResizePool({ poolId: 'nope', targetDedicatedNodes: 0, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '' })) as unknown as { code: number };
  t.is(missing.code, 5);
});
