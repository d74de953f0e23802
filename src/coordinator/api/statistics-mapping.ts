// Resource usage and task statistics as the API shows them: CPU times from microseconds, wall
// and wait times from milliseconds, all as troupe's compact durations ("1s250ms").
import type { ResourceUsage } from '../../protocol/generated/troupe/v1/ResourceUsage.ts';
import type { TaskStatistics } from '../../protocol/generated/troupe/v1/TaskStatistics.ts';
import type { ResourceUsage as UsageRecord, TaskRecord } from '../../protocol/records/records.ts';
import { formatDuration } from '../../protocol/duration.ts';
import { waitTimeMs } from '../lifecycle/task-statistics.ts';

const cpu = (micros: number) => formatDuration(micros / 1000);

export function usageToApi(u: UsageRecord | undefined): ResourceUsage | null {
  return u ? { userCpuTime: cpu(u.userCpuUs), kernelCpuTime: cpu(u.kernelCpuUs), maxRssKib: u.maxRssKib } : null;
}

export function taskStatsToApi(t: TaskRecord): TaskStatistics | null {
  const s = t.stats;
  if (!s) return null;
  const wait = waitTimeMs(t);
  return {
    userCpuTime: cpu(s.userCpuUs),
    kernelCpuTime: cpu(s.kernelCpuUs),
    wallClockTime: formatDuration(s.wallClockMs),
    waitTime: wait === undefined ? '' : formatDuration(wait),
    maxRssKib: s.maxRssKib,
  };
}
