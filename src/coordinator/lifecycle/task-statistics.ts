// A task's resource usage, as pure functions over its records: what an attempt used (a single
// task's process, or a gang's instances summed) and the task's totals over its attempts, Azure
// Batch's TaskStatistics. Kept as the attempts end, so nothing is added up at read time.
import type { ResourceUsage, SubtaskExecution, TaskRecord, TaskStatsRecord } from '../../protocol/records/records.ts';
import { sumUsage } from '../../protocol/records/resource-usage.ts';

/** A gang's attempt: what its instances reported (the primary's always, its exit ends it). */
export function gangUsage(subtasks: SubtaskExecution[] | undefined): ResourceUsage | undefined {
  return sumUsage((subtasks ?? []).map((s) => s.usage));
}

/** The task's totals once an attempt that ran from `startTime` to `endTime` ended with `usage`. */
export function withAttempt(stats: TaskStatsRecord | undefined, startTime: string | undefined, endTime: string, usage: ResourceUsage | undefined): TaskStatsRecord | undefined {
  const wallMs = startTime ? Math.max(0, Date.parse(endTime) - Date.parse(startTime)) : 0;
  if (!usage && !wallMs) return stats;
  const base = stats ?? { userCpuUs: 0, kernelCpuUs: 0, maxRssKib: 0, wallClockMs: 0 };
  return {
    userCpuUs: base.userCpuUs + (usage?.userCpuUs ?? 0),
    kernelCpuUs: base.kernelCpuUs + (usage?.kernelCpuUs ?? 0),
    maxRssKib: Math.max(base.maxRssKib, usage?.maxRssKib ?? 0),
    wallClockMs: base.wallClockMs + (Number.isFinite(wallMs) ? wallMs : 0),
  };
}

/** Azure's waitTime: from the task's creation to the start of its most recent attempt. */
export function waitTimeMs(t: TaskRecord): number | undefined {
  if (!t.exec.startTime) return undefined;
  const ms = Date.parse(t.exec.startTime) - Date.parse(t.creationTime);
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}
