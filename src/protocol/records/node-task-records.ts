// Records of the tasks that prepare nodes (issue 4): the pool's start task, a job's preparation
// and release tasks, and what one run of such a task did on a node (Azure Batch's
// StartTaskInformation / JobPreparationTaskExecutionInformation / JobReleaseTask...).
import type { EnvSetting, FailureInfo } from './run-records.ts';
import type { TaskResult } from './states.ts';
import type { ResourceFileRecord } from './task-files.ts';
import type { UserIdentityRecord } from './user-records.ts';

/** A command run on a node outside any task slot; validated, durations in milliseconds. */
export interface NodeTaskCommand {
  commandLine: string;
  /** Never run through a shell. */
  argv: string[];
  environmentSettings: EnvSetting[];
  /** -1 = unlimited. */
  maxTaskRetryCount: number;
  /** undefined = unlimited. */
  maxWallClockTimeMs?: number;
  /** Fetched into its working directory before it runs (absent = none). */
  resourceFiles?: ResourceFileRecord[];
  /** Absent = the default (auto-user, pool scope, nonadmin). */
  userIdentity?: UserIdentityRecord;
}

export interface StartTaskRecord extends NodeTaskCommand {
  waitForSuccess: boolean;
}

export interface JobPreparationTaskRecord extends NodeTaskCommand {
  id: string;
  waitForSuccess: boolean;
}

export interface JobReleaseTaskRecord extends NodeTaskCommand {
  id: string;
  maxWallClockTimeMs: number;
}

/** One run of a node task on a node (with its retries). */
export interface NodeTaskInfo {
  state: 'running' | 'completed';
  startTime: string;
  endTime?: string;
  exitCode?: number;
  result?: TaskResult;
  retryCount: number;
  failureInfo?: FailureInfo;
  lastRetryTime?: string;
}

/** What a worker reports about the pool's start task in every heartbeat. */
export interface StartTaskStatus {
  waitForSuccess: boolean;
  info: NodeTaskInfo;
}

/** The status of a job's preparation and release tasks on one node, written by that node's
 *  worker into BUCKET_JOB_NODE_TASKS under jobNodeTaskKey(jobId, nodeId). */
export interface JobNodeTasksRecord {
  jobId: string;
  nodeId: string;
  poolId: string;
  /** The worker process that wrote it: a preparation failure blocks the job on this node only
   *  until the worker restarts (a new boot runs the preparation again). */
  bootId: string;
  /** A task of the job was started on this node: the job's release task is due here. */
  ranTasks?: boolean;
  preparation?: NodeTaskInfo;
  release?: NodeTaskInfo;
}

export const DEFAULT_JOB_PREPARATION_ID = 'jobpreparation';
export const DEFAULT_JOB_RELEASE_ID = 'jobrelease';
/** Azure Batch's default and maximum for the release task. */
export const JOB_RELEASE_MAX_WALL_CLOCK_MS = 15 * 60 * 1000;
