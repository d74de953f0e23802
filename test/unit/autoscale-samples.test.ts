// Autoscale's samples: the bounded ring of one variable, the job books' slot and runnable counts,
// and each pool's metrics read from them and from the nodes (in-memory tables of the shape
// ClusterState has).
import test from 'ava';
import { SampleRing } from '../../src/coordinator/autoscale/samples/sample-ring.ts';
import { measurePools, type MetricsSource } from '../../src/coordinator/autoscale/samples/pool-metrics.ts';
import { PoolSamples } from '../../src/coordinator/autoscale/samples/pool-samples.ts';
import { JobBook } from '../../src/coordinator/state/job-book.ts';
import type { JobRecord, NodeRecord, PoolRecord, TaskRecord } from '../../src/protocol/records/records.ts';
import type { TaskState } from '../../src/protocol/records/states.ts';

const task = (id: string, seq: number, state: TaskState, slots = 1, instances?: number, result?: 'success' | 'failure'): TaskRecord => ({
  jobId: 'j', id, uid: `uid-${id}`, seq, displayName: '', commandLine: '', argv: [], environmentSettings: [],
  constraints: { retentionTimeMs: 1, maxTaskRetryCount: 0 }, requiredSlots: slots, state, creationTime: '', stateTransitionTime: '',
  exec: { attempt: 0, retryCount: 0, requeueCount: 0, result },
  ...(instances ? { multiInstance: { numberOfInstances: instances } as TaskRecord['multiInstance'] } : {}),
});

test('a ring keeps the newest `capacity` samples, oldest first, and finds windows by time', (t) => {
  const ring = new SampleRing(4);
  t.is(ring.count(), 0);
  t.is(ring.oldestTime(), undefined);
  t.deepEqual(ring.last(3), []);
  for (let i = 1; i <= 6; i++) ring.push(i * 10, i);
  t.is(ring.count(), 4);
  t.is(ring.oldestTime(), 30);
  t.deepEqual(ring.last(2), [5, 6]);
  t.deepEqual(ring.last(99), [3, 4, 5, 6]);
  t.deepEqual(ring.between(40, 50), [4, 5]);
  t.deepEqual(ring.between(0, 35), [3]);
  t.deepEqual(ring.between(61, 100), []);
  t.deepEqual(ring.between(35, 1000), [4, 5, 6]);
  ring.push(60, 7);
  t.deepEqual(ring.between(60, 60), [6, 7], 'equal times are kept in order');
  t.throws(() => ring.push(59, 0), { instanceOf: RangeError });
  t.throws(() => new SampleRing(0), { instanceOf: RangeError });
});

test('a job book keeps the slots of active and running tasks and the queued ones by their size', (t) => {
  const b = new JobBook('j');
  b.onTaskChanged(undefined, task('one', 0, 'active'));
  b.onTaskChanged(undefined, task('four', 1, 'active', 4));
  b.onTaskChanged(undefined, task('gang', 2, 'active', 2, 3));
  t.deepEqual(b.slotCounts, { active: 1 + 4 + 6, running: 0 });
  t.deepEqual(Object.fromEntries(b.queuedBySlots), { 1: { tasks: 1, slots: 1 }, 4: { tasks: 1, slots: 4 }, 2: { tasks: 1, slots: 6 } });
  // Dispatched: out of the queue, into the running slots.
  b.onTaskChanged(task('four', 1, 'active', 4), task('four', 1, 'running', 4));
  t.deepEqual(b.slotCounts, { active: 7, running: 4 });
  t.false(b.queuedBySlots.has(4));
  // Held by a dependency: out of the queue, still active.
  b.hold('gang');
  t.deepEqual(Object.fromEntries(b.queuedBySlots), { 1: { tasks: 1, slots: 1 } });
  b.release('gang');
  t.deepEqual(b.queuedBySlots.get(2), { tasks: 1, slots: 6 });
  // Its size changed while queued (UpdateTask): the counts follow.
  b.onTaskChanged(task('gang', 2, 'active', 2, 3), task('gang', 2, 'active', 3, 3));
  t.false(b.queuedBySlots.has(2));
  t.deepEqual(b.queuedBySlots.get(3), { tasks: 1, slots: 9 });
  t.deepEqual(b.slotCounts, { active: 10, running: 4 });
  // Completed, removed.
  b.onTaskChanged(task('four', 1, 'running', 4), task('four', 1, 'completed', 4, undefined, 'success'));
  b.onTaskChanged(task('one', 0, 'active'), undefined);
  b.onTaskChanged(task('gang', 2, 'active', 3, 3), task('gang', 2, 'completed', 3, 3, 'failure'));
  t.deepEqual(b.slotCounts, { active: 0, running: 0 });
  t.is(b.queuedBySlots.size, 0);
  b.onTaskChanged(undefined, task('late', 3, 'active', 2));
  b.dropQueue();
  t.is(b.queuedBySlots.size, 0);
});

/** Tables as ClusterState holds them. */
function source(pools: PoolRecord[], jobs: JobRecord[], books: JobBook[], nodes: NodeRecord[]): MetricsSource {
  const rows = <T extends { id: string }>(items: T[]) => new Map(items.map((v) => [v.id, { value: v }]));
  return { pools: { rows: rows(pools) }, jobs: { rows: rows(jobs) }, nodes: { rows: rows(nodes) }, books: new Map(books.map((b) => [b.jobId, b])) };
}
const pool = (id: string, taskSlotsPerNode: number) => ({ id, taskSlotsPerNode } as PoolRecord);
const job = (id: string, poolId: string, state: JobRecord['state'] = 'active') => ({ id, poolId, state } as JobRecord);
const node = (id: string, poolId: string, state: string, isDedicated?: boolean) => ({ id, poolId, state, ...(isDedicated === undefined ? {} : { isDedicated }) } as unknown as NodeRecord);

test("a pool's metrics: tasks and slots of its jobs, runnable demand that fits its nodes and can be scheduled, its nodes", (t) => {
  const small = new JobBook('small');
  small.onTaskChanged(undefined, { ...task('a', 0, 'active'), jobId: 'small' });
  small.onTaskChanged(undefined, { ...task('b', 1, 'active', 2), jobId: 'small' });
  small.onTaskChanged(undefined, { ...task('huge', 2, 'active', 8), jobId: 'small' });
  small.onTaskChanged(undefined, { ...task('r', 3, 'running', 2), jobId: 'small' });
  small.onTaskChanged(undefined, { ...task('ok', 4, 'completed', 1, undefined, 'success'), jobId: 'small' });
  small.onTaskChanged(undefined, { ...task('ko', 5, 'completed', 1, undefined, 'failure'), jobId: 'small' });
  small.hold('b');
  const disabled = new JobBook('disabled');
  disabled.onTaskChanged(undefined, { ...task('d', 0, 'active'), jobId: 'disabled' });
  const other = new JobBook('other');
  other.onTaskChanged(undefined, { ...task('o', 0, 'active'), jobId: 'other' });
  const m = measurePools(source(
    [pool('p', 4), pool('q', 1), pool('empty', 2)],
    [job('small', 'p'), job('disabled', 'p', 'disabled'), job('other', 'q')],
    [small, disabled, other],
    [node('n1', 'p', 'idle'), node('n2', 'p', 'running'), node('n3', 'p', 'offline'), node('n4', 'p', 'idle', false), node('n5', 'p', 'preempted', false), node('m1', 'q', 'starting')],
  ));
  t.deepEqual(m.get('p'), {
    $ActiveTasks: 4, $RunningTasks: 1, $PendingTasks: 5, $SucceededTasks: 1, $FailedTasks: 1,
    $ActiveTaskSlots: 1 + 2 + 8 + 1, $RunningTaskSlots: 2, $PendingTaskSlots: 14,
    // 'a' only: 'b' is held, 'huge' needs more slots than a node of p has, 'd' is of a disabled job.
    $RunnableTasks: 1, $RunnableTaskSlots: 1,
    $CurrentDedicatedNodes: 2, $CurrentLowPriorityNodes: 1, $PreemptedNodeCount: 1, $SampleNodeCount: 3, $TaskSlotsPerNode: 4,
  });
  t.like(m.get('q'), { $ActiveTasks: 1, $RunnableTasks: 1, $CurrentDedicatedNodes: 1, $TaskSlotsPerNode: 1 });
  t.like(m.get('empty'), { $PendingTasks: 0, $CurrentDedicatedNodes: 0, $TaskSlotsPerNode: 2 });
});

test('pool samples: one ring per measured variable per pool, bounded, dropped with the pool, read as an environment', (t) => {
  let now = 1_000_000;
  const book = new JobBook('j');
  const tables = source([pool('p', 1)], [job('j', 'p')], [book], []);
  const samples = new PoolSamples(tables, 5000, 20_000, () => now);
  t.is(samples.capacity, 4);
  for (let i = 0; i < 6; i++) {
    book.onTaskChanged(undefined, task(`t${i}`, i, 'active'));
    samples.sample();
    now += 5000;
  }
  const env = samples.environment('p');
  t.is(env.samplePeriodMs, 5000);
  t.deepEqual(env.series('$PendingTasks').last(10), [3, 4, 5, 6], 'the oldest went');
  t.is(env.current('$PendingTasks'), 6);
  t.is(env.current('$CPUPercent'), undefined, 'not measured');
  t.is(env.series('$CPUPercent').count(), 0);
  (tables.pools.rows as Map<string, unknown>).delete('p');
  samples.sample();
  t.is(samples.environment('p').series('$PendingTasks').count(), 0);
});
