// Records of a job's job manager task (Azure Batch's JobManagerTask) and of the job-scoped
// credential a task may ask for (authenticationTokenSettings). The job keeps the job manager as
// it was asked for (records.ts JobManagerTaskRecord); the task it becomes carries the marker below.
/** The only access Azure Batch defines: the calls about the task's own job. */
export type TokenAccess = 'job';

export interface AuthenticationTokenSettingsRecord {
  /** Empty = no credential (a job manager that opted out of troupe's default). */
  access: TokenAccess[];
}

/** What makes a task its job's job manager (kept on the task record). */
export interface JobManagerMarker {
  /** Its completion terminates the job (terminateReason JMComplete). Azure's default: true. */
  killJobOnCompletion: boolean;
  /** It holds every slot of its node while it runs. Azure's default: true. */
  runExclusive: boolean;
  /** Kept for when troupe has low-priority nodes (today every node is dedicated). Default true. */
  allowLowPriorityNode: boolean;
}

/** Azure Batch's terminateReason when the job manager completed with killJobOnCompletion
 *  (JobExecutionInformation.terminateReason: "JMComplete - the Job Manager Task completed, and
 *  killJobOnCompletion was set to true"). */
export const JOB_MANAGER_COMPLETE_REASON = 'JMComplete';

/** Whether a task (or spec) asks for a credential scoped to its job. */
export function wantsJobToken(t: { authenticationTokenSettings?: AuthenticationTokenSettingsRecord }): boolean {
  return t.authenticationTokenSettings?.access.includes('job') === true;
}
