// When a job schedule's runs are due, as pure arithmetic over an injected "now" (Azure Batch's
// Schedule semantics):
//   - recurrence k (k = 0, 1, ...) is due at base + k x recurrenceInterval, base being
//     doNotRunUntil or the schedule's creation: times never drift from a late run;
//   - without a recurrenceInterval there is recurrence 0 only;
//   - no recurrence is due after doNotRunAfter, and no job is made after it;
//   - a recurrence's job may be made from its due time until its window closes: startWindow
//     after it, but never past the next recurrence (a run is not carried forward) nor past
//     doNotRunAfter; a recurrence whose window closed without a job is skipped;
//   - one job of a schedule is active at a time: a due recurrence waits ("held") while the
//     previous job is active, until it completes or the window closes.
// Recurrences missed while no coordinator led (or while the schedule was disabled) are skipped
// at once, all but the latest if its window is still open: nothing piles up.

/** A schedule's times, resolved at validation: instants and durations in milliseconds. */
export interface ScheduleTimes {
  doNotRunUntilMs?: number;
  doNotRunAfterMs?: number;
  /** undefined = unlimited (but never past the next recurrence). */
  startWindowMs?: number;
  /** undefined = one run only. */
  recurrenceIntervalMs?: number;
}

export interface Recurrence {
  baseMs: number;
  intervalMs?: number;
  startWindowMs?: number;
  doNotRunAfterMs?: number;
}

export function recurrenceOf(schedule: ScheduleTimes, creationMs: number): Recurrence {
  return {
    baseMs: schedule.doNotRunUntilMs ?? creationMs,
    ...(schedule.recurrenceIntervalMs !== undefined ? { intervalMs: schedule.recurrenceIntervalMs } : {}),
    ...(schedule.startWindowMs !== undefined ? { startWindowMs: schedule.startWindowMs } : {}),
    ...(schedule.doNotRunAfterMs !== undefined ? { doNotRunAfterMs: schedule.doNotRunAfterMs } : {}),
  };
}

/** When recurrence `slot` is due; undefined when there is no such recurrence. */
export function dueTime(r: Recurrence, slot: number): number | undefined {
  if (slot < 0 || (r.intervalMs === undefined && slot > 0)) return undefined;
  const due = r.baseMs + slot * (r.intervalMs ?? 0);
  if (r.doNotRunAfterMs !== undefined && due > r.doNotRunAfterMs) return undefined;
  return due;
}

/** The first instant at which recurrence `slot` (due at `due`) may no longer make its job. */
export function windowEnd(r: Recurrence, due: number): number {
  return Math.min(
    r.startWindowMs === undefined ? Infinity : due + r.startWindowMs,
    r.intervalMs === undefined ? Infinity : due + r.intervalMs,
    r.doNotRunAfterMs === undefined ? Infinity : r.doNotRunAfterMs + 1,
  );
}

export type RunDecision =
  /** Recurrence `slot` is not due yet: look again at `atMs`. */
  | { kind: 'wait'; slot: number; atMs: number }
  /** Recurrence `slot` is due, its window open and no job active: make its job now. */
  | { kind: 'run'; slot: number }
  /** Recurrence `slot` is due but the previous job is still active: look again when it
   *  completes, or at `untilMs` when the window closes. */
  | { kind: 'held'; slot: number; untilMs: number }
  /** No recurrence is left: the schedule completes at `atMs` (doNotRunAfter; -Infinity = at
   *  once) or when its active job completes, whichever is later. */
  | { kind: 'done'; atMs: number };

export interface Decided {
  decision: RunDecision;
  /** The first recurrence not skipped (the decision's slot, or past the last one when done). */
  nextSlot: number;
  /** How many recurrences were skipped on the way (their windows closed without a job). */
  skipped: number;
}

/** What to do at `nowMs`, the recurrences before `nextSlot` being run or skipped already. */
export function decide(r: Recurrence, nextSlot: number, nowMs: number, jobActive: boolean): Decided {
  let slot = nextSlot;
  let due = dueTime(r, slot);
  if (due !== undefined && nowMs >= windowEnd(r, due)) {
    // Closed: jump to the latest recurrence due by now (or the next to come), past any closed.
    let next = slot + 1;
    if (r.intervalMs !== undefined) next = Math.max(next, Math.floor((nowMs - r.baseMs) / r.intervalMs));
    let nextDue = dueTime(r, next);
    if (nextDue !== undefined && nowMs >= windowEnd(r, nextDue)) nextDue = dueTime(r, ++next);
    slot = next;
    due = nextDue;
  }
  const skipped = slot - nextSlot;
  if (due === undefined) {
    const atMs = r.intervalMs !== undefined && r.doNotRunAfterMs !== undefined ? r.doNotRunAfterMs + 1 : -Infinity;
    return { decision: { kind: 'done', atMs }, nextSlot: slot, skipped };
  }
  if (nowMs < due) return { decision: { kind: 'wait', slot, atMs: due }, nextSlot: slot, skipped };
  if (jobActive) return { decision: { kind: 'held', slot, untilMs: windowEnd(r, due) }, nextSlot: slot, skipped };
  return { decision: { kind: 'run', slot }, nextSlot: slot, skipped };
}

/** Whether recurrence `slot` may still make its job at `nowMs` (a recorded run being finished). */
export function windowOpen(r: Recurrence, slot: number, nowMs: number): boolean {
  const due = dueTime(r, slot);
  return due !== undefined && nowMs >= due && nowMs < windowEnd(r, due);
}
