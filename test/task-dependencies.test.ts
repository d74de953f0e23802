// Task dependencies and exit conditions through the real daemons (Azure Batch's dependsOn,
// exitConditions, onTaskFailure): order of runs, refusals at add time, blocked tasks and what
// reactivating or deleting a parent does, job actions, and a coordinator restart in between.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import type { Task__Output } from '../src/protocol/generated/troupe/v1/Task.ts';

let cluster: TestCluster;
let scratch: string;
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 4, nodeTimeout: '60s' });
  scratch = await taskScratchDir(path.join(os.tmpdir(), 'troupe-deps-'));
});
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const pool = { poolId: 'testpool' };
let jobs = 0;
async function job(over: Record<string, unknown> = { usesTaskDependencies: true }): Promise<string> {
  const id = `deps${++jobs}`;
  await cluster.api.CreateJob({ job: { id, poolInfo: pool, ...over } });
  return id;
}
const run = (id: string, extra: Record<string, unknown> = {}) => ({ id, commandArgs: ['/bin/true'], ...extra });
const exits = (id: string, code: number, extra: Record<string, unknown> = {}) => ({ id, commandArgs: ['/bin/sh', '-c', `exit ${code}`], ...extra });
/** Runs until `file` exists (the test decides when it ends), then exits `code`. */
const held = (id: string, file: string, extra: Record<string, unknown> = {}, code = 0) => ({
  id, commandArgs: ['/bin/sh', '-c', `while [ ! -e "$0" ]; do [ -d "\${0%/*}" ] || exit 1; sleep 0.05; done; exit ${code}`, file], ...extra,
});
/** Fails until `file` exists, then succeeds. */
const failsUntil = (id: string, file: string) => ({ id, commandArgs: ['/bin/sh', '-c', '[ -e "$0" ]', file] });
const after = (...taskIds: string[]) => ({ dependsOn: { taskIds } });
const times = (t: Task__Output) => ({ start: Date.parse(t.executionInfo!.startTime), end: Date.parse(t.executionInfo!.endTime) });
const get = (jobId: string, taskId: string) => cluster.api.GetTask({ jobId, taskId });

async function addAll(jobId: string, tasks: object[]) {
  const { results } = await cluster.api.AddTaskCollection({ jobId, tasks });
  return results;
}

test('a chain and a fan-out/fan-in run in dependency order, each after what it depends on ended', async (t) => {
  const j = await job();
  const results = await addAll(j, [
    run('a'), run('b', after('a')), run('c', after('b')),
    run('root'),
    ...Array.from({ length: 20 }, (_, i) => run(String(i + 1), after('root'))),
    run('sink', { dependsOn: { taskIdRanges: [{ start: 1, end: 20 }] } }),
  ]);
  t.true(results.every((r) => r.status === 'success'), JSON.stringify(results.filter((r) => r.status !== 'success')));
  await cluster.waitForJobTasks(j, 25);
  const byId = new Map((await cluster.api.ListTasks({ jobId: j })).tasks.map((x) => [x.id, x]));
  t.true(times(byId.get('b')!).start >= times(byId.get('a')!).end);
  t.true(times(byId.get('c')!).start >= times(byId.get('b')!).end);
  const sink = times(byId.get('sink')!).start;
  for (let i = 1; i <= 20; i++) {
    t.true(times(byId.get(String(i))!).start >= times(byId.get('root')!).end, `task ${i} after root`);
    t.true(sink >= times(byId.get(String(i))!).end, `sink after task ${i}`);
  }
  t.true([...byId.values()].every((x) => x.executionInfo!.result === 'success'));
  t.is(byId.get('sink')!.dependencyState, null, 'a task that ran shows no dependency state');
});

test('refused at add time, naming the field: no dependencies in the job, an unknown id, a cycle, itself, a refused parent', async (t) => {
  const plain = await job({});
  const e1 = await t.throwsAsync(cluster.api.AddTask({ jobId: plain, task: run('x', after('y')) }));
  t.regex(e1!.message, /INVALID_ARGUMENT.*task\.dependsOn.*does not use task dependencies/);
  const j = await job();
  await cluster.api.AddTask({ jobId: j, task: run('exists') });
  const e2 = await t.throwsAsync(cluster.api.AddTask({ jobId: j, task: run('x', after('exists', 'nope')) }));
  t.regex(e2!.message, /task\.dependsOn\.taskIds\[1\].*'nope' is neither a task of job/);
  const e3 = await t.throwsAsync(cluster.api.AddTask({ jobId: j, task: run('self', after('self')) }));
  t.regex(e3!.message, /cannot depend on itself/);
  const e4 = await t.throwsAsync(cluster.api.AddTask({ jobId: j, task: run('r', { dependsOn: { taskIdRanges: [{ start: 5, end: 3 }] } }) }));
  t.regex(e4!.message, /task\.dependsOn\.taskIdRanges\[0\]\.end.*less than start/);
  const results = await addAll(j, [
    run('p', after('q')), run('q', after('s')), run('s', after('p')), // a cycle
    run('ok', after('exists')),
    { id: 'bad', commandLine: '' }, // refused by validation
    run('child', after('bad')), run('grandchild', after('child')),
  ]);
  const status = Object.fromEntries(results.map((r) => [r.taskId, r]));
  for (const id of ['p', 'q', 's']) t.regex(status[id]!.error!.message, /makes a cycle: '\w' -> '\w' -> '\w' -> '\w'/, id);
  t.is(status.ok!.status, 'success');
  t.regex(status.child!.error!.message, /tasks\[5\]\.dependsOn.*'bad', which this request adds but was refused/);
  t.regex(status.grandchild!.error!.message, /tasks\[6\]\.dependsOn depends on tasks\[5\] \('child'\), which was refused/);
  const counts = await cluster.api.GetTaskCounts({ jobId: j });
  t.is(counts.active + counts.running + counts.completed, 2, 'only exists and ok were added');
  const e5 = await t.throwsAsync(cluster.api.AddTask({ jobId: j, task: exits('act', 1, { exitConditions: { defaultAction: { jobAction: 'terminate' } } }) }));
  t.regex(e5!.message, /task\.exitConditions\.defaultAction\.jobAction.*onTaskFailure noaction/);
});

test('a failed parent blocks its dependent (visibly); reactivated and then succeeding, it releases it', async (t) => {
  const j = await job();
  const fix = path.join(scratch, 'fix-parent');
  await addAll(j, [failsUntil('parent', fix), run('child', after('parent'))]);
  await cluster.waitForTask(j, 'parent');
  const blocked = await cluster.until('child blocked', async () => {
    const c = await get(j, 'child');
    return c.dependencyState?.state === 'blocked' ? c : undefined;
  });
  t.is(blocked.state, 'active');
  t.deepEqual(blocked.dependencyState!.blockedBy, ['parent']);
  t.is(blocked.dependencyState!.blockedByCount, 1);
  await writeFile(fix, '');
  await cluster.api.ReactivateTask({ jobId: j, taskId: 'parent' });
  const child = await cluster.waitForTask(j, 'child');
  t.is(child.executionInfo!.result, 'success');
  t.true(times(child).start >= times(await get(j, 'parent')).end);
});

test('exit conditions: a listed exit code satisfies dependents; dependencyAction block on success blocks them', async (t) => {
  const j = await job();
  await addAll(j, [
    exits('three', 3, { exitConditions: { exitCodes: [{ code: 3, exitOptions: { dependencyAction: 'satisfy' } }] } }),
    run('after-three', after('three')),
    exits('ranged', 7, { exitConditions: { exitCodeRanges: [{ start: 5, end: 9, exitOptions: { dependencyAction: 'satisfy' } }] } }),
    run('after-ranged', after('ranged')),
    exits('zero', 0, { exitConditions: { exitCodes: [{ code: 0, exitOptions: { dependencyAction: 'block' } }] } }),
    run('after-zero', after('zero')),
  ]);
  t.is((await cluster.waitForTask(j, 'after-three')).executionInfo!.result, 'success');
  t.is((await cluster.waitForTask(j, 'after-ranged')).executionInfo!.result, 'success');
  t.is((await get(j, 'three')).executionInfo!.result, 'failure', 'exit conditions do not change the result');
  await cluster.waitForTask(j, 'zero');
  const c = await cluster.until('after-zero blocked', async () => {
    const x = await get(j, 'after-zero');
    return x.dependencyState?.state === 'blocked' ? x : undefined;
  });
  t.is(c.state, 'active');
});

test('onTaskFailure performexitoptionsjobaction: the default terminates the job (TaskFailed), a listed code disables it', async (t) => {
  const terminated = await job({ onTaskFailure: 'performexitoptionsjobaction' });
  await cluster.api.AddTask({ jobId: terminated, task: exits('boom', 2) });
  const j1 = await cluster.until('job terminated', async () => {
    const x = await cluster.api.GetJob({ jobId: terminated });
    return x.state === 'completed' ? x : undefined;
  });
  t.is(j1.executionInfo!.terminateReason, 'TaskFailed');
  const disabled = await job({ onTaskFailure: 'performexitoptionsjobaction' });
  await cluster.api.AddTask({ jobId: disabled, task: exits('four', 4, { exitConditions: { exitCodes: [{ code: 4, exitOptions: { jobAction: 'disable' } }] } }) });
  await cluster.until('job disabled', async () => (await cluster.api.GetJob({ jobId: disabled })).state === 'disabled');
  const none = await job({ onTaskFailure: 'performexitoptionsjobaction' });
  await cluster.api.AddTask({ jobId: none, task: exits('quiet', 5, { exitConditions: { exitCodes: [{ code: 5, exitOptions: { jobAction: 'none' } }] } }) });
  await cluster.waitForTask(none, 'quiet');
  await cluster.api.AddTask({ jobId: none, task: run('later') });
  await cluster.waitForTask(none, 'later');
  t.is((await cluster.api.GetJob({ jobId: none })).state, 'active', 'jobAction none leaves the job as it is');
});

test('deleting a parent blocks its dependents; adding it again makes them wait on the new one', async (t) => {
  const j = await job();
  const go = path.join(scratch, 'go-parent');
  await addAll(j, [held('parent', go), run('child', after('parent'))]);
  await cluster.waitForTask(j, 'parent', 'running');
  await cluster.api.DeleteTask({ jobId: j, taskId: 'parent' });
  const blocked = await cluster.until('child blocked', async () => {
    const x = await get(j, 'child');
    return x.dependencyState?.state === 'blocked' ? x : undefined;
  });
  t.deepEqual(blocked.dependencyState!.blockedBy, ['parent']);
  await writeFile(go, '');
  await cluster.api.AddTask({ jobId: j, task: run('parent') });
  const child = await cluster.waitForTask(j, 'child');
  t.is(child.executionInfo!.result, 'success');
});

test('a coordinator restart rebuilds who waits on whom from the tasks alone', async (t) => {
  // A cluster of its own: the other tests of this file run meanwhile.
  const cluster = await startCluster({ workers: 1, slots: 4 });
  t.teardown(() => cluster.stop());
  const get = (jobId: string, taskId: string) => cluster.api.GetTask({ jobId, taskId });
  const j = 'restart';
  await cluster.api.CreateJob({ job: { id: j, poolInfo: pool, usesTaskDependencies: true } });
  const go = path.join(scratch, 'go-restart');
  const fix = path.join(scratch, 'fix-restart');
  await cluster.api.AddTaskCollection({ jobId: j, tasks: [held('long', go), run('waits', after('long')), failsUntil('fails', fix), run('blocked', after('fails'))] });
  await cluster.waitForTask(j, 'fails');
  await cluster.waitForTask(j, 'long', 'running');
  await cluster.coordinator.crash();
  await cluster.startCoordinator();
  const waits = await cluster.until('the API again', async () => get(j, 'waits').catch(() => undefined));
  t.is(waits.dependencyState!.state, 'waiting');
  t.deepEqual(waits.dependencyState!.waitingOn, ['long']);
  t.is((await get(j, 'blocked')).dependencyState!.state, 'blocked');
  await writeFile(go, '');
  t.is((await cluster.waitForTask(j, 'waits')).executionInfo!.result, 'success');
  t.is((await get(j, 'blocked')).state, 'active', 'still blocked by the failed task');
});
