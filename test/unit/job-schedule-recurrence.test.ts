// The arithmetic of job schedules (coordinator/schedules/recurrence.ts) with an injected clock:
// due times, start windows, doNotRunUntil/After, held runs, skipped recurrences.
import test from 'ava';
import { decide, dueTime, recurrenceOf, windowEnd, windowOpen, type Recurrence } from '../../src/coordinator/schedules/recurrence.ts';
import { parseRunJobId, runJobId } from '../../src/coordinator/schedules/job-schedule-record.ts';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const S = 1000;
const MIN = 60 * S;

test('the base is doNotRunUntil, or the creation time', (t) => {
  t.is(recurrenceOf({}, T0).baseMs, T0);
  t.is(recurrenceOf({ doNotRunUntilMs: T0 + MIN }, T0).baseMs, T0 + MIN);
  t.deepEqual(recurrenceOf({ recurrenceIntervalMs: 5 * S, startWindowMs: S, doNotRunAfterMs: T0 + MIN }, T0), { baseMs: T0, intervalMs: 5 * S, startWindowMs: S, doNotRunAfterMs: T0 + MIN });
});

test('recurrence k is due at base + k x interval, exactly, however late the previous run was', (t) => {
  const r: Recurrence = { baseMs: T0, intervalMs: MIN };
  t.is(dueTime(r, 0), T0);
  t.is(dueTime(r, 1), T0 + MIN);
  t.is(dueTime(r, 1000), T0 + 1000 * MIN);
  // A run made 50 s late does not move the next one.
  const late = decide(r, 1, T0 + 50 * S, false);
  t.deepEqual(late.decision, { kind: 'wait', slot: 1, atMs: T0 + MIN });
});

test('without a recurrenceInterval there is one run; it may start any time from doNotRunUntil', (t) => {
  const r: Recurrence = { baseMs: T0 };
  t.is(dueTime(r, 0), T0);
  t.is(dueTime(r, 1), undefined);
  t.is(windowEnd(r, T0), Infinity);
  t.deepEqual(decide(r, 0, T0 - 1, false).decision, { kind: 'wait', slot: 0, atMs: T0 });
  t.deepEqual(decide(r, 0, T0 + 365 * 24 * 60 * MIN, false).decision, { kind: 'run', slot: 0 });
  // Once made, nothing is left: the schedule completes with its job.
  t.deepEqual(decide(r, 1, T0, true), { decision: { kind: 'done', atMs: -Infinity }, nextSlot: 1, skipped: 0 });
});

test('a single run whose start window passed is skipped, and the schedule is done', (t) => {
  const r: Recurrence = { baseMs: T0, startWindowMs: 10 * S };
  t.true(windowOpen(r, 0, T0 + 9999));
  t.false(windowOpen(r, 0, T0 + 10 * S));
  t.deepEqual(decide(r, 0, T0 + 10 * S, false), { decision: { kind: 'done', atMs: -Infinity }, nextSlot: 1, skipped: 1 });
});

test('a due run waits while the previous job is active, until its window closes, then is skipped', (t) => {
  const r: Recurrence = { baseMs: T0, intervalMs: MIN, startWindowMs: 20 * S };
  t.deepEqual(decide(r, 1, T0 + MIN + 5 * S, true).decision, { kind: 'held', slot: 1, untilMs: T0 + MIN + 20 * S });
  // The job completes within the window: the run is made.
  t.deepEqual(decide(r, 1, T0 + MIN + 19 * S, false).decision, { kind: 'run', slot: 1 });
  // Past it: skipped; the next recurrence is waited for.
  t.deepEqual(decide(r, 1, T0 + MIN + 20 * S, false), { decision: { kind: 'wait', slot: 2, atMs: T0 + 2 * MIN }, nextSlot: 2, skipped: 1 });
});

test('without a startWindow a run is not carried into the next recurrence', (t) => {
  const r: Recurrence = { baseMs: T0, intervalMs: MIN };
  t.is(windowEnd(r, T0), T0 + MIN);
  // A startWindow longer than the interval counts as the interval.
  t.is(windowEnd({ ...r, startWindowMs: 10 * MIN }, T0), T0 + MIN);
  // Held through its whole interval, recurrence 0 gives way to recurrence 1 (due now).
  t.deepEqual(decide(r, 0, T0 + MIN, true), { decision: { kind: 'held', slot: 1, untilMs: T0 + 2 * MIN }, nextSlot: 1, skipped: 1 });
});

test('recurrences missed while no coordinator led are skipped at once, all but the latest if still open', (t) => {
  const r: Recurrence = { baseMs: T0, intervalMs: MIN };
  // Down from 08:00:30 to 08:10:15: recurrences 1..9 closed, 10 (due 08:10:00) still open.
  t.deepEqual(decide(r, 1, T0 + 10 * MIN + 15 * S, false), { decision: { kind: 'run', slot: 10 }, nextSlot: 10, skipped: 9 });
  // With a 10 s window, 10 closed too: recurrence 11 is waited for.
  t.deepEqual(decide({ ...r, startWindowMs: 10 * S }, 1, T0 + 10 * MIN + 15 * S, false), { decision: { kind: 'wait', slot: 11, atMs: T0 + 11 * MIN }, nextSlot: 11, skipped: 10 });
  // Exactly at a due time.
  t.deepEqual(decide(r, 1, T0 + 3 * MIN, false), { decision: { kind: 'run', slot: 3 }, nextSlot: 3, skipped: 2 });
  // Not yet due: nothing is skipped.
  t.deepEqual(decide(r, 4, T0 + 3 * MIN + 1, false), { decision: { kind: 'wait', slot: 4, atMs: T0 + 4 * MIN }, nextSlot: 4, skipped: 0 });
});

test('doNotRunUntil: nothing before it, then on the schedule', (t) => {
  const r = recurrenceOf({ doNotRunUntilMs: T0 + 30 * MIN, recurrenceIntervalMs: MIN }, T0);
  t.deepEqual(decide(r, 0, T0, false).decision, { kind: 'wait', slot: 0, atMs: T0 + 30 * MIN });
  t.deepEqual(decide(r, 0, T0 + 30 * MIN, false).decision, { kind: 'run', slot: 0 });
});

test('doNotRunAfter: no recurrence due after it, no job made after it, done once it has passed', (t) => {
  const r: Recurrence = { baseMs: T0, intervalMs: MIN, doNotRunAfterMs: T0 + 2 * MIN + 30 * S };
  t.is(dueTime(r, 2), T0 + 2 * MIN);
  t.is(dueTime(r, 3), undefined);
  // Recurrence 2's window is cut at doNotRunAfter.
  t.is(windowEnd(r, T0 + 2 * MIN), T0 + 2 * MIN + 30 * S + 1);
  t.deepEqual(decide(r, 2, T0 + 2 * MIN + 30 * S, false).decision, { kind: 'run', slot: 2 });
  t.deepEqual(decide(r, 2, T0 + 2 * MIN + 31 * S, false), { decision: { kind: 'done', atMs: T0 + 2 * MIN + 30 * S + 1 }, nextSlot: 3, skipped: 1 });
  // After recurrence 2, the schedule completes when doNotRunAfter passes (and its job is done).
  t.deepEqual(decide(r, 3, T0 + 2 * MIN + 1, false).decision, { kind: 'done', atMs: T0 + 2 * MIN + 30 * S + 1 });
  // A single run with doNotRunAfter completes with its job.
  t.deepEqual(decide({ baseMs: T0, doNotRunAfterMs: T0 + MIN }, 1, T0, false).decision, { kind: 'done', atMs: -Infinity });
  // A single run not made by doNotRunAfter is skipped.
  t.deepEqual(decide({ baseMs: T0, doNotRunAfterMs: T0 + MIN }, 0, T0 + 2 * MIN, false), { decision: { kind: 'done', atMs: -Infinity }, nextSlot: 1, skipped: 1 });
});

test('a run\'s job id is deterministic, and read back', (t) => {
  t.is(runJobId('nightly', 12), 'nightly-job-12');
  t.deepEqual(parseRunJobId('nightly-job-12'), { scheduleId: 'nightly', runNumber: 12 });
  t.deepEqual(parseRunJobId('a-job-3-job-5'), { scheduleId: 'a-job-3', runNumber: 5 });
  t.is(parseRunJobId('nightly'), undefined);
  t.is(parseRunJobId('x-job-0'), undefined);
});
