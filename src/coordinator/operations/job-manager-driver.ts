// The effects of a job's job manager task (rules in lifecycle/job-manager.ts): it is added as a
// task of the job when the job is created, and its completion terminates the job when it has
// killJobOnCompletion (terminateReason JMComplete). Both survive a coordinator dying in between:
// the job records that its job manager was added, and start-up finishes what was left.
import { AlreadyExistsError, FailedPreconditionError } from '../../protocol/errors.ts';
import type { Logger } from '../../protocol/log.ts';
import { JOB_MANAGER_COMPLETE_REASON } from '../../protocol/records/job-manager-records.ts';
import type { JobRecord, TaskRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import { completionEndsJob, jobManagerId, jobManagerTaskRecord } from '../lifecycle/job-manager.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { JobOperations } from './job-operations.ts';

export class JobManagerDriver {
  constructor(
    private readonly state: ClusterState,
    private readonly jobs: JobOperations,
    private readonly log: Logger,
  ) {
    // Before the job's other listeners: when the job manager is the job's last task and the job
    // has onAllTasksComplete terminatejob too, the job ends as JMComplete, its manager's doing.
    state.events.prependListener('task', (task) => this.onTaskChanged(task));
  }

  private readonly timers = new Set<NodeJS.Timeout>();

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Adds the job manager's task to a job just created (JobOperations.create awaits it); a
   *  failure (the store unavailable) is retried every second while the job can still run it. */
  async added(job: JobRecord): Promise<void> {
    try {
      await this.add(job);
    } catch (err) {
      this.log.warn('could not add a job manager task, retrying', { jobId: job.id, err });
      this.later(() => {
        const now = this.state.jobs.get(job.id);
        if (now && now.state !== 'completed' && now.state !== 'deleting' && now.state !== 'terminating') void this.added(now);
      });
    }
  }

  private later(what: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      what();
    }, 1000);
    this.timers.add(timer);
  }

  private async add(job: JobRecord): Promise<void> {
    if (!job.jobManagerTask || job.jobManagerAdded) return;
    const task = jobManagerTaskRecord(job, this.state.book(job.id).allocateSeq(), nowIso());
    if (!task) return;
    try {
      await this.state.createTask(task);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err; // stored by an earlier try
    }
    await this.state.mutateJob(job.id, (j) => (j.jobManagerAdded ? undefined : { ...j, jobManagerAdded: true }));
    this.log.info('job manager task added', { jobId: job.id, taskId: task.id });
  }

  /** Start-up: adds the job managers a dead coordinator did not, and ends the jobs whose job
   *  manager completed before it could. */
  async resume(): Promise<void> {
    for (const { value: job } of [...this.state.jobs.rows.values()]) {
      if (job.state === 'completed' || job.state === 'deleting' || job.state === 'terminating') continue;
      if (job.jobManagerTask && !job.jobManagerAdded) {
        await this.added(job);
        continue;
      }
      const id = jobManagerId(job);
      const jm = id === undefined ? undefined : this.state.task(job.id, id);
      if (jm) this.onTaskChanged(jm);
    }
  }

  private onTaskChanged(task: TaskRecord): void {
    if (!task.jobManager || task.state !== 'completed') return;
    const job = this.state.jobs.get(task.jobId);
    if (!completionEndsJob(task, job)) return;
    this.log.info('job manager completed: terminating its job', { jobId: task.jobId, taskId: task.id, result: task.exec.result });
    this.jobs.terminate(task.jobId, JOB_MANAGER_COMPLETE_REASON).catch((err) => {
      if (err instanceof FailedPreconditionError) return; // ended meanwhile
      this.log.warn('could not terminate the job of a completed job manager, retrying', { jobId: task.jobId, err });
      this.later(() => {
        const now = this.state.task(task.jobId, task.id);
        if (now) this.onTaskChanged(now);
      });
    });
  }
}
