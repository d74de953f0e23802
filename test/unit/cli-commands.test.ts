// The CLI end to end against an in-memory API: what each command sends, prints and exits with.
import test from 'ava';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { captureIo, FakeBatch } from './cli-fake-api.ts';

/** Resolves once the command under test has made each of these calls (the fake answers at
 *  once, so their replies reflect the state at that moment). */
async function called(fake: FakeBatch, methods: string[]): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (!methods.every((m) => fake.calls.some((c) => c.method === m))) {
    if (Date.now() > deadline) throw new Error(`the command never called ${methods.join(' and ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once the command under test has opened its Watch stream (events before it would
 *  only show up in the initial snapshot, which is another test). */
const watching = (fake: FakeBatch) => called(fake, ['Watch']);

async function setup(t: { teardown(fn: () => void): void; timeout(ms: number, message?: string): void }) {
  // A hung stream should fail its test, not stall the whole run; generous, though: these tests
  // run side by side, some with thousands of tasks, and a loaded machine is many times slower.
  t.timeout(60_000, 'command did not finish');
  const fake = new FakeBatch();
  const server = await fake.start();
  t.teardown(() => server.stop());
  const run = async (argv: string[], opts: { stdin?: string } = {}) => {
    const cap = captureIo({ env: { TROUPE_API: `http://${server.address}`, TROUPE_CONFIG: "/nonexistent/troupe-config" }, stdin: opts.stdin });
    const code = await runCli(argv, cap.io);
    return { code, out: cap.stdout(), err: cap.stderr(), bytes: cap.stdoutBytes() };
  };
  return { fake, run, address: server.address };
}

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-cli-test-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

test('pool create sends the pool and prints it as stable JSON', async (t) => {
  const { fake, run } = await setup(t);
  const r = await run(['pool', 'create', '--id', 'p1', '--slots', '8', '--fill', 'pack', '--inter-node-communication', '-o', 'json']);
  t.is(r.code, 0, r.err);
  t.like(fake.calls[0].request.pool, {
    id: 'p1', taskSlotsPerNode: 8, taskSchedulingPolicy: { nodeFillType: 'pack' }, enableInterNodeCommunication: true,
  });
  t.deepEqual(JSON.parse(r.out), {
    id: 'p1', displayName: null, taskSlotsPerNode: 8, taskSchedulingPolicy: { nodeFillType: 'pack' },
    enableInterNodeCommunication: true, state: 'active', creationTime: '2025-01-02T03:04:05.678Z', currentNodes: 0,
    startTask: null, applicationPackageReferences: [], userAccounts: [], allowAdminTasks: false, metadata: [],
    targetDedicatedNodes: 0, targetLowPriorityNodes: 0, currentDedicatedNodes: 0, currentLowPriorityNodes: 0, resizeTimeout: null,
    allocationState: null, allocationStateTransitionTime: null, resizeErrors: [],
    nodeProvider: { kind: 'manual', startCommand: null, stopCommand: null, commandTimeout: null },
    enableAutoScale: false, autoScaleFormula: null, autoScaleEvaluationInterval: null, autoScaleRun: null,
  });
});

test('a server error prints its status name and message, exit 1', async (t) => {
  const { run } = await setup(t);
  t.is((await run(['pool', 'create', '--id', 'p1'])).code, 0);
  const r = await run(['pool', 'create', '--id', 'p1']);
  t.is(r.code, 1);
  t.is(r.err, "error: ALREADY_EXISTS: pool 'p1' already exists\n");
  const missing = await run(['job', 'show', 'nope']);
  t.is(missing.code, 1);
  t.is(missing.err, "error: NOT_FOUND: job 'nope' does not exist\n");
});

test('--api wins over TROUPE_API; an unreachable API exits 1 with a hint', async (t) => {
  const { run } = await setup(t);
  const r = await run(['pool', 'list', '--api', '127.0.0.1:1']);
  t.is(r.code, 1);
  t.regex(r.err, /^error: UNAVAILABLE: .*\nhint: connection refused at 127\.0\.0\.1:1: nothing listens there\. Is troupe running\?/);
});

test('usage errors exit 2 with the synopsis', async (t) => {
  const { fake, run } = await setup(t);
  const r = await run(['pool', 'create', '--slots', 'many', '--id', 'x']);
  t.is(r.code, 2);
  t.regex(r.err, /^error: --slots expects an integer, got 'many'\nusage: troupe pool create --id ID/);
  t.is((await run(['pool', 'frobnicate'])).code, 2);
  t.is((await run(['job', 'create', '--id', 'j', '--pool', 'p', '--on-all-tasks-complete', 'explode'])).code, 2);
  t.is(fake.calls.length, 0, 'nothing reaches the server');
});

test('task add sends the argv after -- untouched, with env and constraints', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  const r = await run([
    'task', 'add', '--job', 'j', '--id', 't1', '--retries', '-1', '--max-wall-clock', '30s', '--env', 'A=1=2',
    '--slots', '2', '--required-gpus', '3', '-o', 'json', '--', '/bin/sh', '-c', 'echo "$A" --id', '--',
  ]);
  t.is(r.code, 0, r.err);
  // --retries and --slots are the old names of --max-retries and --required-slots.
  t.regex(r.err, /warning: --retries is deprecated .*: use --max-retries/);
  t.regex(r.err, /warning: --slots is deprecated .*: use --required-slots/);
  const sent = fake.calls.find((c) => c.method === 'AddTask')!.request;
  t.deepEqual(sent.task.commandArgs, ['/bin/sh', '-c', 'echo "$A" --id', '--']);
  t.deepEqual(sent.task.environmentSettings, [{ name: 'A', value: '1=2' }]);
  t.like(sent.task.constraints, { maxWallClockTime: '30s', maxTaskRetryCount: -1 });
  t.is(sent.task.requiredSlots, 2);
  t.is(sent.task.requiredGpus, 3);
  const printed = JSON.parse(r.out);
  t.deepEqual(Object.keys(printed), [
    'id', 'displayName', 'commandLine', 'commandArgs', 'environmentSettings', 'constraints', 'requiredSlots', 'requiredGpus', 'gpuIds', 'multiInstanceSettings', 'userIdentity', 'state',
    'creationTime', 'stateTransitionTime', 'executionInfo', 'stats', 'metadata',
  ]);
  t.is(printed.executionInfo.exitCode, null);
  t.is(printed.constraints.maxTaskRetryCount, -1);
});

test('task add-many reports each rejected task and exits 1', async (t) => {
  const { run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  await run(['task', 'add', '--job', 'j', '--id', 't2', '--', '/bin/true']);
  const file = await tempFile('tasks.jsonl', [
    JSON.stringify({ id: 't1', commandLine: 'echo 1' }),
    '',
    JSON.stringify({ id: 't2', commandArgs: ['/bin/echo', '2'], environmentSettings: [{ name: 'X', value: 'y' }] }),
    JSON.stringify({ id: 't3', commandLine: 'echo 3', constraints: { maxTaskRetryCount: 2 }, requiredSlots: 1 }),
  ].join('\n'));
  const r = await run(['task', 'add-many', '--job', 'j', '--file', file]);
  t.is(r.code, 1);
  t.is(r.out, "added 2, failed 1\nt2: ALREADY_EXISTS: task 't2' already exists\n");
});

test('task add-many reads a JSON array from stdin and sends chunks of 5000', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  const tasks = Array.from({ length: 12_001 }, (_, i) => ({ id: `t${i}`, commandLine: `echo ${i}` }));
  const r = await run(['task', 'add-many', '--job', 'j', '--file', '-', '-o', 'json'], { stdin: JSON.stringify(tasks) });
  t.is(r.code, 0, r.err);
  t.deepEqual(JSON.parse(r.out), { added: 12_001, failed: 0, failures: [] });
  const sizes = fake.calls.filter((c) => c.method === 'AddTaskCollection').map((c) => c.request.tasks.length);
  t.deepEqual(sizes, [5000, 5000, 2001]);
});

test('task add-many rejects a malformed file with its line, exit 2, sending nothing', async (t) => {
  const { fake, run } = await setup(t);
  const file = await tempFile('bad.jsonl', `${JSON.stringify({ id: 'a', commandLine: 'x' })}\n{"id": "b", "commandLine": }\n`);
  const r = await run(['task', 'add-many', '--job', 'j', '--file', file]);
  t.is(r.code, 2);
  t.regex(r.err, /^error: .*bad\.jsonl: line 2: invalid JSON/);
  t.false(fake.calls.some((c) => c.method === 'AddTaskCollection'));
});

test('task list follows every page, or stops at --max', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  await run(['task', 'add-many', '--job', 'j', '--file', '-'], {
    stdin: JSON.stringify(Array.from({ length: 2500 }, (_, i) => ({ id: `t${i}`, commandLine: 'true' }))),
  });
  fake.calls.length = 0;
  const all = await run(['task', 'list', '--job', 'j', '-o', 'json']);
  t.is(JSON.parse(all.out).length, 2500);
  t.is(fake.calls.filter((c) => c.method === 'ListTasks').length, 3);
  const some = await run(['task', 'list', '--job', 'j', '--max', '1200', '-o', 'json']);
  t.deepEqual(JSON.parse(some.out).map((x: { id: string }) => x.id).slice(-2), ['t1198', 't1199']);
  t.is(JSON.parse(some.out).length, 1200);
});

test('task list prints each page as it arrives, and its JSON is the whole array\'s', async (t) => {
  const { fake, run, address } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  await run(['task', 'add-many', '--job', 'j', '--file', '-'], {
    stdin: JSON.stringify(Array.from({ length: 2500 }, (_, i) => ({ id: `t${i}`, commandLine: 'true' }))),
  });
  for (const format of ['json', 'table']) {
    fake.calls.length = 0;
    const cap = captureIo({ env: { TROUPE_API: `http://${address}`, TROUPE_CONFIG: "/nonexistent/troupe-config" } });
    const listCallsAtFirstOutput: number[] = [];
    cap.io.stdout.once('data', () => listCallsAtFirstOutput.push(fake.calls.filter((c) => c.method === 'ListTasks').length));
    t.is(await runCli(['task', 'list', '--job', 'j', '-o', format], cap.io), 0);
    t.deepEqual(listCallsAtFirstOutput, [1], `${format}: the first page is printed before the second is asked for`);
    if (format === 'json') {
      const tasks = JSON.parse(cap.stdout());
      t.is(cap.stdout(), `${JSON.stringify(tasks, null, 2)}\n`, 'the same text as the whole array printed at once');
      t.deepEqual(tasks.map((x: { id: string }) => x.id), Array.from({ length: 2500 }, (_, i) => `t${i}`));
    } else {
      const lines = cap.stdout().trimEnd().split('\n');
      t.is(lines.length, 2501, 'one header, then a row per task');
      t.regex(lines[0]!, /^ID +STATE/);
    }
  }
  const empty = await run(['task', 'list', '--job', 'j', '--state', 'running', '-o', 'json']);
  t.is(empty.out, '[]\n');
});

test('task list prints an aligned table', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  await run(['task', 'add', '--job', 'j', '--id', 'first', '--', '/bin/echo', 'hi']);
  await run(['task', 'add', '--job', 'j', '--id', 't2', '--', '/bin/false']);
  fake.finishTask('j', 't2', 1);
  const r = await run(['task', 'list', '--job', 'j']);
  t.is(r.out, [
    'ID     STATE      RESULT   EXIT  RETRIES  NODE  COMMAND',
    'first  active     -           -        0  -     /bin/echo hi',
    't2     completed  failure     1        0  n1    /bin/false',
    '',
  ].join('\n'));
});

test('job wait follows the Watch stream until every task completed, exit 0 when all succeeded', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  for (const id of ['a', 'b', 'c']) await run(['task', 'add', '--job', 'j', '--id', id, '--', '/bin/true']);
  const waiting = run(['job', 'wait', 'j', '-o', 'json']);
  await watching(fake);
  fake.setTaskState('j', 'a', 'running');
  fake.finishTask('j', 'a', 0);
  fake.finishTask('j', 'b', 0);
  fake.finishTask('j', 'c', 0);
  const r = await waiting;
  t.is(r.code, 0, r.err);
  t.deepEqual(JSON.parse(r.out), {
    jobId: 'j', state: 'active', allSucceeded: true,
    counts: { active: 0, running: 0, completed: 3, succeeded: 3, failed: 0 },
  });
  t.true(fake.calls.some((c) => c.method === 'Watch' && c.request.jobId === 'j' && c.request.includeInitial));
  t.regex(r.err, /\[#{20}\] 3\/3 running 0 active 0 failed 0\n$/);
});

test('job wait exits 1 and prints the counts when a task failed', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  for (const id of ['a', 'b']) await run(['task', 'add', '--job', 'j', '--id', id, '--', '/bin/true']);
  const waiting = run(['job', 'wait', 'j']);
  await watching(fake);
  fake.finishTask('j', 'a', 0);
  fake.finishTask('j', 'b', 3);
  const r = await waiting;
  t.is(r.code, 1);
  t.regex(r.out, /ACTIVE +RUNNING +COMPLETED +SUCCEEDED +FAILED\n +0 +0 +2 +1 +1\n/);
  t.regex(r.out, /1 of 2 tasks succeeded, 1 failed/);
});

test('job wait returns when the job is terminated with tasks still queued', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  await run(['task', 'add', '--job', 'j', '--id', 'a', '--', '/bin/true']);
  const waiting = run(['job', 'wait', 'j']);
  await watching(fake);
  fake.unary.TerminateJob({ jobId: 'j', terminateReason: 'test' });
  const r = await waiting;
  t.is(r.code, 1);
  t.regex(r.out, /1 never finished \(job completed\)/);
});

test('job wait does not return for a job that has no task yet', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  const waiting = run(['job', 'wait', 'j', '-o', 'json']);
  // The task comes only once the command has seen the job without any (its first counts) and
  // watches it: a fixed delay could pass before the command even started on a loaded machine.
  await called(fake, ['Watch', 'GetTaskCounts']);
  await run(['task', 'add', '--job', 'j', '--id', 'late', '--', '/bin/true']);
  fake.finishTask('j', 'late', 0);
  const r = await waiting;
  t.is(r.code, 0, r.err);
  t.is(JSON.parse(r.out).counts.succeeded, 1);
});

test('job wait on a missing job is NOT_FOUND', async (t) => {
  const { run } = await setup(t);
  const r = await run(['job', 'wait', 'ghost']);
  t.is(r.code, 1);
  t.is(r.err, "error: NOT_FOUND: job 'ghost' does not exist\n");
});

test('task output writes the stream byte for byte', async (t) => {
  const { fake, run } = await setup(t);
  const stdout = Buffer.from([0x68, 0x69, 0x00, 0xff, 0x0a, 0x41, 0x42, 0x43, 0x44, 0x45]);
  fake.outputs.set('j/t', { stdout, stderr: Buffer.from('oops\n') });
  const r = await run(['task', 'output', '--job', 'j', '--id', 't']);
  t.is(r.code, 0, r.err);
  t.deepEqual(r.bytes, stdout);
  const e = await run(['task', 'output', '--job', 'j', '--id', 't', '--stderr']);
  t.is(e.out, 'oops\n');
});

test('node list -o json has the documented keys; node disable sends its option', async (t) => {
  const { fake, run } = await setup(t);
  fake.addNode({ id: 'n1', poolId: 'p', state: 'idle', schedulingState: 'enabled', address: '127.0.1.1', taskSlots: 4, isDedicated: true });
  const r = await run(['node', 'list', '--pool', 'p', '-o', 'json']);
  t.deepEqual(JSON.parse(r.out), [{
    id: 'n1', poolId: 'p', state: 'idle', schedulingState: 'enabled', address: '127.0.1.1', taskSlots: 4,
    runningTaskSlots: 0, runningTasksCount: 0, totalTasksRun: 0, lastHeartbeatTime: null, agentStartTime: null,
    hostName: null, taskContainment: null, resourceLimits: null, taskUserIsolation: null, isDedicated: true, gpuIds: [], gpuIdsInUse: [], preemptionDeadline: null, startTaskInfo: null,
  }]);
  const d = await run(['node', 'disable', 'n1', '--option', 'requeue']);
  t.is(d.code, 0, d.err);
  t.deepEqual(fake.calls.at(-1), { method: 'DisableNodeScheduling', request: { nodeId: 'n1', nodeDisableSchedulingOption: 'requeue' } });
  t.regex(d.out, /^scheduling state +disabled$/m);
});

test('job create, counts and terminate', async (t) => {
  const { fake, run } = await setup(t);
  const c = await run([
    'job', 'create', '--id', 'j', '--pool', 'p', '--priority', '-5', '--max-retries', '3', '--env', 'K=V',
    '--on-all-tasks-complete', 'terminatejob', '-o', 'json',
  ]);
  t.is(c.code, 0, c.err);
  const job = JSON.parse(c.out);
  t.deepEqual(Object.keys(job), [
    'id', 'displayName', 'poolInfo', 'priority', 'constraints', 'commonEnvironmentSettings', 'onAllTasksComplete',
    'maxParallelTasks', 'state', 'creationTime', 'stateTransitionTime', 'executionInfo', 'jobPreparationTask', 'jobReleaseTask', 'owner', 'jobScheduleId',
    'jobManagerTask', 'metadata', 'usesTaskDependencies', 'onTaskFailure',
  ]);
  t.is(job.jobManagerTask, null);
  t.like(job, { priority: -5, constraints: { maxTaskRetryCount: 3, maxWallClockTime: null }, onAllTasksComplete: 'terminatejob' });
  await run(['task', 'add', '--job', 'j', '--id', 'a', '--', 'x']);
  const counts = await run(['job', 'counts', 'j', '-o', 'json']);
  t.deepEqual(JSON.parse(counts.out), { active: 1, running: 0, completed: 0, succeeded: 0, failed: 0 });
  const term = await run(['job', 'terminate', 'j', '--reason', 'enough']);
  t.is(term.code, 0);
  t.deepEqual(fake.calls.at(-1)!.request, { jobId: 'j', terminateReason: 'enough' });
  t.regex(term.out, /^terminate reason +enough$/m);
});

test('job create --job-manager: the job manager task as the API takes it, Azure Batch defaults unless told', async (t) => {
  const { fake, run } = await setup(t);
  const c = await run(['job', 'create', '--id', 'jm', '--pool', 'p', '--job-manager', 'python3 manage.py', '-o', 'json']);
  t.is(c.code, 0, c.err);
  const sent = (fake.calls.at(-1)!.request as { job: { jobManagerTask: Record<string, unknown> } }).job.jobManagerTask;
  t.like(sent, { id: 'jobmanager', commandLine: 'python3 manage.py', killJobOnCompletion: true, runExclusive: true, authenticationTokenSettings: null });
  const d = await run(['job', 'create', '--id', 'jm2', '--pool', 'p', '--job-manager', 'x', '--job-manager-id', 'boss',
    '--job-manager-keep-job', '--job-manager-shared', '--job-manager-no-token']);
  t.is(d.code, 0, d.err);
  t.like((fake.calls.at(-1)!.request as { job: { jobManagerTask: Record<string, unknown> } }).job.jobManagerTask, {
    id: 'boss', commandLine: 'x', killJobOnCompletion: false, runExclusive: false, authenticationTokenSettings: { access: [] },
  });
});

test('task add --job-token asks for a token scoped to the job', async (t) => {
  const { fake, run } = await setup(t);
  await run(['job', 'create', '--id', 'j', '--pool', 'p']);
  const c = await run(['task', 'add', '--job', 'j', '--id', 'a', '--job-token', '--', '/bin/true']);
  t.is(c.code, 0, c.err);
  t.deepEqual((fake.calls.at(-1)!.request as { task: { authenticationTokenSettings: unknown } }).task.authenticationTokenSettings, { access: ['job'] });
});
