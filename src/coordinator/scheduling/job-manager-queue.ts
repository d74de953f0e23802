// A job's queue as the scheduler sees it when the job has a job manager task: the job manager
// first, whatever its place in the queue (a retry or requeue puts it back at the end), and
// nothing else of the job until it has been dispatched once (lifecycle/job-manager.ts).
import type { ClusterState } from '../state/cluster-state.ts';
import { holdsBackItsJob, jobManagerId } from '../lifecycle/job-manager.ts';
import { taskKey } from '../../protocol/nats/subjects.ts';
import type { TaskRecord } from '../../protocol/records/records.ts';
import type { QueuedTask } from './scheduler.ts';

/** The job's queued tasks with its job manager first; `queued` yields the job's queue in order
 *  and `toQueued` makes a scheduler entry of a task record. */
export function* jobManagerFirst(
  state: ClusterState, jobId: string, queued: () => Iterable<QueuedTask>, toQueued: (t: TaskRecord) => QueuedTask,
): Generator<QueuedTask> {
  const job = state.jobs.get(jobId);
  const id = job && jobManagerId(job);
  if (id === undefined) return yield* queued();
  const key = taskKey(jobId, id);
  const jm = state.tasks.get(key);
  const waiting = jm?.state === 'active' && !state.usage.placementOf(key);
  if (waiting) yield toQueued(jm);
  if (holdsBackItsJob(jm)) return;
  for (const q of queued()) if (!waiting || q.taskId !== id) yield q;
}
