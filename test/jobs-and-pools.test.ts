// Deleting jobs and pools, and disabling a node with requeue: what is asked is done, and what
// runs is not silently lost.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import os from 'node:os';
import path from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import { fixture, processesMatching, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
let scratch: string;
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});
test.before(async () => {
  // No test here loses a node, and several count requeues exactly: a node timeout a loaded
  // machine cannot reach keeps a healthy but slow worker from being declared offline.
  cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '60s' });
  scratch = await taskScratchDir(path.join(os.tmpdir(), 'troupe-scratch-'));
});

/** A command that runs until `file` exists: the test decides when such a task may end, so what
 *  it does while the task runs cannot be raced by the task finishing first. It also ends if the
 *  file's directory goes (the scratch directory's removal), so none outlives the tests. */
const runUntil = (file: string) => ['/bin/sh', '-c', 'while [ ! -e "$0" ]; do [ -d "${0%/*}" ] || exit 1; sleep 0.05; done', file];

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
  // Same job id, same task ids: new tasks, which run (no worker mistakes them for the old ones).
  await cluster.api.AddTaskCollection({ jobId: 'doomed', tasks: [{ id: 'runs', commandArgs: ['/bin/true'] }, { id: 'done', commandArgs: ['/bin/true'] }] });
  const again2 = await cluster.waitForJobTasks('doomed', 2);
  t.is(again2.succeeded, 2);
  await cluster.api.DeleteJob({ jobId: 'doomed' });
});

test.serial('disabling a node with requeue moves its running tasks to another node', async (t) => {
  // Held until node-1 is disabled: a task there cannot finish before the requeue reaches it,
  // however slowly the test gets to it.
  const go = path.join(scratch, 'moved-go');
  await cluster.api.CreateJob({ job: { id: 'moved', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'moved', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `m${i}`, commandArgs: runUntil(go) })) });
  await cluster.until('tasks running on node-1', async () => {
    const { tasks } = await cluster.api.ListTasks({ jobId: 'moved', state: 'running' });
    return tasks.some((x) => x.executionInfo!.nodeId === 'node-1');
  });
  // Its tasks are requeued before this returns (their processes' exits then count for nothing).
  await cluster.api.DisableNodeScheduling({ nodeId: 'node-1', nodeDisableSchedulingOption: 'requeue' });
  await writeFile(go, '');
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

test.serial('disabling a job requeues its running tasks and starts none until it is enabled again', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'paused', poolInfo: { poolId: 'testpool' } } });
  // Tasks that never end by themselves: whatever completes here was ended by troupe.
  await cluster.api.AddTaskCollection({ jobId: 'paused', tasks: Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, commandArgs: ['/bin/sh', '-c', 'sleep 3600'] })) });
  await cluster.until('all slots busy', async () => (await cluster.api.GetTaskCounts({ jobId: 'paused' })).running === 4);
  const disabling = await cluster.api.DisableJob({ jobId: 'paused', disableTasks: 'requeue' });
  t.true(disabling.state === 'disabling' || disabling.state === 'disabled');
  await cluster.until('job disabled', async () => (await cluster.api.GetJob({ jobId: 'paused' })).state === 'disabled');
  t.deepEqual({ ...(await cluster.api.GetTaskCounts({ jobId: 'paused' })) }, { active: 6, running: 0, completed: 0, succeeded: 0, failed: 0 });
  const { tasks } = await cluster.api.ListTasks({ jobId: 'paused' });
  t.is(tasks.filter((x) => x.executionInfo!.requeueCount === 1).length, 4, 'the four running tasks were requeued');
  t.true(tasks.every((x) => x.executionInfo!.retryCount === 0));
  // Tasks can still be added to a disabled job; nothing starts.
  await cluster.api.AddTask({ jobId: 'paused', task: { id: 'added-while-disabled', commandArgs: ['/bin/true'] } });
  t.is((await cluster.api.GetTask({ jobId: 'paused', taskId: 'added-while-disabled' })).state, 'active');
  t.is((await cluster.api.GetTaskCounts({ jobId: 'paused' })).running, 0);
  const on = await cluster.api.EnableJob({ jobId: 'paused' });
  t.is(on.state, 'active');
  await cluster.until('tasks running again', async () => (await cluster.api.GetTaskCounts({ jobId: 'paused' })).running === 4);
  await cluster.api.TerminateJob({ jobId: 'paused' });
  await cluster.until('job completed', async () => (await cluster.api.GetJob({ jobId: 'paused' })).state === 'completed');
});

test.serial('disable with wait lets running tasks finish; enable and disable are refused on ended jobs', async (t) => {
  // Held running until the job is disabling: with timed tasks, a slow test could find them all
  // finished (and the job with nothing left to wait for) by the time it disables the job.
  const go = path.join(scratch, 'drain-go');
  await cluster.api.CreateJob({ job: { id: 'drain', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'drain', tasks: Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, commandArgs: runUntil(go) })) });
  await cluster.until('all slots busy', async () => (await cluster.api.GetTaskCounts({ jobId: 'drain' })).running === 4);
  const j = await cluster.api.DisableJob({ jobId: 'drain', disableTasks: 'wait' });
  t.is(j.state, 'disabling');
  await writeFile(go, '');
  await cluster.until('job disabled', async () => (await cluster.api.GetJob({ jobId: 'drain' })).state === 'disabled');
  const counts = await cluster.api.GetTaskCounts({ jobId: 'drain' });
  t.is(counts.succeeded, 4, 'the running ones finished');
  t.is(counts.active, 2, 'the queued ones did not start');
  t.is(counts.failed, 0);
  t.is(counts.running, 0);
  const bad = (await t.throwsAsync(cluster.api.DisableJob({ jobId: 'drain', disableTasks: 'pause' }))) as grpc.ServiceError;
  t.is(bad.code, grpc.status.INVALID_ARGUMENT);
  t.regex(bad.details, /disableTasks must be one of requeue, terminate, wait/);
  await cluster.api.TerminateJob({ jobId: 'drain' });
  await cluster.until('completed', async () => (await cluster.api.GetJob({ jobId: 'drain' })).state === 'completed');
  const refused = (await t.throwsAsync(cluster.api.EnableJob({ jobId: 'drain' }))) as grpc.ServiceError;
  t.is(refused.code, grpc.status.FAILED_PRECONDITION);
  t.regex(refused.details, /only a disabled job can be enabled/);
});

test.serial('a coordinator restarted while a job is disabling finishes the disable; enabling after it works', async (t) => {
  // Held running until the coordinator is down: they are still running when the job is disabled
  // and when the coordinator dies, however slow the machine, and finish while it is gone.
  const go = path.join(scratch, 'resumed-go');
  await cluster.api.CreateJob({ job: { id: 'resumed', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'resumed', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `r${i}`, commandArgs: runUntil(go) })) });
  await cluster.until('all slots busy', async () => (await cluster.api.GetTaskCounts({ jobId: 'resumed' })).running === 4);
  const j = await cluster.api.DisableJob({ jobId: 'resumed', disableTasks: 'wait' });
  t.is(j.state, 'disabling');
  await cluster.coordinator.crash();
  await writeFile(go, '');
  await cluster.startCoordinator();
  await cluster.until('job disabled after the restart', async () => (await cluster.api.GetJob({ jobId: 'resumed' })).state === 'disabled', 60_000);
  const counts = await cluster.api.GetTaskCounts({ jobId: 'resumed' });
  t.is(counts.succeeded, 4, 'the running tasks were left to finish');
  t.is((await cluster.api.EnableJob({ jobId: 'resumed' })).state, 'active');
});
