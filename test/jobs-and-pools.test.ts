// Deleting jobs and pools, and disabling a node with requeue: what is asked is done, and what
// runs is not silently lost.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { fixture, processesMatching, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2 });
});

test.serial('deleting a job kills its running tasks and removes it with its tasks', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'doomed', poolInfo: { poolId: 'testpool' } } });
  const marker = `doomed-${process.pid}-${Date.now()}`;
  await cluster.api.AddTaskCollection({ jobId: 'doomed', tasks: [
    { id: 'runs', commandArgs: [fixture('hang.sh'), marker] },
    { id: 'done', commandArgs: ['/bin/true'] },
  ] });
  await cluster.waitForTask('doomed', 'runs', 'running');
  await cluster.waitForTask('doomed', 'done');
  await cluster.api.DeleteJob({ jobId: 'doomed' });
  const err = (await t.throwsAsync(cluster.api.GetJob({ jobId: 'doomed' }))) as grpc.ServiceError;
  t.is(err.code, grpc.status.NOT_FOUND);
  const err2 = (await t.throwsAsync(cluster.api.ListTasks({ jobId: 'doomed' }))) as grpc.ServiceError;
  t.is(err2.code, grpc.status.NOT_FOUND);
  await cluster.until('its processes gone', async () => (await processesMatching(marker)).length === 0, 15_000);
  // The id is free again.
  const again = await cluster.api.CreateJob({ job: { id: 'doomed', poolInfo: { poolId: 'testpool' } } });
  t.is(again.state, 'active');
  const counts = await cluster.api.GetTaskCounts({ jobId: 'doomed' });
  t.deepEqual({ ...counts }, { active: 0, running: 0, completed: 0, succeeded: 0, failed: 0 });
  await cluster.api.DeleteJob({ jobId: 'doomed' });
});

test.serial('disabling a node with requeue moves its running tasks to another node', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'moved', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'moved', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `m${i}`, commandArgs: ['/bin/sh', '-c', 'sleep 1.5'] })) });
  await cluster.until('tasks running on node-1', async () => {
    const { tasks } = await cluster.api.ListTasks({ jobId: 'moved', state: 'running' });
    return tasks.some((x) => x.executionInfo!.nodeId === 'node-1');
  });
  await cluster.api.DisableNodeScheduling({ nodeId: 'node-1', nodeDisableSchedulingOption: 'requeue' });
  await cluster.waitForJobTasks('moved', 4);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'moved' });
  t.true(tasks.every((x) => x.executionInfo!.result === 'success' && x.executionInfo!.nodeId === 'node-2'));
  t.true(tasks.some((x) => x.executionInfo!.requeueCount === 1));
  t.true(tasks.every((x) => x.executionInfo!.retryCount === 0));
  await cluster.api.EnableNodeScheduling({ nodeId: 'node-1' });
});

test.serial('a pool can be deleted once its jobs are completed', async (t) => {
  await cluster.api.CreatePool({ pool: { id: 'spare', taskSlotsPerNode: 3, taskSchedulingPolicy: { nodeFillType: 'pack' } } });
  const pool = await cluster.api.GetPool({ poolId: 'spare' });
  t.is(pool.taskSlotsPerNode, 3);
  t.is(pool.taskSchedulingPolicy!.nodeFillType, 'pack');
  await cluster.api.CreateJob({ job: { id: 'on-spare', poolInfo: { poolId: 'spare' } } });
  const refused = (await t.throwsAsync(cluster.api.DeletePool({ poolId: 'spare' }))) as grpc.ServiceError;
  t.is(refused.code, grpc.status.FAILED_PRECONDITION);
  await cluster.api.TerminateJob({ jobId: 'on-spare' });
  await cluster.until('job completed', async () => (await cluster.api.GetJob({ jobId: 'on-spare' })).state === 'completed');
  await cluster.api.DeletePool({ poolId: 'spare' });
  const gone = (await t.throwsAsync(cluster.api.GetPool({ poolId: 'spare' }))) as grpc.ServiceError;
  t.is(gone.code, grpc.status.NOT_FOUND);
});

test.serial('concurrent terminate calls on one job all succeed and leave it completed once', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'twice', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'twice', task: { id: 'x', commandArgs: ['/bin/sh', '-c', 'sleep 30'] } });
  await cluster.waitForTask('twice', 'x', 'running');
  const results = await Promise.allSettled([1, 2, 3].map(() => cluster.api.TerminateJob({ jobId: 'twice', terminateReason: 'race' })));
  for (const r of results) {
    // Each either succeeded, or found the job already completed by another (FAILED_PRECONDITION).
    if (r.status === 'rejected') t.is((r.reason as grpc.ServiceError).code, grpc.status.FAILED_PRECONDITION);
  }
  t.true(results.some((r) => r.status === 'fulfilled'));
  const job = await cluster.until('job completed', async () => {
    const j = await cluster.api.GetJob({ jobId: 'twice' });
    return j.state === 'completed' ? j : undefined;
  });
  t.is(job.executionInfo!.terminateReason, 'race');
});
