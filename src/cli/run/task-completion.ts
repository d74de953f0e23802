// Waits for one task to reach its terminal state (completed) without polling it: a Watch of its
// job says when it changed. A dropped stream is reopened; the initial snapshot of each (re)opened
// stream covers what happened while none was open.
import type { BatchApi, ResponseStream } from '../../protocol/grpc/batch-api.ts';
import type { Task__Output } from '../../protocol/generated/troupe/v1/Task.ts';
import type { WatchEvent__Output } from '../../protocol/generated/troupe/v1/WatchEvent.ts';
import { GRPC_CODES } from '../../protocol/grpc/grpc-codes.ts';
import { isStatus } from '../cli-errors.ts';

const REOPEN_MS = 1000;

export function waitForTaskCompletion(api: BatchApi, jobId: string, taskId: string): Promise<Task__Output> {
  return new Promise((resolve, reject) => {
    let finished = false;
    let watch: ResponseStream<WatchEvent__Output> | undefined;
    let reopenTimer: NodeJS.Timeout | undefined;
    const end = (outcome: { task: Task__Output } | { error: unknown }) => {
      if (finished) return;
      finished = true;
      clearTimeout(reopenTimer);
      watch?.cancel();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.task);
    };
    const seen = (task: Task__Output | null | undefined) => {
      if (task && task.id === taskId && task.state === 'completed') end({ task });
    };
    const open = () => {
      const stream = api.raw.Watch({ jobId, includeInitial: true });
      watch = stream;
      stream.on('data', (event: WatchEvent__Output) => {
        seen(event.task);
        for (const task of event.taskBatch?.tasks ?? []) seen(task);
        if (event.taskDeleted?.taskId === taskId || event.jobDeleted === jobId) {
          end({ error: new Error(`task '${taskId}' of job '${jobId}' was deleted before it completed`) });
        }
      });
      const reopen = (err?: unknown) => {
        if (finished || watch !== stream) return;
        watch = undefined;
        if (isStatus(err, GRPC_CODES.NOT_FOUND) || isStatus(err, GRPC_CODES.PERMISSION_DENIED) || isStatus(err, GRPC_CODES.UNAUTHENTICATED)) return end({ error: err });
        reopenTimer = setTimeout(open, REOPEN_MS);
      };
      stream.on('error', reopen);
      stream.on('end', () => reopen());
    };
    open();
  });
}
