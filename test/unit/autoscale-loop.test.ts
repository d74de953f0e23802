// The autoscale loop over an in-memory pool table (the shape of ClusterState's): it evaluates a
// pool when its settings change, arms the next evaluation from the stored run's time, hands
// the targets to the sink only when the evaluation succeeded, records a sink failure, and stops
// with the pool's autoscale. Waits are on the table's writes, never on fixed sleeps.
import test from 'ava';
import { AutoScaleLoop, type AutoScaleState } from '../../src/coordinator/autoscale/autoscale-loop.ts';
import { PoolSamples } from '../../src/coordinator/autoscale/samples/pool-samples.ts';
import type { PoolTargets, PoolTargetSink } from '../../src/coordinator/autoscale/pool-target-sink.ts';
import { JobBook } from '../../src/coordinator/state/job-book.ts';
import type { JobRecord, PoolRecord, TaskRecord } from '../../src/protocol/records/records.ts';
import { silentLogger } from '../../src/protocol/log.ts';
import { compileFormula } from '../../src/coordinator/autoscale/formula/formula.ts';

function compiled(text: string) {
  const c = compileFormula(text);
  if (!c.ok) throw new Error(c.errors[0]!.message);
  return c;
}

class MemoryState implements AutoScaleState {
  readonly books = new Map<string, JobBook>();
  readonly jobs = { rows: new Map<string, { value: JobRecord }>() };
  readonly nodes = { rows: new Map() };
  private readonly waiters: (() => void)[] = [];
  readonly pools = {
    rows: new Map<string, { value: PoolRecord }>(),
    get: (id: string) => this.pools.rows.get(id)?.value,
    mutate: async (id: string, change: (p: PoolRecord) => PoolRecord | undefined): Promise<[PoolRecord, PoolRecord | undefined] | undefined> => {
      const before = this.pools.rows.get(id)?.value;
      if (!before) return undefined;
      const after = change(before);
      if (after) this.pools.rows.set(id, { value: after });
      for (const w of this.waiters.splice(0)) w();
      return [before, after];
    },
  };

  /** Resolves once `accept` holds for the pool after some write. */
  async until(id: string, accept: (p: PoolRecord) => boolean, timeoutMs = 60_000): Promise<PoolRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.pools.get(id);
      if (p && accept(p)) return p;
      if (Date.now() > deadline) throw new Error(`timed out waiting on pool ${id}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        // Referenced: the loop's own timers are unref'd, and something must keep the test alive.
        setTimeout(resolve, 200);
      });
    }
  }
}

class RecordingSink implements PoolTargetSink {
  readonly calls: { poolId: string; targets: PoolTargets }[] = [];
  failWith?: Error;
  async setTargets(poolId: string, targets: PoolTargets): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ poolId, targets });
  }
}

const pool = (id: string, autoScale?: PoolRecord['autoScale'], extra: Partial<PoolRecord> = {}): PoolRecord =>
  ({ id, displayName: '', taskSlotsPerNode: 1, nodeFillType: 'spread', enableInterNodeCommunication: false, state: 'active', creationTime: '', ...(autoScale ? { autoScale } : {}), ...extra });

function setup() {
  const state = new MemoryState();
  const sink = new RecordingSink();
  const samples = new PoolSamples(state, 5000);
  const loop = new AutoScaleLoop(state, samples, sink, silentLogger);
  return { state, sink, samples, loop };
}

function addTasks(state: MemoryState, poolId: string, n: number): void {
  const jobId = `job-${poolId}`;
  state.jobs.rows.set(jobId, { value: { id: jobId, poolId, state: 'active' } as JobRecord });
  const book = state.books.get(jobId) ?? new JobBook(jobId);
  state.books.set(jobId, book);
  for (let i = 0; i < n; i++) {
    book.onTaskChanged(undefined, { jobId, id: `t${book.order.length}`, seq: book.order.length, requiredSlots: 1, state: 'active', exec: {} } as TaskRecord);
  }
}

test('a changed pool is evaluated at once: its targets go to the sink and the run is stored', async (t) => {
  const { state, sink, loop } = setup();
  state.pools.rows.set('p', { value: pool('p', { formula: '$TargetDedicatedNodes = $PendingTasks * 2;', evaluationIntervalMs: 3_600_000, enabledTime: new Date().toISOString() }) });
  addTasks(state, 'p', 3);
  loop.start();
  t.teardown(() => loop.stop());
  await loop.changed('p');
  const run = state.pools.get('p')!.autoScaleRun!;
  t.deepEqual(run.targets, { dedicated: 6, lowPriority: 0, deallocation: 'requeue' });
  t.is(run.error, undefined);
  t.deepEqual(sink.calls, [{ poolId: 'p', targets: { dedicated: 6, lowPriority: 0, deallocation: 'requeue' } }]);
});

test('evaluations repeat every interval, counted from the stored run', async (t) => {
  const { state, sink, loop } = setup();
  state.pools.rows.set('p', { value: pool('p', { formula: '$TargetDedicatedNodes = $PendingTasks;', evaluationIntervalMs: 50, enabledTime: new Date().toISOString() }) });
  loop.start();
  t.teardown(() => loop.stop());
  const first = await state.until('p', (p) => p.autoScaleRun !== undefined);
  addTasks(state, 'p', 2);
  const later = await state.until('p', (p) => p.autoScaleRun?.targets?.dedicated === 2);
  // A timer may fire a millisecond before the clock shows its due time: a little slack.
  t.true(Date.parse(later.autoScaleRun!.timestamp) >= Date.parse(first.autoScaleRun!.timestamp) + 45);
  t.true(sink.calls.length >= 2);
});

test('a run stored before a restart arms the next evaluation from its time; one older than the settings is redone at once', async (t) => {
  const { state, sink, loop } = setup();
  const enabled = new Date(Date.now() - 10_000).toISOString();
  const recent = { timestamp: new Date().toISOString(), values: [], targets: { dedicated: 1, lowPriority: 0, deallocation: 'requeue' as const } };
  state.pools.rows.set('recent', { value: pool('recent', { formula: '$TargetDedicatedNodes = 9;', evaluationIntervalMs: 3_600_000, enabledTime: enabled }, { autoScaleRun: recent }) });
  const stale = { ...recent, timestamp: new Date(Date.now() - 20_000).toISOString() };
  state.pools.rows.set('stale', { value: pool('stale', { formula: '$TargetDedicatedNodes = 4;', evaluationIntervalMs: 3_600_000, enabledTime: enabled }, { autoScaleRun: stale }) });
  loop.start();
  t.teardown(() => loop.stop());
  await state.until('stale', (p) => p.autoScaleRun?.targets?.dedicated === 4);
  t.deepEqual(sink.calls.map((c) => c.poolId), ['stale'], 'the recent run is not redone before its interval');
  t.is(state.pools.get('recent')!.autoScaleRun, recent);
});

test('an evaluation error is stored with its position and nothing goes to the sink; a sink failure is recorded', async (t) => {
  const { state, sink, loop } = setup();
  state.pools.rows.set('p', { value: pool('p', { formula: '$TargetDedicatedNodes = 1 / $PendingTasks;', evaluationIntervalMs: 3_600_000, enabledTime: new Date().toISOString() }) });
  loop.start();
  t.teardown(() => loop.stop());
  await loop.changed('p');
  t.deepEqual(state.pools.get('p')!.autoScaleRun!.error, { code: 'FormulaError', message: '1:27: division by zero', line: 1, column: 27 });
  t.is(state.pools.get('p')!.autoScaleRun!.targets, undefined);
  t.deepEqual(sink.calls, []);
  sink.failWith = new Error('no provider can start nodes');
  addTasks(state, 'p', 1);
  await loop.changed('p');
  t.deepEqual(state.pools.get('p')!.autoScaleRun!.error, { code: 'TargetsNotApplied', message: 'the targets could not be applied: no provider can start nodes', line: 0, column: 0 });
});

test('a pool whose autoscale was disabled or that was deleted is no longer evaluated', async (t) => {
  const { state, sink, loop } = setup();
  state.pools.rows.set('p', { value: pool('p', { formula: '$TargetDedicatedNodes = 1;', evaluationIntervalMs: 3_600_000, enabledTime: new Date().toISOString() }) });
  loop.start();
  t.teardown(() => loop.stop());
  await loop.changed('p');
  t.is(sink.calls.length, 1);
  const { autoScale: _gone, ...disabled } = state.pools.get('p')!;
  state.pools.rows.set('p', { value: disabled });
  await loop.changed('p');
  state.pools.rows.delete('p');
  await loop.changed('p');
  t.is(sink.calls.length, 1);
  // Stopped (leadership lost): nothing is evaluated.
  state.pools.rows.set('q', { value: pool('q', { formula: '$TargetDedicatedNodes = 1;', evaluationIntervalMs: 50, enabledTime: new Date().toISOString() }) });
  loop.stop();
  await loop.changed('q');
  t.is(state.pools.get('q')!.autoScaleRun, undefined);
});

test('the targets a formula starts from are the recorded ones, and a dry run stores nothing', (t) => {
  const { state, loop } = setup();
  const p = pool('p', undefined, { targetDedicatedNodes: 3, targetLowPriorityNodes: 2 });
  state.pools.rows.set('p', { value: p });
  const run = loop.dryRun(p, compiled('$TargetDedicatedNodes = $TargetDedicatedNodes + $TargetLowPriorityNodes;'));
  t.is(run.targets?.dedicated, 5);
  t.is(state.pools.get('p')!.autoScaleRun, undefined);
});
