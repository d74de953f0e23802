// GetJobStatistics: the job's kept totals (state/job-statistics.ts) as Azure Batch's
// JobStatistics. When the task that held the smallest or largest duration (or the largest RSS)
// left the completed state, those are recomputed first from the job's completed tasks, in slices
// that yield, so a million-task job's rescan never stalls the coordinator.
import type { ClusterState } from '../state/cluster-state.ts';
import type { JobRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import { formatDuration } from '../../protocol/duration.ts';
import { TimeSlice } from '../../protocol/time-slice.ts';
import { taskKey } from '../../protocol/nats/subjects.ts';
import type { JobStatistics } from '../../protocol/generated/troupe/v1/JobStatistics.ts';

export async function readJobStatistics(state: ClusterState, job: JobRecord): Promise<JobStatistics> {
  let { totals, stale } = state.jobStatistics.get(job.id);
  if (stale) {
    state.jobStatistics.beginRescan(job.id);
    const slice = new TimeSlice();
    const book = state.book(job.id);
    for (const id of book.order) {
      if (id && state.taskState(job.id, id) === 'completed') {
        const t = state.tasks.get(taskKey(job.id, id));
        if (t) state.jobStatistics.widen(job.id, t);
      }
      await slice.yield();
    }
    ({ totals } = state.jobStatistics.get(job.id));
  }
  const ran = totals.minDurationMs !== undefined;
  const us = (micros: number) => formatDuration(micros / 1000);
  return {
    jobId: job.id,
    taskCounts: { ...state.book(job.id).counts },
    numSucceededTasks: totals.succeeded,
    numFailedTasks: totals.failed,
    numTaskRetries: totals.retries,
    numTaskRequeues: totals.requeues,
    userCpuTime: us(totals.userCpuUs),
    kernelCpuTime: us(totals.kernelCpuUs),
    wallClockTime: formatDuration(totals.wallClockMs),
    waitTime: formatDuration(totals.waitMs),
    minTaskDuration: ran ? formatDuration(totals.minDurationMs!) : '',
    avgTaskDuration: ran && totals.completed > 0 ? formatDuration(totals.wallClockMs / totals.completed) : '',
    maxTaskDuration: ran ? formatDuration(totals.maxDurationMs!) : '',
    maxRssKib: totals.maxRssKib,
    startTime: job.creationTime,
    lastUpdateTime: nowIso(),
  };
}
