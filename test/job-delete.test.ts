// Deleting a big job: the tasks go from JetStream with one purge of their subjects (not a
// request per key), other jobs' tasks stay, the job reads NOT_FOUND once gone, and a restarted
// coordinator finds none of them.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { jetstreamManager } from '@nats-io/jetstream';
import { startCluster } from './helpers/cluster.ts';
import { BUCKET_TASKS } from '../src/protocol/nats/subjects.ts';

const TASKS = 20_000;

test('a job of 20,000 tasks is deleted with its tasks; another job\'s tasks stay', async (t) => {
  const c = await startCluster({ workers: 1, slots: 1 });
  t.teardown(() => c.stop());
  const nc = await c.connectNats();
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const subjectsOf = async (jobId: string) =>
    Object.keys((await jsm.streams.info(`KV_${BUCKET_TASKS}`, { subjects_filter: `$KV.${BUCKET_TASKS}.${jobId}.>` })).state.subjects ?? {}).length;

  await c.api.CreatePool({ pool: { id: 'nowhere' } });
  await c.api.CreateJob({ job: { id: 'big', poolInfo: { poolId: 'nowhere' } } });
  await c.api.CreateJob({ job: { id: 'keep', poolInfo: { poolId: 'nowhere' } } });
  for (let i = 0; i < TASKS; i += 10_000) {
    await c.api.AddTaskCollection({ jobId: 'big', tasks: Array.from({ length: 10_000 }, (_, k) => ({ id: `t${i + k}`, commandArgs: ['/bin/true'] })) });
  }
  await c.api.AddTaskCollection({ jobId: 'keep', tasks: [{ id: 'a', commandArgs: ['/bin/true'] }, { id: 'b', commandArgs: ['/bin/true'] }] });
  // A collection's tasks are stored in batch values of up to 1,000 (kv-table.ts).
  const stored = await subjectsOf('big');
  t.true(stored >= TASKS / 1000 && stored <= TASKS / 100, `${TASKS} tasks in ${stored} values`);

  await c.api.DeleteJob({ jobId: 'big' });
  await c.until('the job gone', async () => c.api.GetJob({ jobId: 'big' }).then(() => false, (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND));
  t.is(await subjectsOf('big'), 0, 'no task of the job is left in JetStream');
  t.is(await subjectsOf('keep'), 1, "the other job's tasks stay (in one batch value)");
  const err = await t.throwsAsync(c.api.ListTasks({ jobId: 'big' })) as grpc.ServiceError;
  t.is(err.code, grpc.status.NOT_FOUND);

  // A new job of the same id starts empty, and its tasks can take the old ids.
  await c.api.CreateJob({ job: { id: 'big', poolInfo: { poolId: 'nowhere' } } });
  await c.api.AddTask({ jobId: 'big', task: { id: 't0', commandArgs: ['/bin/true'] } });
  t.is((await c.api.GetTaskCounts({ jobId: 'big' })).active, 1);

  // What the store holds is what a restarted coordinator sees.
  await c.coordinator.crash();
  await c.startCoordinator();
  await c.until('the coordinator serving again', async () => c.api.GetTaskCounts({ jobId: 'big' }).then(() => true, () => false));
  t.is((await c.api.GetTaskCounts({ jobId: 'big' })).active, 1);
  t.deepEqual((await c.api.ListTasks({ jobId: 'keep' })).tasks.map((x) => x.id), ['a', 'b']);
});
