// A task's whole life through real daemons: added, scheduled, run as a real process, output kept,
// exit code and failure reported, in Azure Batch's terms.
import test from 'ava';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  // No test here loses a node: a node timeout a loaded machine cannot reach keeps a healthy but
  // slow worker from being declared offline (its tasks would move, and one node could take all).
  cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '60s' });
  await cluster.api.CreateJob({ job: { id: 'life', poolInfo: { poolId: 'testpool' }, commonEnvironmentSettings: [{ name: 'FROM_JOB', value: 'job-value' }, { name: 'BOTH', value: 'job' }] } });
});

test.serial('a successful task completes with exit code 0 and its stdout and stderr kept', async (t) => {
  await cluster.api.AddTask({ jobId: 'life', task: { id: 'ok', commandArgs: [fixture('exit-with.sh'), '0'] } });
  const task = await cluster.waitForTask('life', 'ok');
  t.is(task.executionInfo!.result, 'success');
  t.is(task.executionInfo!.exitCode, 0);
  t.is(task.executionInfo!.retryCount, 0);
  t.truthy(task.executionInfo!.startTime);
  t.truthy(task.executionInfo!.endTime);
  t.true(Date.parse(task.executionInfo!.endTime) >= Date.parse(task.executionInfo!.startTime));
  t.is(await cluster.readOutput('life', 'ok'), 'stdout of exit-with 0\n');
  t.is(await cluster.readOutput('life', 'ok', 'stderr'), 'stderr of exit-with 0\n');
  const node = task.executionInfo!.nodeId;
  const taskDir = path.join(cluster.nodeRoot(node), 'workitems/life/job-1/ok');
  t.is(await readFile(path.join(taskDir, 'stdout.txt'), 'utf8'), 'stdout of exit-with 0\n');
  t.true((await stat(path.join(taskDir, 'wd'))).isDirectory());
});

test.serial('a non-zero exit code completes the task as a failure that names the exit code', async (t) => {
  await cluster.api.AddTask({ jobId: 'life', task: { id: 'three', commandArgs: [fixture('exit-with.sh'), '3'] } });
  const task = await cluster.waitForTask('life', 'three');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.exitCode, 3);
  t.is(task.executionInfo!.failureInfo!.category, 'usererror');
  t.is(task.executionInfo!.failureInfo!.code, 'FailureExitCode');
  t.regex(task.executionInfo!.failureInfo!.message, /\(3\)/);
});

test.serial('a process killed by a signal reports 128 + the signal number', async (t) => {
  await cluster.api.AddTask({ jobId: 'life', task: { id: 'crash', commandArgs: [fixture('crash.sh')] } });
  const task = await cluster.waitForTask('life', 'crash');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.exitCode, 128 + 11);
});

test.serial('a program that does not exist fails with a launch error, not a hang', async (t) => {
  await cluster.api.AddTask({ jobId: 'life', task: { id: 'missing', commandLine: '/no/such/program --flag' } });
  const task = await cluster.waitForTask('life', 'missing');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.failureInfo!.code, 'CommandLaunchFailed');
  t.regex(task.executionInfo!.failureInfo!.message, /\/no\/such\/program.*not found/);
});

test.serial('the command line is not run through a shell: $VARS and quotes reach the program as written', async (t) => {
  await cluster.api.AddTask({ jobId: 'life', task: { id: 'noshell', commandLine: `/bin/echo '$HOME' "two words" a\\ b` } });
  await cluster.waitForTask('life', 'noshell');
  t.is(await cluster.readOutput('life', 'noshell'), '$HOME two words a b\n');
});

test.serial('tasks see the AZ_BATCH_* variables, the job and task environment, and run in their working directory', async (t) => {
  await cluster.api.AddTask({
    jobId: 'life',
    task: { id: 'env', commandArgs: [fixture('print-env.sh')], environmentSettings: [{ name: 'FROM_TASK', value: 'task value' }, { name: 'BOTH', value: 'task' }] },
  });
  const task = await cluster.waitForTask('life', 'env');
  const out = await cluster.readOutput('life', 'env');
  const env = Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const root = cluster.nodeRoot(task.executionInfo!.nodeId);
  t.is(env.AZ_BATCH_POOL_ID, 'testpool');
  t.is(env.AZ_BATCH_NODE_ID, task.executionInfo!.nodeId);
  t.is(env.AZ_BATCH_JOB_ID, 'life');
  t.is(env.AZ_BATCH_TASK_ID, 'env');
  t.is(env.AZ_BATCH_NODE_ROOT_DIR, root);
  t.is(env.AZ_BATCH_NODE_SHARED_DIR, path.join(root, 'shared'));
  t.is(env.AZ_BATCH_NODE_STARTUP_DIR, path.join(root, 'startup'));
  t.is(env.AZ_BATCH_TASK_DIR, path.join(root, 'workitems/life/job-1/env'));
  t.is(env.AZ_BATCH_TASK_WORKING_DIR, path.join(root, 'workitems/life/job-1/env/wd'));
  t.is(env.AZ_BATCH_JOB_PREP_DIR, path.join(root, 'workitems/life/job-1/jobpreparation'));
  t.is(env.AZ_BATCH_NODE_IS_DEDICATED, 'true');
  t.is(env.PWD_IS, path.join(root, 'workitems/life/job-1/env/wd'));
  t.is(env.FROM_JOB, 'job-value');
  t.is(env.FROM_TASK, 'task value');
  t.is(env.BOTH, 'task', 'the task setting wins over the job setting');
});

test.serial('large output is kept whole and read back in chunks and byte ranges', async (t) => {
  await cluster.api.AddTask({ jobId: 'life', task: { id: 'lots', commandArgs: [fixture('print-lots.sh'), '20000'] } });
  await cluster.waitForTask('life', 'lots');
  const out = await cluster.readOutput('life', 'lots');
  t.is(out.length, 20000 * 100);
  const lines = out.trimEnd().split('\n');
  t.is(lines.length, 20000);
  t.true(lines[19999]!.startsWith('00020000 '));
  const range = await new Promise<string>((resolve, reject) => {
    const parts: Buffer[] = [];
    const call = cluster.api.raw.GetTaskOutput({ jobId: 'life', taskId: 'lots', offset: 100 * 41, length: 100 });
    call.on('data', (c: { data: Buffer }) => parts.push(c.data));
    call.on('end', () => resolve(Buffer.concat(parts).toString()));
    call.on('error', reject);
  });
  t.true(range.startsWith('00000042 '));
  t.is(range.length, 100);
});

test.serial('tasks spread over both nodes and the job counts add up', async (t) => {
  const tasks = Array.from({ length: 40 }, (_, i) => ({ id: `many-${i}`, commandArgs: ['/bin/true'] }));
  const res = await cluster.api.AddTaskCollection({ jobId: 'life', tasks });
  t.true(res.results.every((r) => r.status === 'success'));
  await cluster.until('40 tasks done', async () => {
    const { tasks: done } = await cluster.api.ListTasks({ jobId: 'life', state: 'completed', maxResults: 10000 });
    return done.filter((x) => x.id.startsWith('many-')).length === 40;
  });
  const { tasks: listed } = await cluster.api.ListTasks({ jobId: 'life', maxResults: 10000 });
  const nodes = new Set(listed.filter((x) => x.id.startsWith('many-')).map((x) => x.executionInfo!.nodeId));
  t.deepEqual([...nodes].sort(), ['node-1', 'node-2']);
  const counts = await cluster.api.GetTaskCounts({ jobId: 'life' });
  t.is(counts.active + counts.running + counts.completed, listed.length);
  t.is(counts.succeeded + counts.failed, counts.completed);
});

test.serial('listing pages through tasks in the order they were added', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'paged', poolInfo: { poolId: 'testpool' } } });
  const ids = Array.from({ length: 25 }, (_, i) => `p${String(i).padStart(2, '0')}`);
  await cluster.api.AddTaskCollection({ jobId: 'paged', tasks: ids.map((id) => ({ id, commandArgs: ['/bin/true'] })) });
  const seen: string[] = [];
  let token = '';
  let pages = 0;
  do {
    const page = await cluster.api.ListTasks({ jobId: 'paged', maxResults: 10, pageToken: token });
    seen.push(...page.tasks.map((x) => x.id));
    token = page.nextPageToken;
    pages++;
  } while (token);
  t.deepEqual(seen, ids);
  t.is(pages, 3);
});

test.serial('a task directory is removed once its retentionTime has passed, not before', async (t) => {
  // The retention time runs from the exit on the worker, before the test even sees the task
  // completed: 3 s leaves a loaded machine time to read the output first (with 1 s, a slow
  // report, poll and read could find it already removed).
  await cluster.api.AddTaskCollection({ jobId: 'life', tasks: [
    { id: 'short-lived', commandArgs: [fixture('exit-with.sh'), '0'], constraints: { retentionTime: '3s' } },
    { id: 'kept', commandArgs: [fixture('exit-with.sh'), '0'] },
  ] });
  const gone = await cluster.waitForTask('life', 'short-lived');
  t.is(await cluster.readOutput('life', 'short-lived'), 'stdout of exit-with 0\n');
  const kept = await cluster.waitForTask('life', 'kept');
  const dir = path.join(cluster.nodeRoot(gone.executionInfo!.nodeId), 'workitems/life/job-1/short-lived');
  await cluster.until('the expired directory removed', async () => !(await stat(dir).catch(() => false)), 20_000);
  const err = await t.throwsAsync(cluster.readOutput('life', 'short-lived'));
  t.regex(err!.message, /NOT_FOUND/);
  t.true((await stat(path.join(cluster.nodeRoot(kept.executionInfo!.nodeId), 'workitems/life/job-1/kept'))).isDirectory());
});

// Last: it changes the pool's nodes.
test.serial('a low-priority node says so on its record and to its tasks; dedicated nodes say the opposite', async (t) => {
  t.true((await cluster.api.GetNode({ nodeId: 'node-1' })).isDedicated);
  await cluster.startWorker('node-low', ['--low-priority']);
  await cluster.waitForNodes(3, 'idle');
  t.false((await cluster.api.GetNode({ nodeId: 'node-low' })).isDedicated);
  for (const nodeId of ['node-1', 'node-2']) await cluster.api.DisableNodeScheduling({ nodeId });
  await cluster.api.AddTask({ jobId: 'life', task: { id: 'env-low', commandArgs: [fixture('print-env.sh')] } });
  const task = await cluster.waitForTask('life', 'env-low');
  t.is(task.executionInfo!.nodeId, 'node-low');
  t.regex(await cluster.readOutput('life', 'env-low'), /^AZ_BATCH_NODE_IS_DEDICATED=false$/m);
});
