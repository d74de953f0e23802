// What a job-scoped credential may do (the token a job manager, or a task with
// authenticationTokenSettings access ['job'], finds in its environment). Azure Batch: access
// 'job' "grants access to all operations related to the Job which contains the Task". troupe
// reads that as the reads and task calls of that one job, terminating it, and WhoAmI; anything
// else (pools, nodes, other jobs, tokens, files, creating or deleting jobs) is PERMISSION_DENIED
// naming the call and the scope. The credential stops working when its job completes or is
// deleted (checked here at every call, and its token is revoked then: job-credentials.ts).
import { PermissionDeniedError, UnauthenticatedError } from '../../protocol/errors.ts';
import type { CallPolicy } from './call-policy.ts';

/** The methods (of troupe.v1.Batch) a job-scoped credential may call, each about its own job. */
export const JOB_SCOPED_CALLS: ReadonlySet<string> = new Set([
  'GetJob', 'GetTaskCounts', 'TerminateJob',
  'AddTask', 'AddTaskCollection', 'GetTask', 'ListTasks', 'TerminateTask', 'ReactivateTask', 'DeleteTask',
  'GetTaskOutput', 'ListSubtasks', 'ListTaskFiles', 'GetTaskFile', 'Watch',
]);

/** Calls about no job that any credential may make. */
const UNSCOPED_CALLS: ReadonlySet<string> = new Set(['WhoAmI']);

/** Throws unless a credential scoped to `scopeJobId` may make the call (`path`: 'troupe.v1.Batch/
 *  AddTask'). `jobState` says whether the job still exists and in which state. */
export function checkJobScope(
  path: string, policy: CallPolicy | undefined, request: Record<string, unknown> | undefined, scopeJobId: string,
  jobState: (jobId: string) => string | undefined,
): void {
  const state = jobState(scopeJobId);
  if (state === undefined || state === 'deleting') throw new UnauthenticatedError(`the token is not valid: its job '${scopeJobId}' was deleted`);
  if (state === 'completed') throw new UnauthenticatedError(`the token is not valid: its job '${scopeJobId}' has completed`);
  const [service, method] = path.split('/') as [string, string];
  if (service === 'troupe.v1.Batch' && UNSCOPED_CALLS.has(method)) return;
  if (service !== 'troupe.v1.Batch' || !JOB_SCOPED_CALLS.has(method)) {
    throw new PermissionDeniedError(`${method} is not allowed for a token scoped to job '${scopeJobId}' (it may only read and change that job and its tasks)`);
  }
  const jobId = request ? policy?.job?.(request) : undefined;
  if (jobId === undefined) throw new PermissionDeniedError(`${method} without a jobId is not allowed for a token scoped to job '${scopeJobId}'`);
  if (jobId !== scopeJobId) throw new PermissionDeniedError(`${method}: job '${jobId}' is outside this token's scope (job '${scopeJobId}')`);
  // Nodes are outside a job's scope too (GetNode and ListNodes are refused).
  if (method === 'Watch' && request?.includeNodes === true) throw new PermissionDeniedError(`Watch with includeNodes is not allowed for a token scoped to job '${scopeJobId}'`);
}
