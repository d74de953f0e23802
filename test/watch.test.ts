// Watch: clients follow a job without polling. The stream starts with the current state (when
// asked), then delivers every change, ending with each task completed.
import test from 'ava';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import type { WatchEvent__Output } from '../src/protocol/generated/troupe/v1/WatchEvent.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  // No test here loses a node: a node timeout a loaded machine cannot reach keeps a healthy but
  // slow worker from being declared offline (which would move tasks between nodes).
  cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '60s' });
});

test.serial('Watch streams the initial state, then every task change up to completion', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'watched', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'watched', task: { id: 'before', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('watched', 'before');

  const events: WatchEvent__Output[] = [];
  const call = cluster.api.raw.Watch({ jobId: 'watched', includeInitial: true });
  const synced = new Promise<void>((resolve) => call.on('data', (e: WatchEvent__Output) => {
    events.push(e);
    if (e.initialSyncDone) resolve();
  }));
  call.on('error', () => {});
  await synced;
  t.is(events[0]!.job!.id, 'watched');
  t.is(events.find((e) => e.task)!.task!.id, 'before');
  t.is(events.find((e) => e.task)!.task!.state, 'completed');

  const ids = ['w1', 'w2', 'w3'];
  await cluster.api.AddTaskCollection({ jobId: 'watched', tasks: ids.map((id) => ({ id, commandArgs: ['/bin/sh', '-c', 'sleep 0.1; exit 2'], constraints: { maxTaskRetryCount: 0 } })) });
  await cluster.until('completion events for every new task', async () =>
    ids.every((id) => events.some((e) => e.task?.id === id && e.task.state === 'completed')));
  call.cancel();
  for (const id of ids) {
    const states = events.filter((e) => e.task?.id === id).map((e) => e.task!.state);
    t.is(states[0], 'active', `${id} is first seen queued`);
    t.is(states.at(-1), 'completed');
    t.true(states.includes('preparing') || states.includes('running'), `${id} seen dispatched: ${states}`);
    const last = events.filter((e) => e.task?.id === id).at(-1)!.task!;
    t.is(last.executionInfo!.exitCode, 2);
    t.is(last.executionInfo!.result, 'failure');
  }
});

test.serial('Watch of an unknown job is NOT_FOUND; a Watch of all jobs sees nodes when asked', async (t) => {
  const err = await new Promise<{ code: number; details: string }>((resolve) => {
    const call = cluster.api.raw.Watch({ jobId: 'nope' });
    call.on('error', (e: { code: number; details: string }) => resolve(e));
    call.on('data', () => {});
  });
  t.is(err.code, 5);
  t.regex(err.details, /job 'nope' does not exist/);

  const nodes = new Set<string>();
  const call = cluster.api.raw.Watch({ includeNodes: true, includeInitial: true });
  call.on('error', () => {});
  await new Promise<void>((resolve) => call.on('data', (e: WatchEvent__Output) => {
    if (e.node) nodes.add(e.node.id);
    if (e.initialSyncDone) resolve();
  }));
  call.cancel();
  t.deepEqual([...nodes].sort(), ['node-1', 'node-2']);
});

test.serial('disabling a node stops new tasks there; enabling it lets them back', async (t) => {
  const disabled = await cluster.api.DisableNodeScheduling({ nodeId: 'node-1' });
  t.is(disabled.schedulingState, 'disabled');
  await cluster.api.CreateJob({ job: { id: 'pinned', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'pinned', tasks: Array.from({ length: 8 }, (_, i) => ({ id: `d${i}`, commandArgs: ['/bin/true'] })) });
  await cluster.waitForJobTasks('pinned', 8);
  const { tasks } = await cluster.api.ListTasks({ jobId: 'pinned' });
  t.true(tasks.every((x) => x.executionInfo!.nodeId === 'node-2'));
  const enabled = await cluster.api.EnableNodeScheduling({ nodeId: 'node-1' });
  t.is(enabled.schedulingState, 'enabled');
  await cluster.api.AddTaskCollection({ jobId: 'pinned', tasks: Array.from({ length: 8 }, (_, i) => ({ id: `e${i}`, commandArgs: ['/bin/sh', '-c', 'sleep 0.2'] })) });
  await cluster.waitForJobTasks('pinned', 16);
  const { tasks: after } = await cluster.api.ListTasks({ jobId: 'pinned' });
  t.true(after.filter((x) => x.id.startsWith('e')).some((x) => x.executionInfo!.nodeId === 'node-1'));
});

/** Collects a Watch's events; `ended` resolves when the server ends the stream. */
function watch(request: object) {
  const events: WatchEvent__Output[] = [];
  const call = cluster.api.raw.Watch(request);
  const ended = new Promise<'end' | { code: number }>((resolve) => {
    call.on('end', () => resolve('end'));
    call.on('error', (e: { code: number }) => resolve(e));
  });
  call.on('data', (e: WatchEvent__Output) => events.push(e));
  return { events, call, ended };
}

test.serial('a Watch may wait for a job that does not exist yet; it ends with jobDeleted when the job is deleted', async (t) => {
  const w = watch({ jobId: 'later', waitForJob: true, includeInitial: true });
  await cluster.until('the initial sync of a job not created yet', async () => w.events.some((e) => e.initialSyncDone));
  t.deepEqual(w.events.map((e) => e.event), ['initialSyncDone'], 'nothing to show yet');
  await cluster.api.CreateJob({ job: { id: 'later', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'later', task: { id: 'one', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('later', 'one');
  await cluster.until('the task\'s completion through the watch', async () => w.events.some((e) => e.task?.id === 'one' && e.task.state === 'completed'));
  t.true(w.events.some((e) => e.job?.id === 'later'), 'the job\'s creation was pushed');
  await cluster.api.DeleteJob({ jobId: 'later' });
  t.is(await w.ended, 'end', 'the stream ends');
  t.is(w.events.at(-1)!.jobDeleted, 'later', 'its last event says the job was deleted');
});

test.serial('task deletions are pushed; a Watch of all jobs sees jobDeleted and goes on', async (t) => {
  const all = watch({});
  t.teardown(() => all.call.cancel());
  await cluster.api.CreateJob({ job: { id: 'short', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'short', task: { id: 'gone', commandArgs: ['/bin/true'] } });
  await cluster.api.AddTask({ jobId: 'short', task: { id: 'stays', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('short', 'gone');
  await cluster.waitForTask('short', 'stays');
  await cluster.api.DeleteTask({ jobId: 'short', taskId: 'gone' });
  await cluster.until('taskDeleted', async () => all.events.some((e) => e.taskDeleted?.taskId === 'gone'));
  t.is(all.events.find((e) => e.taskDeleted)!.taskDeleted!.jobId, 'short');
  await cluster.api.DeleteJob({ jobId: 'short' });
  await cluster.until('jobDeleted', async () => all.events.some((e) => e.jobDeleted === 'short'));
  await cluster.api.CreateJob({ job: { id: 'after', poolInfo: { poolId: 'testpool' } } });
  await cluster.until('events after the deletion', async () => all.events.some((e) => e.job?.id === 'after'));
  t.true(all.events.findIndex((e) => e.jobDeleted === 'short') < all.events.findIndex((e) => e.job?.id === 'after'));
  t.false(all.events.some((e) => e.taskDeleted && e.taskDeleted.jobId === 'short' && e.taskDeleted.taskId !== 'gone'), 'no taskDeleted for the tasks of a deleted job');
});

test.serial('node state changes (idle, running) and slots in use are pushed to node watchers', async (t) => {
  const w = watch({ includeNodes: true });
  t.teardown(() => w.call.cancel());
  await cluster.api.CreateJob({ job: { id: 'busy', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'busy', task: { id: 'sleeper', commandArgs: ['/bin/sleep', '1'] } });
  const running = await cluster.waitForTask('busy', 'sleeper', 'running');
  const node = running.executionInfo!.nodeId;
  await cluster.until('the node seen running', async () => w.events.some((e) => e.node?.id === node && e.node.state === 'running' && e.node.runningTaskSlots === 1));
  await cluster.waitForTask('busy', 'sleeper');
  await cluster.until('the node seen idle again', async () => {
    const last = w.events.filter((e) => e.node?.id === node).at(-1)?.node;
    return last?.state === 'idle' && last.runningTaskSlots === 0;
  });
  const states = w.events.filter((e) => e.node?.id === node).map((e) => e.node!.state);
  t.true(states.indexOf('running') < states.lastIndexOf('idle'), `running, then idle: ${states.join(', ')}`);
});

test.serial('a batching Watch gets task changes gathered, each task once per batch with its latest state', async (t) => {
  const w = watch({ jobId: 'batched', waitForJob: true, batch: true });
  t.teardown(() => w.call.cancel());
  await cluster.api.CreateJob({ job: { id: 'batched', poolInfo: { poolId: 'testpool' } } });
  const ids = Array.from({ length: 200 }, (_, i) => `b${i}`);
  await cluster.api.AddTaskCollection({ jobId: 'batched', tasks: ids.map((id) => ({ id, commandArgs: ['/bin/true'] })) });
  const last = new Map<string, string>();
  await cluster.until('every task seen completed through batches', async () => {
    last.clear();
    for (const e of w.events) for (const task of e.taskBatch?.tasks ?? []) last.set(task.id, task.state);
    return ids.every((id) => last.get(id) === 'completed');
  }, 120_000);
  t.false(w.events.some((e) => e.task), 'no single task events');
  for (const e of w.events.filter((x) => x.taskBatch)) {
    const inBatch = e.taskBatch!.tasks.map((x) => x.id);
    t.is(new Set(inBatch).size, inBatch.length, 'each task at most once in a batch');
  }
  t.true(w.events.filter((e) => e.taskBatch).length < ids.length * 2, `gathered: ${w.events.length} events for ${ids.length} tasks`);
  t.is(w.events.find((e) => e.job)?.job?.id, 'batched');
});

test.serial('taskSelect: watchers get only the task properties they named, batched or not, snapshot included', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'selected', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'selected', task: { id: 'done', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('selected', 'done');

  const bad = watch({ jobId: 'selected', taskSelect: 'id,bogus' });
  const refused = await bad.ended;
  t.like(refused, { code: 3 });
  t.regex((refused as unknown as { details: string }).details, /taskSelect: unknown property 'bogus' of Task/);

  const single = watch({ jobId: 'selected', includeInitial: true, taskSelect: 'id,state,executionInfo/exitCode' });
  const batched = watch({ jobId: 'selected', batch: true, taskSelect: 'id, state' });
  const full = watch({ jobId: 'selected', batch: true });
  t.teardown(() => { for (const w of [single, batched, full]) w.call.cancel(); });
  await cluster.until('the selecting watcher synced', async () => single.events.some((e) => e.initialSyncDone));
  const ids = ['s1', 's2', 's3'];
  await cluster.api.AddTaskCollection({ jobId: 'selected', tasks: ids.map((id) => ({ id, commandArgs: ['/bin/sh', '-c', 'exit 3'], constraints: { maxTaskRetryCount: 0 } })) });
  const tasksOf = (w: ReturnType<typeof watch>) => w.events.flatMap((e) => (e.task ? [e.task] : e.taskBatch?.tasks ?? []));
  const completed = (w: ReturnType<typeof watch>) => ids.every((id) => tasksOf(w).some((x) => x.id === id && x.state === 'completed'));
  await cluster.until('every watcher saw every task completed', async () => completed(single) && completed(batched) && completed(full), 120_000);

  const snapshotDone = tasksOf(single).find((x) => x.id === 'done')!;
  t.is(snapshotDone.state, 'completed');
  t.is(snapshotDone.commandLine, '', 'the snapshot is selected too');
  for (const id of ids) {
    const last = (w: ReturnType<typeof watch>) => tasksOf(w).filter((x) => x.id === id).at(-1)!;
    t.is(last(single).executionInfo?.exitCode, 3);
    t.is(last(single).executionInfo?.nodeId, '', 'only exitCode of executionInfo');
    t.is(last(single).commandLine, '');
    t.is(last(batched).state, 'completed');
    t.is(last(batched).executionInfo, null, 'executionInfo was not asked for');
    t.is(last(batched).creationTime, '');
    t.regex(last(full).commandLine, /exit 3/, 'a watcher without taskSelect gets every property');
    t.is(last(full).executionInfo?.exitCode, 3);
  }
  t.true(single.events.some((e) => e.task) && !single.events.some((e) => e.taskBatch), 'the unbatched watcher got single events');
  t.true(batched.events.some((e) => e.taskBatch), 'the batching watcher got batches');
});
