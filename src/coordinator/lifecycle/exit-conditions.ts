// Which of a completed task's exit conditions applies, and so what its completion does to its job
// and to the tasks that depend on it (Azure Batch's exitConditions). Pure.
//
// Azure Batch's order: an exit code listed in exitCodes, then one inside exitCodeRanges (a
// listed exit code wins over a later file upload error), then preProcessingError for a task that
// could not start, fileUploadError for one whose output files could not be uploaded, then
// `default` for every other failure. Options left unset take the defaults: jobAction none and
// dependencyAction satisfy for a task that succeeded, terminate and block for one that failed.
import type { JobRecord, TaskIn, TaskRecord } from '../../protocol/records/records.ts';
import type { DependencyAction, ExitOptionsRecord, JobAction } from '../../protocol/records/dependency-records.ts';

/** The failure codes of a task that could not start (the worker's: its directory, its user,
 *  resource files, application packages, the program itself). */
const PRE_PROCESSING_CODES: ReadonlySet<string> = new Set([
  'ResourceFileDownloadError', 'ApplicationPackageError', 'TaskDirectoryError', 'TaskUserError', 'CommandLaunchFailed',
]);
const FILE_UPLOAD_CODE = 'FileUploadError';

export interface ResolvedExitOptions {
  jobAction: JobAction;
  dependencyAction: DependencyAction;
}

export function exitOptionsOf(t: TaskIn<'completed'>): ResolvedExitOptions {
  const failed = t.exec.result !== 'success';
  const chosen = chosenOptions(t, failed);
  return {
    jobAction: chosen?.jobAction ?? (failed ? 'terminate' : 'none'),
    dependencyAction: chosen?.dependencyAction ?? (failed ? 'block' : 'satisfy'),
  };
}

function chosenOptions(t: TaskIn<'completed'>, failed: boolean): ExitOptionsRecord | undefined {
  const ec = t.exitConditions;
  if (!ec) return undefined;
  const code = t.exec.exitCode;
  if (code !== undefined && code !== null) {
    const listed = ec.exitCodes?.find((c) => c.code === code) ?? ec.exitCodeRanges?.find((r) => r.start <= code && code <= r.end);
    if (listed) return listed.options;
  }
  const failureCode = t.exec.failureInfo?.code;
  if (failureCode !== undefined && PRE_PROCESSING_CODES.has(failureCode)) return ec.preProcessingError ?? ec.default;
  if (failureCode === FILE_UPLOAD_CODE) return ec.fileUploadError ?? ec.default;
  return failed ? ec.default : undefined;
}

/** How a task stands for the tasks that depend on it: not there (deleted, or not added yet),
 *  not completed, or completed in a way that satisfies or blocks them. */
export type DependencyEdgeStatus = 'waiting' | 'satisfied' | 'blocked' | 'missing';

export function edgeStatusOf(parent: TaskRecord | undefined): DependencyEdgeStatus {
  if (!parent) return 'missing';
  if (parent.state !== 'completed') return 'waiting';
  return exitOptionsOf(parent).dependencyAction === 'satisfy' ? 'satisfied' : 'blocked';
}

/** The job action to take now that `t` completed, in a job whose onTaskFailure is `policy`: only
 *  a failure acts, and only when the job asked for exit options' actions. */
export function jobActionOnCompletion(t: TaskIn<'completed'>, policy: string | undefined): Exclude<JobAction, 'none'> | undefined {
  if (policy !== 'performexitoptionsjobaction' || t.exec.result === 'success') return undefined;
  const action = exitOptionsOf(t).jobAction;
  return action === 'none' ? undefined : action;
}

/** A task as it is stored on completing: with the job action it asks of its job, if any, which
 *  task-failure-actions.ts takes (stored in the same write, so a coordinator that dies before
 *  taking it leaves it for the next). */
export function withPendingJobAction(t: TaskIn<'completed'>, job: Pick<JobRecord, 'onTaskFailure'> | undefined): TaskIn<'completed'> {
  const action = jobActionOnCompletion(t, job?.onTaskFailure);
  return action ? { ...t, pendingJobAction: action } : t;
}
