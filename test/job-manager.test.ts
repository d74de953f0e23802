// Job manager tasks (Azure Batch's JobManagerTask) on real workers and a real coordinator (TLS
// on): a job manager written as a small node script (test/fixtures/job-manager.mjs) adds its
// job's tasks with the real `troupe` CLI through nothing but the environment its node gave it.
// It runs before any other task of its job, its tasks then run; runExclusive keeps its node free
// of every other task; killJobOnCompletion terminates the job and its running tasks
// (JMComplete); its token cannot create a pool, a job, or touch another job of the same owner
// (PERMISSION_DENIED), and stops working when the job completes.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixture, startCluster, TROUPE_BIN, type TestCluster } from './helpers/cluster.ts';
import type { TroupeApi } from '../src/protocol/grpc/api-client.ts';
import type { Task__Output } from '../src/protocol/generated/troupe/v1/Task.ts';

const { UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT } = grpc.status;

let cluster: TestCluster;
let alice: TroupeApi;
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2 });
  const created = await cluster.api.CreateToken({ name: 'alice', role: 'submitter' });
  alice = cluster.connect(created.secret);
});
test.after.always(async () => {
  alice?.close();
  await cluster?.stop();
});

/** A file in every node's shared directory (1777: the tasks' users see it). */
async function touchShared(name: string): Promise<void> {
  for (const node of ['node-1', 'node-2']) await writeFile(path.join(cluster.nodeRoot(node), 'shared', name), '');
}

/** A task that waits until $AZ_BATCH_NODE_SHARED_DIR/<name> exists. */
const waitFor = (name: string) => `/bin/sh -c 'while [ ! -f "$AZ_BATCH_NODE_SHARED_DIR/${name}" ]; do sleep 0.05; done'`;

function jobManager(env: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    id: 'manager',
    commandArgs: [process.execPath, fixture('job-manager.mjs')],
    environmentSettings: Object.entries({ TROUPE_JS: TROUPE_BIN, ...env }).map(([name, value]) => ({ name, value })),
    ...extra,
  };
}

/** The job manager's "name: value" lines. */
async function managerSaid(jobId: string): Promise<Map<string, string>> {
  const out = await cluster.readOutput(jobId, 'manager');
  return new Map(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
}

async function refused(t: import('ava').ExecutionContext, call: Promise<unknown>, code: grpc.status, message: RegExp) {
  const err = (await t.throwsAsync(call)) as grpc.ServiceError;
  t.is(err.code, code, `${grpc.status[code]} expected, got ${grpc.status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
}

const ms = (iso: string | undefined) => Date.parse(iso ?? '');

test.serial('the job manager runs first, adds its tasks through the CLI, holds its node alone, and its completion ends the job', async (t) => {
  await alice.CreateJob({ job: { id: 'jm-other', poolInfo: { poolId: 'testpool' } } });
  // Every slot busy: the job manager (exclusive: a whole node) cannot start yet.
  await cluster.api.CreateJob({ job: { id: 'blockers', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'blockers', tasks: [0, 1, 2, 3].map((i) => ({ id: `b${i}`, commandLine: waitFor(`go-b${i}`) })) });
  await cluster.until('4 blockers running', async () => (await cluster.api.GetTaskCounts({ jobId: 'blockers' })).running === 4);

  const tasks = [
    { id: 'child1', commandLine: 'echo child1' },
    { id: 'child2', commandLine: 'echo child2' },
    { id: 'long', commandLine: 'while :; do sleep 0.05; done' },
  ];
  const job = await alice.CreateJob({
    job: {
      id: 'jm', poolInfo: { poolId: 'testpool' },
      jobManagerTask: jobManager({ JM_TASKS: JSON.stringify(tasks), JM_OTHER_JOB: 'jm-other', JM_WAIT: 'child1,child2,long:running', JM_GO: '/nonexistent' }),
    },
  });
  t.is(job.jobManagerTask!.id, 'manager');
  t.true(job.jobManagerTask!.killJobOnCompletion);
  t.true(job.jobManagerTask!.runExclusive);
  t.true(job.jobManagerTask!.allowLowPriorityNode);
  t.deepEqual(job.jobManagerTask!.authenticationTokenSettings?.access, ['job']);
  // It is a task of its job, there at once, counted as any.
  t.is((await alice.GetTask({ jobId: 'jm', taskId: 'manager' })).state, 'active');
  t.is((await alice.GetTaskCounts({ jobId: 'jm' })).active, 1);
  await refused(t, alice.AddTask({ jobId: 'jm', task: { id: 'manager', commandLine: '/bin/true' } }), grpc.status.ALREADY_EXISTS, /manager/);
  await alice.AddTask({ jobId: 'jm', task: { id: 'early', commandLine: 'echo early' } });

  // One slot frees: 'early' would fit there but waits for its job manager, which needs a whole
  // node. A task of another job takes the slot: the scheduler had its pass. (Of a job of higher
  // priority: the waiting job manager holds back the node closest to free from later jobs.)
  await touchShared('go-b0');
  await cluster.api.CreateJob({ job: { id: 'probe', poolInfo: { poolId: 'testpool' }, priority: 100 } });
  await cluster.api.AddTask({ jobId: 'probe', task: { id: 'p', commandLine: 'echo probe' } });
  await cluster.waitForTask('probe', 'p');
  t.is((await alice.GetTask({ jobId: 'jm', taskId: 'early' })).state, 'active', 'held back until its job manager started');
  t.is((await alice.GetTask({ jobId: 'jm', taskId: 'manager' })).state, 'active', 'an exclusive job manager waits for a whole node');

  for (const i of [1, 2, 3]) await touchShared(`go-b${i}`);
  const running = await cluster.waitForTask('jm', 'manager', 'running');
  const jmNode = running.executionInfo!.nodeId;
  const said = await cluster.until('the job manager to have waited for its tasks', async () => {
    const s = await managerSaid('jm').catch(() => undefined);
    return s?.has('waited long') ? s : undefined;
  }, 90_000);
  // Exclusive: its node's every slot is held while it runs.
  const node = await cluster.api.GetNode({ nodeId: jmNode });
  t.is(node.runningTaskSlots, node.taskSlots);
  t.is(node.runningTasksCount, 1);

  t.is(said.get('task add'), 'ok');
  t.is(said.get('task add-many'), 'ok');
  t.is(said.get('same token'), 'true');
  t.is(said.get('api'), cluster.apiAddress);
  t.is(said.get('account url'), `https://${cluster.apiAddress}`);
  t.is(said.get('ca readable'), 'true');
  const who = JSON.parse(said.get('whoami')!);
  t.like(who, { name: 'alice', role: 'submitter', jobId: 'jm', createdBy: 'job/jm' });
  t.regex(said.get('pool create')!, /PERMISSION_DENIED: CreatePool is not allowed for a token scoped to job 'jm'/);
  t.regex(said.get('job create')!, /PERMISSION_DENIED: CreateJob is not allowed for a token scoped to job 'jm'/);
  t.regex(said.get('other job show')!, /PERMISSION_DENIED: GetJob: job 'jm-other' is outside this token's scope \(job 'jm'\)/);
  t.regex(said.get('other job task add')!, /PERMISSION_DENIED: AddTask: job 'jm-other' is outside/);
  t.is((await alice.ListTasks({ jobId: 'jm-other' })).tasks.length, 0);
  // The audit log says who, under which scope.
  t.regex(cluster.coordinator.logs(), /"msg":"audit".*"call":"CreatePool","caller":"alice","role":"submitter","tokenId":"[a-z0-9]+","scope":"job\/jm".*"result":"PERMISSION_DENIED"/);
  t.regex(cluster.coordinator.logs(), /"msg":"audit".*"call":"AddTaskCollection","caller":"alice",.*"scope":"job\/jm","target":"job\/jm","result":"OK"/);

  // The token, from outside: its job only.
  const token = said.get('token')!;
  const scoped = cluster.connect(token);
  t.teardown(() => scoped.close());
  t.is((await scoped.GetJob({ jobId: 'jm' })).owner, 'alice');
  await refused(t, scoped.ListJobs({}), PERMISSION_DENIED, /ListJobs is not allowed for a token scoped to job 'jm'/);
  await refused(t, scoped.ListNodes({}), PERMISSION_DENIED, /scoped to job 'jm'/);
  await refused(t, scoped.CreateToken({ name: 'x', role: 'admin' }), PERMISSION_DENIED, /scoped to job 'jm'/);
  await refused(t, scoped.DeleteJob({ jobId: 'jm' }), PERMISSION_DENIED, /DeleteJob is not allowed/);
  // Watch: its job, with its current state first; not another job, not the nodes.
  const firstEvent = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const call = scoped.raw.Watch({ jobId: 'jm', includeInitial: true });
    call.on('data', (e: Record<string, unknown>) => { resolve(e); call.cancel(); });
    call.on('error', (err: grpc.ServiceError) => { if (err.code !== grpc.status.CANCELLED) reject(err); });
  });
  t.truthy(firstEvent);
  for (const request of [{ jobId: 'jm-other' }, { jobId: 'jm', includeNodes: true }, {}]) {
    const err = await new Promise<grpc.ServiceError>((resolve, reject) => {
      const call = scoped.raw.Watch(request);
      call.on('data', () => {});
      call.on('error', resolve);
      call.on('end', () => reject(new Error('the watch ended without an error')));
    });
    t.is(err.code, PERMISSION_DENIED, JSON.stringify(request));
  }

  // Every other task of the job started after the job manager, and none on its node.
  const { tasks: all } = await alice.ListTasks({ jobId: 'jm' });
  const jm = all.find((x) => x.id === 'manager')!;
  t.deepEqual(all.map((x) => x.id).sort(), ['child1', 'child2', 'early', 'long', 'manager']);
  for (const x of all.filter((x) => x.id !== 'manager')) {
    t.true(ms(x.executionInfo?.startTime) >= ms(jm.executionInfo!.startTime), `${x.id} started after the job manager`);
    t.not(x.executionInfo?.nodeId, jmNode, `${x.id} ran beside the exclusive job manager`);
  }

  // The job manager ends: the job is terminated as JMComplete, its running task killed.
  await cluster.api.TerminateTask({ jobId: 'jm', taskId: 'manager' });
  const ended = await cluster.until('job jm completed', async () => {
    const j = await alice.GetJob({ jobId: 'jm' });
    return j.state === 'completed' ? j : undefined;
  });
  t.is(ended.executionInfo!.terminateReason, 'JMComplete');
  const long: Task__Output = await alice.GetTask({ jobId: 'jm', taskId: 'long' });
  t.is(long.state, 'completed');
  t.is(long.executionInfo!.result, 'failure');
  for (const id of ['child1', 'child2', 'early']) t.is((await alice.GetTask({ jobId: 'jm', taskId: id })).executionInfo!.result, 'success', id);
  // The token no longer works.
  await refused(t, scoped.GetJob({ jobId: 'jm' }), UNAUTHENTICATED, /not valid/);
  await cluster.until('the job token revoked', async () => !(await cluster.api.ListTokens({})).tokens.some((x) => x.jobId === 'jm'));
});

test.serial('killJobOnCompletion false and runExclusive false: the job waits for its manager, which shares its node, and goes on after it', async (t) => {
  // One slot busy on each node: the job manager (2 slots, not exclusive) cannot start yet.
  await cluster.api.CreateJob({ job: { id: 'blockers2', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'blockers2', tasks: [0, 1].map((i) => ({ id: `b${i}`, commandLine: waitFor('go-blockers2') })) });
  const placed = await cluster.until('2 blockers running', async () => {
    const { tasks } = await cluster.api.ListTasks({ jobId: 'blockers2', state: 'running' });
    return tasks.length === 2 ? tasks : undefined;
  });
  t.not(placed[0]!.executionInfo!.nodeId, placed[1]!.executionInfo!.nodeId, 'one blocker per node');

  const job = await alice.CreateJob({
    job: {
      id: 'jm-keep', poolInfo: { poolId: 'testpool' }, onAllTasksComplete: 'terminatejob',
      jobManagerTask: jobManager({ JM_TASKS: JSON.stringify([{ id: 'late', commandLine: `while [ ! -f "$AZ_BATCH_NODE_SHARED_DIR/go-late" ]; do sleep 0.05; done` }]), JM_GO: '' }, {
        killJobOnCompletion: false, runExclusive: false, requiredSlots: 2,
      }),
    },
  });
  t.false(job.jobManagerTask!.killJobOnCompletion);
  t.false(job.jobManagerTask!.runExclusive);
  await alice.AddTask({ jobId: 'jm-keep', task: { id: 'early', commandLine: 'echo early' } });
  // 'early' fits in a free slot but waits for its job manager: a task of another job, asked for
  // after it, takes one of those slots (the scheduler had its pass).
  await cluster.api.CreateJob({ job: { id: 'probe2', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'probe2', task: { id: 'p', commandLine: 'echo probe' } });
  await cluster.waitForTask('probe2', 'p');
  t.is((await alice.GetTask({ jobId: 'jm-keep', taskId: 'early' })).state, 'active', 'held back until its job manager started');
  t.is((await alice.GetTask({ jobId: 'jm-keep', taskId: 'manager' })).state, 'active');

  await touchShared('go-blockers2');
  const manager = await cluster.waitForTask('jm-keep', 'manager', 'completed', 90_000);
  t.is(manager.executionInfo!.result, 'success', await cluster.readOutput('jm-keep', 'manager', 'stderr'));
  const early = await cluster.waitForTask('jm-keep', 'early', 'completed');
  t.true(ms(early.executionInfo!.startTime) >= ms(manager.executionInfo!.startTime), 'early started after the job manager');
  t.is((await alice.GetJob({ jobId: 'jm-keep' })).state, 'active', 'the job goes on after its manager');
  t.is((await alice.GetTask({ jobId: 'jm-keep', taskId: 'late' })).state, 'running');
  await touchShared('go-late');
  const ended = await cluster.until('job jm-keep completed', async () => {
    const j = await alice.GetJob({ jobId: 'jm-keep' });
    return j.state === 'completed' ? j : undefined;
  });
  t.is(ended.executionInfo!.terminateReason, 'AllTasksComplete');
});

test.serial('an ordinary task with authenticationTokenSettings gets a job token; none without', async (t) => {
  await alice.CreateJob({ job: { id: 'tok', poolInfo: { poolId: 'testpool' } } });
  await alice.AddTaskCollection({
    jobId: 'tok',
    tasks: [
      { id: 'with', commandArgs: [fixture('print-env.sh')], authenticationTokenSettings: { access: ['job'] } },
      { id: 'without', commandArgs: [fixture('print-env.sh')] },
    ],
  });
  await cluster.waitForJobTasks('tok', 2);
  const withEnv = await cluster.readOutput('tok', 'with');
  const token = /^TROUPE_TOKEN=(\S+)$/m.exec(withEnv)?.[1];
  t.truthy(token);
  t.regex(withEnv, new RegExp(`^AZ_BATCH_AUTHENTICATION_TOKEN=${token}$`, 'm'));
  t.regex(withEnv, /^TROUPE_CA=.*troupe-api-ca\.pem$/m);
  t.deepEqual((await alice.GetTask({ jobId: 'tok', taskId: 'with' })).authenticationTokenSettings?.access, ['job']);
  const without = await cluster.readOutput('tok', 'without');
  t.notRegex(without, /TROUPE_TOKEN|AZ_BATCH_AUTHENTICATION_TOKEN/);
  const scoped = cluster.connect(token!);
  t.teardown(() => scoped.close());
  t.is((await scoped.GetTaskCounts({ jobId: 'tok' })).completed, 2);
  await alice.DeleteJob({ jobId: 'tok' });
  await refused(t, scoped.GetTaskCounts({ jobId: 'tok' }), UNAUTHENTICATED, /not valid/);
});

test.serial('bad job managers are refused at once, naming the field', async (t) => {
  const create = (jobManagerTask: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    alice.CreateJob({ job: { id: 'bad-jm', poolInfo: { poolId: 'testpool' }, jobManagerTask, ...extra } });
  await refused(t, create({ commandLine: '/bin/true' }), INVALID_ARGUMENT, /job\.jobManagerTask\.id is required/);
  await refused(t, create({ id: 'm' }), INVALID_ARGUMENT, /job\.jobManagerTask\.commandLine is required/);
  await refused(t, create({ id: 'jobpreparation', commandLine: '/bin/true' }, { jobPreparationTask: { commandLine: '/bin/true' } }), INVALID_ARGUMENT, /job\.jobManagerTask\.id 'jobpreparation' is the job preparation task's id/);
  await refused(t, create({ id: 'm', commandLine: '/bin/true', authenticationTokenSettings: { access: ['pool'] } }), INVALID_ARGUMENT, /job\.jobManagerTask\.authenticationTokenSettings\.access\[0\] must be 'job'/);
  await refused(t, create({ id: 'm', commandLine: '/bin/true', requiredSlots: 3 }), grpc.status.FAILED_PRECONDITION, /job\.jobManagerTask\.requiredSlots 3 is more than any node/);
  await refused(t, create({ id: 'm', commandLine: '/bin/true', environmentSettings: [{ name: 'AZ_BATCH_X', value: '' }] }), INVALID_ARGUMENT, /job\.jobManagerTask\.environmentSettings\[0\]\.name/);
  await t.throwsAsync(alice.GetJob({ jobId: 'bad-jm' }));
});

test.serial('a coordinator killed while its job manager runs: the token still works after the restart, and the manager\'s end still ends the job', async (t) => {
  await alice.CreateJob({ job: { id: 'jm-restart', poolInfo: { poolId: 'testpool' }, jobManagerTask: jobManager({ JM_GO: 'go-restart' }) } });
  const said = await cluster.until('the job manager to wait', async () => {
    const s = await managerSaid('jm-restart').catch(() => undefined);
    return s?.has('waiting for') ? s : undefined;
  });
  const token = said.get('token')!;
  await cluster.coordinator.crash();
  await touchShared('go-restart'); // it ends while no coordinator runs: its report waits in JetStream
  await cluster.startCoordinator();
  const ended = await cluster.until('job jm-restart completed', async () => {
    const j = await alice.GetJob({ jobId: 'jm-restart' });
    return j.state === 'completed' ? j : undefined;
  }, 90_000);
  t.is(ended.executionInfo!.terminateReason, 'JMComplete');
  const scoped = cluster.connect(token);
  t.teardown(() => scoped.close());
  await refused(t, scoped.GetJob({ jobId: 'jm-restart' }), UNAUTHENTICATED, /not valid/);
  await cluster.until('the job token revoked', async () => !(await cluster.api.ListTokens({})).tokens.some((x) => x.jobId === 'jm-restart'));
});

test.serial('the job token survives a coordinator restart while its job runs', async (t) => {
  await alice.CreateJob({ job: { id: 'jm-live', poolInfo: { poolId: 'testpool' }, jobManagerTask: jobManager({ JM_GO: 'go-live' }) } });
  const said = await cluster.until('the job manager to wait', async () => {
    const s = await managerSaid('jm-live').catch(() => undefined);
    return s?.has('waiting for') ? s : undefined;
  });
  await cluster.coordinator.crash();
  await cluster.startCoordinator();
  const scoped = cluster.connect(said.get('token')!);
  t.teardown(() => scoped.close());
  t.is((await scoped.GetJob({ jobId: 'jm-live' })).state, 'active');
  await scoped.AddTask({ jobId: 'jm-live', task: { id: 'after-restart', commandLine: 'echo ok' } });
  await cluster.waitForTask('jm-live', 'after-restart');
  await touchShared('go-live');
  await cluster.until('job jm-live completed', async () => (await alice.GetJob({ jobId: 'jm-live' })).state === 'completed', 90_000);
});

test.serial('a job manager whose worker dies is requeued (not a retry) and runs again, with its token', async (t) => {
  await alice.CreateJob({ job: { id: 'jm-requeue', poolInfo: { poolId: 'testpool' }, jobManagerTask: jobManager({ JM_GO: 'go-requeue' }) } });
  const first = await cluster.until('the job manager to wait', async () => {
    const s = await managerSaid('jm-requeue').catch(() => undefined);
    return s?.has('waiting for') ? await alice.GetTask({ jobId: 'jm-requeue', taskId: 'manager' }) : undefined;
  });
  const lostNode = first.executionInfo!.nodeId;
  await cluster.workers.get(lostNode)!.crash();
  await cluster.startWorker(lostNode); // a new boot: its old attempts are requeued at once
  const again = await cluster.until('the job manager running again', async () => {
    const x = await alice.GetTask({ jobId: 'jm-requeue', taskId: 'manager' });
    return x.state === 'running' && x.executionInfo!.requeueCount === 1 ? x : undefined;
  }, 90_000);
  t.is(again.executionInfo!.retryCount, 0);
  const said = await cluster.until('the second attempt to wait', async () => {
    const s = await managerSaid('jm-requeue').catch(() => undefined);
    return s?.has('waiting for') ? s : undefined;
  });
  t.regex(said.get('whoami')!, /"jobId":"jm-requeue"/);
  t.is((await alice.GetJob({ jobId: 'jm-requeue' })).state, 'active', 'a requeue is no completion');
  await touchShared('go-requeue');
  const ended = await cluster.until('job jm-requeue completed', async () => {
    const j = await alice.GetJob({ jobId: 'jm-requeue' });
    return j.state === 'completed' ? j : undefined;
  }, 90_000);
  t.is(ended.executionInfo!.terminateReason, 'JMComplete');
});
