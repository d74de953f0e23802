// The coordinator's cache and indexes against a real JetStream: a task record changed in the store
// behind the cache's back (another writer, or a write of ours that was stored although its
// acknowledgement was lost) is found at the next write, and then the job book, the slot usage and
// the listeners follow it as they follow a write; otherwise a task stored as dispatched would
// stay queued in its job book, be picked by every scheduling pass and never reach a worker.
import test from 'ava';
import { openTestState } from './helpers/state-store.ts';
import { Kvm } from '@nats-io/kv';
import { newTaskRecord } from '../src/coordinator/lifecycle/task-lifecycle.ts';
import { dispatched } from '../src/coordinator/lifecycle/task-attempt.ts';
import { encode } from '../src/protocol/nats/codec.ts';
import type { JobRecord, TaskRecord } from '../src/protocol/records/records.ts';
import { BUCKET_TASKS, taskKey } from '../src/protocol/nats/subjects.ts';
import { ConflictError } from '../src/protocol/errors.ts';

test('a task dispatched in the store behind the cache is indexed as dispatched at the next write', async (t) => {
  const { state, nc } = await openTestState(t, 'state');

  const now = new Date().toISOString();
  const job: JobRecord = {
    id: 'j', displayName: '', poolId: 'p', priority: 0, maxTaskRetryCount: 0, commonEnvironmentSettings: [],
    onAllTasksComplete: 'noaction', maxParallelTasks: 0, state: 'active', creationTime: now, stateTransitionTime: now, startTime: now,
  };
  const task = newTaskRecord('j', { id: 't', displayName: '', commandLine: '/bin/true', argv: ['/bin/true'], environmentSettings: [], constraints: {}, requiredSlots: 2 }, job, 0, now);
  await state.createTask(task);
  const key = taskKey('j', 't');
  t.is(state.book('j').counts.active, 1);

  // Stored as dispatched to node-1 by a write the cache never heard back from.
  const inStore: TaskRecord = dispatched(task, 'node-1', now);
  const kv = await new Kvm(nc).open(BUCKET_TASKS);
  await kv.put(key, encode(inStore));

  const seen: TaskRecord[] = [];
  state.events.on('task', (after) => seen.push(after));
  // The next write, from the stale cache, finds the key changed.
  const err = await t.throwsAsync(state.mutateTask(key, (cur) => (cur.state === 'active' ? dispatched(cur, 'node-2', now) : undefined)));
  t.true(err instanceof ConflictError);

  t.is(state.task('j', 't')?.state, 'preparing');
  t.is(state.task('j', 't')?.exec.nodeId, 'node-1');
  t.deepEqual({ active: state.book('j').counts.active, running: state.book('j').counts.running }, { active: 0, running: 1 }, 'the job book counts it as dispatched');
  t.is(state.usage.usedSlots('node-1'), 2, "its slots are held on the node the store names");
  t.is(state.usage.usedSlots('node-2'), 0);
  t.deepEqual(seen.map((s) => `${s.state}@${s.exec.nodeId}`), ['preparing@node-1'], 'listeners (the dispatcher) hear of it');

  // And the next write starts from the store's version.
  const next = await state.mutateTask(key, (cur) => ({ ...cur, displayName: 'renamed' }));
  t.is(next?.after?.displayName, 'renamed');
});
