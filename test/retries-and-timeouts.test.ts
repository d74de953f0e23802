// maxTaskRetryCount, maxWallClockTime and terminate: the task's own failures are retried (and
// counted), time-outs and terminations kill the whole process tree.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { access, readFile, rm } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import { fixture, processesMatching, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
let scratch: string;
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});
test.before(async () => {
  // No test here loses a node, and several count requeues exactly (none): a node timeout a loaded
  // machine cannot reach keeps a healthy but slow worker from being declared offline.
  cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '60s' });
  scratch = await taskScratchDir(path.join(os.tmpdir(), 'troupe-scratch-'));
  await cluster.api.CreateJob({ job: { id: 'rt', poolInfo: { poolId: 'testpool' }, constraints: { maxTaskRetryCount: 1 } } });
});

const exists = (file: string) => access(file).then(() => true, () => false);

/** A process tree that never ends by itself: a shell, its child and its grandchild (a shell in a
 *  shell), each writing `<prefix>.<which>` once it runs. The files stay, so the test knows the whole
 *  tree started however late it looks, even if a time-out has killed it meanwhile. `prefix`
 *  carries a marker that is in the command line of each of them (processesMatching). */
const treeCommand = (prefix: string) => ['/bin/sh', '-c', [
  'touch "$0.main"',
  `/bin/sh -c 'touch "$0.child"; sleep 3600; echo child' "$0" &`,
  String.raw`/bin/sh -c "/bin/sh -c 'touch \"\$0.grandchild\"; sleep 3600; echo grandchild' \"\$0\"; echo child" "$0" &`,
  'wait',
].join('\n'), prefix];
const treeStarted = async (prefix: string) => (await Promise.all(['main', 'child', 'grandchild'].map((w) => exists(`${prefix}.${w}`)))).every(Boolean);

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
  const prefix = path.join(scratch, marker);
  // The clock (from the process's start) must not run out before the tree has spawned: 3 s, many
  // times what three shells take to start on a loaded machine. Whether the tree started is then
  // known from its files, not by catching it running (or the task in 'running') before the kill.
  await cluster.api.AddTask({
    jobId: 'rt',
    task: { id: 'slow', commandArgs: treeCommand(prefix), constraints: { maxWallClockTime: '3s', maxTaskRetryCount: 0 } },
  });
  await cluster.until('the whole tree to have started', () => treeStarted(prefix));
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
  const prefix = path.join(scratch, marker);
  // The job's clock runs from its creation: 5 s leaves a loaded machine ample time to start the
  // task first. That it started is known from its files, not by catching it in 'running' before
  // the clock ends it.
  await cluster.api.CreateJob({ job: { id: 'clocked', poolInfo: { poolId: 'testpool' }, constraints: { maxWallClockTime: '5s' } } });
  await cluster.api.AddTask({ jobId: 'clocked', task: { id: 'long', commandArgs: treeCommand(prefix) } });
  await cluster.until('the task to have started', () => treeStarted(prefix));
  const task = await cluster.api.GetTask({ jobId: 'clocked', taskId: 'long' });
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

test.serial('a failed task can be reactivated: queued again with its retries reset; a succeeded one cannot', async (t) => {
  const counter = path.join(scratch, 'reactivated');
  await cluster.api.CreateJob({ job: { id: 'again', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'again', tasks: [
    { id: 'flaky', commandArgs: [fixture('fail-until.sh'), '2', counter], constraints: { maxTaskRetryCount: 0 } },
    { id: 'fine', commandArgs: ['/bin/true'] },
  ] });
  const failed = await cluster.waitForTask('again', 'flaky');
  t.is(failed.executionInfo!.result, 'failure');
  const back = await cluster.api.ReactivateTask({ jobId: 'again', taskId: 'flaky' });
  t.is(back.state, 'active');
  t.is(back.executionInfo!.retryCount, 0);
  t.is(back.executionInfo!.result, '');
  const done = await cluster.waitForTask('again', 'flaky');
  t.is(done.executionInfo!.result, 'success');
  t.is(await cluster.readOutput('again', 'flaky'), 'run 2\n');
  await cluster.waitForTask('again', 'fine');
  const refused = (await t.throwsAsync(cluster.api.ReactivateTask({ jobId: 'again', taskId: 'fine' }))) as unknown as { code: number; details: string };
  t.is(refused.code, 9);
  t.regex(refused.details, /task 'fine' succeeded: only a failed task can be reactivated/);
});

test.serial('deleting a task kills it if it runs and removes it; its id can be used again', async (t) => {
  const marker = `deleted-${process.pid}-${Date.now()}`;
  await cluster.api.CreateJob({ job: { id: 'prune', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'prune', tasks: [
    { id: 'runs', commandArgs: [fixture('hang.sh'), marker] },
    { id: 'other', commandArgs: ['/bin/true'] },
  ] });
  await cluster.waitForTask('prune', 'runs', 'running');
  await cluster.waitForTask('prune', 'other');
  await cluster.api.DeleteTask({ jobId: 'prune', taskId: 'runs' });
  const gone = (await t.throwsAsync(cluster.api.GetTask({ jobId: 'prune', taskId: 'runs' }))) as unknown as { code: number };
  t.is(gone.code, 5);
  await cluster.until('its processes gone', async () => (await processesMatching(marker)).length === 0, 15_000);
  t.deepEqual({ ...(await cluster.api.GetTaskCounts({ jobId: 'prune' })) }, { active: 0, running: 0, completed: 1, succeeded: 1, failed: 0 });
  await cluster.api.AddTask({ jobId: 'prune', task: { id: 'runs', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('prune', 'runs');
  const { tasks } = await cluster.api.ListTasks({ jobId: 'prune' });
  t.deepEqual(tasks.map((x) => x.id), ['other', 'runs'], 'listed once, in its new place');
});
