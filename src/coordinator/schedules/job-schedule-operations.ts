// Job schedules as the API changes them: create, get, list, disable, enable, terminate, delete.
// Each change runs in the schedule's actor (ScheduleRunner.exclusive), so it never interleaves
// with a run being made, and then asks the runner to look at the schedule again.
import { FailedPreconditionError, NotFoundError } from '../../protocol/errors.ts';
import type { Logger } from '../../protocol/log.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import { canMove, transitioned, type JobScheduleRecord, type JobScheduleState, type JobSpecificationRecord, type ScheduleTimes } from './job-schedule-record.ts';
import type { JobScheduleStore } from './job-schedule-store.ts';
import type { ScheduleRunner } from './schedule-runner.ts';
import { decide, dueTime, recurrenceOf } from './recurrence.ts';

/** The recurrence a patched schedule goes on from (see patch). */
function firstSlotFrom(schedule: ScheduleTimes, creationMs: number, nowMs: number, madeJobs: boolean): number {
  if (!madeJobs) return 0;
  const rec = recurrenceOf(schedule, creationMs);
  if (rec.intervalMs === undefined) return 1;
  return Math.max(0, Math.ceil((nowMs - rec.baseMs) / rec.intervalMs));
}

/** How long DeleteJobSchedule waits for the removal before it answers (as DeleteJob). */
const DELETE_ANSWER_WAIT_MS = 2000;

export interface NewJobSchedule {
  id: string;
  displayName: string;
  schedule: ScheduleTimes;
  jobSpecification: JobSpecificationRecord;
}

export class JobScheduleOperations {
  constructor(
    private readonly store: JobScheduleStore,
    private readonly state: ClusterState,
    readonly runner: ScheduleRunner,
    private readonly log: Logger,
  ) {}

  /** `owner`: the caller's token name; the schedule's jobs carry it too. */
  async create(spec: NewJobSchedule, owner: string): Promise<JobScheduleRecord> {
    if (!this.state.pools.get(spec.jobSpecification.poolId)) throw new NotFoundError('pool', spec.jobSpecification.poolId);
    const at = new Date(this.runner.now()).toISOString();
    const record: JobScheduleRecord = {
      ...spec, state: 'active', creationTime: at, stateTransitionTime: at, owner, nextRunNumber: 1, nextSlot: 0, skippedRuns: 0,
    };
    await this.store.create(record);
    this.log.info('job schedule created', { jobScheduleId: spec.id, poolId: spec.jobSpecification.poolId, owner });
    this.runner.poke(spec.id);
    return record;
  }

  get(id: string): JobScheduleRecord {
    const r = this.store.get(id);
    if (!r) throw new NotFoundError('job schedule', id);
    return r;
  }

  /** Its owner (null: none recorded), undefined when there is no such schedule (authorize.ts). */
  owner(id: string): string | null | undefined {
    const r = this.store.get(id);
    return r ? r.owner ?? null : undefined;
  }

  /** Sorted by id, after `afterId`; only `owner`'s when given (a submitter's list). */
  list(filter: { state?: JobScheduleState; owner?: string; afterId?: string }): JobScheduleRecord[] {
    const out = [...this.store.all()].filter((r) =>
      (!filter.state || r.state === filter.state) && (filter.owner === undefined || r.owner === filter.owner) && (filter.afterId === undefined || r.id > filter.afterId));
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** No new job until enabled; its active job goes on (Azure Batch). */
  disable(id: string): Promise<JobScheduleRecord> {
    return this.change(id, 'disabled', (r) => {
      if (r.state === 'disabled') return undefined;
      if (r.state !== 'active') throw new FailedPreconditionError(`job schedule '${id}' is ${r.state}: only an active schedule can be disabled`);
      return r;
    });
  }

  enable(id: string): Promise<JobScheduleRecord> {
    return this.change(id, 'active', (r) => {
      if (r.state === 'active') return undefined;
      if (r.state !== 'disabled') throw new FailedPreconditionError(`job schedule '${id}' is ${r.state}: only a disabled schedule can be enabled`);
      return r;
    });
  }

  /** No new job; the active job is terminated, then the schedule completes (ScheduleRunner). */
  terminate(id: string): Promise<JobScheduleRecord> {
    return this.change(id, 'terminating', (r) => {
      if (r.state === 'terminating') return undefined;
      if (r.state === 'completed') throw new FailedPreconditionError(`job schedule '${id}' is already completed`);
      if (r.state === 'deleting') throw new FailedPreconditionError(`job schedule '${id}' is being deleted`);
      return r;
    });
  }

  /** Replaces its schedule and/or job specification (Azure Batch's Patch): later jobs only. A new
   *  schedule counts from now: the next run is its first recurrence due from now on (its very
   *  first if the schedule has made no job yet; none more if it has no recurrence and made its
   *  job). */
  patch(id: string, patch: { schedule?: ScheduleTimes; jobSpecification?: JobSpecificationRecord }): Promise<JobScheduleRecord> {
    return this.runner.exclusive(id, async () => {
      const r = this.get(id);
      if (r.state === 'completed' || r.state === 'deleting') throw new FailedPreconditionError(`job schedule '${id}' is ${r.state}: it makes no more jobs`);
      if (r.pendingRun) throw new FailedPreconditionError(`job schedule '${id}' is making the job of a run: try again in a moment`);
      if (patch.jobSpecification && !this.state.pools.get(patch.jobSpecification.poolId)) throw new NotFoundError('pool', patch.jobSpecification.poolId);
      const nowMs = this.runner.now();
      const stored = await this.store.mutate(id, (c) => {
        if (c.pendingRun || c.state === 'completed' || c.state === 'deleting') return undefined;
        const next = { ...c, ...(patch.jobSpecification ? { jobSpecification: patch.jobSpecification } : {}) };
        if (!patch.schedule) return next;
        return { ...next, schedule: patch.schedule, nextSlot: firstSlotFrom(patch.schedule, Date.parse(c.creationTime), nowMs, c.nextRunNumber > 1) };
      });
      if (!stored) throw new NotFoundError('job schedule', id);
      this.log.info('job schedule patched', { jobScheduleId: id, schedule: patch.schedule !== undefined, jobSpecification: patch.jobSpecification !== undefined });
      this.runner.poke(id);
      return stored;
    });
  }

  /** Marks it deleting; the runner deletes its jobs, then it. Answers once it is gone, or after
   *  DELETE_ANSWER_WAIT_MS with the removal going on (it reads as 'deleting' until then). */
  async delete(id: string): Promise<void> {
    const gone = new Promise<void>((resolve) => {
      const onRemoved = (removed: string) => {
        if (removed !== id) return;
        this.store.events.off('removed', onRemoved);
        resolve();
      };
      this.store.events.on('removed', onRemoved);
      setTimeout(() => {
        this.store.events.off('removed', onRemoved);
        resolve();
      }, DELETE_ANSWER_WAIT_MS);
    });
    await this.change(id, 'deleting', (r) => (r.state === 'deleting' ? undefined : r));
    await gone;
  }

  /** Moves the schedule to `to` after `check` (undefined: already there, nothing to do). */
  private async change(id: string, to: JobScheduleState, check: (r: JobScheduleRecord) => JobScheduleRecord | undefined): Promise<JobScheduleRecord> {
    const after = await this.runner.exclusive(id, async () => {
      const r = check(this.get(id));
      if (!r) return this.get(id);
      const at = new Date(this.runner.now()).toISOString();
      const stored = await this.store.mutate(id, (c) => (c.state === r.state && canMove(c, to) ? transitioned(c, to, at) : undefined));
      if (!stored) throw new NotFoundError('job schedule', id);
      this.log.info('job schedule state changed', { jobScheduleId: id, from: r.state, to: stored.state });
      return stored;
    });
    this.runner.poke(id);
    return after;
  }

  /** When the next job is due (active schedules with a run still to come). */
  nextRunTime(r: JobScheduleRecord): number | undefined {
    if (r.state !== 'active') return undefined;
    const rec = recurrenceOf(r.schedule, Date.parse(r.creationTime));
    if (r.pendingRun) return dueTime(rec, r.pendingRun.slot);
    const { decision } = decide(rec, r.nextSlot, this.runner.now(), this.runner.activeJob(r) !== undefined);
    if (decision.kind === 'wait') return decision.atMs;
    if (decision.kind === 'run' || decision.kind === 'held') return dueTime(rec, decision.slot);
    return undefined;
  }
}
