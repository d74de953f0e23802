// Node task records -> the API's messages (start task, job preparation/release tasks, their
// execution information on a node).
import { taskFilesToApi } from './file-mapping.ts';
import { userIdentityToApi } from './user-mapping.ts';
import type { JobPreparationTask } from '../../protocol/generated/troupe/v1/JobPreparationTask.ts';
import type { JobReleaseTask } from '../../protocol/generated/troupe/v1/JobReleaseTask.ts';
import type { NodeTaskExecutionInformation } from '../../protocol/generated/troupe/v1/NodeTaskExecutionInformation.ts';
import type { StartTask } from '../../protocol/generated/troupe/v1/StartTask.ts';
import type { JobPreparationTaskRecord, JobReleaseTaskRecord, NodeTaskInfo, StartTaskRecord } from '../../protocol/records/node-task-records.ts';
import { formatDuration } from '../../protocol/duration.ts';
import type { JobNodeTasksRecord } from '../../protocol/records/node-task-records.ts';
import type { JobRecord } from '../../protocol/records/records.ts';
import type { ListPreparationAndReleaseTaskStatusResponse } from '../../protocol/generated/troupe/v1/ListPreparationAndReleaseTaskStatusResponse.ts';

export function startTaskToApi(s: StartTaskRecord | undefined): StartTask | null {
  if (!s) return null;
  return {
    commandLine: s.commandLine, commandArgs: s.argv, environmentSettings: s.environmentSettings,
    waitForSuccess: s.waitForSuccess, maxTaskRetryCount: s.maxTaskRetryCount,
    resourceFiles: taskFilesToApi(s).resourceFiles,
    userIdentity: userIdentityToApi(s.userIdentity),
  };
}

export function jobPreparationTaskToApi(p: JobPreparationTaskRecord | undefined): JobPreparationTask | null {
  if (!p) return null;
  return {
    id: p.id, commandLine: p.commandLine, commandArgs: p.argv, environmentSettings: p.environmentSettings,
    waitForSuccess: p.waitForSuccess, maxTaskRetryCount: p.maxTaskRetryCount,
    maxWallClockTime: p.maxWallClockTimeMs === undefined ? '' : formatDuration(p.maxWallClockTimeMs),
    resourceFiles: taskFilesToApi(p).resourceFiles,
    userIdentity: userIdentityToApi(p.userIdentity),
  };
}

export function jobReleaseTaskToApi(r: JobReleaseTaskRecord | undefined): JobReleaseTask | null {
  if (!r) return null;
  return {
    id: r.id, commandLine: r.commandLine, commandArgs: r.argv, environmentSettings: r.environmentSettings,
    maxWallClockTime: formatDuration(r.maxWallClockTimeMs),
    resourceFiles: taskFilesToApi(r).resourceFiles,
    userIdentity: userIdentityToApi(r.userIdentity),
  };
}

export function nodeTaskInfoToApi(i: NodeTaskInfo | undefined, taskRootDirectory?: string): (NodeTaskExecutionInformation & { lastRetryTime?: string }) | null {
  if (!i) return null;
  return {
    state: i.state,
    startTime: i.startTime,
    endTime: i.endTime ?? '',
    ...(i.exitCode !== undefined && i.exitCode !== null ? { exitCode: i.exitCode } : {}),
    result: i.result ?? '',
    retryCount: i.retryCount,
    failureInfo: i.failureInfo ?? null,
    ...(taskRootDirectory !== undefined ? { taskRootDirectory } : {}),
    lastRetryTime: i.lastRetryTime ?? '',
  };
}

export function preparationStatusToApi(
  s: { records: JobNodeTasksRecord[]; preparationFailed: number; preparationSucceeded: number },
  job: JobRecord,
): ListPreparationAndReleaseTaskStatusResponse {
  const dir = (name: string) => `workitems/${job.id}/job-1/${name}`;
  return {
    value: s.records.map((r) => ({
      poolId: r.poolId,
      nodeId: r.nodeId,
      jobPreparationTaskExecutionInfo: nodeTaskInfoToApi(r.preparation, dir('jobpreparation')),
      jobReleaseTaskExecutionInfo: nodeTaskInfoToApi(r.release, dir('jobrelease')),
    })),
    preparationFailedNodes: s.preparationFailed,
    preparationSucceededNodes: s.preparationSucceeded,
  };
}
