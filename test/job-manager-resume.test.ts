// What a coordinator that starts finishes for job managers, against a real JetStream: the job
// manager task a dead coordinator created the job for but did not add yet is added (once); a job
// whose job manager completed while no coordinator ran is terminated as JMComplete; tokens of
// jobs that ended or went meanwhile are revoked.
import test from 'ava';
import { openTestState } from './helpers/state-store.ts';
import { NodeRegistry } from '../src/coordinator/nodes/node-registry.ts';
import { JobOperations } from '../src/coordinator/operations/job-operations.ts';
import { JobManagerDriver } from '../src/coordinator/operations/job-manager-driver.ts';
import { JobCredentials } from '../src/coordinator/auth/job-credentials.ts';
import { TokenStore } from '../src/coordinator/auth/token-store.ts';
import { jobManagerTaskRecord } from '../src/coordinator/lifecycle/job-manager.ts';
import { validateJobManagerTask } from '../src/coordinator/validation/job-manager-validation.ts';
import { openKv } from '../src/protocol/nats/jetstream-resources.ts';
import { BUCKET_TOKENS } from '../src/protocol/nats/subjects.ts';
import { silentLogger } from '../src/protocol/log.ts';
import type { JobRecord, TaskRecord } from '../src/protocol/records/records.ts';

test('start-up adds a job manager not yet added, ends the job of one that completed, revokes tokens of jobs gone', async (t) => {
  const { state, nc } = await openTestState(t, 'jm-resume');
  const now = new Date().toISOString();
  await state.pools.create('p', { id: 'p', displayName: '', taskSlotsPerNode: 2, nodeFillType: 'spread', enableInterNodeCommunication: false, state: 'active', creationTime: now });
  const job = (id: string, over: Partial<JobRecord> = {}): JobRecord => ({
    id, displayName: '', poolId: 'p', priority: 0, maxTaskRetryCount: 0, commonEnvironmentSettings: [], onAllTasksComplete: 'noaction',
    maxParallelTasks: 0, creationTime: now, stateTransitionTime: now, startTime: now, state: 'active', owner: 'alice',
    jobManagerTask: validateJobManagerTask({ id: 'jm', commandLine: '/bin/true' }), ...over,
  } as JobRecord);

  // A coordinator died between storing the job and adding its job manager.
  await state.jobs.create('half', job('half'));
  // Another died after its job manager completed, before it terminated the job.
  const done = job('done', { jobManagerAdded: true });
  await state.jobs.create('done', done);
  const jm = jobManagerTaskRecord(done, state.book('done').allocateSeq(), now)!;
  await state.createTask({ ...jm, state: 'completed', exec: { ...jm.exec, attempt: 1, endTime: now, exitCode: 0, result: 'success' } } as TaskRecord);
  // And tokens of a job that completed and of one that is gone.
  const tokens = await TokenStore.open(await openKv(nc, BUCKET_TOKENS));
  await state.jobs.create('ended', job('ended', { state: 'completed', jobManagerAdded: true } as Partial<JobRecord>));
  await tokens.createForJob('alice', 'ended');
  await tokens.createForJob('alice', 'vanished');
  const live = await tokens.createForJob('alice', 'half');

  const registry = new NodeRegistry(nc, state, 10_000, silentLogger);
  const jobs = new JobOperations(state, registry, silentLogger);
  t.teardown(() => jobs.stop());
  const driver = new JobManagerDriver(state, jobs, silentLogger);
  t.teardown(() => driver.stop());
  const credentials = new JobCredentials(state, tokens, silentLogger);
  await jobs.resume();
  await driver.resume();
  await credentials.resume();

  const added = state.task('half', 'jm');
  t.is(added?.state, 'active');
  t.deepEqual(added?.jobManager, { killJobOnCompletion: true, runExclusive: true, allowLowPriorityNode: true });
  t.true(state.jobs.get('half')!.jobManagerAdded);
  await driver.resume(); // again: nothing more
  t.is(state.book('half').taskCount, 1);

  const deadline = Date.now() + 30_000;
  while (state.jobs.get('done')!.state !== 'completed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.is(state.jobs.get('done')!.state, 'completed');
  t.is(state.jobs.get('done')!.terminateReason, 'JMComplete');

  t.deepEqual([...tokens.jobScoped().keys()], ['half']);
  t.is(tokens.verify(live.bearer).jobId, 'half');
});
