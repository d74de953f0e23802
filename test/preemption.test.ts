// Preemption of a low-priority node through real daemons (issue 13 item 4): `troupe node preempt`
// gives the node a notice; its task sees the notice file, gets SIGTERM before the deadline, is
// requeued (requeueCount, never retryCount) onto another node and completes there; the node ends
// 'preempted' and stays listed, and its worker stops. Dedicated nodes are refused without force.
import test from 'ava';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  // One slot per node: the task can only go where the test wants it.
  cluster = await startCluster({ workers: 0, slots: 1, nodeTimeout: '20s' });
  await cluster.startWorker('spot', ['--low-priority']);
  await cluster.waitForNodes(1, 'idle');
  await cluster.api.CreateJob({ job: { id: 'pre', poolInfo: { poolId: 'testpool' } } });
});

const troupe = (args: string[]) => cluster.troupe(args);

test.serial('a preempted node\'s task sees the notice, gets SIGTERM, is requeued elsewhere and completes there', async (t) => {
  await cluster.api.AddTask({ jobId: 'pre', task: { id: 'spotty', commandArgs: [fixture('preemptible.sh'), cluster.dir] } });
  const running = await cluster.waitForTask('pre', 'spotty', 'running');
  t.is(running.executionInfo!.nodeId, 'spot');
  // The dedicated node joins only now, so the task could not have gone there first.
  await cluster.startWorker('steady');
  await cluster.waitForNodes(2, undefined);

  const noticeMs = 7000;
  const preempt = await troupe(['node', 'preempt', 'spot', '--notice', `${noticeMs / 1000}s`, '-o', 'json']);
  t.is(preempt.code, 0, preempt.stderr);
  const shown = JSON.parse(preempt.stdout) as { preemptionDeadline: string; isDedicated: boolean };
  const deadline = Date.parse(shown.preemptionDeadline);
  t.false(shown.isDedicated);
  t.true(Number.isFinite(deadline));

  const done = await cluster.waitForTask('pre', 'spotty', 'completed', 90_000);
  t.is(done.executionInfo!.result, 'success');
  t.is(done.executionInfo!.nodeId, 'steady');
  t.is(done.executionInfo!.retryCount, 0, 'a preemption is not a retry');
  t.is(done.executionInfo!.requeueCount, 1, 'it was requeued once');
  t.regex(await cluster.readOutput('pre', 'spotty'), /completed on steady/);

  // What the task saw on the low-priority node, when SIGTERM came.
  const seen = Object.fromEntries((await readFile(path.join(cluster.dir, 'spot.seen'), 'utf8')).trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
  t.is(seen.notice, shown.preemptionDeadline, 'the notice file holds the deadline');
  t.is(seen.dedicated, 'false');
  const termAt = Number(BigInt(seen.at!) / 1_000_000n);
  // SIGTERM at the deadline minus the worker's kill grace (5 s), never after the deadline.
  t.true(termAt >= deadline - 5000 - 1000, `SIGTERM ${deadline - termAt} ms before the deadline`);
  t.true(termAt <= deadline, `SIGTERM ${deadline - termAt} ms before the deadline`);

  const node = await cluster.until('spot preempted', async () => {
    const n = await cluster.api.GetNode({ nodeId: 'spot' });
    return n.state === 'preempted' ? n : undefined;
  }, 60_000);
  t.is(node.preemptionDeadline, shown.preemptionDeadline);
  const { nodes } = await cluster.api.ListNodes({ poolId: 'testpool' });
  t.deepEqual(nodes.map((n) => `${n.id}:${n.state}`).sort(), ['spot:preempted', 'steady:idle'], 'the preempted node stays listed');
  // Its worker stopped by itself, as the machine went.
  const worker = cluster.workers.get('spot')!;
  // Polled, not awaited as an event: test daemons are unreferenced (owned-processes.ts), so an
  // 'exit' listener alone would not keep this test process waiting.
  const exitCode = await cluster.until('the preempted worker to exit', async () => (worker.process.exitCode === null ? undefined : { code: worker.process.exitCode }), 60_000);
  t.is(exitCode.code, 0);
  t.regex(worker.logs(), /worker stopped: preempted/);
});

test.serial('a dedicated node is refused without --force, naming the rule; bad requests are refused', async (t) => {
  const refused = await troupe(['node', 'preempt', 'steady']);
  t.not(refused.code, 0);
  t.regex(refused.stderr, /FAILED_PRECONDITION/);
  t.regex(refused.stderr, /dedicated.*force/);
  t.is((await cluster.api.GetNode({ nodeId: 'steady' })).preemptionDeadline, '', 'nothing was recorded');

  const again = await t.throwsAsync(cluster.api.PreemptNode({ nodeId: 'spot', noticePeriod: '1s', force: false }));
  t.regex(again!.message, /FAILED_PRECONDITION.*already/);
  const missing = await t.throwsAsync(cluster.api.PreemptNode({ nodeId: 'nope', noticePeriod: '', force: false }));
  t.regex(missing!.message, /NOT_FOUND.*nope/);
  const long = await t.throwsAsync(cluster.api.PreemptNode({ nodeId: 'steady', noticePeriod: '2h', force: true }));
  t.regex(long!.message, /INVALID_ARGUMENT.*noticePeriod/);
});

test.serial('with force a dedicated node is preempted too (draining a borrowed machine)', async (t) => {
  const { node } = await cluster.api.PreemptNode({ nodeId: 'steady', noticePeriod: '1s', force: true });
  t.truthy(node!.preemptionDeadline);
  const after = await cluster.until('steady preempted', async () => {
    const n = await cluster.api.GetNode({ nodeId: 'steady' });
    return n.state === 'preempted' ? n : undefined;
  }, 60_000);
  t.true(after.isDedicated);
});
