// NATS subjects, stream and bucket names: the addresses of troupe's actors. Ids are restricted to
// [A-Za-z0-9_-] by validation, so they are always single, safe subject tokens.

export const BUCKET_POOLS = 'troupe_pools';
export const BUCKET_JOBS = 'troupe_jobs';
export const BUCKET_TASKS = 'troupe_tasks';
export const BUCKET_NODES = 'troupe_nodes';
/** Job schedules and the runs they made (coordinator/schedules/). */
export const BUCKET_JOB_SCHEDULES = 'troupe_job_schedules';
/** API tokens: their hashes and roles (coordinator/auth/token-store.ts); read by coordinators only. */
export const BUCKET_TOKENS = 'troupe_tokens';
/** The coordinator lease: which coordinator leads (see coordinator/leadership.ts). */
export const BUCKET_COORDINATOR = 'troupe_coordinator';
/** Object stores (storage/object-store.ts): the file store and the application packages. */
export const BUCKET_FILES = 'troupe_files';
export const BUCKET_APPLICATIONS = 'troupe_applications';

/** Worker -> coordinator reports (task started/exited), durable with explicit acks. */
export const STREAM_REPORTS = 'TROUPE_REPORTS';
export const CONSUMER_REPORTS = 'coordinator';
export const reportSubject = (nodeId: string) => `troupe.report.${nodeId}`;
export const REPORT_SUBJECTS = 'troupe.report.>';

/** Worker -> coordinator, fire and forget. */
export const heartbeatSubject = (nodeId: string) => `troupe.node.${nodeId}.heartbeat`;
export const HEARTBEAT_SUBJECTS = 'troupe.node.*.heartbeat';
/** Coordinator -> worker. */
export const dispatchSubject = (nodeId: string) => `troupe.node.${nodeId}.dispatch`;
export const terminateSubject = (nodeId: string) => `troupe.node.${nodeId}.terminate`;
/** Coordinator -> a multi-instance task's primary: run the application command now. */
export const startApplicationSubject = (nodeId: string) => `troupe.node.${nodeId}.start-application`;
/** Coordinator -> worker, request/reply: read a task's output file. */
export const outputSubject = (nodeId: string) => `troupe.node.${nodeId}.output`;
/** Coordinator -> worker, request/reply: a running attempt's maxWallClockTime changed (UpdateTask). */
export const limitsSubject = (nodeId: string) => `troupe.node.${nodeId}.limits`;

export const taskKey = (jobId: string, taskId: string) => `${jobId}.${taskId}`;
export const jobTasksFilter = (jobId: string) => `${jobId}.>`;
/** Coordinator -> worker, request/reply: list or read files of the node (see node-file-messages.ts). */
export const nodeFilesSubject = (nodeId: string) => `troupe.node.${nodeId}.files`;
/** Job preparation/release status per job and node, written by workers (node-task-records.ts). */
export const BUCKET_JOB_NODE_TASKS = 'troupe_job_node_tasks';
export const jobNodeTaskKey = (jobId: string, nodeId: string) => `${jobId}.${nodeId}`;
/** Coordinator -> worker: run the job's release task (the job ended). */
export const jobReleaseSubject = (nodeId: string) => `troupe.node.${nodeId}.jobrelease`;
