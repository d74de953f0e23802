// Jobs: create, terminate, delete, and the rules that end a job (terminate asked, or
// onAllTasksComplete = terminatejob once every task completed).
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { attemptRef, endedWithoutRunning } from '../lifecycle/task-lifecycle.ts';
import { requeued } from '../lifecycle/task-attempt.ts';
import { FailedPreconditionError, NotFoundError } from '../../protocol/errors.ts';
import type { JobRecord, TaskRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import { completed, deleting, disabled, disabling, enabled, enabling, isTerminable, terminating, type DisableJobTasks } from '../lifecycle/job-lifecycle.ts';
import { taskKey } from '../../protocol/nats/subjects.ts';
import type { Logger } from '../../protocol/log.ts';
import { TimeSlice } from '../../protocol/time-slice.ts';

/** How long DeleteJob waits for the removal before it answers (the job then reads 'deleting'). */
const DELETE_ANSWER_WAIT_MS = 2000;
/** A job of more tasks than this is not waited for: its removal takes longer than a caller
 *  should wait (a million tasks: some 6 s), so DeleteJob answers at once, as Azure Batch does. */
const DELETE_WAIT_MAX_TASKS = 10_000;
const DELETE_RETRIES = 30;
const DELETE_RETRY_MS = 2000;

export type JobSpec = Omit<JobRecord, 'state' | 'creationTime' | 'stateTransitionTime' | 'startTime' | 'endTime' | 'terminateReason'>;

export class JobOperations {
  /** Jobs with a maxWallClockTime: the timer that terminates each when it expires. */
  private readonly deadlines = new Map<string, NodeJS.Timeout>();
  /** Removals under way, by job. */
  private readonly deletions = new Map<string, Promise<void>>();
  /** Called once a job is stored, before create answers (its job manager task: job-manager-driver.ts). */
  onCreated: (job: JobRecord) => Promise<void> = async () => {};

  constructor(
    private readonly state: ClusterState,
    private readonly nodes: NodeRegistry,
    private readonly log: Logger,
  ) {
    state.events.on('task', (task) => this.onTaskChanged(task));
  }

  /** Finishes what a previous coordinator left half-done (terminate or delete in progress) and
   *  re-arms the jobs' wall-clock deadlines. */
  async resume(): Promise<void> {
    for (const { value: job } of [...this.state.jobs.rows.values()]) {
      if (job.state === 'deleting') await this.finishDelete(job.id);
      else if (job.state === 'terminating') await this.endTasks(job.id, 'JobTerminated', 'the job was terminated');
      else this.armDeadline(job);
      if (job.state === 'enabling') await this.enable(job.id);
      this.maybeDisabled(job.id);
      this.maybeComplete(job.id);
    }
  }

  stop(): void {
    for (const timer of this.deadlines.values()) clearTimeout(timer);
    this.deadlines.clear();
  }

  private armDeadline(job: JobRecord): void {
    if (job.maxWallClockTimeMs === undefined || job.state === 'completed' || job.state === 'deleting') return;
    const due = Date.parse(job.creationTime) + job.maxWallClockTimeMs - Date.now();
    const expire = () => {
      this.deadlines.delete(job.id);
      this.terminate(job.id, 'MaxWallClockTimeExpiry').catch((err) => {
        if (err instanceof FailedPreconditionError) return; // already ended meanwhile
        this.log.warn('could not terminate job at its maxWallClockTime, retrying', { jobId: job.id, err });
        this.deadlines.set(job.id, setTimeout(expire, 1000));
      });
    };
    // setTimeout holds at most ~24.8 days; longer deadlines are re-armed when they come nearer.
    const MAX_TIMER = 2 ** 31 - 1;
    this.deadlines.set(job.id, setTimeout(due > MAX_TIMER ? () => this.armDeadline(job) : expire, Math.max(0, Math.min(due, MAX_TIMER))));
  }

  /** After a patch (record-updates.ts): the deadline re-armed from the new maxWallClockTime
   *  (one already past terminates the job), onAllTasksComplete checked again. */
  patched(job: JobRecord): void {
    clearTimeout(this.deadlines.get(job.id));
    this.deadlines.delete(job.id);
    this.armDeadline(job);
    this.maybeComplete(job.id);
  }

  /** `owner`: the name of the caller's token. */
  async create(spec: JobSpec, owner: string): Promise<JobRecord> {
    if (!this.state.pools.get(spec.poolId)) throw new NotFoundError('pool', spec.poolId);
    const now = nowIso();
    const job: JobRecord = { ...spec, state: 'active', creationTime: now, stateTransitionTime: now, startTime: now, owner };
    await this.state.jobs.create(job.id, job);
    this.state.book(job.id);
    this.armDeadline(job);
    this.state.events.emit('job', job);
    this.log.info('job created', { jobId: job.id, poolId: job.poolId, owner });
    await this.onCreated(job);
    return this.state.jobs.get(job.id) ?? job;
  }

  get(jobId: string): JobRecord {
    const job = this.state.jobs.get(jobId);
    if (!job) throw new NotFoundError('job', jobId);
    return job;
  }

  async terminate(jobId: string, reason: string): Promise<JobRecord> {
    const job = this.get(jobId);
    if (job.state === 'completed') throw new FailedPreconditionError(`job '${jobId}' is already completed`);
    if (job.state === 'deleting') throw new FailedPreconditionError(`job '${jobId}' is being deleted`);
    if (job.state !== 'terminating') {
      const at = nowIso();
      // Checked again inside: a concurrent terminate or delete may have won meanwhile.
      await this.state.mutateJob(jobId, (j) => (isTerminable(j) ? terminating(j, reason || 'UserTerminate', at) : undefined));
      this.log.info('job terminating', { jobId, reason });
    }
    await this.endTasks(jobId, 'JobTerminated', 'the job was terminated');
    this.maybeComplete(jobId);
    return this.get(jobId);
  }

  /** Azure Batch's disable: no new task of the job starts; running ones are requeued (killed and
   *  queued again, not counted as retries), terminated, or left to finish ('wait'). */
  async disable(jobId: string, option: DisableJobTasks): Promise<JobRecord> {
    const job = this.get(jobId);
    if (job.state === 'disabling' || job.state === 'disabled') return job;
    if (job.state !== 'active' && job.state !== 'enabling') {
      throw new FailedPreconditionError(`job '${jobId}' is ${job.state}: only an active job can be disabled`);
    }
    const at = nowIso();
    await this.state.mutateJob(jobId, (j) => (j.state === 'active' || j.state === 'enabling' ? disabling(j, at) : undefined));
    this.log.info('job disabling', { jobId, option });
    if (option !== 'wait') {
      for (const id of this.state.book(jobId).order) {
        if (this.state.taskState(jobId, id) === 'completed') continue; // not decoded for nothing
        const t = this.state.task(jobId, id);
        if (!t || (t.state !== 'preparing' && t.state !== 'running') || !t.exec.nodeId) continue;
        const ref = attemptRef(t);
        if (option === 'requeue') {
          // Back to the queue first, so the report of the kill finds the attempt superseded.
          await this.state.mutateTask(taskKey(jobId, id), (c) => (c.state === 'preparing' || c.state === 'running') && c.uid === ref.uid && c.exec.attempt === ref.attempt ? requeued(c, at) : undefined);
        }
        this.nodes.terminateAttempt(t, `the job was disabled (${option})`);
      }
    }
    this.maybeDisabled(jobId);
    return this.get(jobId);
  }

  async enable(jobId: string): Promise<JobRecord> {
    const job = this.get(jobId);
    if (job.state === 'active') return job;
    if (job.state !== 'disabled' && job.state !== 'disabling' && job.state !== 'enabling') {
      throw new FailedPreconditionError(`job '${jobId}' is ${job.state}: only a disabled job can be enabled`);
    }
    const at = nowIso();
    await this.state.mutateJob(jobId, (j) => (j.state === 'disabled' || j.state === 'disabling' ? enabling(j, at) : undefined));
    await this.state.mutateJob(jobId, (j) => (j.state === 'enabling' ? enabled(j, at) : undefined));
    this.log.info('job enabled', { jobId });
    return this.get(jobId);
  }

  /** A disabling job is disabled once none of its tasks runs any more. */
  private maybeDisabled(jobId: string): void {
    const job = this.state.jobs.get(jobId);
    if (job?.state !== 'disabling' || this.state.book(jobId).counts.running > 0) return;
    const at = nowIso();
    void this.state
      .mutateJob(jobId, (j) => (j.state === 'disabling' ? disabled(j, at) : undefined))
      .then((j) => j?.state === 'disabled' && this.log.info('job disabled', { jobId }))
      .catch((err) => this.log.warn('could not mark job disabled', { jobId, err }));
  }

  /** Marks the job deleting and removes it with its tasks. Answers once it is gone, or after
   *  DELETE_ANSWER_WAIT_MS (at once for a job of more than DELETE_WAIT_MAX_TASKS tasks) with the
   *  removal still going on (the job reads as 'deleting' until then, and Watch sends
   *  jobDeleted when it is gone), as Azure Batch answers 202. */
  async delete(jobId: string): Promise<void> {
    const job = this.get(jobId);
    if (job.state !== 'deleting') {
      const at = nowIso();
      await this.state.mutateJob(jobId, (j) => (j.state === 'deleting' ? undefined : deleting(j, at)));
    }
    const big = this.state.book(jobId).taskCount > DELETE_WAIT_MAX_TASKS;
    const removal = this.finishDelete(jobId);
    if (big) {
      removal.catch(() => {}); // logged by finishDelete's retries; the job reads 'deleting' meanwhile
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, DELETE_ANSWER_WAIT_MS)));
    await Promise.race([removal, waited]);
    clearTimeout(timer);
  }

  /** Removes a deleting job and its tasks; one run per job at a time (a second delete, or the
   *  resume after a restart, joins it). A removal that fails (the store unavailable) is retried
   *  until it succeeds or this coordinator stops leading. */
  private finishDelete(jobId: string): Promise<void> {
    const running = this.deletions.get(jobId);
    if (running) return running;
    const removal = (async () => {
      for (let tries = 0; ; tries++) {
        try {
          return await this.removeJob(jobId);
        } catch (err) {
          if (!this.state.jobs.get(jobId) || tries >= DELETE_RETRIES) throw err;
          this.log.warn('could not finish deleting a job, retrying', { jobId, err });
          await new Promise((r) => setTimeout(r, DELETE_RETRY_MS));
        }
      }
    })().finally(() => this.deletions.delete(jobId));
    this.deletions.set(jobId, removal);
    return removal;
  }

  private async removeJob(jobId: string): Promise<void> {
    const slice = new TimeSlice();
    const book = this.state.book(jobId);
    for (const id of book.order) {
      const t = this.state.taskState(jobId, id) === 'completed' ? undefined : this.state.task(jobId, id);
      if (t) this.killIfRunning(t, 'the job was deleted');
      await slice.yield();
    }
    const tasks = await this.state.removeTasksOfJob(jobId, slice);
    await this.state.jobs.remove(jobId);
    this.state.books.delete(jobId);
    this.state.events.emit('jobDeleted', jobId);
    clearTimeout(this.deadlines.get(jobId));
    this.deadlines.delete(jobId);
    this.log.info('job deleted', { jobId, tasks });
  }

  /** Ends every unfinished task of the job: queued ones at once, running ones are killed. */
  private async endTasks(jobId: string, code: string, message: string): Promise<void> {
    const book = this.state.book(jobId);
    const now = nowIso();
    const work: Promise<unknown>[] = [];
    for (const id of book.order) {
      if (this.state.taskState(jobId, id) === 'completed') continue; // not decoded for nothing
      const t = this.state.task(jobId, id);
      if (!t || t.state === 'completed') continue;
      if (t.state === 'active') {
        work.push(this.state.mutateTask(taskKey(jobId, id), (c) => (c.state === 'active' ? endedWithoutRunning(c, code, message, now) : undefined)));
      } else {
        this.killIfRunning(t, message);
      }
      if (work.length >= 500) await Promise.all(work.splice(0));
    }
    await Promise.all(work);
  }

  private killIfRunning(t: TaskRecord, reason: string): void {
    if ((t.state === 'preparing' || t.state === 'running') && t.exec.nodeId) {
      this.nodes.terminateAttempt(t, reason);
    }
  }

  private onTaskChanged(task: TaskRecord): void {
    const job = this.state.jobs.get(task.jobId);
    if (!job || job.state === 'deleting') {
      // Added while its job was being deleted (the add checked the job just before): remove it
      // too, rather than leave a task of no job in the store.
      void this.state.removeTask(task).catch((err) => this.log.warn('could not remove task of deleted job', { jobId: task.jobId, taskId: task.id, err }));
      return;
    }
    if ((job.state === 'terminating' || job.state === 'completed') && task.state === 'active') {
      // Requeued or retried while its job ends: it must not run again.
      const now = nowIso();
      void this.state
        .mutateTask(taskKey(task.jobId, task.id), (c) => (c.state === 'active' ? endedWithoutRunning(c, 'JobTerminated', 'the job was terminated', now) : undefined))
        .catch((err) => this.log.warn('could not end task of terminated job', { jobId: task.jobId, taskId: task.id, err }));
      return;
    }
    if (task.state === 'completed') this.maybeComplete(task.jobId);
    if (job.state === 'disabling' && task.state !== 'running' && task.state !== 'preparing') this.maybeDisabled(task.jobId);
  }

  private maybeComplete(jobId: string): void {
    const job = this.state.jobs.get(jobId);
    const book = this.state.books.get(jobId);
    if (!job || !book || book.unfinished > 0) return;
    const ends = job.state === 'terminating' || (job.state === 'active' && job.onAllTasksComplete === 'terminatejob' && book.taskCount > 0);
    if (!ends) return;
    const at = nowIso();
    void this.state
      .mutateJob(jobId, (j) => (j.state === 'active' || j.state === 'terminating' ? completed(j, at) : undefined))
      .then((j) => j && this.log.info('job completed', { jobId, reason: j.terminateReason }))
      .catch((err) => this.log.warn('could not complete job', { jobId, err }));
  }
}
