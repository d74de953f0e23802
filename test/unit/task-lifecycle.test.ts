// Task transitions as pure functions: dispatch fencing, stale reports, retry versus requeue.
import test from 'ava';
import { applyReport, endedWithoutRunning, newTaskRecord } from '../../src/coordinator/lifecycle/task-lifecycle.ts';
import { dispatched, requeued } from '../../src/coordinator/lifecycle/task-attempt.ts';
import type { JobRecord, TaskIn, TaskRecord } from '../../src/protocol/records/records.ts';
import type { TaskState } from '../../src/protocol/records/states.ts';
import type { TaskReport } from '../../src/protocol/nats/messages.ts';
import { IllegalStateError } from '../../src/protocol/errors.ts';

const now = '2026-01-01T00:00:00.000Z';
const job: JobRecord = {
  id: 'j', displayName: '', poolId: 'p', priority: 0, maxTaskRetryCount: 1, commonEnvironmentSettings: [],
  onAllTasksComplete: 'noaction', maxParallelTasks: 0, state: 'active', creationTime: now, stateTransitionTime: now, startTime: now,
};
const task = (retries?: number): TaskIn<'active'> => newTaskRecord('j', {
  id: 't', displayName: '', commandLine: '/bin/true', argv: ['/bin/true'], environmentSettings: [],
  constraints: retries === undefined ? {} : { maxTaskRetryCount: retries }, requiredSlots: 1,
}, job, 0, now);
/** Narrows a record to the state the test expects it in (failing loudly if it is not). */
function inState<S extends TaskState>(t: TaskRecord | undefined, ...states: S[]): TaskIn<S> {
  if (!t || !(states as TaskState[]).includes(t.state)) throw new Error(`expected ${states.join('|')}, got ${t?.state}`);
  return t as TaskIn<S>;
}
const exited = (t: TaskRecord, exitCode: number, extra: Partial<TaskReport> = {}): TaskReport =>
  ({ kind: 'exited', jobId: 'j', taskId: 't', uid: t.uid, attempt: t.exec.attempt, nodeId: t.exec.nodeId!, time: now, exitCode, ...extra }) as TaskReport;

test('a new task takes the job constraints it does not set itself', (t) => {
  t.is(task().constraints.maxTaskRetryCount, 1);
  t.is(task(5).constraints.maxTaskRetryCount, 5);
  t.is(task().state, 'active');
  t.is(task().exec.attempt, 0);
});

test('each dispatch is a new attempt on its node', (t) => {
  const d1 = dispatched(task(), 'n1', now);
  t.is(d1.state, 'preparing');
  t.is(d1.exec.attempt, 1);
  t.is(d1.exec.nodeId, 'n1');
  const back = requeued(d1, now);
  const d2 = dispatched(back, 'n2', now);
  t.is(d2.exec.attempt, 2);
  t.is(d2.exec.requeueCount, 1);
});

test('reports of another attempt, another node or another incarnation of the id are stale', (t) => {
  const d = dispatched(task(), 'n1', now);
  t.is(applyReport(d, { ...exited(d, 0), uid: 'a task deleted earlier' }, now).outcome, 'stale');
  t.is(applyReport(d, { ...exited(d, 0), attempt: 7 }, now).outcome, 'stale');
  t.is(applyReport(d, { ...exited(d, 0), nodeId: 'n2' }, now).outcome, 'stale');
  t.is(applyReport(d, exited(d, 0), now).outcome, 'succeeded');
});

test('a redelivered report finds its task moved on: stale, no double retry', (t) => {
  const d = dispatched(task(3), 'n1', now);
  const first = applyReport(d, exited(d, 1), now);
  t.is(first.outcome, 'retried');
  t.is(first.next!.exec.retryCount, 1);
  t.is(applyReport(first.next!, exited(d, 1), now).outcome, 'stale');
});

test('short tasks may report only their exit, which carries their start time', (t) => {
  const d = dispatched(task(), 'n1', now);
  const r = applyReport(d, exited(d, 0, { startTime: '2026-01-01T00:00:01.000Z' } as Partial<TaskReport>), now);
  t.is(r.next!.exec.startTime, '2026-01-01T00:00:01.000Z');
  t.is(r.next!.state, 'completed');
  t.is(r.next!.exec.result, 'success');
});

test('failures retry until maxTaskRetryCount, then complete as failure; -1 retries forever', (t) => {
  let cur: TaskRecord = dispatched(task(2), 'n1', now);
  const outcomes: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = applyReport(cur, exited(cur, 3), now);
    outcomes.push(r.outcome);
    cur = r.next!.state === 'active' ? dispatched(r.next!, 'n1', now) : r.next!;
  }
  t.deepEqual(outcomes, ['retried', 'retried', 'failed']);
  t.is(cur.exec.retryCount, 2);
  t.is(cur.exec.failureInfo!.code, 'FailureExitCode');
  let forever = dispatched(task(-1), 'n1', now);
  for (let i = 0; i < 50; i++) forever = dispatched(inState(applyReport(forever, exited(forever, 1), now).next, 'active'), 'n1', now);
  t.is(forever.exec.retryCount, 50);
});

test('a terminated task never retries', (t) => {
  const d = dispatched(task(5), 'n1', now);
  const r = applyReport(d, exited(d, 143, { failure: { category: 'usererror', code: 'TaskTerminated', message: 'x' } } as Partial<TaskReport>), now);
  t.is(r.outcome, 'failed');
});

test('a requeue is not a retry', (t) => {
  const d0 = dispatched(task(0), 'n1', now);
  const running = inState(applyReport(d0, { kind: 'started', jobId: 'j', taskId: 't', uid: d0.uid, attempt: 1, nodeId: 'n1', time: now }, now).next, 'running');
  t.is(running.state, 'running');
  const back = requeued(running, now);
  t.is(back.state, 'active');
  t.is(back.exec.requeueCount, 1);
  t.is(back.exec.retryCount, 0);
  t.is(back.exec.nodeId, undefined);
});

test('illegal transitions do not type-check, and a record that lies about its state still throws', (t) => {
  const done = endedWithoutRunning(task(), 'TaskTerminated', 'x', now);
  // @ts-expect-error a completed task cannot be dispatched
  t.throws(() => dispatched(done, 'n1', now), { instanceOf: IllegalStateError });
  // @ts-expect-error a queued task cannot be requeued
  t.throws(() => requeued(task(), now), { instanceOf: IllegalStateError });
  // As a record read back from the store could: typed one way, stored another.
  t.throws(() => dispatched(done as unknown as TaskIn<'active'>, 'n1', now), { instanceOf: IllegalStateError });
});

test('a task killed because its worker is leaving is requeued, not failed', (t) => {
  const d = dispatched(task(0), 'n1', now);
  const r = applyReport(d, exited(d, 143, { failure: { category: 'servererror', code: 'NodeLeaving', message: 'shutting down' } } as Partial<TaskReport>), now);
  t.is(r.outcome, 'requeued');
  t.is(r.next!.state, 'active');
  t.is(r.next!.exec.requeueCount, 1);
  t.is(r.next!.exec.retryCount, 0);
  t.is(applyReport(r.next!, exited(d, 143), now).outcome, 'stale', 'the requeue by heartbeat finds nothing left to do');
});
