// Azure Batch's job statistics, kept per job as its tasks complete (and un-complete: a task
// reactivated or deleted takes its share back), so that `troupe job stats` of a million-task job
// adds nothing up. Only the smallest and largest task durations cannot be taken back: when the
// task holding one leaves, they are marked stale and recomputed from the job's tasks on the next
// read (JobOperations.statistics).
import type { TaskRecord } from '../../protocol/records/records.ts';
import { waitTimeMs } from '../lifecycle/task-statistics.ts';

export interface JobTotals {
  /** Completed tasks counted below. */
  completed: number;
  succeeded: number;
  failed: number;
  /** Their retries (the task's own failures) and requeues (lost nodes), summed. */
  retries: number;
  requeues: number;
  userCpuUs: number;
  kernelCpuUs: number;
  wallClockMs: number;
  waitMs: number;
  maxRssKib: number;
  /** Over the completed tasks that ran: each task's wall clock time (all its attempts). */
  minDurationMs?: number;
  maxDurationMs?: number;
}

export function emptyTotals(): JobTotals {
  return { completed: 0, succeeded: 0, failed: 0, retries: 0, requeues: 0, userCpuUs: 0, kernelCpuUs: 0, wallClockMs: 0, waitMs: 0, maxRssKib: 0 };
}

/** A completed task's duration for min/max: its wall clock over all attempts (undefined: never ran). */
export function taskDurationMs(t: TaskRecord): number | undefined {
  return t.stats?.wallClockMs ?? (t.exec.startTime && t.exec.endTime ? Date.parse(t.exec.endTime) - Date.parse(t.exec.startTime) : undefined);
}

/** Adds (sign 1) or takes back (sign -1) a completed task's share. */
export function addCompleted(totals: JobTotals, t: TaskRecord, sign: 1 | -1): void {
  totals.completed += sign;
  if (t.exec.result === 'success') totals.succeeded += sign;
  else totals.failed += sign;
  totals.retries += sign * t.exec.retryCount;
  totals.requeues += sign * t.exec.requeueCount;
  totals.userCpuUs += sign * (t.stats?.userCpuUs ?? 0);
  totals.kernelCpuUs += sign * (t.stats?.kernelCpuUs ?? 0);
  totals.wallClockMs += sign * (t.stats?.wallClockMs ?? 0);
  totals.waitMs += sign * (waitTimeMs(t) ?? 0);
  if (sign === -1) return; // extremes are not taken back: see JobStatisticsBook
  totals.maxRssKib = Math.max(totals.maxRssKib, t.stats?.maxRssKib ?? 0);
  const d = taskDurationMs(t);
  if (d === undefined) return;
  totals.minDurationMs = Math.min(totals.minDurationMs ?? d, d);
  totals.maxDurationMs = Math.max(totals.maxDurationMs ?? d, d);
}

export class JobStatisticsBook {
  private readonly totals = new Map<string, JobTotals>();
  /** Jobs whose min/max duration or max RSS may be too wide (a task holding one left). */
  private readonly stale = new Set<string>();

  /** A stored change of one of the job's tasks (before undefined = new, after undefined = gone). */
  onTaskChanged(jobId: string, before: TaskRecord | undefined, after: TaskRecord | undefined): void {
    const wasDone = before?.state === 'completed';
    const isDone = after?.state === 'completed';
    if (!wasDone && !isDone) return;
    const totals = this.of(jobId);
    if (wasDone) {
      addCompleted(totals, before, -1);
      const d = taskDurationMs(before);
      if ((d !== undefined && (d === totals.minDurationMs || d === totals.maxDurationMs)) || (before.stats?.maxRssKib ?? 0) >= totals.maxRssKib) this.stale.add(jobId);
      if (totals.completed === 0) {
        this.totals.set(jobId, emptyTotals());
        this.stale.delete(jobId);
      }
    }
    if (isDone) addCompleted(this.of(jobId), after, 1);
  }

  /** The job's totals; `stale` when min/max must be recomputed (replace()). */
  get(jobId: string): { totals: JobTotals; stale: boolean } {
    return { totals: { ...this.of(jobId) }, stale: this.stale.has(jobId) };
  }

  /** A recomputation of the extremes begins: they are cleared, then widened by every completed
   *  task the scan finds (widen) and every task completing meanwhile; one leaving meanwhile
   *  makes them stale again. */
  beginRescan(jobId: string): void {
    const totals = this.of(jobId);
    totals.minDurationMs = undefined;
    totals.maxDurationMs = undefined;
    totals.maxRssKib = 0;
    this.stale.delete(jobId);
  }

  widen(jobId: string, t: TaskRecord): void {
    if (t.state !== 'completed') return;
    const totals = this.of(jobId);
    totals.maxRssKib = Math.max(totals.maxRssKib, t.stats?.maxRssKib ?? 0);
    const d = taskDurationMs(t);
    if (d === undefined) return;
    totals.minDurationMs = Math.min(totals.minDurationMs ?? d, d);
    totals.maxDurationMs = Math.max(totals.maxDurationMs ?? d, d);
  }

  dropJob(jobId: string): void {
    this.totals.delete(jobId);
    this.stale.delete(jobId);
  }

  private of(jobId: string): JobTotals {
    let t = this.totals.get(jobId);
    if (!t) this.totals.set(jobId, (t = emptyTotals()));
    return t;
  }
}
