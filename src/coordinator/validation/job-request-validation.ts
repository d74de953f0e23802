// CreateJob's job validated whole: the job's own fields (validation.ts), its preparation and
// release tasks, and their user identities against the pool. A job schedule's jobSpecification
// goes through the same function (job-schedule-validation.ts), so whatever a job takes, a
// schedule's jobs take, checked the same way: add new job fields here, not in the handler.
import type { Job__Output } from '../../protocol/generated/troupe/v1/Job.ts';
import type { JobRecord, PoolRecord } from '../../protocol/records/records.ts';
import type { TaskSpecRecord } from '../../protocol/records/records.ts';
import type { TroupeError } from '../../protocol/errors.ts';
import { validateJob, type ValidatedJob } from './validation.ts';
import { validateJobTasks } from './job-manager-validation.ts';
import { checkIdentityOnPool } from './user-validation.ts';

export type ValidatedJobRequest = ValidatedJob & Pick<JobRecord, 'jobPreparationTask' | 'jobReleaseTask' | 'jobManagerTask'>;

/** Why a task cannot run in the job's pool (TaskOperations.refusal), for its job manager task. */
export type TaskRefusal = (job: Pick<JobRecord, 'poolId'>, task: TaskSpecRecord, field: string) => TroupeError | undefined;

/** Field names in errors begin with "job." (CreateJob's request). A pool that does not exist is
 *  not this function's to refuse (the operation says NOT_FOUND). */
export function validateJobRequest(job: Job__Output | null | undefined, poolOf: (poolId: string) => PoolRecord | undefined, refusal?: TaskRefusal): ValidatedJobRequest {
  const spec = validateJob(job);
  const jobTasks = validateJobTasks(job);
  const { jobPreparationTask, jobReleaseTask, jobManagerTask } = jobTasks;
  const pool = poolOf(spec.poolId);
  const unfit = checkIdentityOnPool(jobPreparationTask?.userIdentity, spec.poolId, pool, 'job.jobPreparationTask.userIdentity')
    ?? checkIdentityOnPool(jobReleaseTask?.userIdentity, spec.poolId, pool, 'job.jobReleaseTask.userIdentity')
    ?? (jobManagerTask && refusal ? refusal(spec, jobManagerTask.task, 'job.jobManagerTask') : undefined);
  if (unfit && pool) throw unfit; // no pool: the operation says NOT_FOUND
  return { ...spec, ...jobTasks };
}
