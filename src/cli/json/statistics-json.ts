// Resource usage, task statistics and job statistics in the CLI's JSON form (unset = null).
import type { ResourceUsage__Output } from '../../protocol/generated/troupe/v1/ResourceUsage.ts';
import type { TaskStatistics__Output } from '../../protocol/generated/troupe/v1/TaskStatistics.ts';
import type { JobStatistics__Output } from '../../protocol/generated/troupe/v1/JobStatistics.ts';
import { text } from './json-values.ts';

export interface ResourceUsageJson { userCpuTime: string | null; kernelCpuTime: string | null; maxRssKib: number }
export interface TaskStatisticsJson extends ResourceUsageJson { wallClockTime: string | null; waitTime: string | null }

export function resourceUsageJson(u: ResourceUsage__Output | null | undefined): ResourceUsageJson | null {
  return u ? { userCpuTime: text(u.userCpuTime), kernelCpuTime: text(u.kernelCpuTime), maxRssKib: u.maxRssKib ?? 0 } : null;
}

export function taskStatisticsJson(s: TaskStatistics__Output | null | undefined): TaskStatisticsJson | null {
  return s
    ? { userCpuTime: text(s.userCpuTime), kernelCpuTime: text(s.kernelCpuTime), wallClockTime: text(s.wallClockTime), waitTime: text(s.waitTime), maxRssKib: s.maxRssKib ?? 0 }
    : null;
}

export function jobStatisticsJson(s: JobStatistics__Output) {
  const c = s.taskCounts;
  return {
    jobId: s.jobId,
    taskCounts: { active: c?.active ?? 0, running: c?.running ?? 0, completed: c?.completed ?? 0, succeeded: c?.succeeded ?? 0, failed: c?.failed ?? 0 },
    numSucceededTasks: s.numSucceededTasks,
    numFailedTasks: s.numFailedTasks,
    numTaskRetries: s.numTaskRetries,
    numTaskRequeues: s.numTaskRequeues,
    userCpuTime: text(s.userCpuTime),
    kernelCpuTime: text(s.kernelCpuTime),
    wallClockTime: text(s.wallClockTime),
    waitTime: text(s.waitTime),
    minTaskDuration: text(s.minTaskDuration),
    avgTaskDuration: text(s.avgTaskDuration),
    maxTaskDuration: text(s.maxTaskDuration),
    maxRssKib: s.maxRssKib,
    startTime: text(s.startTime),
    lastUpdateTime: text(s.lastUpdateTime),
  };
}
