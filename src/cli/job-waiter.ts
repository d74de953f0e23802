// Waits for a job's tasks to finish without polling each task: the Watch stream says *when*
// something changed, GetTaskCounts says *what* the totals are (one small call, however many tasks
// the job has). A slow timer re-checks anyway, so a dropped stream only costs latency.
import { GRPC_CODES } from '../protocol/grpc/grpc-codes.ts';
import type { BatchApi, ResponseStream } from '../protocol/grpc/batch-api.ts';
import type { WatchEvent__Output } from '../protocol/generated/troupe/v1/WatchEvent.ts';
import { isStatus } from './cli-errors.ts';
import { taskCountsJson, type TaskCountsJson } from './json/json-form.ts';

export interface JobWaitResult {
  counts: TaskCountsJson;
  jobState: string;
  /** Every task completed with result success (and there was at least one). */
  allSucceeded: boolean;
}

export interface JobWaitOptions {
  onProgress?: (counts: TaskCountsJson) => void;
  /** Re-check this often even if the Watch stream is silent. */
  pollIntervalMs?: number;
  /** Coalesces bursts of Watch events into one GetTaskCounts call. */
  settleMs?: number;
}

export function allSucceeded(c: TaskCountsJson): boolean {
  return c.completed > 0 && c.active === 0 && c.running === 0 && c.failed === 0 && c.succeeded === c.completed;
}

export async function waitForJob(api: BatchApi, jobId: string, opts: JobWaitOptions = {}): Promise<JobWaitResult> {
  // Fails with NOT_FOUND before any stream is opened.
  let jobState = (await api.GetJob({ jobId })).state;
  const pollIntervalMs = opts.pollIntervalMs ?? 1000;
  const settleMs = opts.settleMs ?? 100;
  // Kept only to see 'preparing', which the counts may fold into active or running.
  const taskStates = new Map<string, string>();

  return new Promise<JobWaitResult>((resolve, reject) => {
    let finished = false;
    let checking = false;
    let recheck = false;
    let settleTimer: NodeJS.Timeout | undefined;
    let reopenTimer: NodeJS.Timeout | undefined;
    let pollTimer: NodeJS.Timeout | undefined;
    let watch: ResponseStream<WatchEvent__Output> | undefined;

    const isDone = (c: TaskCountsJson) => {
      if (jobState === 'completed') return true;
      const preparing = [...taskStates.values()].some((s) => s === 'preparing');
      return c.completed > 0 && c.active === 0 && c.running === 0 && !preparing;
    };

    const end = (outcome: { counts: TaskCountsJson } | { error: unknown }) => {
      if (finished) return;
      finished = true;
      clearInterval(pollTimer);
      clearTimeout(settleTimer);
      clearTimeout(reopenTimer);
      watch?.cancel();
      if ('error' in outcome) reject(outcome.error);
      else resolve({ counts: outcome.counts, jobState, allSucceeded: allSucceeded(outcome.counts) });
    };

    const check = async () => {
      if (finished) return;
      if (checking) {
        recheck = true;
        return;
      }
      checking = true;
      try {
        do {
          recheck = false;
          const counts = taskCountsJson(await api.GetTaskCounts({ jobId }));
          if (finished) return;
          opts.onProgress?.(counts);
          if (isDone(counts)) return end({ counts });
        } while (recheck);
      } catch (err) {
        end({ error: err });
      } finally {
        checking = false;
      }
    };

    const soon = () => {
      settleTimer ??= setTimeout(() => {
        settleTimer = undefined;
        void check();
      }, settleMs);
    };

    const openWatch = () => {
      // Only what the wait looks at: a third of each task to decode in a job of 100,000.
      const stream = api.raw.Watch({ jobId, includeInitial: true, taskSelect: 'id,state' });
      watch = stream;
      stream.on('data', (event: WatchEvent__Output) => {
        if (event.job && event.job.id === jobId) jobState = event.job.state;
        if (event.task) taskStates.set(event.task.id, event.task.state);
        soon();
      });
      const reopen = (err?: unknown) => {
        if (finished || watch !== stream) return;
        watch = undefined;
        // The job is gone: the counts call reports it with the server's own message.
        if (isStatus(err, GRPC_CODES.NOT_FOUND)) return void check();
        reopenTimer = setTimeout(openWatch, pollIntervalMs);
      };
      stream.on('error', reopen);
      stream.on('end', () => reopen());
    };

    pollTimer = setInterval(() => void check(), pollIntervalMs);
    openWatch();
    void check();
  });
}
