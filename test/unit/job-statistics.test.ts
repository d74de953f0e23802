// The job statistics kept as tasks complete (job-statistics.ts, task-statistics.ts): sums taken
// back when a task leaves the completed state, extremes marked stale then rescanned.
import test from 'ava';
import { JobStatisticsBook } from '../../src/coordinator/state/job-statistics.ts';
import { withAttempt } from '../../src/coordinator/lifecycle/task-statistics.ts';
import { sumUsage } from '../../src/protocol/records/resource-usage.ts';
import type { TaskRecord } from '../../src/protocol/records/records.ts';

function task(id: string, state: TaskRecord['state'], wallClockMs: number, cpuUs: number, result: 'success' | 'failure' = 'success'): TaskRecord {
  return {
    jobId: 'j', id, uid: id, seq: 0, displayName: '', commandLine: 'x', argv: ['x'], environmentSettings: [],
    constraints: { retentionTimeMs: 1, maxTaskRetryCount: 0 }, requiredSlots: 1, creationTime: '2026-01-01T00:00:00.000Z',
    stateTransitionTime: '', state,
    exec: { attempt: 1, retryCount: 1, requeueCount: 2, startTime: '2026-01-01T00:00:01.000Z', endTime: '2026-01-01T00:00:02.000Z', ...(state === 'completed' ? { result } : {}) },
    stats: { userCpuUs: cpuUs, kernelCpuUs: 1, maxRssKib: cpuUs, wallClockMs },
  } as TaskRecord;
}

test('completed tasks add up; one that leaves takes its share back; extremes are rescanned', (t) => {
  const book = new JobStatisticsBook();
  const a = task('a', 'completed', 100, 10);
  const b = task('b', 'completed', 300, 30, 'failure');
  const c = task('c', 'completed', 200, 20);
  book.onTaskChanged('j', task('a', 'running', 0, 0), a);
  book.onTaskChanged('j', undefined, b);
  book.onTaskChanged('j', undefined, c);
  book.onTaskChanged('j', undefined, task('d', 'active', 0, 0)); // not completed: not counted
  let { totals, stale } = book.get('j');
  t.like(totals, { completed: 3, succeeded: 2, failed: 1, retries: 3, requeues: 6, userCpuUs: 60, wallClockMs: 600, waitMs: 3000, minDurationMs: 100, maxDurationMs: 300, maxRssKib: 30 });
  t.false(stale);
  // b (the max) is reactivated: sums drop at once, the max is stale until rescanned.
  book.onTaskChanged('j', b, { ...b, state: 'active' } as TaskRecord);
  ({ totals, stale } = book.get('j'));
  t.like(totals, { completed: 2, failed: 0, userCpuUs: 30, wallClockMs: 300 });
  t.true(stale);
  book.beginRescan('j');
  // A task completing during the rescan widens the extremes too.
  book.onTaskChanged('j', undefined, task('e', 'completed', 50, 5));
  for (const x of [a, c]) book.widen('j', x);
  ({ totals, stale } = book.get('j'));
  t.like(totals, { completed: 3, minDurationMs: 50, maxDurationMs: 200, maxRssKib: 20 });
  t.false(stale);
  // Deleting a task that holds no extreme keeps them fresh; the last one gone empties the job.
  book.onTaskChanged('j', c, undefined);
  t.true(book.get('j').stale, 'c held the max');
  for (const x of [a, task('e', 'completed', 50, 5)]) book.onTaskChanged('j', x, undefined);
  t.like(book.get('j'), { totals: { completed: 0, userCpuUs: 0, wallClockMs: 0 }, stale: false });
});

test("an attempt's usage adds to the task's totals; a gang's instances are summed", (t) => {
  const one = withAttempt(undefined, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.500Z', { userCpuUs: 100, kernelCpuUs: 5, maxRssKib: 10 });
  t.deepEqual(one, { userCpuUs: 100, kernelCpuUs: 5, maxRssKib: 10, wallClockMs: 1500 });
  const two = withAttempt(one, undefined, '2026-01-01T00:00:02.000Z', { userCpuUs: 50, kernelCpuUs: 0, maxRssKib: 30 });
  t.deepEqual(two, { userCpuUs: 150, kernelCpuUs: 5, maxRssKib: 30, wallClockMs: 1500 }, 'an attempt that never started adds no wall time');
  t.is(withAttempt(undefined, undefined, '2026-01-01T00:00:02.000Z', undefined), undefined, 'nothing known: no totals');
  t.deepEqual(sumUsage([{ userCpuUs: 1, kernelCpuUs: 2, maxRssKib: 7 }, undefined, { userCpuUs: 10, kernelCpuUs: 20, maxRssKib: 5 }]), { userCpuUs: 11, kernelCpuUs: 22, maxRssKib: 7 });
  t.is(sumUsage([undefined]), undefined);
});
