// A task's resource limits as the runners (task-runner.ts, multi-instance/instance-runner.ts)
// hand them to the launcher, and the failure of a task the kernel killed for its memory limit.
import type { DispatchMessage } from '../protocol/nats/messages.ts';
import type { FailureInfo } from '../protocol/records/records.ts';
import { MEMORY_LIMIT_EXCEEDED_CODE, memoryLimitExceededMessage } from '../protocol/records/resource-limits.ts';
import type { ProcessExit } from './process/process-group.ts';
import type { TaskLimits } from './process/resource-limits.ts';

/** The limits of one launch of `task` (each instance's, for a multi-instance task). */
export function taskLimits(task: DispatchMessage): TaskLimits {
  return { requiredSlots: task.requiredSlots, ...(task.maxMemoryMib ? { maxMemoryMib: task.maxMemoryMib } : {}) };
}

/** A task that failed after the kernel killed (some of) it for exceeding its memory limit fails
 *  saying so; one that exited 0 anyway (it survived the loss of a child) has not failed. */
export function memoryLimitFailure(task: DispatchMessage, exit: ProcessExit): FailureInfo | undefined {
  if (!exit.memoryLimitHit || exit.exitCode === 0 || task.maxMemoryMib === undefined) return undefined;
  return { category: 'usererror', code: MEMORY_LIMIT_EXCEEDED_CODE, message: memoryLimitExceededMessage(task.maxMemoryMib) };
}
