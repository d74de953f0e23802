// Filtered lists ($filter/$select over the API and the CLI, paging with a filter), job and task
// updates with real effects (maxParallelTasks lowered mid-run, a priority raised, a running
// task's wall clock changed), metadata, and a request field the server does not know.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixture, startCluster, processesMatching, type TestCluster } from './helpers/cluster.ts';
import { apiTarget } from '../src/protocol/grpc/api-credentials.ts';
import { grpcClientSetup } from '../src/protocol/grpc/grpc-client-setup.ts';
import { messageType } from '../src/protocol/grpc/proto-descriptor.ts';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import type { Task__Output } from '../src/protocol/generated/troupe/v1/Task.ts';

let cluster: TestCluster;
let scratch: string;
test.before(async () => {
  // 2 workers x 2 slots: 4 slots in all.
  cluster = await startCluster({ workers: 2, slots: 2 });
  scratch = await taskScratchDir(path.join(tmpdir(), 'troupe-filters-'));
  await cluster.api.CreateJob({ job: { id: 'f', poolInfo: { poolId: 'testpool' }, metadata: [{ name: 'team', value: 'blue' }] } });
  await cluster.api.AddTaskCollection({
    jobId: 'f',
    tasks: Array.from({ length: 12 }, (_, i) => ({ id: `t${String(i).padStart(2, '0')}`, commandArgs: ['/bin/sh', '-c', `exit ${i % 4}`], metadata: [{ name: 'i', value: String(i) }] })),
  });
  await cluster.waitForJobTasks('f', 12);
});
test.after.always(async () => {
  await cluster?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const troupe = (args: string[]) => cluster.troupe(args);

async function refused(t: import('ava').ExecutionContext, call: Promise<unknown>, code: grpc.status, message: RegExp) {
  const err = (await t.throwsAsync(call)) as grpc.ServiceError;
  t.is(err.code, code, `${grpc.status[code]} expected, got ${grpc.status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
}

async function allPages(filter: string, maxResults: number, select = ''): Promise<{ ids: string[]; pages: number; tasks: Task__Output[] }> {
  const tasks: Task__Output[] = [];
  let pageToken = '';
  let pages = 0;
  do {
    const page = await cluster.api.ListTasks({ jobId: 'f', filter, select, maxResults, pageToken });
    tasks.push(...page.tasks);
    pageToken = page.nextPageToken;
    pages++;
  } while (pageToken);
  return { ids: tasks.map((x) => x.id), pages, tasks };
}

test('tasks filtered by result, exit code, node and time; select leaves the rest at defaults', async (t) => {
  const failures = ['t01', 't02', 't03', 't05', 't06', 't07', 't09', 't10', 't11'];
  t.deepEqual((await allPages("executionInfo/result eq 'failure'", 1000)).ids, failures);
  t.deepEqual((await allPages("state eq 'completed' and executionInfo/exitCode eq 3", 1000)).ids, ['t03', 't07', 't11']);
  t.deepEqual((await allPages("executionInfo/exitCode ge 2 or id eq 't00'", 1000)).ids, ['t00', 't02', 't03', 't06', 't07', 't10', 't11']);
  t.deepEqual((await allPages("startswith(id, 't1') and not (executionInfo/exitCode eq 0)", 1000)).ids, ['t10', 't11']);
  t.deepEqual((await allPages("state eq 'active'", 1000)).ids, []);
  t.deepEqual((await allPages(`creationTime lt datetime'2000-01-01T00:00:00Z'`, 1000)).ids, []);
  const t5 = await cluster.api.GetTask({ jobId: 'f', taskId: 't05' });
  const onItsNode = (await allPages(`nodeInfo/nodeId eq '${t5.executionInfo!.nodeId}'`, 1000)).ids;
  t.true(onItsNode.includes('t05') && onItsNode.length < 12, `nodeInfo/nodeId picks the node's tasks: ${onItsNode.join(',')}`);
  // Paging a filtered list: every match once, in order, resumable tokens.
  const paged = await allPages("executionInfo/result eq 'failure'", 2);
  t.deepEqual(paged.ids, failures);
  t.is(paged.pages, 5);
  // The old state field still works, and-ed with the filter.
  t.deepEqual((await cluster.api.ListTasks({ jobId: 'f', state: 'completed', filter: 'executionInfo/exitCode eq 1' })).tasks.map((x) => x.id), ['t01', 't05', 't09']);
  const selected = (await allPages('executionInfo/exitCode eq 2', 1000, 'id,executionInfo/exitCode')).tasks;
  t.deepEqual(selected.map((x) => [x.id, x.executionInfo?.exitCode, x.executionInfo?.result, x.commandLine, x.state]), [
    ['t02', 2, '', '', ''], ['t06', 2, '', '', ''], ['t10', 2, '', '', ''],
  ]);
  t.deepEqual((await cluster.api.GetTask({ jobId: 'f', taskId: 't02' })).metadata, [{ name: 'i', value: '2' }]);
});

test('an unknown property or a malformed filter is INVALID_ARGUMENT naming it and its position', async (t) => {
  await refused(t, cluster.api.ListTasks({ jobId: 'f', filter: "state eq 'completed' and foo eq 1" }), grpc.status.INVALID_ARGUMENT, /^filter: unknown property 'foo' \(known: .*\) at 25$/);
  await refused(t, cluster.api.ListTasks({ jobId: 'f', filter: "state eq 'completed' and" }), grpc.status.INVALID_ARGUMENT, /^filter: unexpected the end of the filter, expected a property or a literal at 24$/);
  await refused(t, cluster.api.ListTasks({ jobId: 'f', select: 'id,nope' }), grpc.status.INVALID_ARGUMENT, /^select: unknown property 'nope' of Task at 3$/);
  await refused(t, cluster.api.ListJobs({ filter: "poolInfo/poolId eq 1" }), grpc.status.INVALID_ARGUMENT, /'poolInfo\/poolId' is a string/);
  await refused(t, cluster.api.ListNodes({ filter: "schedulingState eq 'paused'" }), grpc.status.INVALID_ARGUMENT, /'schedulingState' is one of enabled, disabled, not 'paused' at 19/);
});

test('jobs and nodes filtered and selected', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'sel', poolInfo: { poolId: 'testpool' }, priority: -5, metadata: [{ name: 'k', value: 'v' }] } });
  const jobs = await cluster.api.ListJobs({ filter: "startswith(id, 'se') and poolInfo/poolId eq 'testpool' and priority lt 0", select: 'id,metadata' });
  t.deepEqual(jobs.jobs.map((j) => [j.id, j.metadata, j.poolInfo]), [['sel', [{ name: 'k', value: 'v' }], null]]);
  const nodes = await cluster.api.ListNodes({ filter: "state eq 'idle' or state eq 'running'", select: 'id' });
  t.is(nodes.nodes.length, 2);
  t.true(nodes.nodes.every((n) => n.id !== '' && n.poolId === ''));
  t.is((await cluster.api.ListNodes({ filter: "poolId eq 'elsewhere'" })).nodes.length, 0);
});

test('the CLI: --filter and --select on task, job and node lists, errors on stderr', async (t) => {
  const tasks = await troupe(['task', 'list', '--job', 'f', '--filter', "executionInfo/exitCode eq 3", '--select', 'id,executionInfo/exitCode', '-o', 'json']);
  t.is(tasks.code, 0, tasks.stderr);
  t.deepEqual(JSON.parse(tasks.stdout), [
    { id: 't03', executionInfo: { exitCode: 3 } }, { id: 't07', executionInfo: { exitCode: 3 } }, { id: 't11', executionInfo: { exitCode: 3 } },
  ]);
  const table = await troupe(['task', 'list', '--job', 'f', '--filter', "executionInfo/exitCode eq 3", '--select', 'id,state']);
  t.is(table.code, 0, table.stderr);
  t.regex(table.stdout, /ID\s+STATE\nt03\s+completed\nt07\s+completed\nt11\s+completed\n/);
  const jobs = await troupe(['job', 'list', '--filter', "id eq 'f'", '--select', 'id,state', '-o', 'json']);
  t.deepEqual(JSON.parse(jobs.stdout), [{ id: 'f', state: 'active' }]);
  const nodes = await troupe(['node', 'list', '--filter', "state ne 'offline'", '--select', 'id', '-o', 'json']);
  t.is(JSON.parse(nodes.stdout).length, 2);
  const bad = await troupe(['task', 'list', '--job', 'f', '--filter', "exitCode eq 1"]);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /filter: unknown property 'exitCode' .* at 0/);
});

test.serial('PatchJob: a lowered maxParallelTasks holds at the next dispatch, mid-run', async (t) => {
  const go = path.join(scratch, 'par-go');
  await cluster.api.CreateJob({ job: { id: 'par', poolInfo: { poolId: 'testpool' }, maxParallelTasks: 4 } });
  await cluster.api.AddTaskCollection({ jobId: 'par', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `wait${i}`, commandArgs: [fixture('print-then-wait.sh')], environmentSettings: [{ name: 'GO', value: go }] })) });
  await cluster.until('4 tasks running at once', async () => (await cluster.api.GetTaskCounts({ jobId: 'par' })).running === 4);
  const patched = await cluster.api.PatchJob({ jobId: 'par', maxParallelTasks: 1 });
  t.is(patched.maxParallelTasks, 1);
  t.is(patched.priority, 0, 'what was not given is kept');
  await cluster.api.AddTaskCollection({ jobId: 'par', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `after${i}`, commandArgs: ['/bin/sh', '-c', 'sleep 0.3'] })) });
  await writeFile(go, '');
  await cluster.waitForJobTasks('par', 8);
  const after = await Promise.all([0, 1, 2, 3].map((i) => cluster.api.GetTask({ jobId: 'par', taskId: `after${i}` })));
  const spans = after.map((x) => [Date.parse(x.executionInfo!.startTime), Date.parse(x.executionInfo!.endTime)] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) t.true(spans[i]![0] >= spans[i - 1]![1], `task ${i} started after the one before it ended: one at a time`);
});

test.serial('PatchJob: a raised priority reorders the queue', async (t) => {
  const go = path.join(scratch, 'prio-go');
  await cluster.api.CreateJob({ job: { id: 'block', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'block', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, commandArgs: [fixture('print-then-wait.sh')], environmentSettings: [{ name: 'GO', value: go }] })) });
  await cluster.until('the blockers hold every slot', async () => (await cluster.api.GetTaskCounts({ jobId: 'block' })).running === 4);
  // 'low' is older: at equal priority its tasks would go first.
  await cluster.api.CreateJob({ job: { id: 'low', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.CreateJob({ job: { id: 'high', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'low', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `l${i}`, commandArgs: ['/bin/true'] })) });
  await cluster.api.AddTaskCollection({ jobId: 'high', tasks: Array.from({ length: 4 }, (_, i) => ({ id: `h${i}`, commandArgs: ['/bin/sh', '-c', 'sleep 1'] })) });
  t.is((await cluster.api.PatchJob({ jobId: 'high', priority: 10 })).priority, 10);
  await writeFile(go, '');
  await cluster.waitForJobTasks('low', 4);
  await cluster.waitForJobTasks('high', 4);
  const starts = async (jobId: string) => (await cluster.api.ListTasks({ jobId })).tasks.map((x) => Date.parse(x.executionInfo!.startTime));
  const high = await starts('high');
  const low = await starts('low');
  t.true(Math.max(...high) < Math.min(...low), 'every task of the raised job started before any of the older one');
});

test.serial('UpdateTask: a running task gets its new wall clock at once, lowered or raised', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'wall', poolInfo: { poolId: 'testpool' } } });
  const marker = `wall-${process.pid}-${Date.now()}`;
  await cluster.api.AddTask({ jobId: 'wall', task: { id: 'hang', commandArgs: [fixture('hang.sh'), marker], constraints: { maxTaskRetryCount: 0 } } });
  await cluster.waitForTask('wall', 'hang', 'running');
  const updated = await cluster.api.UpdateTask({ jobId: 'wall', taskId: 'hang', constraints: { maxWallClockTime: '1s' } });
  t.is(updated.constraints!.maxWallClockTime, '1s');
  const ended = await cluster.waitForTask('wall', 'hang');
  t.is(ended.executionInfo!.failureInfo!.code, 'MaxWallClockTimeExceeded');
  await cluster.until('no process of the tree left', async () => (await processesMatching(marker)).length === 0, 15_000);

  // Raised: the first limit passes and the task lives on.
  const go = path.join(scratch, 'wall-go');
  await cluster.api.AddTask({ jobId: 'wall', task: { id: 'long', commandArgs: [fixture('print-then-wait.sh')], environmentSettings: [{ name: 'GO', value: go }], constraints: { maxWallClockTime: '3s', maxTaskRetryCount: 0 } } });
  const running = await cluster.waitForTask('wall', 'long', 'running');
  await cluster.api.UpdateTask({ jobId: 'wall', taskId: 'long', constraints: { maxWallClockTime: '1h' } });
  const started = Date.parse(running.executionInfo!.startTime);
  await cluster.until('the first limit (3 s) to have passed by 2 s', async () => Date.now() > started + 5000, 30_000);
  t.is((await cluster.api.GetTask({ jobId: 'wall', taskId: 'long' })).state, 'running');
  await writeFile(go, '');
  t.is((await cluster.waitForTask('wall', 'long')).executionInfo!.result, 'success');
  await refused(t, cluster.api.UpdateTask({ jobId: 'wall', taskId: 'long', constraints: { maxWallClockTime: '1m' } }), grpc.status.FAILED_PRECONDITION, /task 'long' is completed/);
});

test.serial('PatchJob: refused on a completed job, metadata replaced, owners checked', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'done', poolInfo: { poolId: 'testpool' } } });
  t.deepEqual((await cluster.api.PatchJob({ jobId: 'done', metadata: { items: [{ name: 'a', value: '1' }] } })).metadata, [{ name: 'a', value: '1' }]);
  t.deepEqual((await cluster.api.PatchJob({ jobId: 'done', priority: 3 })).metadata, [{ name: 'a', value: '1' }], 'metadata not given: kept');
  t.deepEqual((await cluster.api.PatchJob({ jobId: 'done', metadata: { items: [] } })).metadata, []);
  await cluster.api.TerminateJob({ jobId: 'done' });
  await cluster.until('the job completed', async () => (await cluster.api.GetJob({ jobId: 'done' })).state === 'completed');
  await refused(t, cluster.api.PatchJob({ jobId: 'done', priority: 1 }), grpc.status.FAILED_PRECONDITION, /job 'done' is completed/);
  await refused(t, cluster.api.PatchJob({ jobId: 'f', metadata: { items: [{ name: 'x' }, { name: 'x' }] } }), grpc.status.INVALID_ARGUMENT, /^metadata\.items\[1\]\.name 'x' is given twice/);
  const mallory = await cluster.api.CreateToken({ name: 'mallory', role: 'submitter' });
  const api = cluster.connect(mallory.secret);
  try {
    await refused(t, api.PatchJob({ jobId: 'f', priority: 5 }), grpc.status.PERMISSION_DENIED, /job 'f' is not mallory's/);
    await refused(t, api.UpdateTask({ jobId: 'f', taskId: 't00', constraints: { maxWallClockTime: '1s' } }), grpc.status.PERMISSION_DENIED, /not mallory's/);
  } finally {
    api.close();
  }
  const cli = await troupe(['job', 'update', 'f', '--metadata', 'team=red', '--priority', '2', '-o', 'json']);
  t.is(cli.code, 0, cli.stderr);
  t.like(JSON.parse(cli.stdout), { priority: 2, metadata: [{ name: 'team', value: 'red' }] });
  const pool = await troupe(['pool', 'update', 'testpool', '--metadata', 'site=lab', '-o', 'json']);
  t.deepEqual(JSON.parse(pool.stdout).metadata, [{ name: 'site', value: 'lab' }]);
});

test('a request carrying a field troupe does not know is refused, naming its path and number', async (t) => {
  const { credentials, options } = grpcClientSetup(apiTarget(cluster.apiAddress), cluster.credentials);
  const client = new grpc.Client(cluster.apiAddress, credentials, options);
  t.teardown(() => client.close());
  // AddTaskRequest { job_id = 1; TaskSpec task = 2 }, its task carrying field 99 (as a client of a
  // future proto would send exitConditions).
  const spec = messageType('troupe.v1.TaskSpec');
  const task = Buffer.concat([
    spec.encode(spec.fromObject({ id: 'extra', commandArgs: ['/bin/true'] })).finish(),
    protobuf.Writer.create().uint32((99 << 3) | 2).bytes(Buffer.from([8, 1])).finish(),
  ]);
  const request = protobuf.Writer.create().uint32((1 << 3) | 2).string('f').uint32((2 << 3) | 2).bytes(task).finish();
  const err = await new Promise<grpc.ServiceError | null>((resolve) => {
    client.makeUnaryRequest('/troupe.v1.Batch/AddTask', (b: Buffer) => b, (b: Buffer) => b, Buffer.from(request), (e) => resolve(e));
  });
  t.is(err?.code, grpc.status.INVALID_ARGUMENT);
  t.is(err?.details, 'task: field 99 (wire type 2) of troupe.v1.TaskSpec is not supported by this server; it would be dropped, so the request is refused');
  await refused(t, cluster.api.GetTask({ jobId: 'f', taskId: 'extra' }), grpc.status.NOT_FOUND, /task 'extra' does not exist/);
});

test.serial('PatchJob: a new maxWallClockTime is armed at once; onAllTasksComplete is checked again', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'deadline', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.PatchJob({ jobId: 'deadline', constraints: { maxWallClockTime: '1s' } });
  const ended = await cluster.until('the job ended at its new deadline', async () => {
    const j = await cluster.api.GetJob({ jobId: 'deadline' });
    return j.state === 'completed' ? j : undefined;
  });
  t.is(ended.executionInfo!.terminateReason, 'MaxWallClockTimeExpiry');

  await cluster.api.CreateJob({ job: { id: 'oatc', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'oatc', task: { id: 'one', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('oatc', 'one');
  t.is((await cluster.api.GetJob({ jobId: 'oatc' })).state, 'active', 'noaction: the job stays');
  await cluster.api.PatchJob({ jobId: 'oatc', onAllTasksComplete: 'terminatejob' });
  await cluster.until('the job completed once told to', async () => (await cluster.api.GetJob({ jobId: 'oatc' })).state === 'completed');
  t.pass();
});
