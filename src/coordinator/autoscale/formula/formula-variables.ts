// The names a formula may read without setting them first: Azure Batch's service-defined
// variables, troupe's slot-aware and runnable-demand ones, and the TimeInterval_* constants;
// and the three it may set. Which of the sampled ones troupe measures is the sampler's business
// (samples/pool-metrics.ts): one it does not measure has no samples.
import type { ValueType } from './formula-values.ts';
import type { NodeDeallocationOption } from '../../../protocol/records/node-deallocation.ts';

/** Sampled read-only variables (their value now, and their history through GetSample). */
export const SAMPLED_VARIABLES = [
  // Tasks (Azure Batch): active = waiting, running, pending = active + running.
  '$ActiveTasks', '$RunningTasks', '$PendingTasks', '$SucceededTasks', '$FailedTasks',
  // troupe: the same in slots (a task needing 4 slots counts 4), and the demand that can run now:
  // active tasks not blocked by dependencies and small enough for a node of the pool.
  '$ActiveTaskSlots', '$RunningTaskSlots', '$PendingTaskSlots', '$RunnableTasks', '$RunnableTaskSlots',
  // Nodes.
  '$CurrentDedicatedNodes', '$CurrentLowPriorityNodes', '$PreemptedNodeCount', '$SampleNodeCount', '$TaskSlotsPerNode',
  // Resources (Azure Batch measures them on its VMs; troupe does not, yet).
  '$CPUPercent', '$WallClockSeconds', '$MemoryBytes', '$DiskBytes', '$DiskReadBytes', '$DiskWriteBytes',
  '$DiskReadOps', '$DiskWriteOps', '$NetworkInBytes', '$NetworkOutBytes',
] as const;
export type SampledVariable = (typeof SAMPLED_VARIABLES)[number];

const SAMPLED = new Set<string>(SAMPLED_VARIABLES);
export function isSampledVariable(name: string): name is SampledVariable {
  return SAMPLED.has(name);
}

/** The variables a formula sets (and may read: they start as the pool's current targets). */
export const SETTABLE_VARIABLES: Record<string, ValueType> = {
  $TargetDedicatedNodes: 'double',
  $TargetLowPriorityNodes: 'double',
  $NodeDeallocationOption: 'string',
};

export const NODE_DEALLOCATION_OPTIONS: readonly NodeDeallocationOption[] = ['requeue', 'terminate', 'taskcompletion', 'retaineddata'];

/** TimeInterval_* constants, in milliseconds (Azure Batch's; 100ns and microsecond are below
 *  troupe's clock and kept for formulas that name them). */
export const TIME_INTERVALS: Record<string, number> = {
  TimeInterval_Zero: 0,
  TimeInterval_100ns: 0.0001,
  TimeInterval_Microsecond: 0.001,
  TimeInterval_Millisecond: 1,
  TimeInterval_Second: 1000,
  TimeInterval_Minute: 60_000,
  TimeInterval_Hour: 3_600_000,
  TimeInterval_Day: 86_400_000,
  TimeInterval_Week: 7 * 86_400_000,
  TimeInterval_Year: 365 * 86_400_000,
};

/** The type of a name no statement set, or undefined if the formula cannot read it. */
export function predefinedType(name: string): ValueType | undefined {
  if (isSampledVariable(name)) return 'sample';
  if (name in TIME_INTERVALS) return 'timeinterval';
  return SETTABLE_VARIABLES[name];
}
