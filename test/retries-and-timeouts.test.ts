// maxTaskRetryCount, maxWallClockTime and terminate: the task's own failures are retried (and
// counted), time-outs and terminations kill the whole process tree.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { fixture, processesMatching, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
let scratch: string;
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2 });
  scratch = await mkdtemp(path.join(os.tmpdir(), 'troupe-scratch-'));
  await cluster.api.CreateJob({ job: { id: 'rt', poolInfo: { poolId: 'testpool' }, constraints: { maxTaskRetryCount: 1 } } });
});

test.serial('a failing task is retried up to maxTaskRetryCount, then completes as a failure', async (t) => {
  const counter = path.join(scratch, 'always-fails');
  await cluster.api.AddTask({ jobId: 'rt', task: { id: 'always', commandArgs: [fixture('fail-until.sh'), '99', counter], constraints: { maxTaskRetryCount: 2 } } });
  const task = await cluster.waitForTask('rt', 'always');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.retryCount, 2);
  t.is(task.executionInfo!.requeueCount, 0);
  t.is((await readFile(counter, 'utf8')).trim(), '3', 'one run plus two retries');
  t.truthy(task.executionInfo!.lastRetryTime);
});

test.serial('a task that succeeds on a retry completes as a success with its retry count', async (t) => {
  const counter = path.join(scratch, 'second-time');
  await cluster.api.AddTask({ jobId: 'rt', task: { id: 'second', commandArgs: [fixture('fail-until.sh'), '2', counter] } });
  const task = await cluster.waitForTask('rt', 'second');
  t.is(task.executionInfo!.result, 'success', 'the job default maxTaskRetryCount (1) applies');
  t.is(task.executionInfo!.retryCount, 1);
  t.is(await cluster.readOutput('rt', 'second'), 'run 2\n');
});

test.serial('maxWallClockTime kills the whole process tree and fails the task', async (t) => {
  const marker = `wallclock-${process.pid}-${Date.now()}`;
  await cluster.api.AddTask({
    jobId: 'rt',
    task: { id: 'slow', commandArgs: [fixture('hang.sh'), marker], constraints: { maxWallClockTime: '1s', maxTaskRetryCount: 0 } },
  });
  await cluster.waitForTask('rt', 'slow', 'running');
  await cluster.until('the tree to be running', async () => (await processesMatching(marker)).length >= 3);
  const task = await cluster.waitForTask('rt', 'slow');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.failureInfo!.code, 'MaxWallClockTimeExceeded');
  await cluster.until('no process of the tree left', async () => (await processesMatching(marker)).length === 0, 15_000);
  t.deepEqual(await processesMatching(marker), []);
});

test.serial('terminating a running task kills its process tree; it completes as terminated and is not retried', async (t) => {
  const marker = `terminate-${process.pid}-${Date.now()}`;
  await cluster.api.AddTask({ jobId: 'rt', task: { id: 'term', commandArgs: [fixture('hang.sh'), marker], constraints: { maxTaskRetryCount: 3 } } });
  await cluster.waitForTask('rt', 'term', 'running');
  await cluster.until('the tree to be running', async () => (await processesMatching(marker)).length >= 3);
  const task = await cluster.api.TerminateTask({ jobId: 'rt', taskId: 'term' });
  t.is(task.state, 'completed');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.failureInfo!.code, 'TaskTerminated');
  t.is(task.executionInfo!.retryCount, 0);
  await cluster.until('no process of the tree left', async () => (await processesMatching(marker)).length === 0, 15_000);
  t.deepEqual(await processesMatching(marker), []);
});

test.serial('terminating a queued task completes it without running it', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'queued', poolInfo: { poolId: 'testpool' }, priority: -1000 } });
  // Fill every slot with hanging tasks so the next one stays queued.
  const marker = `fill-${process.pid}-${Date.now()}`;
  await cluster.api.AddTaskCollection({ jobId: 'queued', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `fill${i}`, commandArgs: [fixture('hang.sh'), marker] })) });
  await cluster.until('all slots busy', async () => (await cluster.api.GetTaskCounts({ jobId: 'queued' })).running === 4);
  await cluster.api.AddTask({ jobId: 'queued', task: { id: 'waiting', commandArgs: ['/bin/true'] } });
  const task = await cluster.api.TerminateTask({ jobId: 'queued', taskId: 'waiting' });
  t.is(task.state, 'completed');
  t.is(task.executionInfo!.failureInfo!.code, 'TaskTerminated');
  t.is(task.executionInfo!.nodeId, '');
  const job = await cluster.api.TerminateJob({ jobId: 'queued', terminateReason: 'test over' });
  t.true(job.state === 'terminating' || job.state === 'completed');
  const done = await cluster.until('job completed', async () => {
    const j = await cluster.api.GetJob({ jobId: 'queued' });
    return j.state === 'completed' ? j : undefined;
  });
  t.is(done.executionInfo!.terminateReason, 'test over');
  const counts = await cluster.api.GetTaskCounts({ jobId: 'queued' });
  t.is(counts.completed, 5);
  t.is(counts.failed, 5);
  await cluster.until('no hanging process left', async () => (await processesMatching(marker)).length === 0, 15_000);
  const err = await t.throwsAsync(cluster.api.AddTask({ jobId: 'queued', task: { id: 'late', commandArgs: ['/bin/true'] } }));
  t.is((err as { code?: number }).code, 9); // FAILED_PRECONDITION
  t.regex(err!.message, /job 'queued' is completed/);
});

test.serial('a job with onAllTasksComplete=terminatejob completes by itself', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'auto', poolInfo: { poolId: 'testpool' }, onAllTasksComplete: 'terminatejob' } });
  await cluster.api.AddTaskCollection({ jobId: 'auto', tasks: [{ id: 'a', commandArgs: ['/bin/true'] }, { id: 'b', commandArgs: ['/bin/true'] }] });
  const job = await cluster.until('job completed', async () => {
    const j = await cluster.api.GetJob({ jobId: 'auto' });
    return j.state === 'completed' ? j : undefined;
  });
  t.is(job.executionInfo!.terminateReason, 'AllTasksComplete');
  t.truthy(job.executionInfo!.endTime);
});

test.serial("a job's maxWallClockTime terminates the job and its running tasks, not each task", async (t) => {
  const marker = `jobclock-${process.pid}-${Date.now()}`;
  await cluster.api.CreateJob({ job: { id: 'clocked', poolInfo: { poolId: 'testpool' }, constraints: { maxWallClockTime: '3s' } } });
  await cluster.api.AddTask({ jobId: 'clocked', task: { id: 'long', commandArgs: [fixture('hang.sh'), marker] } });
  const task = await cluster.waitForTask('clocked', 'long', 'running');
  t.is(task.constraints!.maxWallClockTime, '', 'the task itself has no wall clock limit');
  const job = await cluster.until('job completed by its clock', async () => {
    const j = await cluster.api.GetJob({ jobId: 'clocked' });
    return j.state === 'completed' ? j : undefined;
  }, 30_000);
  t.is(job.executionInfo!.terminateReason, 'MaxWallClockTimeExpiry');
  const ended = await cluster.api.GetTask({ jobId: 'clocked', taskId: 'long' });
  t.is(ended.state, 'completed');
  t.is(ended.executionInfo!.failureInfo!.code, 'TaskTerminated');
  await cluster.until('no process of the tree left', async () => (await processesMatching(marker)).length === 0, 15_000);
});
