// troupe.v1.Scheduling ExplainTask and `troupe task explain` through the real daemons: each reason
// the scheduler has for not starting a task, as it gives it while the task waits, and NOT_FOUND /
// INVALID_ARGUMENT for bad ids. Serial: some tests change what the whole pool offers.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import type { TaskExplanation__Output } from '../src/protocol/generated/troupe/v1/TaskExplanation.ts';

let cluster: TestCluster;
let scratch: string;
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2, interNode: true, nodeTimeout: '60s' });
  scratch = await taskScratchDir(path.join(os.tmpdir(), 'troupe-explain-'));
  // A pool whose nodes are smaller than it says (taskSlotsPerNode 4, its one worker offers 1):
  // a 3-slot task is accepted and can never run there. And a pool with no node at all.
  await cluster.api.CreatePool({ pool: { id: 'small', taskSlotsPerNode: 4 } });
  await cluster.api.CreatePool({ pool: { id: 'empty', taskSlotsPerNode: 2 } });
  await cluster.startWorker('small-1', ['--pool', 'small', '--slots', '1']);
  await cluster.until('the small pool\'s node idle', async () => (await cluster.api.ListNodes({ poolId: 'small' })).nodes.some((n) => n.state === 'idle'));
});
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

let jobs = 0;
async function job(over: Record<string, unknown> = {}): Promise<string> {
  const id = `explain${++jobs}`;
  await cluster.api.CreateJob({ job: { id, poolInfo: { poolId: 'testpool' }, ...over } });
  return id;
}
/** Runs until `name` exists in the scratch directory (the test decides when it ends). */
const held = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id, commandArgs: ['/bin/sh', '-c', 'while [ ! -e "$0" ]; do sleep 0.05; done', path.join(scratch, name)], ...extra,
});
const release = (name: string) => writeFile(path.join(scratch, name), '');
const explain = (jobId: string, taskId: string) => cluster.api.ExplainTask({ jobId, taskId });
const kinds = (e: TaskExplanation__Output) => e.reasons.map((r) => r.kind);
const reason = (e: TaskExplanation__Output, kind: string) => e.reasons.find((r) => r.kind === kind);

const troupe = (args: string[]) => cluster.troupe(args);

test.serial('a running task says so, with its node; its dependent waits on it, by id', async (t) => {
  const j = await job({ usesTaskDependencies: true });
  await cluster.api.AddTaskCollection({ jobId: j, tasks: [held('parent', 'parent-done'), { id: 'child', commandArgs: ['/bin/true'], dependsOn: { taskIds: ['parent'] } }] });
  const running = await cluster.until('the parent running', async () => {
    const e = await explain(j, 'parent');
    return e.state === 'running' && e;
  });
  t.deepEqual(kinds(running), ['taskRunning']);
  t.false(running.eligible);
  t.true(cluster.workers.has(reason(running, 'taskRunning')!.nodeId));

  const child = await explain(j, 'child');
  t.is(child.state, 'active');
  t.false(child.eligible);
  t.is(kinds(child)[0], 'dependenciesWaiting');
  t.like(reason(child, 'dependenciesWaiting'), { blocking: true, taskIds: ['parent'], taskIdCount: 1 });

  // The CLI: text by default, JSON with -o json.
  const text = await troupe(['task', 'explain', j, 'child']);
  t.is(text.code, 0, text.stderr);
  t.regex(text.stdout, /task 'child' of job 'explain\d+': active, waiting/);
  t.regex(text.stdout, /blocked {2}dependenciesWaiting: waiting on 1 task\(s\) it depends on to complete: parent/);
  const json = await troupe(['task', 'explain', '--job', j, '--id', 'child', '-o', 'json']);
  t.is(json.code, 0, json.stderr);
  t.like(JSON.parse(json.stdout), { jobId: j, taskId: 'child', state: 'active', eligible: false, reasons: [{ kind: 'dependenciesWaiting', taskIds: ['parent'], taskIdCount: 1 }] });

  await release('parent-done');
  const done = await cluster.waitForTask(j, 'child');
  t.is(done.executionInfo!.result, 'success');
  t.like((await explain(j, 'child')).reasons, [{ kind: 'taskCompleted' }]);
});

test.serial('a task of a disabled job says the job is disabled', async (t) => {
  const j = await job();
  await cluster.api.DisableJob({ jobId: j, disableTasks: 'requeue' });
  await cluster.until('the job disabled', async () => (await cluster.api.GetJob({ jobId: j })).state === 'disabled');
  await cluster.api.AddTask({ jobId: j, task: { id: 't', commandArgs: ['/bin/true'] } });
  const e = await explain(j, 't');
  t.false(e.eligible);
  t.like(reason(e, 'jobDisabled'), { blocking: true, jobState: 'disabled' });
  await cluster.api.EnableJob({ jobId: j });
  await cluster.waitForTask(j, 't');
  t.pass();
});

test.serial('a job at its maxParallelTasks: how many it runs', async (t) => {
  const j = await job({ maxParallelTasks: 1 });
  await cluster.api.AddTaskCollection({ jobId: j, tasks: [held('first', 'max-first'), { id: 'second', commandArgs: ['/bin/true'] }] });
  await cluster.waitForTask(j, 'first', 'running');
  const e = await explain(j, 'second');
  t.false(e.eligible);
  t.like(reason(e, 'jobAtMaxParallelTasks'), { blocking: true, runningTasks: 1, maxParallelTasks: 1 });
  await release('max-first');
  await cluster.waitForTask(j, 'second');
});

test.serial('a task needing more slots than any node of its pool has: never; more than are free now: the freest count', async (t) => {
  const small = await job({ poolInfo: { poolId: 'small' } });
  await cluster.api.AddTask({ jobId: small, task: { id: 'big', commandArgs: ['/bin/true'], requiredSlots: 3 } });
  const never = await explain(small, 'big');
  t.false(never.eligible);
  t.like(reason(never, 'slotsInfeasible'), { blocking: true, requiredSlots: 3, taskSlotsPerNode: 1 });
  await cluster.api.TerminateTask({ jobId: small, taskId: 'big' });

  // Each of the two nodes runs a one-slot task: a two-slot task waits for one to end.
  const j = await job();
  await cluster.api.AddTaskCollection({ jobId: j, tasks: [held('a', 'slots-a'), held('b', 'slots-b')] });
  await cluster.waitForTask(j, 'a', 'running');
  await cluster.waitForTask(j, 'b', 'running');
  const nodes = new Set([(await cluster.api.GetTask({ jobId: j, taskId: 'a' })).executionInfo!.nodeId, (await cluster.api.GetTask({ jobId: j, taskId: 'b' })).executionInfo!.nodeId]);
  t.is(nodes.size, 2, 'spread: one task on each node');
  await cluster.api.AddTask({ jobId: j, task: { id: 'wide', commandArgs: ['/bin/true'], requiredSlots: 2 } });
  const now = await explain(j, 'wide');
  t.like(reason(now, 'noNodeWithFreeSlots'), { blocking: true, requiredSlots: 2, bestFreeSlots: 1, eligibleNodes: 2 });
  await release('slots-a');
  await release('slots-b');
  await cluster.waitForTask(j, 'wide');
});

test.serial('a pool with no nodes; jobs ahead by priority and the place in the queue', async (t) => {
  const j = await job({ poolInfo: { poolId: 'empty' } });
  // A task that fits the pool's taskSlotsPerNode: accepted, and it waits for a node.
  await cluster.api.AddTask({ jobId: j, task: { id: 't', commandArgs: ['/bin/true'] } });
  const e = await explain(j, 't');
  t.deepEqual(kinds(e), ['poolEmpty']);
  t.like(e.reasons[0], { blocking: true, poolId: 'empty' });

  // Queued behind a job of higher priority on the same pool, and second in its own job's queue.
  const low = await job({ poolInfo: { poolId: 'empty' }, priority: -10 });
  await cluster.api.AddTaskCollection({ jobId: low, tasks: [{ id: 'x', commandArgs: ['/bin/true'] }, { id: 'y', commandArgs: ['/bin/true'] }] });
  const behind = await explain(low, 'y');
  t.deepEqual(kinds(behind), ['poolEmpty', 'jobsAhead', 'queuePosition']);
  t.like(reason(behind, 'jobsAhead'), { blocking: false, jobsAhead: 1, tasksAhead: '1' });
  t.like(reason(behind, 'queuePosition'), { blocking: false, queuePosition: '1' });
  await cluster.api.TerminateJob({ jobId: j, terminateReason: '' });
  await cluster.api.TerminateJob({ jobId: low, terminateReason: '' });
});

test.serial('a multi-instance task wanting more nodes than may take it, and one waiting for nodes with room', async (t) => {
  const j = await job();
  const second = [...cluster.workers.keys()].filter((id) => id !== 'small-1')[1];
  await cluster.api.DisableNodeScheduling({ nodeId: second!, nodeDisableSchedulingOption: 'requeue' });
  try {
    await cluster.api.AddTask({ jobId: j, task: { id: 'gang', commandArgs: ['/bin/true'], multiInstanceSettings: { numberOfInstances: 2 } } });
    const e = await explain(j, 'gang');
    t.false(e.eligible);
    t.like(reason(e, 'gangInfeasible'), { blocking: true, instances: 2, eligibleNodes: 1 });
  } finally {
    await cluster.api.EnableNodeScheduling({ nodeId: second! });
  }
  await cluster.waitForTask(j, 'gang');

  // Both nodes usable, one busy: a gang of whole nodes waits (held back for its gang).
  const k = await job();
  await cluster.api.AddTask({ jobId: k, task: held('busy', 'gang-busy') });
  await cluster.waitForTask(k, 'busy', 'running');
  await cluster.api.AddTask({ jobId: k, task: { id: 'gang', commandArgs: ['/bin/true'], multiInstanceSettings: { numberOfInstances: 2 } } });
  const waiting = await explain(k, 'gang');
  t.like(reason(waiting, 'gangWaiting'), { blocking: true, instances: 2, nodesWithRoom: 1 });
  await release('gang-busy');
  await cluster.waitForTask(k, 'gang');
});

test.serial('an unknown job or task is NOT_FOUND; an empty id is INVALID_ARGUMENT naming the field', async (t) => {
  const j = await job();
  const err = async (p: Promise<unknown>) => (await t.throwsAsync(p)) as grpc.ServiceError;
  const noJob = await err(explain('no-such-job', 't'));
  t.is(noJob.code, grpc.status.NOT_FOUND);
  t.regex(noJob.details, /job 'no-such-job' does not exist/);
  const noTask = await err(explain(j, 'no-such-task'));
  t.is(noTask.code, grpc.status.NOT_FOUND);
  t.regex(noTask.details, /no-such-task/);
  const empty = await err(explain(j, ''));
  t.is(empty.code, grpc.status.INVALID_ARGUMENT);
  t.regex(empty.details, /taskId/);
  t.is((await err(explain('', 't'))).code, grpc.status.INVALID_ARGUMENT);
  const cli = await troupe(['task', 'explain', 'no-such-job', 't']);
  t.not(cli.code, 0);
  t.regex(cli.stderr, /NOT_FOUND|does not exist/);
});
