// Bad input on every API call: a clear status naming the field and the rule, nothing stored,
// and the daemons keep serving (malformed bytes included).
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { REPORT_SUBJECTS } from '../src/protocol/nats/subjects.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 1, slots: 2 });
  await cluster.api.CreateJob({ job: { id: 'ok-job', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'ok-job', task: { id: 'existing', commandArgs: ['/bin/true'] } });
});

const { INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION } = grpc.status;

async function rejects(t: import('ava').ExecutionContext, call: Promise<unknown>, code: grpc.status, message: RegExp) {
  const err = (await t.throwsAsync(call)) as grpc.ServiceError;
  t.is(err.code, code, `${grpc.status[code]} expected, got ${grpc.status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
}

test.serial('ids are checked on every call that takes one', async (t) => {
  const rule = /must be 1-64 characters of letters, digits, '-' and '_'/;
  const api = cluster.api;
  await rejects(t, api.CreatePool({ pool: { id: 'bad id!' } }), INVALID_ARGUMENT, /pool\.id must be 1-64/);
  await rejects(t, api.GetPool({ poolId: '../etc' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.DeletePool({ poolId: '' }), INVALID_ARGUMENT, /poolId/);
  await rejects(t, api.GetNode({ nodeId: 'a'.repeat(65) }), INVALID_ARGUMENT, rule);
  await rejects(t, api.DisableNodeScheduling({ nodeId: 'x y' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.EnableNodeScheduling({ nodeId: '$' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.CreateJob({ job: { id: 'j.1', poolInfo: { poolId: 'testpool' } } }), INVALID_ARGUMENT, /job\.id must be 1-64/);
  await rejects(t, api.GetJob({ jobId: 'no/slash' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.TerminateJob({ jobId: '*' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.DeleteJob({ jobId: '>' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.GetTaskCounts({ jobId: '' }), INVALID_ARGUMENT, /jobId/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'has space', commandArgs: ['/bin/true'] } }), INVALID_ARGUMENT, /^task\.id must be 1-64 characters of letters, digits, '-' and '_'$/);
  await rejects(t, api.GetTask({ jobId: 'ok-job', taskId: 'a.b' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.ListTasks({ jobId: 'ok job' }), INVALID_ARGUMENT, rule);
  await rejects(t, api.TerminateTask({ jobId: 'ok-job', taskId: '' }), INVALID_ARGUMENT, /taskId/);
});

test.serial('fields of pools, jobs and tasks are checked, each error naming its field', async (t) => {
  const api = cluster.api;
  await rejects(t, api.CreatePool({}), INVALID_ARGUMENT, /pool is required/);
  await rejects(t, api.CreatePool({ pool: { id: 'p2', taskSlotsPerNode: 999 } }), INVALID_ARGUMENT, /pool\.taskSlotsPerNode/);
  await rejects(t, api.CreatePool({ pool: { id: 'p2', taskSchedulingPolicy: { nodeFillType: 'random' } } }), INVALID_ARGUMENT, /nodeFillType/);
  await rejects(t, api.CreateJob({ job: { id: 'j2' } }), INVALID_ARGUMENT, /job\.poolInfo\.poolId/);
  await rejects(t, api.CreateJob({ job: { id: 'j2', poolInfo: { poolId: 'testpool' }, priority: 5000 } }), INVALID_ARGUMENT, /job\.priority/);
  await rejects(t, api.CreateJob({ job: { id: 'j2', poolInfo: { poolId: 'testpool' }, constraints: { maxWallClockTime: 'soon' } } }), INVALID_ARGUMENT, /job\.constraints\.maxWallClockTime must be a duration/);
  await rejects(t, api.CreateJob({ job: { id: 'j2', poolInfo: { poolId: 'testpool' }, onAllTasksComplete: 'explode' } }), INVALID_ARGUMENT, /onAllTasksComplete/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'x' } }), INVALID_ARGUMENT, /task\.commandLine/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'x', commandLine: '/bin/echo "open' } }), INVALID_ARGUMENT, /task\.commandLine has an unterminated quote/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'x', commandArgs: ['/bin/true'], requiredSlots: 1000 } }), INVALID_ARGUMENT, /task\.requiredSlots/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'x', commandArgs: ['/bin/true'], constraints: { maxTaskRetryCount: -5 } } }), INVALID_ARGUMENT, /task\.constraints\.maxTaskRetryCount/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'x', commandArgs: ['/bin/true'], environmentSettings: [{ name: 'AZ_BATCH_NODE_ID', value: 'x' }] } }), INVALID_ARGUMENT, /task\.environmentSettings\[0\]\.name/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'x', commandArgs: ['/bin/true'], environmentSettings: [{ name: '1BAD', value: 'x' }] } }), INVALID_ARGUMENT, /environmentSettings\[0\]\.name/);
  await rejects(t, api.ListTasks({ jobId: 'ok-job', state: 'sleeping' }), INVALID_ARGUMENT, /state/);
  await rejects(t, api.ListJobs({ state: 'sleeping' }), INVALID_ARGUMENT, /^state must be empty or one of active, /);
  await rejects(t, api.TerminateJob({ jobId: 'ok-job', terminateReason: 'x'.repeat(2000) }), INVALID_ARGUMENT, /terminateReason must be at most 1024/);
  await rejects(t, api.ListTasks({ jobId: 'ok-job', pageToken: 'abc' }), INVALID_ARGUMENT, /pageToken/);
  await rejects(t, api.ListTasks({ jobId: 'ok-job', maxResults: 100000 }), INVALID_ARGUMENT, /maxResults/);
  await rejects(t, api.DisableNodeScheduling({ nodeId: 'node-1', nodeDisableSchedulingOption: 'explode' }), INVALID_ARGUMENT, /nodeDisableSchedulingOption|option/);
  // Nothing of it was stored.
  const { jobs } = await api.ListJobs({});
  t.deepEqual(jobs.map((j) => j.id), ['ok-job']);
  const { pools } = await api.ListPools({});
  t.deepEqual(pools.map((p) => p.id), ['testpool']);
});

test.serial('who tasks run as: userIdentity and userAccounts are checked, each error naming its field', async (t) => {
  const api = cluster.api;
  const task = (userIdentity: unknown) => api.AddTask({ jobId: 'ok-job', task: { id: 'u', commandArgs: ['/bin/true'], userIdentity } as never });
  const account = (a: Record<string, unknown>) => ({ name: 'alice', linuxUserConfiguration: { uid: 1001, gid: 1001 }, ...a });
  const pool = (userAccounts: unknown[]) => api.CreatePool({ pool: { id: 'users', userAccounts } as never });
  await rejects(t, task({ autoUser: { scope: 'node' } }), INVALID_ARGUMENT, /^task\.userIdentity\.autoUser\.scope must be 'pool' or 'task'$/);
  await rejects(t, task({ autoUser: { elevationLevel: 'root' } }), INVALID_ARGUMENT, /^task\.userIdentity\.autoUser\.elevationLevel must be 'nonadmin' or 'admin'$/);
  await rejects(t, task({ userName: 'alice', autoUser: { scope: 'task' } }), INVALID_ARGUMENT, /^task\.userIdentity must give userName or autoUser, not both$/);
  await rejects(t, task({ userName: 'no such/user' }), INVALID_ARGUMENT, /^task\.userIdentity\.userName must be 1-32 characters/);
  await rejects(t, task({ userName: 'alice' }), INVALID_ARGUMENT, /^task\.userIdentity\.userName must name one of pool 'testpool''s userAccounts \(it has none\)$/);
  await rejects(t, task({ autoUser: { elevationLevel: 'admin' } }), FAILED_PRECONDITION, /task\.userIdentity\.autoUser\.elevationLevel 'admin': pool 'testpool' does not allow admin tasks/);
  await rejects(t, pool([account({}), account({})]), INVALID_ARGUMENT, /^pool\.userAccounts\[1\]\.name must be unique in the pool/);
  await rejects(t, pool([account({ name: 'x'.repeat(33) })]), INVALID_ARGUMENT, /^pool\.userAccounts\[0\]\.name must be 1-32 characters/);
  await rejects(t, pool([account({ linuxUserConfiguration: { uid: 0, gid: 1 } })]), INVALID_ARGUMENT, /^pool\.userAccounts\[0\]\.linuxUserConfiguration\.uid must be an integer from 1 to 2147483647 \(0, root, is what admin elevation is for\)$/);
  await rejects(t, pool([account({ linuxUserConfiguration: { uid: 5, gid: 0 } })]), INVALID_ARGUMENT, /^pool\.userAccounts\[0\]\.linuxUserConfiguration\.gid must be an integer from 1/);
  await rejects(t, pool([account({ linuxUserConfiguration: null })]), INVALID_ARGUMENT, /^pool\.userAccounts\[0\]\.linuxUserConfiguration is required/);
  await rejects(t, pool([account({ elevationLevel: 'super' })]), INVALID_ARGUMENT, /^pool\.userAccounts\[0\]\.elevationLevel must be 'nonadmin' or 'admin'$/);
  await rejects(t, api.CreatePool({ pool: { id: 'users', startTask: { commandLine: '/bin/true', userIdentity: { userName: 'bob' } } } }), INVALID_ARGUMENT, /^pool\.startTask\.userIdentity\.userName must name one of pool 'users''s userAccounts/);
  await rejects(t, api.CreateJob({ job: { id: 'uj', poolInfo: { poolId: 'testpool' }, jobReleaseTask: { commandLine: '/bin/true', userIdentity: { autoUser: { scope: 'everyone' } } } } }), INVALID_ARGUMENT, /^job\.jobReleaseTask\.userIdentity\.autoUser\.scope must be 'pool' or 'task'$/);
  // Nothing of it was stored.
  t.deepEqual((await api.ListPools({})).pools.map((p) => p.id), ['testpool']);
  t.deepEqual((await api.ListJobs({})).jobs.map((j) => j.id), ['ok-job']);
  await rejects(t, api.GetTask({ jobId: 'ok-job', taskId: 'u' }), NOT_FOUND, /task 'u'/);
});

test.serial('unknown things are NOT_FOUND, duplicates ALREADY_EXISTS, wrong states FAILED_PRECONDITION', async (t) => {
  const api = cluster.api;
  await rejects(t, api.GetPool({ poolId: 'nope' }), NOT_FOUND, /pool 'nope' does not exist/);
  await rejects(t, api.GetNode({ nodeId: 'nope' }), NOT_FOUND, /node 'nope'/);
  await rejects(t, api.GetJob({ jobId: 'nope' }), NOT_FOUND, /job 'nope'/);
  await rejects(t, api.CreateJob({ job: { id: 'orphan', poolInfo: { poolId: 'nope' } } }), NOT_FOUND, /pool 'nope'/);
  await rejects(t, api.AddTask({ jobId: 'nope', task: { id: 'x', commandArgs: ['/bin/true'] } }), NOT_FOUND, /job 'nope'/);
  await rejects(t, api.GetTask({ jobId: 'ok-job', taskId: 'nope' }), NOT_FOUND, /task 'nope'/);
  await rejects(t, api.TerminateTask({ jobId: 'ok-job', taskId: 'nope' }), NOT_FOUND, /task 'nope'/);
  await rejects(t, api.GetTaskCounts({ jobId: 'nope' }), NOT_FOUND, /job 'nope'/);
  await rejects(t, api.CreatePool({ pool: { id: 'testpool' } }), ALREADY_EXISTS, /pool 'testpool' already exists/);
  await rejects(t, api.CreateJob({ job: { id: 'ok-job', poolInfo: { poolId: 'testpool' } } }), ALREADY_EXISTS, /job 'ok-job' already exists/);
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'existing', commandArgs: ['/bin/true'] } }), ALREADY_EXISTS, /task 'existing' already exists/);
  await rejects(t, api.DeletePool({ poolId: 'testpool' }), FAILED_PRECONDITION, /pool 'testpool' has jobs that are not completed \(ok-job\)/);
  await api.CreateJob({ job: { id: 'done-job', poolInfo: { poolId: 'testpool' } } });
  await api.TerminateJob({ jobId: 'done-job' });
  await cluster.until('done-job completed', async () => (await api.GetJob({ jobId: 'done-job' })).state === 'completed');
  await rejects(t, api.AddTask({ jobId: 'done-job', task: { id: 'x', commandArgs: ['/bin/true'] } }), FAILED_PRECONDITION, /job 'done-job' is completed/);
  await rejects(t, api.AddTaskCollection({ jobId: 'done-job', tasks: [{ id: 'x', commandArgs: ['/bin/true'] }] }), FAILED_PRECONDITION, /job 'done-job' is completed/);
  await rejects(t, api.TerminateJob({ jobId: 'done-job' }), FAILED_PRECONDITION, /already completed/);
  // Nodes of testpool have 2 slots: a task asking for 3 could never run, so it is refused now.
  await rejects(t, api.AddTask({ jobId: 'ok-job', task: { id: 'too-wide', commandArgs: ['/bin/true'], requiredSlots: 3 } }), FAILED_PRECONDITION,
    /task\.requiredSlots 3 is more than any node of pool 'testpool' has \(at most 2 slots\)/);
  const wide = await api.AddTaskCollection({ jobId: 'ok-job', tasks: [{ id: 'fits', commandArgs: ['/bin/true'], requiredSlots: 2 }, { id: 'too-wide', commandArgs: ['/bin/true'], requiredSlots: 3 }] });
  t.deepEqual(wide.results.map((r) => [r.status, r.error?.code ?? '']), [['success', ''], ['clienterror', 'FAILED_PRECONDITION']]);
  t.regex(wide.results[1]!.error!.message, /^tasks\[1\]\.requiredSlots 3/);
});

test.serial('a collection reports a status per task: good ones are added, bad and duplicate ones say why', async (t) => {
  const res = await cluster.api.AddTaskCollection({
    jobId: 'ok-job',
    tasks: [
      { id: 'c1', commandArgs: ['/bin/true'] },
      { id: 'bad id', commandArgs: ['/bin/true'] },
      { id: 'existing', commandArgs: ['/bin/true'] },
      { id: 'c2', commandLine: '' },
      { id: 'c1', commandArgs: ['/bin/true'] },
      { id: 'c3', commandArgs: ['/bin/true'] },
    ],
  });
  const summary = res.results.map((r) => [r.taskId, r.status, r.error?.code ?? '']);
  t.deepEqual(summary, [
    ['c1', 'success', ''],
    ['bad id', 'clienterror', 'INVALID_ARGUMENT'],
    ['existing', 'clienterror', 'ALREADY_EXISTS'],
    ['c2', 'clienterror', 'INVALID_ARGUMENT'],
    ['c1', 'clienterror', 'INVALID_ARGUMENT'],
    ['c3', 'success', ''],
  ]);
  t.regex(res.results[1]!.error!.message, /^tasks\[1\]\.id must be/);
  t.regex(res.results[4]!.error!.message, /tasks\[4\]\.id 'c1' is given twice/);
  await cluster.waitForTask('ok-job', 'c3');
  await rejects(t, cluster.api.GetTask({ jobId: 'ok-job', taskId: 'c2' }), NOT_FOUND, /task 'c2'/);
});

test.serial('malformed bytes on the API and on NATS never crash a daemon', async (t) => {
  // Raw garbage as a protobuf request body.
  const client = new grpc.Client(cluster.apiAddress, grpc.credentials.createInsecure());
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x99, 0x01]);
  const err = await new Promise<grpc.ServiceError | null>((resolve) => {
    client.makeUnaryRequest('/troupe.v1.Batch/AddTask', (b: Buffer) => b, (b: Buffer) => b, garbage, (e) => resolve(e));
  });
  client.close();
  t.truthy(err);
  // Garbage on the subjects the daemons listen to.
  const nc = await cluster.connectNats();
  nc.publish('troupe.node.node-1.heartbeat', Buffer.from('not msgpack at all'));
  nc.publish('troupe.node.node-1.dispatch', Buffer.from([0xc1]));
  nc.publish('troupe.node.node-1.terminate', Buffer.from([0x93, 0x01]));
  await nc.request('troupe.node.node-1.output', Buffer.from('??'), { timeout: 5000 }).catch(() => undefined);
  const js = (await import('@nats-io/jetstream')).jetstream(nc);
  await js.publish(REPORT_SUBJECTS.replace('>', 'node-1'), Buffer.from('garbage report'));
  await nc.flush();
  await nc.close();
  // Both daemons still work.
  await cluster.api.AddTask({ jobId: 'ok-job', task: { id: 'after-garbage', commandArgs: ['/bin/true'] } });
  const task = await cluster.waitForTask('ok-job', 'after-garbage');
  t.is(task.executionInfo!.result, 'success');
  t.is(cluster.coordinator.process.exitCode, null);
  t.is(cluster.workers.get('node-1')!.process.exitCode, null);
});
