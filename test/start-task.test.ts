// The pool's start task on real workers: it runs when a node joins and again when its worker
// restarts, in startup/; with waitForSuccess the node takes no task until it succeeded, and a
// node whose start task failed (after its retries) is starttaskfailed and takes none.
import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { taskScratchDir } from './helpers/scratch-dir.ts';

function readStream(call: NodeJS.EventEmitter): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    call.on('data', (c: { data: Buffer }) => chunks.push(c.data));
    call.on('end', () => resolve(Buffer.concat(chunks).toString()));
    call.on('error', reject);
  });
}

async function node(cluster: TestCluster, nodeId: string) {
  return cluster.api.GetNode({ nodeId });
}

test.serial('a start task with waitForSuccess runs in startup/ before the node takes tasks, and again after a worker restart', async (t) => {
  const cluster = await startCluster({
    workers: 1, pool: 'startok',
    poolStartTask: {
      commandLine: `/bin/sh -c 'pwd; echo "$AZ_BATCH_POOL_ID $AZ_BATCH_NODE_ID $GREETING"; echo run >> "$AZ_BATCH_NODE_SHARED_DIR/runs"; echo ready > "$AZ_BATCH_NODE_SHARED_DIR/ready"'`,
      environmentSettings: [{ name: 'GREETING', value: 'hello' }],
      waitForSuccess: true,
    },
  });
  t.teardown(() => cluster.stop());
  await cluster.waitForNodes(1, 'idle');
  const n = await node(cluster, 'node-1');
  t.is(n.startTaskInfo!.state, 'completed');
  t.is(n.startTaskInfo!.result, 'success');
  t.is(n.startTaskInfo!.exitCode, 0);
  t.is(n.startTaskInfo!.retryCount, 0);
  t.truthy(Date.parse(n.startTaskInfo!.startTime));
  t.true(Date.parse(n.startTaskInfo!.endTime) >= Date.parse(n.startTaskInfo!.startTime));
  const root = cluster.nodeRoot('node-1');
  t.is(await readFile(path.join(root, 'startup/stdout.txt'), 'utf8'), `${path.join(root, 'startup/wd')}\nstartok node-1 hello\n`);
  // Through the API too (node files).
  t.is(await readStream(cluster.api.raw.GetNodeFile({ nodeId: 'node-1', path: 'startup/stdout.txt' })), `${path.join(root, 'startup/wd')}\nstartok node-1 hello\n`);
  // A task scheduled afterwards sees what the start task prepared.
  await cluster.api.CreateJob({ job: { id: 'after', poolInfo: { poolId: 'startok' } } });
  await cluster.api.AddTask({ jobId: 'after', task: { id: 'reads', commandLine: `/bin/sh -c 'cat "$AZ_BATCH_NODE_SHARED_DIR/ready"'` } });
  const task = await cluster.waitForTask('after', 'reads');
  t.is(task.executionInfo!.result, 'success');
  t.is(await cluster.readOutput('after', 'reads'), 'ready\n');

  // The worker restarts: the start task runs again.
  await cluster.workers.get('node-1')!.stop();
  cluster.workers.delete('node-1');
  await cluster.startWorker('node-1');
  await cluster.until('the start task to run again', async () => (await readFile(path.join(root, 'shared/runs'), 'utf8')) === 'run\nrun\n');
  await cluster.waitForNodes(1, 'idle');
});

test.serial('a failed start task with waitForSuccess makes its node starttaskfailed: it takes no task, another node runs them', async (t) => {
  const cluster = await startCluster({
    workers: 2, pool: 'startfail',
    poolStartTask: {
      // Fails on node-2 only, every time: one retry, then failed.
      commandLine: `/bin/sh -c 'echo attempt >> "$AZ_BATCH_NODE_STARTUP_DIR/attempts"; test "$AZ_BATCH_NODE_ID" != node-2'`,
      waitForSuccess: true,
      maxTaskRetryCount: 1,
    },
  });
  t.teardown(() => cluster.stop());
  await cluster.until('node-2 starttaskfailed and node-1 idle', async () => {
    const { nodes } = await cluster.api.ListNodes({ poolId: 'startfail' });
    const byId = new Map(nodes.map((x) => [x.id, x.state]));
    return byId.get('node-1') === 'idle' && byId.get('node-2') === 'starttaskfailed';
  });
  const failed = await node(cluster, 'node-2');
  t.is(failed.startTaskInfo!.result, 'failure');
  t.is(failed.startTaskInfo!.exitCode, 1);
  t.is(failed.startTaskInfo!.retryCount, 1);
  t.is(failed.startTaskInfo!.failureInfo!.code, 'FailureExitCode');
  t.is(await readFile(path.join(cluster.nodeRoot('node-2'), 'startup/attempts'), 'utf8'), 'attempt\nattempt\n');

  await cluster.api.CreateJob({ job: { id: 'work', poolInfo: { poolId: 'startfail' } } });
  await cluster.api.AddTaskCollection({ jobId: 'work', tasks: [1, 2, 3, 4, 5, 6].map((i) => ({ id: `t${i}`, commandLine: '/bin/true' })) });
  await cluster.waitForJobTasks('work', 6);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'work' });
  t.deepEqual([...new Set(tasks.map((x) => x.executionInfo!.nodeId))], ['node-1']);
  t.is((await node(cluster, 'node-2')).state, 'starttaskfailed');
});

test.serial('without waitForSuccess the node takes tasks at once, while its start task still runs', async (t) => {
  const dir = path.join((await import('node:os')).tmpdir(), `troupe-start-${process.pid}-${Date.now()}`);
  await (await import('node:fs/promises')).mkdir(dir, { recursive: true });
  t.teardown(() => (import('node:fs/promises')).then((fs) => fs.rm(dir, { recursive: true, force: true })));
  const go = path.join(dir, 'go');
  const cluster = await startCluster({
    workers: 1, pool: 'startnowait',
    poolStartTask: { commandLine: `/bin/sh -c 'while [ ! -f ${go} ]; do sleep 0.05; done'`, waitForSuccess: false },
  });
  t.teardown(() => cluster.stop());
  await cluster.waitForNodes(1, 'idle');
  await cluster.api.CreateJob({ job: { id: 'eager', poolInfo: { poolId: 'startnowait' } } });
  await cluster.api.AddTask({ jobId: 'eager', task: { id: 'early', commandLine: '/bin/true' } });
  t.is((await cluster.waitForTask('eager', 'early')).executionInfo!.result, 'success');
  t.is((await node(cluster, 'node-1')).startTaskInfo!.state, 'running');
  await writeFile(go, '');
  await cluster.until('the start task to complete', async () => (await node(cluster, 'node-1')).startTaskInfo?.result === 'success');
});

test('a start task with a bad command line is refused naming the field', async (t) => {
  const cluster = await startCluster({ workers: 0, createPool: false });
  t.teardown(() => cluster.stop());
  const err = await t.throwsAsync(cluster.api.CreatePool({ pool: { id: 'bad', startTask: { commandLine: '', waitForSuccess: true } } })) as unknown as { code: number; details: string };
  t.is(err.code, 3);
  t.regex(err.details, /pool\.startTask\.commandLine/);
  const retries = await t.throwsAsync(cluster.api.CreatePool({ pool: { id: 'bad', startTask: { commandLine: '/bin/true', maxTaskRetryCount: -2 } } })) as unknown as { code: number; details: string };
  t.regex(retries.details, /pool\.startTask\.maxTaskRetryCount/);
});

test.serial('with waitForSuccess the node stays waitingforstarttask, taking no task, until the start task succeeds', async (t) => {
  const fs = await import('node:fs/promises');
  const dir = await taskScratchDir(path.join((await import('node:os')).tmpdir(), 'troupe-startwait-'));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  const go = path.join(dir, 'go');
  const cluster = await startCluster({
    workers: 1, pool: 'startwait',
    poolStartTask: { commandLine: `/bin/sh -c 'while [ ! -f ${go} ]; do sleep 0.05; done'`, waitForSuccess: true },
  });
  t.teardown(() => cluster.stop());
  await cluster.waitForNodes(1, 'waitingforstarttask');
  t.is((await node(cluster, 'node-1')).startTaskInfo!.state, 'running');
  await cluster.api.CreateJob({ job: { id: 'held', poolInfo: { poolId: 'startwait' } } });
  await cluster.api.AddTask({ jobId: 'held', task: { id: 'waits', commandLine: '/bin/true' } });
  // Give the scheduler many passes (it runs at least every second): the task must stay queued.
  const since = Date.now();
  await cluster.until('two scheduling seconds', async () => Date.now() - since > 2000);
  t.is((await cluster.api.GetTask({ jobId: 'held', taskId: 'waits' })).state, 'active');
  t.is((await node(cluster, 'node-1')).state, 'waitingforstarttask');
  await writeFile(go, '');
  t.is((await cluster.waitForTask('held', 'waits')).executionInfo!.result, 'success');
  t.is((await node(cluster, 'node-1')).startTaskInfo!.result, 'success');
});
