// A collection's tasks are stored together, in a few batch values of the tasks bucket, and each
// gets a value of its own only at its first change (kv-table.ts). Against a real JetStream, with
// a second ClusterState opened on the same store as a restarted coordinator would: what was
// created comes back, a record's own value wins over its batch's copy, a task deleted on its own
// stays deleted, its id can be taken again (the first write goes over the delete marker), and a
// job deleted while a collection is being stored keeps none of it.
import test from 'ava';
import { jetstreamManager } from '@nats-io/jetstream';
import { openTestState } from './helpers/state-store.ts';
import { newTaskRecord } from '../src/coordinator/lifecycle/task-lifecycle.ts';
import { ClusterState } from '../src/coordinator/state/cluster-state.ts';
import { TimeSlice } from '../src/protocol/time-slice.ts';
import { TroupeError } from '../src/protocol/errors.ts';
import type { JobRecord, TaskRecord } from '../src/protocol/records/records.ts';
import { BUCKET_TASKS, taskKey } from '../src/protocol/nats/subjects.ts';

const now = new Date().toISOString();
const job = (id: string): JobRecord => ({
  id, displayName: '', poolId: 'p', priority: 0, maxTaskRetryCount: 0, commonEnvironmentSettings: [],
  onAllTasksComplete: 'noaction', maxParallelTasks: 0, state: 'active', creationTime: now, stateTransitionTime: now, startTime: now,
});
const task = (jobId: string, id: string, seq: number, commandLine = '/bin/true'): TaskRecord =>
  newTaskRecord(jobId, { id, displayName: '', commandLine, argv: ['/bin/true'], environmentSettings: [], constraints: {}, requiredSlots: 1 }, job(jobId), seq, now);
const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('a collection is stored in a few batch values and comes back whole; duplicates are ALREADY_EXISTS', async (t) => {
  const { state, nc } = await openTestState(t, 'batches');
  await state.jobs.create('j', job('j'));
  await state.createTask(task('j', 'single', 0));
  // 2,500 tasks, one of them taken already and one given twice; long command lines make some
  // batch values close on their byte budget rather than their count.
  const records = ids(2500).map((id, i) => task('j', id, i + 1, i % 2 ? '/bin/true' : `/bin/echo ${'x'.repeat(400)}`));
  records.push(task('j', 'single', 9000), task('j', 't7', 9001));
  const outcomes = await state.createTasks('j', records, new TimeSlice());
  t.is(outcomes.filter((o) => !(o instanceof TroupeError)).length, 2500);
  for (const refused of [outcomes[2500], outcomes[2501]]) {
    t.true(refused instanceof TroupeError && refused.code === 'ALREADY_EXISTS', String(refused));
  }
  t.is(state.book('j').counts.active, 2501, 'indexed as they were stored');

  const info = await (await jetstreamManager(nc)).streams.info(`KV_${BUCKET_TASKS}`, { subjects_filter: `$KV.${BUCKET_TASKS}.j.>` });
  const subjects = Object.keys(info.state.subjects ?? {}).length;
  t.true(subjects > 3 && subjects < 20, `2,501 tasks in ${subjects} values`);

  const restarted = await ClusterState.open(nc);
  t.teardown(() => restarted.close());
  t.is(restarted.book('j').counts.active, 2501);
  t.is(restarted.task('j', 't2500'), undefined);
  t.is(restarted.task('j', 't0')?.commandLine, records[0]!.commandLine);
  t.deepEqual(restarted.task('j', 't1999'), state.task('j', 't1999'));
  t.is(restarted.tasks.rows.get(taskKey('j', 't5'))?.revision, 0, 'no value of its own yet');
});

test("a batch record's first change is its own value; a task deleted alone stays deleted and its id can be taken again", async (t) => {
  const { state, nc } = await openTestState(t, 'batch-changes');
  await state.jobs.create('j', job('j'));
  await state.createTasks('j', ids(10).map((id, i) => task('j', id, i)), new TimeSlice());

  const changed = await state.mutateTask(taskKey('j', 't1'), (x) => ({ ...x, displayName: 'renamed' }));
  t.is(changed?.after?.displayName, 'renamed');
  t.true(state.tasks.rows.get(taskKey('j', 't1'))!.revision > 0);
  await state.removeTask(state.task('j', 't2')!, true);

  let reopened = await ClusterState.open(nc);
  t.is(reopened.task('j', 't1')?.displayName, 'renamed', "the record's own value wins over its batch's copy");
  t.is(reopened.task('j', 't2'), undefined, 'deleted alone, not brought back by its batch');
  t.is(reopened.book('j').counts.active, 9);
  reopened.close();

  // t2 again, in a new batch: its key still holds the delete marker, which its first own write
  // goes over (a write expecting an empty key would be refused for ever).
  const [again] = await state.createTasks('j', [task('j', 't2', 20, '/bin/echo again')], new TimeSlice());
  t.false(again instanceof TroupeError, String(again));
  const first = await state.mutateTask(taskKey('j', 't2'), (x) => ({ ...x, displayName: 'second life' }));
  t.is(first?.after?.displayName, 'second life');
  const second = await state.mutateTask(taskKey('j', 't2'), (x) => ({ ...x, displayName: 'and on' }));
  t.is(second?.after?.displayName, 'and on');

  reopened = await ClusterState.open(nc);
  t.teardown(() => reopened.close());
  t.is(reopened.task('j', 't2')?.displayName, 'and on');
  t.is(reopened.task('j', 't2')?.commandLine, '/bin/echo again');
  t.is(reopened.book('j').counts.active, 10);
});

test('a job deleted while a collection is being stored keeps none of it, in memory or in the store', async (t) => {
  const { state, nc } = await openTestState(t, 'batch-delete');
  await state.jobs.create('j', job('j'));
  await state.jobs.create('other', job('other'));
  await state.createTasks('other', ids(5).map((id, i) => task('other', id, i)), new TimeSlice());
  const adding = state.createTasks('j', ids(5000).map((id, i) => task('j', id, i)), new TimeSlice());
  // Begun once some of it is stored: the rest lands while the removal waits.
  await new Promise<void>((resolve) => {
    const check = () => (state.book('j').counts.active > 0 ? resolve() : setImmediate(check));
    check();
  });
  await state.removeTasksOfJob('j', new TimeSlice());
  const outcomes = await adding;
  const refused = outcomes.filter((o) => o instanceof TroupeError) as TroupeError[];
  for (const e of refused) t.is(e.code, 'FAILED_PRECONDITION', e.message);

  t.is([...state.tasks.rows.keys()].filter((k) => k.startsWith('j.')).length, 0, 'nothing of the job is cached');
  const reopened = await ClusterState.open(nc);
  t.teardown(() => reopened.close());
  t.is(reopened.book('j').taskCount, 0, 'nor in the store');
  t.is(reopened.book('other').counts.active, 5, "the other job's tasks stay");

  // The job's id takes tasks again once the removal is over.
  const [later] = await state.createTasks('j', [task('j', 't0', 0)], new TimeSlice());
  t.false(later instanceof TroupeError, String(later));
});
