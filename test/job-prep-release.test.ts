// Job preparation and release tasks on two real nodes: preparation once per node before the
// job's tasks there, with its environment; a preparation failure keeps the job off that node
// only (visible in ListPreparationAndReleaseTaskStatus), or ends the tasks when no node is left;
// release on each node that ran the job's tasks once the job ends: prep -> tasks -> release.
import test from 'ava';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2 });
});

/** Appends "<what> <ns clock>" to a per-node, per-job log under the node's shared directory. */
const logLine = (what: string) => `echo "${what} $(date +%s%N)" >> "$AZ_BATCH_NODE_SHARED_DIR/$AZ_BATCH_JOB_ID.log"`;

async function nodeLog(nodeId: string, jobId: string): Promise<string[]> {
  try {
    return (await readFile(path.join(cluster.nodeRoot(nodeId), 'shared', `${jobId}.log`), 'utf8')).trim().split('\n');
  } catch {
    return [];
  }
}

test.serial('preparation runs once per node before its tasks, release after the job ends: prep -> tasks -> release on each node', async (t) => {
  await cluster.api.CreateJob({
    job: {
      id: 'pr', poolInfo: { poolId: 'testpool' },
      commonEnvironmentSettings: [{ name: 'COMMON', value: 'c' }],
      jobPreparationTask: {
        commandLine: `/bin/sh -c '${logLine('prep').replace(/'/g, `'"'"'`)}; echo "$PREPVAR $COMMON $AZ_BATCH_TASK_WORKING_DIR" > prepared; pwd'`,
        environmentSettings: [{ name: 'PREPVAR', value: 'p' }],
      },
      jobReleaseTask: { commandLine: `/bin/sh -c '${logLine('release').replace(/'/g, `'"'"'`)}'` },
    },
  });
  // Each task checks that the preparation's file is there, through AZ_BATCH_JOB_PREP_WORKING_DIR.
  const tasks = Array.from({ length: 8 }, (_, i) => ({
    id: `t${i}`,
    commandLine: `/bin/sh -c '${logLine('task').replace(/'/g, `'"'"'`)}; cat "$AZ_BATCH_JOB_PREP_WORKING_DIR/prepared"; sleep 0.3'`,
  }));
  await cluster.api.AddTaskCollection({ jobId: 'pr', tasks });
  await cluster.waitForJobTasks('pr', 8);
  const { tasks: done } = await cluster.api.ListTasks({ jobId: 'pr' });
  for (const x of done) t.is(x.executionInfo!.result, 'success', x.id);
  const nodes = [...new Set(done.map((x) => x.executionInfo!.nodeId))].sort();
  t.deepEqual(nodes, ['node-1', 'node-2'], 'both nodes ran tasks of the job');
  t.is(await cluster.readOutput('pr', done[0]!.id), `p c ${path.join(cluster.nodeRoot(done[0]!.executionInfo!.nodeId), 'workitems/pr/job-1/jobpreparation/wd')}\n`);

  await cluster.api.TerminateJob({ jobId: 'pr' });
  const status = await cluster.until('release on both nodes', async () => {
    const s = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'pr' });
    return s.value.length === 2 && s.value.every((v) => v.jobReleaseTaskExecutionInfo?.state === 'completed') ? s : undefined;
  });
  t.is(status.preparationSucceededNodes, 2);
  t.is(status.preparationFailedNodes, 0);
  for (const v of status.value) {
    t.is(v.poolId, 'testpool');
    t.is(v.jobPreparationTaskExecutionInfo!.result, 'success');
    t.is(v.jobPreparationTaskExecutionInfo!.exitCode, 0);
    t.is(v.jobPreparationTaskExecutionInfo!.taskRootDirectory, 'workitems/pr/job-1/jobpreparation');
    t.is(v.jobReleaseTaskExecutionInfo!.result, 'success');
    t.is(v.jobReleaseTaskExecutionInfo!.taskRootDirectory, 'workitems/pr/job-1/jobrelease');
    // Order on each node, by the node's own log (one writer per line, clock in ns).
    const lines = await nodeLog(v.nodeId, 'pr');
    const kinds = lines.map((l) => l.split(' ')[0]);
    t.is(kinds[0], 'prep', v.nodeId);
    t.is(kinds.filter((k) => k === 'prep').length, 1, `${v.nodeId}: one preparation`);
    t.is(kinds[kinds.length - 1], 'release', v.nodeId);
    t.is(kinds.filter((k) => k === 'release').length, 1, `${v.nodeId}: one release`);
    t.is(kinds.filter((k) => k === 'task').length, done.filter((x) => x.executionInfo!.nodeId === v.nodeId).length);
    // Tasks run side by side (2 slots), so only prep-before-tasks-before-release is an order.
    const at = (kind: string) => lines.filter((l) => l.startsWith(`${kind} `)).map((l) => BigInt(l.split(' ')[1]!));
    const [prepAt] = at('prep');
    const [releaseAt] = at('release');
    for (const taskAt of at('task')) {
      t.true(prepAt! <= taskAt, `${v.nodeId}: preparation before every task`);
      t.true(taskAt <= releaseAt!, `${v.nodeId}: release after every task`);
    }
    // The preparation's output, through the node file API.
    const out = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const call = cluster.api.raw.GetNodeFile({ nodeId: v.nodeId, path: 'workitems/pr/job-1/jobpreparation/stdout.txt' });
      call.on('data', (c: { data: Buffer }) => chunks.push(c.data));
      call.on('end', () => resolve(Buffer.concat(chunks).toString()));
      call.on('error', reject);
    });
    t.is(out, `${path.join(cluster.nodeRoot(v.nodeId), 'workitems/pr/job-1/jobpreparation/wd')}\n`);
  }
});

test.serial('a preparation failure on one node keeps the job off that node only, visibly; the tasks run on the other', async (t) => {
  await cluster.api.CreateJob({
    job: {
      id: 'prepfail', poolInfo: { poolId: 'testpool' },
      jobPreparationTask: { commandLine: `/bin/sh -c 'echo prep-attempt >> "$AZ_BATCH_NODE_SHARED_DIR/prepfail.attempts"; test "$AZ_BATCH_NODE_ID" != node-2'`, maxTaskRetryCount: 1 },
      jobReleaseTask: { commandLine: `/bin/sh -c '${logLine('release').replace(/'/g, `'"'"'`)}'` },
    },
  });
  // Another job without preparation still runs on node-2.
  await cluster.api.CreateJob({ job: { id: 'unaffected', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'prepfail', tasks: Array.from({ length: 6 }, (_, i) => ({ id: `f${i}`, commandLine: '/bin/sh -c "sleep 0.2"' })) });
  const status = await cluster.until('the failure on node-2 to be visible', async () => {
    const s = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'prepfail' });
    return s.preparationFailedNodes === 1 ? s : undefined;
  });
  const failed = status.value.find((v) => v.nodeId === 'node-2')!;
  t.is(failed.jobPreparationTaskExecutionInfo!.result, 'failure');
  t.is(failed.jobPreparationTaskExecutionInfo!.exitCode, 1);
  t.is(failed.jobPreparationTaskExecutionInfo!.retryCount, 1);
  t.is(failed.jobPreparationTaskExecutionInfo!.failureInfo!.code, 'FailureExitCode');
  await cluster.waitForJobTasks('prepfail', 6);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'prepfail' });
  for (const x of tasks) {
    t.is(x.executionInfo!.result, 'success', x.id);
    t.is(x.executionInfo!.nodeId, 'node-1', x.id);
    t.is(x.executionInfo!.retryCount, 0, `${x.id}: a preparation failure is not the task's retry`);
  }
  t.true(tasks.some((x) => x.executionInfo!.requeueCount > 0), 'the tasks sent to node-2 went back to the queue');
  t.is(await readFile(path.join(cluster.nodeRoot('node-2'), 'shared/prepfail.attempts'), 'utf8'), 'prep-attempt\nprep-attempt\n');
  // The job ends: release where its tasks ran (node-1), not where its preparation failed.
  await cluster.api.TerminateJob({ jobId: 'prepfail' });
  await cluster.until('the release on node-1', async () => {
    const s = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'prepfail' });
    return s.value.find((v) => v.nodeId === 'node-1')?.jobReleaseTaskExecutionInfo?.result === 'success';
  });
  t.deepEqual(await nodeLog('node-1', 'prepfail').then((l) => l.map((x) => x.split(' ')[0])), ['release']);
  t.deepEqual(await nodeLog('node-2', 'prepfail'), []);
  const after = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'prepfail' });
  t.is(after.value.find((v) => v.nodeId === 'node-2')!.jobReleaseTaskExecutionInfo, null);

  await cluster.api.AddTaskCollection({ jobId: 'unaffected', tasks: [1, 2, 3, 4, 5, 6].map((i) => ({ id: `u${i}`, commandLine: '/bin/sh -c "sleep 0.3"' })) });
  await cluster.waitForJobTasks('unaffected', 6);
  const { tasks: others } = await cluster.api.ListTasks({ jobId: 'unaffected' });
  t.true(others.some((x) => x.executionInfo!.nodeId === 'node-2'), 'node-2 still runs other jobs');
});

test.serial('when the preparation failed on every node, the job\'s queued tasks end as JobPreparationFailed instead of waiting forever', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'noprep', poolInfo: { poolId: 'testpool' }, jobPreparationTask: { commandLine: '/bin/false' } } });
  await cluster.api.AddTaskCollection({ jobId: 'noprep', tasks: [1, 2, 3].map((i) => ({ id: `n${i}`, commandLine: '/bin/true' })) });
  await cluster.waitForJobTasks('noprep', 3);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'noprep' });
  for (const x of tasks) {
    t.is(x.executionInfo!.result, 'failure');
    t.is(x.executionInfo!.failureInfo!.code, 'JobPreparationFailed');
    t.regex(x.executionInfo!.failureInfo!.message, /node-1/);
  }
  const s = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'noprep' });
  t.is(s.preparationFailedNodes, 2);
  // A task added once no node is left ends the same way: it is not left waiting.
  await cluster.api.AddTask({ jobId: 'noprep', task: { id: 'late', commandLine: '/bin/true' } });
  await cluster.waitForJobTasks('noprep', 4);
  const late = await cluster.api.GetTask({ jobId: 'noprep', taskId: 'late' });
  t.is(late.executionInfo!.failureInfo!.code, 'JobPreparationFailed');
});

test.serial('bad preparation/release tasks are refused naming the field; an unknown job is NOT_FOUND', async (t) => {
  const err = await t.throwsAsync(cluster.api.CreateJob({ job: { id: 'badprep', poolInfo: { poolId: 'testpool' }, jobPreparationTask: { commandLine: '' } } })) as unknown as { code: number; details: string };
  t.is(err.code, 3);
  t.regex(err.details, /job\.jobPreparationTask\.commandLine/);
  const long = await t.throwsAsync(cluster.api.CreateJob({ job: { id: 'badrel', poolInfo: { poolId: 'testpool' }, jobReleaseTask: { commandLine: '/bin/true', maxWallClockTime: '1h' } } })) as unknown as { code: number; details: string };
  t.regex(long.details, /job\.jobReleaseTask\.maxWallClockTime must be at most 15 minutes/);
  const missing = await t.throwsAsync(cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'nope' })) as unknown as { code: number };
  t.is(missing.code, 5);
  // A task may not take the preparation/release directories' names in such a job.
  await cluster.api.CreateJob({ job: { id: 'reserved', poolInfo: { poolId: 'testpool' }, jobPreparationTask: { commandLine: '/bin/true' }, jobReleaseTask: { commandLine: '/bin/true' } } });
  const clash = await t.throwsAsync(cluster.api.AddTask({ jobId: 'reserved', task: { id: 'jobpreparation', commandLine: '/bin/true' } })) as unknown as { code: number; details: string };
  t.is(clash.code, 3);
  t.regex(clash.details, /task\.id must not be 'jobpreparation'/);
  const many = await cluster.api.AddTaskCollection({ jobId: 'reserved', tasks: [{ id: 'jobrelease', commandLine: '/bin/true' }, { id: 'fine', commandLine: '/bin/true' }] });
  t.is(many.results[0]!.status, 'clienterror');
  t.regex(many.results[0]!.error!.message, /tasks\[0\]\.id must not be 'jobrelease'/);
  t.is(many.results[1]!.status, 'success');
});

test.serial('deleting a job runs its release task on the nodes that ran its tasks, after they were killed', async (t) => {
  await cluster.api.CreateJob({
    job: {
      id: 'deljob', poolInfo: { poolId: 'testpool' },
      // Records whether the task's process was still alive when the release ran.
      jobReleaseTask: { commandLine: `/bin/sh -c 'if kill -0 $(cat "$AZ_BATCH_NODE_SHARED_DIR/deljob.pid") 2>/dev/null; then s=alive; else s=dead; fi; ${logLine('release-$s').replace(/'/g, `'"'"'`)}'` },
    },
  });
  // The task takes a second to die after SIGTERM: a release that did not wait would see it alive.
  await cluster.api.AddTask({ jobId: 'deljob', task: { id: 'long', commandLine: `/bin/sh -c 'trap "sleep 1; exit 1" TERM; echo $$ > "$AZ_BATCH_NODE_SHARED_DIR/deljob.pid"; ${logLine('task').replace(/'/g, `'"'"'`)}; sleep 60'` } });
  const running = await cluster.waitForTask('deljob', 'long', 'running');
  const nodeId = running.executionInfo!.nodeId;
  await cluster.until('the task to have started', async () => (await nodeLog(nodeId, 'deljob')).length === 1);
  await cluster.api.DeleteJob({ jobId: 'deljob' });
  const lines = await cluster.until('the release on the node', async () => {
    const l = await nodeLog(nodeId, 'deljob');
    return l.length === 2 ? l : undefined;
  });
  t.deepEqual(lines.map((l) => l.split(' ')[0]), ['task', 'release-dead']);
  const other = nodeId === 'node-1' ? 'node-2' : 'node-1';
  t.deepEqual(await nodeLog(other, 'deljob'), [], 'no release where no task of the job ran');
  const err = await t.throwsAsync(cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'deljob' })) as unknown as { code: number };
  t.is(err.code, 5);
});

test.serial('a restarted worker prepares the job again; a node excluded by a failed preparation takes the job again after its restart', async (t) => {
  // Only node-1 takes tasks here.
  await cluster.api.DisableNodeScheduling({ nodeId: 'node-2', nodeDisableSchedulingOption: 'taskcompletion' });
  t.teardown(() => cluster.api.EnableNodeScheduling({ nodeId: 'node-2' }).then(() => {}));
  const counter = path.join(cluster.dir, 'again-prep-runs');
  await cluster.api.CreateJob({
    job: {
      id: 'again', poolInfo: { poolId: 'testpool' },
      // Fails on its first run, succeeds from the second on.
      jobPreparationTask: { commandLine: `/bin/sh -c '${logLine('prep').replace(/'/g, `'"'"'`)}; n=$(($(cat ${counter} 2>/dev/null || echo 0) + 1)); echo $n > ${counter}; [ $n -ge 2 ]'` },
    },
  });
  await cluster.api.AddTask({ jobId: 'again', task: { id: 'a1', commandLine: '/bin/true' } });
  // node-1 is the only node that could run it, and its preparation failed: the task ends.
  const ended = await cluster.waitForTask('again', 'a1');
  t.is(ended.executionInfo!.failureInfo!.code, 'JobPreparationFailed');
  t.is((await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'again' })).preparationFailedNodes, 1);

  // The worker restarts: the job may run there again, and is prepared again first.
  await cluster.workers.get('node-1')!.stop();
  cluster.workers.delete('node-1');
  await cluster.startWorker('node-1');
  await cluster.until('node-1 idle again', async () => (await cluster.api.GetNode({ nodeId: 'node-1' })).state === 'idle');
  await cluster.api.ReactivateTask({ jobId: 'again', taskId: 'a1' });
  const done = await cluster.waitForTask('again', 'a1');
  t.is(done.executionInfo!.result, 'success');
  t.is(done.executionInfo!.nodeId, 'node-1');
  await cluster.api.AddTask({ jobId: 'again', task: { id: 'a2', commandLine: '/bin/true' } });
  t.is((await cluster.waitForTask('again', 'a2')).executionInfo!.result, 'success');
  t.deepEqual((await nodeLog('node-1', 'again')).map((l) => l.split(' ')[0]), ['prep', 'prep'], 'once per worker process');
  const s = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'again' });
  t.is(s.preparationSucceededNodes, 1);
  t.is(s.preparationFailedNodes, 0);
});

test.serial('a restarted coordinator still knows each node\'s preparation, keeps a failed node excluded, and asks for releases due', async (t) => {
  await cluster.api.CreateJob({
    job: {
      id: 'survive', poolInfo: { poolId: 'testpool' },
      jobPreparationTask: { commandLine: `/bin/sh -c 'test "$AZ_BATCH_NODE_ID" != node-2'` },
      jobReleaseTask: { commandLine: `/bin/sh -c '${logLine('release').replace(/'/g, `'"'"'`)}'` },
    },
  });
  await cluster.api.AddTaskCollection({ jobId: 'survive', tasks: [1, 2, 3, 4].map((i) => ({ id: `s${i}`, commandLine: '/bin/sh -c "sleep 0.2"' })) });
  await cluster.waitForJobTasks('survive', 4);
  await cluster.until('node-2 to have failed its preparation', async () =>
    (await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'survive' })).preparationFailedNodes === 1);
  const before = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'survive' });
  t.is(before.value.length, 2);

  await cluster.coordinator.crash();
  await cluster.startCoordinator();
  const after = await cluster.until('the status after the restart', async () => {
    const s = await cluster.api.ListPreparationAndReleaseTaskStatus({ jobId: 'survive' });
    return s.value.length === before.value.length ? s : undefined;
  });
  t.deepEqual(after.value.map((v) => [v.nodeId, v.jobPreparationTaskExecutionInfo?.result]), before.value.map((v) => [v.nodeId, v.jobPreparationTaskExecutionInfo?.result]));
  // Still excluded: new tasks of the job run on node-1 only.
  await cluster.api.AddTaskCollection({ jobId: 'survive', tasks: [5, 6, 7, 8].map((i) => ({ id: `s${i}`, commandLine: '/bin/sh -c "sleep 0.2"' })) });
  await cluster.waitForJobTasks('survive', 8);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'survive' });
  t.true(tasks.every((x) => x.executionInfo!.nodeId === 'node-1' && x.executionInfo!.result === 'success'));
  await cluster.api.TerminateJob({ jobId: 'survive' });
  await cluster.until('the release on node-1', async () => (await nodeLog('node-1', 'survive')).length === 1);
  t.deepEqual(await nodeLog('node-2', 'survive'), []);
});
