// Makes the jobs of job schedules, on the leading coordinator only (the daemon starts it once it
// holds the lease; every write it makes is refused past the lease, see state/leadership.ts).
//
// Each schedule is an actor: its evaluations and the API's changes to it run one at a time
// (`exclusive`). An evaluation reads the record, asks recurrence.ts what is due at this moment,
// and either arms one timer (the next due time, or the end of a held run's window), or makes a
// run's job in three steps that survive a crash between any two of them:
//   1. record the run in the schedule (pendingRun: its number and recurrence);
//   2. create its job, `<schedule>-job-<number>`: the id is deterministic, so a job that exists
//      already and carries this schedule's id was made by an earlier attempt (done, not doubled);
//   3. record it made (nextRunNumber + 1, the recurrence consumed, recentJob).
// A coordinator that takes over finds any pendingRun and finishes it: the job exists (step 3
// only), or its window is still open (steps 2 and 3), or the run was never made and is dropped
// (its number goes to the next run): run numbers stay 1, 2, 3, ... with none lost or doubled.
// Timers are re-armed from the record's absolute due times, never from "now + interval", so a
// late timer or a restart shifts no later run; recurrences missed meanwhile are skipped per
// their start windows (recurrence.ts).
import type { ClusterState } from '../state/cluster-state.ts';
import type { JobOperations } from '../operations/job-operations.ts';
import type { JobRecord } from '../../protocol/records/records.ts';
import type { Logger } from '../../protocol/log.ts';
import { AlreadyExistsError, FailedPreconditionError } from '../../protocol/errors.ts';
import { decide, recurrenceOf, windowOpen } from './recurrence.ts';
import { parseRunJobId, runJobId, transitioned, type JobScheduleRecord } from './job-schedule-record.ts';
import type { JobScheduleStore } from './job-schedule-store.ts';

/** After a failure (store unavailable, a job that could not be made), the next try. */
const RETRY_MS = 1000;
const MAX_RETRY_MS = 10_000;
/** Jobs deleted at once when their schedule is. */
const DELETE_BATCH = 64;
/** setTimeout's longest delay; a later due time is looked at again when it comes nearer. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Why a terminated schedule's active job was terminated (its executionInfo.terminateReason, as
 *  Azure Batch names it). */
export const SCHEDULE_TERMINATE_REASON = 'TerminateJobSchedule';

export class ScheduleRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly queued = new Set<string>();
  /** Failed attempts at making a run's job, by job id (the warning is logged once). */
  private readonly failures = new Map<string, number>();
  private running = false;

  constructor(
    private readonly store: JobScheduleStore,
    private readonly state: ClusterState,
    private readonly jobs: JobOperations,
    private readonly log: Logger,
    readonly now: () => number = Date.now,
  ) {}

  private readonly onJob = (job: JobRecord) => {
    if (job.jobScheduleId && (job.state === 'completed' || job.state === 'deleting')) this.poke(job.jobScheduleId);
  };

  private readonly onJobDeleted = (jobId: string) => {
    const run = parseRunJobId(jobId);
    if (run && this.store.get(run.scheduleId)) this.poke(run.scheduleId);
  };

  /** Looks at every schedule (what a coordinator that just took over must do) and follows the
   *  schedules' jobs from now on. */
  start(): void {
    this.running = true;
    this.state.events.on('job', this.onJob);
    this.state.events.on('jobDeleted', this.onJobDeleted);
    for (const id of this.store.ids()) this.poke(id);
  }

  stop(): void {
    this.running = false;
    this.state.events.off('job', this.onJob);
    this.state.events.off('jobDeleted', this.onJobDeleted);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs `work` when no other work on this schedule is under way (an actor's mailbox). */
  exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(() => undefined, () => undefined);
    this.chains.set(id, settled);
    void settled.then(() => {
      if (this.chains.get(id) === settled) this.chains.delete(id);
    });
    return run;
  }

  /** Asks for an evaluation of the schedule (at most one waits at a time). */
  poke(id: string): void {
    if (!this.running || this.queued.has(id)) return;
    this.queued.add(id);
    void this.exclusive(id, async () => {
      this.queued.delete(id);
      if (this.running) await this.evaluate(id);
    }).catch((err) => {
      this.log.warn('job schedule: could not look at it, retrying', { jobScheduleId: id, err });
      this.arm(id, this.now() + RETRY_MS);
    });
  }

  /** The schedule's job that is not completed (at most one: no run starts while one is). */
  activeJob(r: JobScheduleRecord): JobRecord | undefined {
    const job = r.recentJobId ? this.state.jobs.get(r.recentJobId) : undefined;
    return job && job.state !== 'completed' && job.state !== 'deleting' ? job : undefined;
  }

  /** Every job the schedule made that still exists. */
  jobsOf(id: string): JobRecord[] {
    const out: JobRecord[] = [];
    for (const { value: job } of this.state.jobs.rows.values()) if (job.jobScheduleId === id) out.push(job);
    return out;
  }

  private arm(id: string, atMs: number): void {
    clearTimeout(this.timers.get(id));
    if (!this.running) return;
    const delay = Math.max(0, Math.min(atMs - this.now(), MAX_TIMER_MS));
    this.timers.set(id, setTimeout(() => {
      this.timers.delete(id);
      this.poke(id);
    }, delay));
  }

  private disarm(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  private async evaluate(id: string): Promise<void> {
    this.disarm(id);
    let r = this.store.get(id);
    if (!r) return;
    if (r.state === 'deleting') return this.finishDelete(r);
    if (r.pendingRun) {
      r = await this.finishPendingRun(r);
      if (!r) return;
    }
    if (r.state === 'terminating') return this.finishTerminate(r);
    // A bound, not a loop that could spin: each pass makes a job or waits.
    for (let pass = 0; pass < 4 && r?.state === 'active'; pass++) {
      const active = this.activeJob(r);
      const now = this.now();
      const { decision, nextSlot, skipped } = decide(recurrenceOf(r.schedule, Date.parse(r.creationTime)), r.nextSlot, now, active !== undefined);
      if (skipped > 0) {
        const from = r.nextSlot;
        r = await this.store.mutate(id, (c) => (c.state === 'active' && !c.pendingRun && c.nextSlot === from ? { ...c, nextSlot, skippedRuns: c.skippedRuns + skipped } : undefined));
        // Not written (changed meanwhile): looked at again shortly, never in a tight loop.
        if (r?.nextSlot !== nextSlot) return this.arm(id, now + RETRY_MS);
        this.log.info('job schedule: runs skipped (their start window passed without a job)', { jobScheduleId: id, skipped, nextSlot });
      }
      switch (decision.kind) {
        case 'wait':
          return this.arm(id, decision.atMs);
        case 'held':
          // The active job's completion pokes sooner; the window's end skips the run.
          return this.arm(id, decision.untilMs);
        case 'done':
          if (active) return; // completes with its job (onJob)
          if (now < decision.atMs) return this.arm(id, decision.atMs);
          await this.complete(id);
          return;
        case 'run':
          r = await this.startRun(r, decision.slot);
      }
    }
  }

  /** Steps 1 to 3 of a run (see the top of this file). */
  private async startRun(r: JobScheduleRecord, slot: number): Promise<JobScheduleRecord | undefined> {
    const number = r.nextRunNumber;
    const recorded = await this.store.mutate(r.id, (c) =>
      c.state === 'active' && !c.pendingRun && c.nextRunNumber === number && c.nextSlot <= slot ? { ...c, pendingRun: { number, slot } } : undefined);
    if (recorded?.pendingRun?.number !== number || recorded.pendingRun.slot !== slot) {
      this.arm(r.id, this.now() + RETRY_MS);
      return undefined;
    }
    return this.finishPendingRun(recorded);
  }

  /** Steps 2 and 3 of the recorded run, or its drop when its job cannot be made any more. */
  private async finishPendingRun(r: JobScheduleRecord): Promise<JobScheduleRecord | undefined> {
    const { number, slot } = r.pendingRun!;
    const jobId = runJobId(r.id, number);
    let made = this.state.jobs.get(jobId);
    if (made && made.jobScheduleId !== r.id) return this.numberTaken(r, jobId);
    if (!made && r.state === 'active' && windowOpen(recurrenceOf(r.schedule, Date.parse(r.creationTime)), slot, this.now())) {
      try {
        made = await this.jobs.create({ ...r.jobSpecification, id: jobId, jobScheduleId: r.id }, r.owner ?? '');
        this.log.info('job schedule: job made', { jobScheduleId: r.id, jobId, run: number, recurrence: slot });
      } catch (err) {
        made = this.state.jobs.get(jobId);
        if (!(err instanceof AlreadyExistsError) || !made) {
          // Said once per run, then retried quietly (backing off) while its window is open.
          const tries = (this.failures.get(jobId) ?? 0) + 1;
          this.failures.set(jobId, tries);
          if (tries === 1) this.log.warn('job schedule: could not make the job of a run, retrying while its start window is open', { jobScheduleId: r.id, jobId, err });
          this.arm(r.id, this.now() + Math.min(RETRY_MS * tries, MAX_RETRY_MS));
          return undefined;
        }
        if (made.jobScheduleId !== r.id) return this.numberTaken(r, jobId);
      }
    }
    this.failures.delete(jobId);
    const after = await this.store.mutate(r.id, (c) => {
      if (c.pendingRun?.number !== number) return undefined;
      const { pendingRun: _done, ...rest } = c;
      return made ? { ...rest, nextRunNumber: number + 1, nextSlot: Math.max(c.nextSlot, slot + 1), recentJobId: jobId } : rest;
    });
    if (!made) this.log.info('job schedule: a recorded run was not made (its start window passed, or the schedule is no longer active)', { jobScheduleId: r.id, run: number, recurrence: slot });
    return after?.pendingRun ? undefined : after;
  }

  /** A job of the run's id exists that this schedule did not make (a user's CreateJob): its
   *  number is taken, the run goes on with the next one. */
  private async numberTaken(r: JobScheduleRecord, jobId: string): Promise<JobScheduleRecord | undefined> {
    const { number, slot } = r.pendingRun!;
    this.log.warn('job schedule: a job of the next run\'s id exists and is not the schedule\'s: the run takes the next number', { jobScheduleId: r.id, jobId });
    await this.store.mutate(r.id, (c) => (c.pendingRun?.number === number ? { ...c, nextRunNumber: number + 1, pendingRun: { number: number + 1, slot } } : undefined));
    this.poke(r.id);
    return undefined;
  }

  private async complete(id: string): Promise<void> {
    const at = new Date(this.now()).toISOString();
    const r = await this.store.mutate(id, (c) => (c.state === 'active' || c.state === 'terminating' ? transitioned(c, 'completed', at, { endTime: at }) : undefined));
    if (r?.state === 'completed') this.log.info('job schedule completed', { jobScheduleId: id, jobs: r.nextRunNumber - 1, skippedRuns: r.skippedRuns });
  }

  /** Terminating: the active job is terminated; the schedule completes once it has. */
  private async finishTerminate(r: JobScheduleRecord): Promise<void> {
    const active = this.activeJob(r);
    if (!active) return this.complete(r.id);
    if (active.state === 'terminating') return; // its completion pokes (onJob)
    await this.jobs.terminate(active.id, SCHEDULE_TERMINATE_REASON).catch((err) => {
      if (!(err instanceof FailedPreconditionError)) throw err; // ended meanwhile: onJob pokes
    });
    if (!this.activeJob(r)) await this.complete(r.id);
  }

  /** Deleting: every job of the schedule is deleted (with its tasks), then the schedule. A job
   *  still being removed when this returns finishes on its own (job-operations.ts resumes it). */
  private async finishDelete(r: JobScheduleRecord): Promise<void> {
    const jobs = this.jobsOf(r.id).filter((j) => j.state !== 'deleting');
    // Some at a time: a schedule of a second's recurrence makes 86,400 jobs a day.
    for (let i = 0; i < jobs.length; i += DELETE_BATCH) {
      await Promise.all(jobs.slice(i, i + DELETE_BATCH).map((j) => this.jobs.delete(j.id).catch((err) => {
        if (this.state.jobs.get(j.id)?.state !== 'deleting') throw err;
      })));
    }
    if (this.jobsOf(r.id).some((j) => j.state !== 'deleting')) throw new Error('a job of the schedule is not being deleted yet');
    await this.store.remove(r.id);
    this.disarm(r.id);
    this.log.info('job schedule deleted', { jobScheduleId: r.id, jobs: jobs.length });
  }
}
