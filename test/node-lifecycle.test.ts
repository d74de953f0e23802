// Node lifecycle through real daemons (issue 13 item 5): offline nodes removed after
// --offline-node-removal, a deleted pool's nodes told to leave (their workers exit 0 and stop
// heartbeating), node counts per state and priority, stateTransitionTime on every change.
import test from 'ava';
import { once } from 'node:events';
import { fixture, startCluster } from './helpers/cluster.ts';

const NOT_FOUND = 5;

test('an offline node is removed after the offline-node-removal time, and a state change carries its transition time', async (t) => {
  const c = await startCluster({ workers: 2, nodeTimeout: '2s', coordinatorArgs: ['--offline-node-removal', '3s'] });
  t.teardown(() => c.stop());
  const before = await c.api.GetNode({ nodeId: 'node-1' });
  t.is(before.state, 'idle');
  await c.workers.get('node-1')!.crash();
  const offline = await c.until('node-1 offline', async () => {
    const n = await c.api.GetNode({ nodeId: 'node-1' });
    return n.state === 'offline' ? n : undefined;
  });
  t.true(Date.parse(offline.stateTransitionTime) > Date.parse(before.stateTransitionTime), 'going offline moved stateTransitionTime on');
  const counts = await c.api.GetPoolNodeCounts({ poolId: 'testpool' });
  t.is(counts.pools[0]!.dedicated!.offline, 1);
  t.is(counts.pools[0]!.dedicated!.total, 2);
  // Gone once offline for 3 s: no longer listed, nor counted.
  const err = await c.until('node-1 removed', async () => {
    try {
      await c.api.GetNode({ nodeId: 'node-1' });
      return undefined;
    } catch (e) {
      return e as { code: number };
    }
  });
  t.is(err.code, NOT_FOUND);
  const { nodes } = await c.api.ListNodes({ poolId: 'testpool' });
  t.deepEqual(nodes.map((n) => n.id), ['node-2']);
  t.is((await c.api.GetPool({ poolId: 'testpool' })).currentNodes, 1);
  t.regex(c.coordinator.logs(), /"msg":"node removed".*"nodeId":"node-1"/);
  // The surviving node was not touched.
  t.is((await c.api.GetNode({ nodeId: 'node-2' })).state, 'idle');
});

test('node counts per state and priority, for one pool and for every pool', async (t) => {
  const c = await startCluster({ workers: 1, slots: 1, nodeTimeout: '60s' });
  t.teardown(() => c.stop());
  await c.startWorker('low-1', ['--low-priority']);
  await c.waitForNodes(2, 'idle');
  await c.api.CreatePool({ pool: { id: 'other', taskSlotsPerNode: 1 } });
  await c.api.CreateJob({ job: { id: 'busy', poolInfo: { poolId: 'testpool' } } });
  await c.api.AddTask({ jobId: 'busy', task: { id: 'hold', commandArgs: [fixture('hang.sh')], requiredSlots: 1 } });
  await c.waitForTask('busy', 'hold', 'running');
  const one = (await c.api.GetPoolNodeCounts({ poolId: 'testpool' })).pools;
  t.is(one.length, 1);
  const d = one[0]!.dedicated!;
  const l = one[0]!.lowPriority!;
  t.is(d.total + l.total, 2);
  t.is(d.total, 1);
  t.is(l.total, 1);
  t.is(d.running + l.running, 1, 'the node that runs the task counts as running');
  t.is(d.idle + l.idle, 1);
  const all = (await c.api.GetPoolNodeCounts({ poolId: '' })).pools;
  t.deepEqual(all.map((p) => p.poolId), ['other', 'testpool']);
  t.is(all[0]!.dedicated!.total, 0);
  const missing = await t.throwsAsync(c.api.GetPoolNodeCounts({ poolId: 'nope' })) as unknown as { code: number };
  t.is(missing.code, NOT_FOUND);
  await c.api.TerminateJob({ jobId: 'busy', terminateReason: '' });
});

test('the nodes of a deleted pool are told to leave: their workers exit 0, stop heartbeating and no longer count', async (t) => {
  const c = await startCluster({ workers: 2, nodeTimeout: '60s' });
  t.teardown(() => c.stop());
  const exits = [...c.workers.values()].map((w) => once(w.process, 'exit'));
  await c.api.DeletePool({ poolId: 'testpool' });
  const codes = await Promise.all(exits);
  t.deepEqual(codes.map(([code]) => code), [0, 0]);
  for (const w of c.workers.values()) t.regex(w.logs(), /"msg":"told to leave the pool: stopping"/);
  const { nodes } = await c.api.ListNodes({ poolId: '' });
  t.deepEqual(nodes, []);
  t.deepEqual((await c.api.GetPoolNodeCounts({ poolId: '' })).pools, []);
  // A pool of the same name again starts empty: the old nodes do not come back.
  await c.api.CreatePool({ pool: { id: 'testpool', taskSlotsPerNode: 2 } });
  t.is((await c.api.GetPool({ poolId: 'testpool' })).currentNodes, 0);
});

test('RebootNode restarts the agent in the same process: its running task is requeued (not retried), the node comes back with a new boot', async (t) => {
  const c = await startCluster({ workers: 1, slots: 1, nodeTimeout: '60s' });
  t.teardown(() => c.stop());
  const before = await c.api.GetNode({ nodeId: 'node-1' });
  await c.api.CreateJob({ job: { id: 'rb', poolInfo: { poolId: 'testpool' } } });
  await c.api.AddTask({ jobId: 'rb', task: { id: 'hold', commandArgs: [fixture('hang.sh')] } });
  await c.waitForTask('rb', 'hold', 'running');
  const worker = c.workers.get('node-1')!;
  await c.api.RebootNode({ nodeId: 'node-1', nodeRebootOption: '' });
  await c.until('the agent restarted', async () => (await c.api.GetNode({ nodeId: 'node-1' })).agentStartTime !== before.agentStartTime);
  t.regex(worker.logs(), /"msg":"told to reboot: restarting the agent"/);
  t.is(worker.process.exitCode, null, 'the worker process lives on');
  // The task was requeued and runs again, on the restarted node.
  const again = await c.until('the task running again', async () => {
    const x = await c.api.GetTask({ jobId: 'rb', taskId: 'hold' });
    return x.state === 'running' && x.executionInfo!.requeueCount >= 1 ? x : undefined;
  });
  t.is(again.executionInfo!.retryCount, 0);
  t.is((await c.api.GetNode({ nodeId: 'node-1' })).schedulingState, 'enabled');
  const missing = await t.throwsAsync(c.api.RebootNode({ nodeId: 'nope', nodeRebootOption: '' })) as unknown as { code: number };
  t.is(missing.code, NOT_FOUND);
  await c.api.TerminateJob({ jobId: 'rb', terminateReason: '' });
});
