// Takes the job action a failed task's exit conditions ask for (Azure Batch's onTaskFailure
// performexitoptionsjobaction): disable the job (its running tasks requeued) or terminate it
// (terminateReason TaskFailed). The action is stored on the task with its completion
// (ClusterState.mutateTask); it is taken, then cleared, here, and a coordinator that starts
// finds those left by one that died in between.
import type { ClusterState } from '../state/cluster-state.ts';
import type { JobOperations } from './job-operations.ts';
import type { TaskRecord } from '../../protocol/records/records.ts';
import { FailedPreconditionError } from '../../protocol/errors.ts';
import { taskKey } from '../../protocol/nats/subjects.ts';
import { nextPosition } from '../state/position-bitset.ts';
import type { Logger } from '../../protocol/log.ts';

export const TASK_FAILED_REASON = 'TaskFailed';

export class TaskFailureActions {
  private readonly inFlight = new Set<string>();

  constructor(private readonly state: ClusterState, private readonly jobs: JobOperations, private readonly log: Logger) {
    state.events.on('task', (t) => { if (t.pendingJobAction) void this.take(t); });
  }

  /** The actions left pending by a previous coordinator: only jobs that take exit options'
   *  actions, and only their failed tasks, are read. */
  async resume(): Promise<void> {
    for (const { value: job } of [...this.state.jobs.rows.values()]) {
      if (job.onTaskFailure !== 'performexitoptionsjobaction') continue;
      const book = this.state.books.get(job.id);
      if (!book) continue;
      const failed = { kind: 'bits', bits: book.stateIndex.byResult.failure } as const;
      for (let p = nextPosition(failed, 0, book.order.length); p >= 0; p = nextPosition(failed, p + 1, book.order.length)) {
        const id = book.order[p];
        const t = id ? this.state.task(job.id, id) : undefined;
        if (t?.pendingJobAction) await this.take(t);
      }
    }
  }

  private async take(t: TaskRecord): Promise<void> {
    const key = taskKey(t.jobId, t.id);
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    try {
      const job = this.state.jobs.get(t.jobId);
      if (job && (job.state === 'active' || job.state === 'enabling')) {
        this.log.info('task failure: taking its job action', { jobId: t.jobId, taskId: t.id, action: t.pendingJobAction });
        try {
          if (t.pendingJobAction === 'terminate') await this.jobs.terminate(t.jobId, TASK_FAILED_REASON);
          else await this.jobs.disable(t.jobId, 'requeue');
        } catch (err) {
          if (!(err instanceof FailedPreconditionError)) throw err; // ended meanwhile: nothing to do
        }
      }
      await this.state.mutateTask(key, (c) => {
        if (!c.pendingJobAction) return undefined;
        const { pendingJobAction: _taken, ...rest } = c;
        return rest as TaskRecord;
      });
    } catch (err) {
      this.log.warn('could not take a failed task\'s job action (taken at the next start)', { jobId: t.jobId, taskId: t.id, err });
    } finally {
      this.inFlight.delete(key);
    }
  }
}
