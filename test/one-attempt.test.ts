// At most one attempt of a task runs at any moment, through kill -9 of its worker. Each attempt
// of the task below runs a detached helper (setsid, outside the task's process group) that
// appends a timestamped line every 50 ms to a log outside the nodes; the attempt after a node
// loss notes its own start there. Every line of an attempt must come before the next attempt
// starts, and no process of a killed attempt may be left.
import test from 'ava';
import { readFile, rm } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import os from 'node:os';
import path from 'node:path';
import { attempts, attemptScript, readLog } from './helpers/attempt-log.ts';
import { processesMatching, startCluster, type TestCluster } from './helpers/cluster.ts';

async function runThroughWorkerKill(t: import('ava').ExecutionContext, cluster: TestCluster, restart: boolean) {
  const log = await taskScratchDir(path.join(os.tmpdir(), 'troupe-one-attempt-'));
  t.teardown(() => rm(log, { recursive: true, force: true }));
  const tag = `oneattempt${restart ? 'r' : 'k'}${process.pid}`;
  const jobId = restart ? 'restarted' : 'killed';
  await cluster.api.CreateJob({ job: { id: jobId, poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId, task: { id: 't', commandArgs: attemptScript(log, tag) } });
  const first = await cluster.waitForTask(jobId, 't', 'running');
  const nodeId = first.executionInfo!.nodeId;
  await cluster.until('the first attempt to tick', async () => (await readFile(path.join(log, 't.log'), 'utf8').catch(() => '')).includes('tick'));
  t.true((await processesMatching(tag)).length > 0);

  await cluster.workers.get(nodeId)!.crash();
  if (restart) await cluster.startWorker(nodeId);
  const done = await cluster.waitForTask(jobId, 't', 'completed', 120_000);
  t.is(done.executionInfo!.result, 'success');
  t.true(done.executionInfo!.requeueCount >= 1, 'the node loss requeued the task');
  t.is(done.executionInfo!.retryCount, 0);

  const [a1, a2, ...more] = attempts(await readLog(path.join(log, 't.log')));
  t.deepEqual(more, [], 'two attempts');
  t.truthy(a1 && a2);
  t.true(a1!.last < a2!.start, `the first attempt's last line (${a1!.last}) came before the second started (${a2!.start})`);
  // The second attempt's ticker is its own; once the task completed, nothing of either is left.
  await cluster.until('no process of the task to be left', async () => (await processesMatching(tag)).length === 0);
  t.pass();
}

test.serial('kill -9 of a worker: its task, detached processes included, is dead before the task runs again elsewhere', async (t) => {
  const cluster = await startCluster({ workers: 2, slots: 1, nodeTimeout: '4s', heartbeat: '250ms' });
  t.teardown(() => cluster.stop());
  await runThroughWorkerKill(t, cluster, false);
});

test.serial('kill -9 of a worker restarted at once under the same id: the old attempt is dead before the new run says it is alive', async (t) => {
  // One node: the task can only run again on the restarted worker, as soon as it is heard.
  const cluster = await startCluster({ workers: 1, slots: 1, nodeTimeout: '20s', heartbeat: '250ms' });
  t.teardown(() => cluster.stop());
  await runThroughWorkerKill(t, cluster, true);
});

test.serial('a node says how it contains tasks', async (t) => {
  const cluster = await startCluster({ workers: 1 });
  t.teardown(() => cluster.stop());
  const node = await cluster.api.GetNode({ nodeId: 'node-1' });
  // Tests run as root on a machine with a cgroup v2 hierarchy (see unit/task-containment).
  t.is(node.taskContainment, 'cgroup-v2');
});
