// Validation of a job's job manager task (Azure Batch's JobManagerTask), and of the tasks a job
// specification carries (preparation, release, job manager) together: what CreateJob checks, and
// what a job schedule's jobSpecification checks the same way.
//
// Azure Batch's rules (JobManagerTask, Batch REST API and SDK reference):
// - id is required: "A string that uniquely identifies the Job Manager Task within the Job. The
//   ID can contain any combination of alphanumeric characters including hyphens and underscores
//   and cannot contain more than 64 characters."
// - commandLine is required, not run under a shell.
// - killJobOnCompletion: "If true, when the Job Manager Task completes, the Batch service marks
//   the Job as complete. If any Tasks are still running at this time (other than Job Release),
//   those Tasks are terminated. [...] The default value is true."
// - runExclusive: "If true, no other Tasks will run on the same Node for as long as the Job
//   Manager is running. [...] The default value is true."
// - allowLowPriorityNode: "Whether the Job Manager Task may run on a Spot/Low-priority Compute
//   Node. The default value is true."
// - requiredSlots: "The number of scheduling slots that the Task requires to run. The default
//   is 1."
// - authenticationTokenSettings.access: "Currently the only supported value for the access
//   property is 'job', which grants access to all operations related to the Job which contains
//   the Task." troupe gives a job manager access 'job' by default (issue 12: it adds tasks to
//   its own job); an empty access list opts out.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import type { JobPreparationTaskRecord, JobReleaseTaskRecord } from '../../protocol/records/node-task-records.ts';
import type { JobManagerTaskRecord } from '../../protocol/records/records.ts';
import type { TaskSpec__Output } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import { validateJobPreparationTask, validateJobReleaseTask } from './node-task-validation.ts';
import { validateAuthenticationTokenSettings } from './token-settings-validation.ts';
import { validateTaskSpec } from './validation.ts';

type Untyped = Record<string, unknown>;

function flag(value: unknown, field: string, dflt: boolean): boolean {
  if (value === undefined || value === null) return dflt;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(field, 'must be true or false');
  return value;
}

export function validateJobManagerTask(value: unknown, field = 'job.jobManagerTask'): JobManagerTaskRecord | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(field, 'must be an object');
  const m = value as Untyped;
  if (m.id === undefined || m.id === null || m.id === '') throw new InvalidArgumentError(`${field}.id`, 'is required (the job manager task\'s id in its job)');
  const args = m.commandArgs;
  if ((m.commandLine === undefined || m.commandLine === null || m.commandLine === '') && !(Array.isArray(args) && args.length > 0)) {
    throw new InvalidArgumentError(`${field}.commandLine`, 'is required (or commandArgs)');
  }
  // The same rules as a task's for every field they share (a job manager is a task of its job);
  // it has no multiInstanceSettings, and its token settings have their own default below.
  const task = validateTaskSpec({ ...m, multiInstanceSettings: null, authenticationTokenSettings: null } as unknown as TaskSpec__Output, field);
  const token = validateAuthenticationTokenSettings(m.authenticationTokenSettings, `${field}.authenticationTokenSettings`) ?? { access: ['job'] };
  return {
    task: { ...task, ...(token.access.length > 0 ? { authenticationTokenSettings: token } : {}) },
    killJobOnCompletion: flag(m.killJobOnCompletion, `${field}.killJobOnCompletion`, true),
    runExclusive: flag(m.runExclusive, `${field}.runExclusive`, true),
    allowLowPriorityNode: flag(m.allowLowPriorityNode, `${field}.allowLowPriorityNode`, true),
  };
}

export interface JobTasks {
  jobPreparationTask?: JobPreparationTaskRecord;
  jobReleaseTask?: JobReleaseTaskRecord;
  jobManagerTask?: JobManagerTaskRecord;
}

/** The preparation, release and job manager tasks of a job (or a job schedule's job
 *  specification, `field` its path), each validated, with the rule that binds them: three
 *  distinct ids (Azure Batch refuses a task id that is the preparation's or release's). */
export function validateJobTasks(job: unknown, field = 'job'): JobTasks {
  const j = (job ?? {}) as Untyped;
  const jobPreparationTask = validateJobPreparationTask(j.jobPreparationTask, `${field}.jobPreparationTask`);
  const jobReleaseTask = validateJobReleaseTask(j.jobReleaseTask, `${field}.jobReleaseTask`);
  const jobManagerTask = validateJobManagerTask(j.jobManagerTask, `${field}.jobManagerTask`);
  const id = jobManagerTask?.task.id;
  if (id !== undefined && jobPreparationTask && id === jobPreparationTask.id) {
    throw new InvalidArgumentError(`${field}.jobManagerTask.id`, `'${id}' is the job preparation task's id: the ids must differ`);
  }
  if (id !== undefined && jobReleaseTask && id === jobReleaseTask.id) {
    throw new InvalidArgumentError(`${field}.jobManagerTask.id`, `'${id}' is the job release task's id: the ids must differ`);
  }
  return {
    ...(jobPreparationTask ? { jobPreparationTask } : {}),
    ...(jobReleaseTask ? { jobReleaseTask } : {}),
    ...(jobManagerTask ? { jobManagerTask } : {}),
  };
}
