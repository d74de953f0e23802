// The job's in-memory index: counts kept incrementally, a lazy queue that skips what left it.
import test from 'ava';
import { JobBook } from '../../src/coordinator/state/job-book.ts';
import type { TaskRecord } from '../../src/protocol/records/records.ts';
import type { TaskState } from '../../src/protocol/records/states.ts';

const rec = (id: string, seq: number, state: TaskState, result?: 'success' | 'failure'): TaskRecord => ({
  jobId: 'j', id, uid: `uid-${id}`, seq, displayName: '', commandLine: '', argv: [], environmentSettings: [],
  constraints: { retentionTimeMs: 1, maxTaskRetryCount: 0 }, requiredSlots: 1, state, creationTime: '', stateTransitionTime: '',
  exec: { attempt: 0, retryCount: 0, requeueCount: 0, result },
});

test('counts follow every change, preparing counting as running', (t) => {
  const b = new JobBook('j');
  b.onTaskChanged(undefined, rec('a', 0, 'active'));
  b.onTaskChanged(undefined, rec('b', 1, 'active'));
  b.onTaskChanged(rec('a', 0, 'active'), rec('a', 0, 'preparing'));
  t.deepEqual({ ...b.counts }, { active: 1, running: 1, completed: 0, succeeded: 0, failed: 0 });
  b.onTaskChanged(rec('a', 0, 'preparing'), rec('a', 0, 'completed', 'success'));
  b.onTaskChanged(rec('b', 1, 'active'), rec('b', 1, 'completed', 'failure'));
  t.deepEqual({ ...b.counts }, { active: 0, running: 0, completed: 2, succeeded: 1, failed: 1 });
  b.onTaskChanged(rec('b', 1, 'completed', 'failure'), undefined);
  t.deepEqual({ ...b.counts }, { active: 0, running: 0, completed: 1, succeeded: 1, failed: 0 });
});

test('the queue yields active tasks oldest first and skips those that left it, lazily', (t) => {
  const b = new JobBook('j');
  for (let i = 0; i < 5; i++) b.onTaskChanged(undefined, rec(`t${i}`, i, 'active'));
  b.onTaskChanged(rec('t1', 1, 'active'), rec('t1', 1, 'preparing'));
  t.deepEqual([...b.queuedTaskIds()], ['t0', 't2', 't3', 't4']);
  // Requeued: back at the end, once.
  b.onTaskChanged(rec('t1', 1, 'preparing'), rec('t1', 1, 'active'));
  t.deepEqual([...b.queuedTaskIds()], ['t0', 't2', 't3', 't4', 't1']);
  const it = b.queuedTaskIds();
  t.is(it.next().value, 't0');
});

test('a large queue compacts as its head is consumed', (t) => {
  const b = new JobBook('j');
  for (let i = 0; i < 5000; i++) b.onTaskChanged(undefined, rec(`t${i}`, i, 'active'));
  for (let i = 0; i < 4990; i++) b.onTaskChanged(rec(`t${i}`, i, 'active'), rec(`t${i}`, i, 'completed', 'success'));
  t.deepEqual([...b.queuedTaskIds()].length, 10);
  t.is(b.counts.active, 10);
  t.deepEqual(b.order.length, 5000);
});
