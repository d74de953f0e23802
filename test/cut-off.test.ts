// A worker cut off from the network, on simulated hosts (own network and mount namespaces): its
// task must be dead before the coordinator runs it elsewhere, the node comes back when the link
// does, and nothing the cut-off attempt reports afterwards changes the task.
import test from 'ava';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import path from 'node:path';
import { attempts, attemptScript, readLog } from './helpers/attempt-log.ts';
import { processesMatching, startCluster, waitForLog } from './helpers/cluster.ts';

test('a worker cut off from NATS ends its tasks before they are requeued; healed, it rejoins and nothing ran twice at once', async (t) => {
  // T = 6 s: the worker ends its tasks after 3 s without a confirmed heartbeat (grace 1.5 s), the
  // coordinator requeues them after 6 s.
  const cluster = await startCluster({ workers: 2, slots: 1, hosts: true, nodeTimeout: '6s', heartbeat: '250ms' });
  t.teardown(() => cluster.stop());
  // Outside every host's private /tmp and node root, so that all of them and the test see it.
  const log = await taskScratchDir('/var/tmp/troupe-cut-off-');
  t.teardown(() => rm(log, { recursive: true, force: true }));
  const tag = `cutoff${process.pid}`;
  await cluster.api.CreateJob({ job: { id: 'cut', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'cut', task: { id: 't', commandArgs: attemptScript(log, tag) } });
  const first = await cluster.waitForTask('cut', 't', 'running');
  const nodeId = first.executionInfo!.nodeId;
  const other = nodeId === 'node-1' ? 'node-2' : 'node-1';
  await cluster.until('the first attempt to tick', async () => (await readFile(path.join(log, 't.log'), 'utf8').catch(() => '')).includes('tick'));

  cluster.host(nodeId).cut();
  await waitForLog(cluster.workers.get(nodeId)!, /cut off from NATS: ending every task/, 60_000);
  const done = await cluster.waitForTask('cut', 't', 'completed', 120_000);
  t.is(done.executionInfo!.result, 'success');
  t.is(done.executionInfo!.nodeId, other, 'the second attempt ran on the node that was not cut off');
  t.true(done.executionInfo!.requeueCount >= 1);
  t.is(done.executionInfo!.retryCount, 0, 'a cut-off node is not the task\'s failure');
  const [a1, a2, ...more] = attempts(await readLog(path.join(log, 't.log')));
  t.deepEqual(more, []);
  t.true(a1!.last < a2!.start, `the cut-off attempt's last line (${a1!.last}) came before the next attempt started (${a2!.start})`);

  cluster.host(nodeId).heal();
  await cluster.until(`${nodeId} back in the pool`, async () => (await cluster.api.GetNode({ nodeId })).state === 'idle');
  // Its report of the cut-off attempt (sent once heard again) is stale: the task stays as it is.
  await waitForLog(cluster.workers.get(nodeId)!, /heard by NATS again/, 60_000);
  const after = await cluster.api.GetTask({ jobId: 'cut', taskId: 't' });
  t.is(after.state, 'completed');
  t.is(after.executionInfo!.result, 'success');
  t.is(after.executionInfo!.nodeId, other);
  await cluster.until('no process of the task to be left', async () => (await processesMatching(tag)).length === 0);
  // And the healed node takes work again.
  await cluster.api.AddTask({ jobId: 'cut', task: { id: 'after', commandLine: '/bin/true' } });
  const again = await cluster.waitForTask('cut', 'after', 'completed');
  t.is(again.executionInfo!.result, 'success');
});

test('the coordinator cut off from NATS declares no node lost: healed, its nodes and their tasks are as they were', async (t) => {
  // The lease outlasts the cut: this coordinator stays the leader throughout, it only cannot
  // hear. (A cut longer than the lease makes it step down instead: leadership.test.ts.)
  const cluster = await startCluster({ workers: 2, slots: 1, hosts: true, coordinatorOnHost: true, nodeTimeout: '4s', lease: '60s', heartbeat: '250ms' });
  t.teardown(() => cluster.stop());
  const dir = await taskScratchDir('/var/tmp/troupe-coordinator-cut-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await cluster.api.CreateJob({ job: { id: 'held', poolInfo: { poolId: 'testpool' } } });
  for (const id of ['a', 'b']) {
    await cluster.api.AddTask({ jobId: 'held', task: { id, commandArgs: ['/bin/sh', '-c', `while [ ! -e ${dir}/release ]; do sleep 0.05; done`] } });
  }
  for (const id of ['a', 'b']) await cluster.waitForTask('held', id, 'running');

  cluster.host('coordinator').cut();
  await waitForLog(cluster.coordinator, /no round trip to NATS confirmed/, 60_000);
  // The fault itself: a partition that lasts three node timeouts (not a wait for the system).
  await new Promise((r) => setTimeout(r, 12_000));
  cluster.host('coordinator').heal();
  await waitForLog(cluster.coordinator, /heard by NATS again: node timeouts paused/, 120_000);

  await writeFile(path.join(dir, 'release'), '');
  for (const id of ['a', 'b']) {
    const task = await cluster.waitForTask('held', id, 'completed');
    t.is(task.executionInfo!.result, 'success', id);
    t.is(task.executionInfo!.requeueCount, 0, `${id}: not requeued by a coordinator that could not hear`);
  }
  t.notRegex(cluster.coordinator.logs(), /node offline: missed heartbeats/);
  for (const nodeId of ['node-1', 'node-2']) t.is((await cluster.api.GetNode({ nodeId })).state, 'idle', nodeId);
});
