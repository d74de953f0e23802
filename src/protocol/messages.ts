// Messages between the coordinator and the workers. Every task message carries its attempt: the
// fencing token that makes late reports from a lost or requeued attempt harmless.
import type { FailureInfo } from './records.ts';

export interface TaskAttemptRef {
  jobId: string;
  taskId: string;
  attempt: number;
}

export interface RegisterRequest {
  nodeId: string;
  poolId: string;
  address: string;
  hostName: string;
  /** 0 = use the pool's taskSlotsPerNode. */
  slots: number;
  bootId: string;
  agentVersion: string;
  /** Attempts this worker process is running right now (empty after a fresh start). */
  running: TaskAttemptRef[];
}

export type RegisterReply =
  | { ok: true; taskSlots: number; heartbeatIntervalMs: number }
  | { ok: false; code: string; message: string };

export interface Heartbeat {
  nodeId: string;
  bootId: string;
  running: TaskAttemptRef[];
}

export interface DispatchMessage extends TaskAttemptRef {
  poolId: string;
  argv: string[];
  /** Job common environment then task environment, already merged (task wins). */
  env: Record<string, string>;
  maxWallClockTimeMs?: number;
  requiredSlots: number;
}

export interface TerminateMessage extends TaskAttemptRef {
  reason: string;
}

export type TaskReport =
  | (TaskAttemptRef & { kind: 'started'; nodeId: string; time: string })
  | (TaskAttemptRef & {
      kind: 'exited';
      nodeId: string;
      time: string;
      /** undefined when the process never started (failure says why). */
      exitCode?: number;
      /** Set when the worker knows more than the exit code (time-out, launch failure, terminate). */
      failure?: FailureInfo;
    });
