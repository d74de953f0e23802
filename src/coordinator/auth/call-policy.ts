// Who may make which call: every method of the leader services (Batch, JobSchedules, Storage, Terminal,
// Scheduling, NodeControl, AutoScale, PoolScaling), with the access it
// needs and, for the calls about one job, where the job id is in the request (a submitter may
// touch only jobs of its own name). A method missing here is refused to everyone (the check in
// authorize.ts), so a new call cannot be open by accident; a unit test holds the table against
// the proto's services.
import type { Role } from './tokens.ts';

/** What a call needs:
 *   read      any role (a submitter: only its own jobs, where the call names one)
 *   read-all  reads that show every job at once (node files: all tasks' directories): admin, reader
 *   submit    admin, submitter (a submitter: only its own jobs, where the call names one)
 *   admin     admin only
 *   any       any valid token, whatever its role (WhoAmI) */
export type Access = 'read' | 'read-all' | 'submit' | 'admin' | 'any';

export interface CallPolicy {
  access: Access;
  /** The job the call is about, from its request (unary and server-streaming calls). */
  job?: (request: Record<string, unknown>) => string | undefined;
  /** The job schedule the call is about (a submitter may touch only its own, as with jobs). */
  jobSchedule?: (request: Record<string, unknown>) => string | undefined;
}

const jobId = (r: Record<string, unknown>) => (typeof r.jobId === 'string' && r.jobId !== '' ? r.jobId : undefined);
const jobScheduleId = (r: Record<string, unknown>) => (typeof r.jobScheduleId === 'string' && r.jobScheduleId !== '' ? r.jobScheduleId : undefined);

export const CALL_POLICIES: Readonly<Record<string, CallPolicy>> = {
  // Batch: pools and nodes
  'troupe.v1.Batch/CreatePool': { access: 'admin' },
  'troupe.v1.Batch/GetPool': { access: 'read' },
  'troupe.v1.Batch/ListPools': { access: 'read' },
  'troupe.v1.Batch/DeletePool': { access: 'admin' },
  'troupe.v1.Batch/PatchPool': { access: 'admin' },
  'troupe.v1.Batch/ListNodes': { access: 'read' },
  'troupe.v1.Batch/GetNode': { access: 'read' },
  'troupe.v1.Batch/DisableNodeScheduling': { access: 'admin' },
  'troupe.v1.Batch/EnableNodeScheduling': { access: 'admin' },
  // jobs
  'troupe.v1.Batch/CreateJob': { access: 'submit' },
  'troupe.v1.Batch/GetJob': { access: 'read', job: jobId },
  // A submitter's list holds its own jobs only (api-server.ts).
  'troupe.v1.Batch/ListJobs': { access: 'read' },
  'troupe.v1.Batch/TerminateJob': { access: 'submit', job: jobId },
  'troupe.v1.Batch/DisableJob': { access: 'submit', job: jobId },
  'troupe.v1.Batch/EnableJob': { access: 'submit', job: jobId },
  'troupe.v1.Batch/DeleteJob': { access: 'submit', job: jobId },
  'troupe.v1.Batch/PatchJob': { access: 'submit', job: jobId },
  'troupe.v1.Batch/GetTaskCounts': { access: 'read', job: jobId },
  'troupe.v1.Batch/GetJobStatistics': { access: 'read', job: jobId },
  'troupe.v1.Batch/ListPreparationAndReleaseTaskStatus': { access: 'read', job: jobId },
  // job schedules: as jobs (a submitter's list holds its own schedules only, api-job-schedules.ts)
  'troupe.v1.JobSchedules/CreateJobSchedule': { access: 'submit' },
  'troupe.v1.JobSchedules/GetJobSchedule': { access: 'read', jobSchedule: jobScheduleId },
  'troupe.v1.JobSchedules/ListJobSchedules': { access: 'read' },
  'troupe.v1.JobSchedules/PatchJobSchedule': { access: 'submit', jobSchedule: jobScheduleId },
  'troupe.v1.JobSchedules/DisableJobSchedule': { access: 'submit', jobSchedule: jobScheduleId },
  'troupe.v1.JobSchedules/EnableJobSchedule': { access: 'submit', jobSchedule: jobScheduleId },
  'troupe.v1.JobSchedules/TerminateJobSchedule': { access: 'submit', jobSchedule: jobScheduleId },
  'troupe.v1.JobSchedules/DeleteJobSchedule': { access: 'submit', jobSchedule: jobScheduleId },
  // tasks
  'troupe.v1.Batch/AddTask': { access: 'submit', job: jobId },
  'troupe.v1.Batch/AddTaskCollection': { access: 'submit', job: jobId },
  'troupe.v1.Batch/GetTask': { access: 'read', job: jobId },
  'troupe.v1.Batch/ListTasks': { access: 'read', job: jobId },
  'troupe.v1.Batch/TerminateTask': { access: 'submit', job: jobId },
  'troupe.v1.Batch/ReactivateTask': { access: 'submit', job: jobId },
  'troupe.v1.Batch/DeleteTask': { access: 'submit', job: jobId },
  'troupe.v1.Batch/UpdateTask': { access: 'submit', job: jobId },
  'troupe.v1.Batch/GetTaskOutput': { access: 'read', job: jobId },
  'troupe.v1.Batch/ListSubtasks': { access: 'read', job: jobId },
  // A submitter watches one job of its own (api-server.ts checks the rest).
  'troupe.v1.Batch/Watch': { access: 'read', job: jobId },
  'troupe.v1.Batch/ListTaskFiles': { access: 'read', job: jobId },
  'troupe.v1.Batch/GetTaskFile': { access: 'read', job: jobId },
  'troupe.v1.Batch/ListNodeFiles': { access: 'read-all' },
  'troupe.v1.Batch/GetNodeFile': { access: 'read-all' },
  // tokens
  'troupe.v1.Batch/CreateToken': { access: 'admin' },
  'troupe.v1.Batch/ListTokens': { access: 'admin' },
  'troupe.v1.Batch/RevokeToken': { access: 'admin' },
  'troupe.v1.Batch/WhoAmI': { access: 'any' },
  // Storage: files are shared by every submitter (as an Azure storage container is); application
  // packages are installed on nodes for every job, so only admins change them.
  'troupe.v1.Storage/UploadFile': { access: 'submit' },
  'troupe.v1.Storage/DownloadFile': { access: 'read' },
  'troupe.v1.Storage/ListFiles': { access: 'read' },
  'troupe.v1.Storage/DeleteFile': { access: 'submit' },
  'troupe.v1.Storage/UploadApplicationPackage': { access: 'admin' },
  'troupe.v1.Storage/ListApplicationPackages': { access: 'read' },
  'troupe.v1.Storage/GetApplicationPackage': { access: 'read' },
  'troupe.v1.Storage/DeleteApplicationPackage': { access: 'admin' },
  // Terminal: commands run as the task's user, so submit; the job is in the first stream message,
  // checked by the handler (api-terminal.ts, authorizeStreamJob) before anything reaches a node.
  'troupe.v1.Terminal/Exec': { access: 'submit' },
  'troupe.v1.Terminal/Attach': { access: 'submit' },
  // Scheduling: reads about one task of a job.
  'troupe.v1.Scheduling/ExplainTask': { access: 'read', job: jobId },
  // NodeControl: operators' actions on nodes, as node scheduling in Batch.
  'troupe.v1.NodeControl/PreemptNode': { access: 'admin' },
  // PoolScaling: changing what a pool has is an administrator's; counts are reads.
  'troupe.v1.PoolScaling/ResizePool': { access: 'admin' },
  'troupe.v1.PoolScaling/StopPoolResize': { access: 'admin' },
  'troupe.v1.PoolScaling/RemoveNodes': { access: 'admin' },
  'troupe.v1.PoolScaling/RebootNode': { access: 'admin' },
  'troupe.v1.PoolScaling/GetPoolNodeCounts': { access: 'read' },
  // AutoScale: a formula decides how many nodes a pool has, as creating it does: admin. A dry
  // run shows the pool's demand of every job: admin too.
  'troupe.v1.AutoScale/EnableAutoScale': { access: 'admin' },
  'troupe.v1.AutoScale/DisableAutoScale': { access: 'admin' },
  'troupe.v1.AutoScale/EvaluateAutoScale': { access: 'admin' },
};

const ALLOWED: Record<Access, readonly Role[]> = {
  any: ['admin', 'submitter', 'reader'],
  read: ['admin', 'submitter', 'reader'],
  'read-all': ['admin', 'reader'],
  submit: ['admin', 'submitter'],
  admin: ['admin'],
};

export const roleMay = (role: Role, access: Access): boolean => ALLOWED[access].includes(role);

/** Whether a call changes state (and is audited). */
export const changesState = (access: Access): boolean => access === 'submit' || access === 'admin';

/** A role that sees every job (admin, reader), or only the jobs of its own name (submitter). */
export const seesAllJobs = (role: Role): boolean => role !== 'submitter';
