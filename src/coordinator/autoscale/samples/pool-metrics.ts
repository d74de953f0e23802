// The values now of the sampled variables troupe measures for each pool, read from the live
// indexes (the job books' kept counts and the node table), never by visiting tasks: its cost
// grows with the jobs and nodes, not with their tasks.
import type { JobRecord, NodeRecord, PoolRecord } from '../../../protocol/records/records.ts';
import type { JobBook } from '../../state/job-book.ts';
import type { SampledVariable } from '../formula/formula-variables.ts';

/** The variables troupe measures (the others of SAMPLED_VARIABLES have no samples). */
export const MEASURED_VARIABLES = [
  '$ActiveTasks', '$RunningTasks', '$PendingTasks', '$SucceededTasks', '$FailedTasks',
  '$ActiveTaskSlots', '$RunningTaskSlots', '$PendingTaskSlots', '$RunnableTasks', '$RunnableTaskSlots',
  '$CurrentDedicatedNodes', '$CurrentLowPriorityNodes', '$PreemptedNodeCount', '$SampleNodeCount', '$TaskSlotsPerNode',
] as const satisfies readonly SampledVariable[];
export type MeasuredVariable = (typeof MEASURED_VARIABLES)[number];

export type PoolMetrics = Record<MeasuredVariable, number>;

/** Node states in which a node is not (or no longer) part of the pool's capacity. */
const GONE_STATES = new Set<string>(['offline', 'leavingpool', 'preempted']);

/** What the metrics are read from: the part of ClusterState they need (tests and the benchmark
 *  give in-memory tables). */
export interface MetricsSource {
  pools: { rows: ReadonlyMap<string, { value: PoolRecord }> };
  jobs: { rows: ReadonlyMap<string, { value: JobRecord }> };
  nodes: { rows: ReadonlyMap<string, { value: NodeRecord }> };
  books: ReadonlyMap<string, Pick<JobBook, 'counts' | 'slotCounts' | 'queuedBySlots'>>;
}

/** Every pool's values now, in one pass over the jobs and one over the nodes. */
export function measurePools(state: MetricsSource): Map<string, PoolMetrics> {
  const out = new Map<string, PoolMetrics>();
  for (const row of state.pools.rows.values()) out.set(row.value.id, emptyMetrics(row.value.taskSlotsPerNode));
  for (const row of state.jobs.rows.values()) {
    const job = row.value;
    const m = out.get(job.poolId);
    const book = state.books.get(job.id);
    if (!m || !book) continue;
    m.$ActiveTasks += book.counts.active;
    m.$RunningTasks += book.counts.running;
    m.$SucceededTasks += book.counts.succeeded;
    m.$FailedTasks += book.counts.failed;
    m.$ActiveTaskSlots += book.slotCounts.active;
    m.$RunningTaskSlots += book.slotCounts.running;
    // Runnable: queued (not held by dependencies), of a job that schedules (not disabled, not
    // terminating), and small enough for a node of this pool.
    if (job.state !== 'active') continue;
    for (const [perNode, queued] of book.queuedBySlots) {
      if (perNode > m.$TaskSlotsPerNode) continue;
      m.$RunnableTasks += queued.tasks;
      m.$RunnableTaskSlots += queued.slots;
    }
  }
  for (const row of state.nodes.rows.values()) {
    const node = row.value;
    const m = out.get(node.poolId);
    if (!m) continue;
    if ((node.state as string) === 'preempted') m.$PreemptedNodeCount++;
    if (GONE_STATES.has(node.state)) continue;
    if (node.isDedicated === false) m.$CurrentLowPriorityNodes++;
    else m.$CurrentDedicatedNodes++;
  }
  for (const m of out.values()) {
    m.$PendingTasks = m.$ActiveTasks + m.$RunningTasks;
    m.$PendingTaskSlots = m.$ActiveTaskSlots + m.$RunningTaskSlots;
    m.$SampleNodeCount = m.$CurrentDedicatedNodes + m.$CurrentLowPriorityNodes;
  }
  return out;
}

function emptyMetrics(slotsPerNode: number): PoolMetrics {
  return {
    $ActiveTasks: 0, $RunningTasks: 0, $PendingTasks: 0, $SucceededTasks: 0, $FailedTasks: 0,
    $ActiveTaskSlots: 0, $RunningTaskSlots: 0, $PendingTaskSlots: 0, $RunnableTasks: 0, $RunnableTaskSlots: 0,
    $CurrentDedicatedNodes: 0, $CurrentLowPriorityNodes: 0, $PreemptedNodeCount: 0, $SampleNodeCount: 0, $TaskSlotsPerNode: slotsPerNode,
  };
}
