// Everything at once: a worker SIGKILLed and started again under the same node id, the
// coordinator SIGKILLed and started again, nats-server restarted, all during one job. Every
// accepted task still ends `completed` with success; a task ran more than once only if it was
// requeued (its node was lost), and never after it had completed.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { readdir, readFile, rm } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import { fixture, startCluster } from './helpers/cluster.ts';
import { startNatsServer } from '../src/cluster/nats-server.ts';

test('worker, coordinator and nats-server failures during one job lose no task', async (t) => {
  const cluster = await startCluster({ workers: 3, slots: 3, nodeTimeout: '2s', heartbeat: '200ms' });
  t.teardown(() => cluster.stop());
  const runs = await taskScratchDir(path.join(os.tmpdir(), 'troupe-chaos-'));
  t.teardown(() => rm(runs, { recursive: true, force: true }));
  const total = 300;
  await cluster.api.CreateJob({ job: { id: 'chaos', poolInfo: { poolId: 'testpool' }, constraints: { maxTaskRetryCount: 0 } } });
  const res = await cluster.api.AddTaskCollection({
    jobId: 'chaos',
    tasks: Array.from({ length: total }, (_, i) => ({ id: `c${i}`, commandArgs: [fixture('count-run.sh'), runs, '0.1'] })),
  });
  t.true(res.results.every((r) => r.status === 'success'));
  const progress = async () => (await cluster.api.GetTaskCounts({ jobId: 'chaos' })).completed;
  const after = async (n: number) => cluster.until(`${n} tasks completed`, async () => (await progress()) >= n, 120_000);

  await after(30);
  await cluster.workers.get('node-1')!.crash();
  await after(80);
  await cluster.coordinator.crash();
  await cluster.startCoordinator();
  await after(130);
  // node-1 comes back under the same id: a new boot, its old attempts are gone.
  await cluster.startWorker('node-1');
  await after(170);
  const port = cluster.nats.port;
  await cluster.nats.stop();
  cluster.nats = await startNatsServer({ ...cluster.natsOptions(), port });

  const counts = await cluster.waitForJobTasks('chaos', total, 180_000);
  t.deepEqual({ ...counts }, { active: 0, running: 0, completed: total, succeeded: total, failed: 0 });
  const { tasks } = await cluster.api.ListTasks({ jobId: 'chaos', maxResults: 1000 });
  t.is(tasks.length, total);
  const ran = new Map<string, number>();
  for (const f of await readdir(runs)) ran.set(f, (await readFile(path.join(runs, f), 'utf8')).trim().split('\n').length);
  for (const task of tasks) {
    const times = ran.get(task.id) ?? 0;
    t.true(times >= 1, `${task.id} ran`);
    t.is(task.executionInfo!.retryCount, 0, `${task.id}: node loss is never a retry`);
    if (times > 1) t.true(task.executionInfo!.requeueCount >= 1, `${task.id} ran ${times} times without being requeued`);
  }
  // Waited for, not sampled: with a 2 s node timeout, a loaded machine can hold a healthy worker
  // back long enough to be marked offline for a moment (it is back at its next heartbeat).
  const node1 = await cluster.until('node-1 back in the pool', async () => {
    const n = await cluster.api.GetNode({ nodeId: 'node-1' });
    return n.state === 'idle' || n.state === 'running' ? n : undefined;
  });
  t.true(node1.state === 'idle' || node1.state === 'running');
});
