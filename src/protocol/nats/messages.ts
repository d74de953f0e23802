// Messages between the coordinator and the workers. Every task message carries its attempt: the
// fencing token that makes late reports from a lost or requeued attempt harmless.
import type { FailureInfo } from '../records/records.ts';
import type { ResourceUsage } from '../records/run-records.ts';
import type { JobPreparationTaskRecord, JobReleaseTaskRecord, StartTaskStatus } from '../records/node-task-records.ts';
import type { ApplicationPackageRef, OutputFileRecord, ResourceFileRecord } from '../records/task-files.ts';
import type { UserIdentityRecord } from '../records/user-records.ts';

export interface TaskAttemptRef {
  jobId: string;
  taskId: string;
  /** The task's incarnation: a task deleted and added again under the same id is another task,
   *  whose attempts must not be mistaken for the old one's. */
  uid: string;
  attempt: number;
}

/** The key of one incarnation of a task (for de-duplicating its attempts). */
export const incarnationKey = (r: { jobId: string; taskId: string; uid: string }) => `${r.jobId}.${r.taskId}.${r.uid}`;

/** Worker -> coordinator every heartbeat interval. It carries everything the coordinator needs to
 *  (re)create the node's record, so joining, rejoining after a restart and recovering after a
 *  coordinator restart are one path. */
export interface Heartbeat {
  nodeId: string;
  poolId: string;
  address: string;
  hostName: string;
  /** 0 = use the pool's taskSlotsPerNode. */
  slots: number;
  /** Changes every time the worker process starts: a new boot means its old tasks are gone. */
  bootId: string;
  agentVersion: string;
  agentStartTime: string;
  /** Attempts this worker process is running right now. */
  running: TaskAttemptRef[];
  /** The port of its remote-launch server (MPI) on `address`. */
  launchPort?: number;
  /** The port of its terminal server (exec, attach; mutual TLS) on `address`; absent = none. */
  terminalPort?: number;
  /** The worker is shutting down: requeue its tasks now rather than after the node timeout. */
  leaving?: boolean;
  /** The pool's start task on this node (absent when the pool has none). */
  startTask?: StartTaskStatus;
  /** How the node ends everything a task started (worker/process/task-containment.ts). */
  taskContainment?: string;
  /** Which per-task resource limits the node enforces (records/resource-limits.ts). */
  resourceLimits?: string;
  /** per-task-user | worker-user (records/user-records.ts). */
  taskUserIsolation?: string;
  /** false for a low-priority node; absent = dedicated. */
  dedicated?: boolean;
  /** The GPU devices it offers (absent = none). */
  gpuIds?: string[];
  /** Its preemption notice ran out: its tasks were ended, it goes now (last heartbeat). */
  preempted?: boolean;
}

/** A task's output files on its node: `<stream>.txt` in the task directory. */
export const OUTPUT_STREAMS = ['stdout', 'stderr', 'coordination-stdout', 'coordination-stderr'] as const;
export type OutputStream = (typeof OUTPUT_STREAMS)[number];

/** Coordinator -> worker request: a byte range of a task's stdout.txt or stderr.txt. */
export interface OutputRequest {
  jobId: string;
  taskId: string;
  stream: OutputStream;
  offset: number;
  length: number;
  /** The attempt (of this incarnation) whose output is asked for: refused with SUPERSEDED when a
   *  later attempt was dispatched to this node since, for its output replaces the file. */
  attempt?: { uid: string; attempt: number };
}

export type OutputReply =
  | { ok: true; data: Uint8Array; size: number }
  | { ok: false; code: 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'INTERNAL' | 'SUPERSEDED'; message: string };

export interface DispatchMessage extends TaskAttemptRef {
  poolId: string;
  argv: string[];
  /** Job common environment then task environment, already merged (task wins). */
  env: Record<string, string>;
  maxWallClockTimeMs?: number;
  /** How long the task directory is kept after the attempt ends. */
  retentionTimeMs: number;
  requiredSlots: number;
  /** The GPU devices of the node the attempt holds (absent = none): CUDA_VISIBLE_DEVICES. */
  gpuIds?: string[];
  /** The task's memory limit in MiB (each instance's, for a multi-instance task); absent = none. */
  maxMemoryMib?: number;
  /** Set for one instance of a multi-instance task. */
  instance?: InstanceAssignment;
  /** The job's preparation task: run once on this node before the job's first task here. */
  jobPreparationTask?: JobPreparationTaskRecord;
  /** The job has a release task: this node must remember it ran the job's tasks. */
  hasJobReleaseTask?: boolean;
  /** Fetched before launch (absent = none). */
  resourceFiles?: ResourceFileRecord[];
  /** Uploaded after exit (absent = none). */
  outputFiles?: OutputFileRecord[];
  /** The pool's references then the task's (absent = none). */
  applicationPackageReferences?: ApplicationPackageRef[];
  /** Who the task runs as (absent = the default, auto-user of pool scope). The pool's accounts
   *  the worker reads from the pool's record. */
  userIdentity?: UserIdentityRecord;
  /** A credential scoped to the task's job and where to use it (a job manager's, or a task's
   *  with authenticationTokenSettings): the worker puts them in the task's environment. */
  apiCredentials?: TaskApiCredentials;
  /** Run under a pseudo-terminal of this size (absent = by the launcher, no terminal). */
  pty?: { rows: number; cols: number };
}

/** How a task reaches the API: TROUPE_API / AZ_BATCH_ACCOUNT_URL, TROUPE_TOKEN /
 *  AZ_BATCH_AUTHENTICATION_TOKEN, and TROUPE_CA (a file the worker writes from `caPem`). */
export interface TaskApiCredentials {
  /** HOST:PORT (TLS), or http://HOST:PORT for a plaintext API: as the CLI's --api takes it. */
  api: string;
  /** The bearer token, troupe_<id>_<secret>. */
  token: string;
  /** The CA that checks the API's certificate (PEM); absent for a plaintext API. */
  caPem?: string;
}

/** What one node needs to run its instance of a multi-instance task. */
export interface InstanceAssignment {
  /** 0 = the primary. */
  index: number;
  /** Every instance's node, in instance order (index 0 first). */
  hosts: { nodeId: string; address: string; slots: number; launchPort: number }[];
  /** [] = no coordination command. */
  coordinationArgv: string[];
  /** Remote launches into this attempt must present it. */
  launchToken: string;
  /** Fetched into the task (shared) directory on every instance. */
  commonResourceFiles?: ResourceFileRecord[];
}

/** Coordinator -> worker: the job ended, run its release task (if this node ran its tasks). */
export interface JobReleaseMessage {
  jobId: string;
  poolId: string;
  jobReleaseTask: JobReleaseTaskRecord;
  /** The job's common environment. */
  env: Record<string, string>;
}

export interface TerminateMessage extends TaskAttemptRef {
  reason: string;
  /** Multi-instance: the task ended (its primary exited); end this instance without failure. */
  release?: boolean;
}

/** Coordinator -> worker (request/reply): the attempt's maxWallClockTime is now this, counted
 *  from the same start (absent = unlimited). Replied `{ applied }`: false when the attempt does
 *  not run on this node (ended, or not yet dispatched here). */
export interface LimitsMessage extends TaskAttemptRef {
  maxWallClockTimeMs?: number;
  /** How long the task directory is kept once the attempt ends. */
  retentionTimeMs: number;
}

/** Coordinator -> the primary's worker: every instance is ready, run the application command. */
export type StartApplicationMessage = TaskAttemptRef;

export type TaskReport =
  | (TaskAttemptRef & {
      kind: 'started';
      nodeId: string;
      time: string;
      /** Multi-instance: which instance started (its set-up done, coordination command next). */
      instance?: number;
      /** Multi-instance primary: the application command started (after every coordination). */
      application?: boolean;
    })
  | (TaskAttemptRef & {
      /** Multi-instance: the instance's coordination command ended (exitCode 0 when none). */
      kind: 'coordinated';
      nodeId: string;
      time: string;
      instance: number;
      exitCode?: number;
      failure?: FailureInfo;
    })
  | (TaskAttemptRef & {
      kind: 'exited';
      nodeId: string;
      time: string;
      /** undefined when the process never started (failure says why). */
      exitCode?: number;
      /** When the process started: a short task reports only its exit, which carries this. */
      startTime?: string;
      /** Set when the worker knows more than the exit code (time-out, launch failure, terminate). */
      failure?: FailureInfo;
      /** Multi-instance: which instance ended (the primary's exit ends the task). */
      instance?: number;
      /** MpiNodeLost: the node whose worker stopped answering the primary's launches. */
      lostNodeId?: string;
      /** What the process used (absent when it never ran, or with Node's spawn). */
      usage?: ResourceUsage;
    });

/** What a worker publishes on its report subject: one or more reports, in the order they happened. */
export interface ReportBatch {
  reports: TaskReport[];
}
