// Gathers what explain-task.ts decides from, out of the coordinator's indexes: the same ones the
// dispatcher schedules from (job books, slot usage, the dependency graph, node liveness, the
// nodes a failed job preparation excludes). Reads only; NOT_FOUND for an unknown job or task.
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeLiveness } from '../nodes/node-registry.ts';
import { NotFoundError } from '../../protocol/errors.ts';
import { taskKey } from '../../protocol/nats/subjects.ts';
import { enforcesMemoryLimits } from '../../protocol/records/resource-limits.ts';
import type { JobRecord } from '../../protocol/records/records.ts';
import { holdsBackItsJob, jobManagerId } from '../lifecycle/job-manager.ts';
import type { ExplainedNode, ExplainSnapshot } from './explain-task.ts';

export interface ExplainSources {
  state: ClusterState;
  liveness: NodeLiveness;
  excludedNodes: (jobId: string) => ReadonlySet<string> | undefined;
}

export function explainSnapshot(src: ExplainSources, jobId: string, taskId: string): ExplainSnapshot {
  const { state } = src;
  const job = state.jobs.get(jobId);
  if (!job) throw new NotFoundError('job', jobId);
  const t = state.task(jobId, taskId);
  if (!t) throw new NotFoundError('task', `${jobId}/${taskId}`);
  const pool = state.pools.get(job.poolId);
  const nodes: ExplainedNode[] = [];
  for (const { value: n } of state.nodes.rows.values()) {
    if (n.poolId !== job.poolId) continue;
    nodes.push({
      id: n.id,
      state: state.usage.liveState(n.id, n.state),
      schedulingState: n.schedulingState,
      mayTakeWork: src.liveness.mayTakeWork(n.id),
      totalSlots: n.taskSlots,
      freeSlots: Math.max(0, n.taskSlots - state.usage.usedSlots(n.id)),
      enforcesMemoryLimits: enforcesMemoryLimits(n.resourceLimits),
      ...(n.gpuIds?.length ? { totalGpus: n.gpuIds.length, freeGpus: n.gpuIds.length - state.usage.usedGpus(n.id).size } : {}),
      ...(n.preemptionDeadline !== undefined ? { underPreemptionNotice: true } : {}),
    });
  }
  const jmId = jobManagerId(job);
  const jm = jmId !== undefined && jmId !== taskId ? state.task(jobId, jmId) : undefined;
  const dependencies = state.dependencyState(t);
  const queuePosition = t.state === 'active' ? positionInQueue(state, jobId, taskId) : undefined;
  return {
    task: {
      id: t.id,
      state: t.state,
      ...(t.exec.nodeId ? { nodeId: t.exec.nodeId } : {}),
      ...(t.exec.exitCode !== undefined ? { exitCode: t.exec.exitCode } : {}),
      ...(t.exec.result ? { result: t.exec.result } : {}),
      requiredSlots: t.requiredSlots,
      ...(t.multiInstance ? { instances: t.multiInstance.numberOfInstances, wholeNodes: t.multiInstance.wholeNodes } : {}),
      ...(t.constraints.maxMemoryMib !== undefined ? { needsMemoryLimit: true } : {}),
      ...(t.jobManager?.runExclusive ? { exclusive: true } : {}),
      ...(t.requiredGpus ? { requiredGpus: t.requiredGpus } : {}),
    },
    job: {
      id: job.id,
      state: job.state,
      poolId: job.poolId,
      priority: job.priority,
      maxParallelTasks: job.maxParallelTasks,
      runningTasks: state.usage.placedTasksOfJob(jobId),
    },
    ...(dependencies ? { dependencies } : {}),
    ...(jm && holdsBackItsJob(jm) ? { heldBackByJobManager: jm.id } : {}),
    ...(pool ? { pool: { id: pool.id, taskSlotsPerNode: pool.taskSlotsPerNode } } : {}),
    nodes,
    excludedNodes: [...(src.excludedNodes(jobId) ?? [])],
    ahead: jobsAhead(state, job),
    ...(queuePosition !== undefined ? { queuePosition } : {}),
  };
}

/** Tasks of the job's queue before this one, as the dispatcher reads the queue (a task whose
 *  dispatch is being stored is no longer in it); undefined when it is not queued (held). Linear
 *  in the position: one call, never on the scheduling path. */
function positionInQueue(state: ClusterState, jobId: string, taskId: string): number | undefined {
  const book = state.books.get(jobId);
  if (!book) return undefined;
  let position = 0;
  for (const id of book.queuedTaskIds()) {
    if (id === taskId) return position;
    if (!state.usage.placementOf(taskKey(jobId, id))) position++;
  }
  return undefined;
}

/** Queued tasks of the active jobs of the same pool the scheduler serves before this job
 *  (scheduler.ts jobsInOrder: priority desc, creation asc, id asc). */
function jobsAhead(state: ClusterState, job: JobRecord): { jobs: number; tasks: number } {
  const created = Date.parse(job.creationTime);
  let jobs = 0;
  let tasks = 0;
  for (const { value: other } of state.jobs.rows.values()) {
    if (other.id === job.id || other.poolId !== job.poolId || other.state !== 'active') continue;
    const otherCreated = Date.parse(other.creationTime);
    const first = other.priority > job.priority
      || (other.priority === job.priority && (otherCreated < created || (otherCreated === created && other.id < job.id)));
    if (!first) continue;
    const queued = state.books.get(other.id)?.queuedCount ?? 0;
    if (queued === 0) continue;
    jobs++;
    tasks += queued;
  }
  return { jobs, tasks };
}
