// The job manager task's rules, as pure functions (Azure Batch's JobManagerTask): the task it
// becomes, when it holds back the rest of its job, what it holds on its node, and when its
// completion ends the job. The effects are in operations/job-manager-driver.ts.
import type { JobRecord, TaskIn, TaskRecord } from '../../protocol/records/records.ts';
import { newTaskRecord } from './task-lifecycle.ts';

/** The task a job's job manager becomes, added when the job is created (as in Azure Batch: "The
 *  Job Manager Task is automatically started when the Job is created"). */
export function jobManagerTaskRecord(job: JobRecord, seq: number, now: string): TaskIn<'active'> | undefined {
  const jm = job.jobManagerTask;
  if (!jm) return undefined;
  const { killJobOnCompletion, runExclusive, allowLowPriorityNode } = jm;
  return { ...newTaskRecord(job.id, jm.task, job, seq, now), jobManager: { killJobOnCompletion, runExclusive, allowLowPriorityNode } };
}

/** The id of the job's job manager task, if it has one. */
export const jobManagerId = (job: Pick<JobRecord, 'jobManagerTask'>): string | undefined => job.jobManagerTask?.task.id;

/**
 * Whether the job's other tasks wait for its job manager: "The Batch service tries to schedule
 * the Job Manager Task before any other Tasks in the Job". troupe makes it a rule: no other task
 * of the job is dispatched until the job manager has started (its process runs, or ran), once.
 * Its later retries and requeues go first in the job's queue but do not stop tasks it already
 * let through (Azure Batch's "tries to schedule it at the highest priority" on a restart; troupe
 * does not kill running tasks to make room for it). A job manager deleted, or ended without
 * running (terminated), holds nothing back.
 */
export function holdsBackItsJob(jm: TaskRecord | undefined): boolean {
  if (jm?.jobManager === undefined) return false;
  const e = jm.exec;
  const startedOnce = e.startTime !== undefined || e.retryCount > 0 || e.requeueCount > 0;
  return (jm.state === 'active' || jm.state === 'preparing') && !startedOnce;
}

/** Whether a change of a job manager lets the rest of its job through (the dispatcher then
 *  schedules at once). */
export function releasesItsJob(after: TaskRecord, before: TaskRecord | undefined): boolean {
  return after.jobManager !== undefined && holdsBackItsJob(before) && !holdsBackItsJob(after);
}

/** Slots a task holds on its node for scheduling: an exclusive job manager the whole node
 *  (`nodeSlots`), any other task its requiredSlots. */
export function slotsHeld(t: Pick<TaskRecord, 'requiredSlots' | 'jobManager'>, nodeSlots: number): number {
  return t.jobManager?.runExclusive ? Math.max(nodeSlots, t.requiredSlots) : t.requiredSlots;
}

/** A dispatched attempt that holds more slots than its requiredSlots says so in its record, so
 *  that a restarted coordinator rebuilds the node's usage as it was (ClusterState.index). */
export function withHeldSlots<T extends TaskRecord>(t: T, slots: number): T {
  return slots === t.requiredSlots ? t : { ...t, exec: { ...t.exec, heldSlots: slots } };
}

/** Whether the task's completion terminates its job: a job manager with killJobOnCompletion
 *  (Azure Batch: "when the Job Manager Task completes, the Batch service marks the Job as
 *  complete. If any Tasks are still running at this time (other than Job Release), those Tasks
 *  are terminated"), whatever its result, while the job can still be terminated. */
export function completionEndsJob(t: TaskRecord, job: JobRecord | undefined): boolean {
  if (t.state !== 'completed' || !t.jobManager?.killJobOnCompletion || !job) return false;
  if (jobManagerId(job) !== t.id) return false;
  return job.state === 'active' || job.state === 'disabling' || job.state === 'disabled' || job.state === 'enabling';
}
