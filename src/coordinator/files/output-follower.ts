// `GetTaskOutput` with follow: streams a task's stdout/stderr as it is written, until the task
// completes (after its last bytes).
//
// Design: the coordinator pulls byte ranges from the task's worker (the same request/reply as a
// plain read, worker/output-server.ts), driven by what happens:
//   - data came back: ask again at once (a fast writer is streamed at link speed);
//   - nothing new: wait for a change of the task (cluster-state 'task' events) or a back-off
//     timer (50 ms doubling to 1 s), whichever comes first: no high-rate polling of idle tasks;
//   - the task completed: its process has exited, so the file is final: read to its end, stop.
// Positions only move forward by the bytes sent, so nothing is lost or sent twice within an
// attempt. The file is read only once the attempt's process started (state running, or
// completed with a start time): a 'preparing' attempt may not have truncated the previous
// attempt's file yet. When a task is retried, the ended attempt's output is read to its end, then
// the stream goes on with the next attempt's output from its first byte (each attempt writes its
// files afresh, as in Azure Batch). A requeued attempt's node is lost: its unread tail is too.
// A task still active waits until it starts; a task deleted meanwhile ends with NOT_FOUND.
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import { NotFoundError, TroupeError } from '../../protocol/errors.ts';
import { decode, encode } from '../../protocol/nats/codec.ts';
import type { OutputReply, OutputRequest } from '../../protocol/nats/messages.ts';
import type { TaskRecord } from '../../protocol/records/records.ts';
import { outputSubject } from '../../protocol/nats/subjects.ts';

const CHUNK = 256 * 1024;
const FIRST_WAIT_MS = 50;
const MAX_WAIT_MS = 1000;

export class OutputFollower {
  constructor(private readonly nc: NatsConnection, private readonly state: ClusterState) {}

  /** `cancelled` ends the stream at its next wait (a client that went away). */
  follow(jobId: string, taskId: string, stream: 'stdout' | 'stderr', offset: number, cancelled?: AbortSignal): AsyncGenerator<Uint8Array> {
    return followTaskOutput(this.nc, this.state, jobId, taskId, stream, offset, cancelled);
  }
}

export async function* followTaskOutput(
  nc: NatsConnection,
  state: ClusterState,
  jobId: string,
  taskId: string,
  stream: 'stdout' | 'stderr',
  offset: number,
  cancelled?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  if (!state.jobs.get(jobId)) throw new NotFoundError('job', jobId);
  const first = state.task(jobId, taskId);
  if (!first) throw new NotFoundError('task', taskId);
  const uid = first.uid;
  const changes = new TaskChanges(state, jobId, taskId, cancelled);
  try {
    let attempt = first.exec.attempt;
    let position = offset;
    let wait = FIRST_WAIT_MS;
    /** The node the current attempt's output was read from, while its tail is still to be read. */
    let lastNode: string | undefined;
    for (;;) {
      if (cancelled?.aborted) return;
      const t = state.task(jobId, taskId);
      if (!t || t.uid !== uid) throw new TroupeError('NOT_FOUND', `task '${taskId}' was deleted while its output was followed`);
      if (t.exec.attempt !== attempt) {
        attempt = t.exec.attempt;
        position = 0;
        lastNode = undefined;
      }
      const readable = t.exec.nodeId !== undefined && (t.state === 'running' || (t.state === 'completed' && t.exec.startTime !== undefined));
      // Remembered from 'preparing' on: a short attempt may go from there to its retry unseen.
      if (t.exec.nodeId !== undefined && t.state !== 'active') lastNode = t.exec.nodeId;
      if (t.state === 'completed' && !readable) return; // ended without ever running: nothing to send
      // The attempt ended and the task waits for a retry: its output is final, read its tail
      // before the next attempt (which starts from its first byte).
      const tail = !readable && t.state === 'active' && lastNode !== undefined;
      if (!readable && !tail) {
        await changes.next(MAX_WAIT_MS);
        continue;
      }
      const node = readable ? t.exec.nodeId! : lastNode!;
      const ended = t.state === 'completed' || tail;
      let reply: OutputReply;
      try {
        reply = await readRange(nc, node, { jobId, taskId, stream, offset: position, length: CHUNK, attempt: { uid, attempt } });
      } catch (err) {
        if (tail) {
          lastNode = undefined; // the node is gone: its tail cannot be read
          continue;
        }
        if (ended) throw err;
        // The node may be lost: the task is then requeued (a change we wake up for) or comes back.
        await changes.next(MAX_WAIT_MS);
        continue;
      }
      if (!reply.ok) {
        if (tail) {
          lastNode = undefined;
          continue;
        }
        if (reply.code === 'SUPERSEDED') {
          // A later attempt came to the node meanwhile: the next turn follows that one.
          await changes.next(wait);
          continue;
        }
        if (ended || reply.code !== 'NOT_FOUND') throw new TroupeError(reply.code, reply.message);
        await changes.next(wait);
        continue;
      }
      if (reply.data.length > 0) {
        position += reply.data.length;
        wait = FIRST_WAIT_MS;
        yield reply.data;
        continue;
      }
      if (tail) {
        lastNode = undefined; // the ended attempt is read to its end: wait for the next one
        continue;
      }
      if (ended) return; // completed and read to the end
      await changes.next(wait);
      wait = Math.min(wait * 2, MAX_WAIT_MS);
    }
  } finally {
    changes.close();
  }
}

async function readRange(nc: NatsConnection, nodeId: string, request: OutputRequest): Promise<OutputReply> {
  const msg = await nc.request(outputSubject(nodeId), encode(request), { timeout: 10_000 });
  return decode<OutputReply>(msg.data);
}

/** Resolves `next()` at the task's next change, or after `ms`, whichever comes first. A change
 *  that happened since the last `next()` resolves it at once (none is missed between waits). */
class TaskChanges {
  private changed = false;
  private wake?: () => void;
  private readonly listener = (t: TaskRecord) => {
    if (t.jobId !== this.jobId || t.id !== this.taskId) return;
    this.changed = true;
    this.wake?.();
  };

  private readonly onAbort = () => this.wake?.();

  constructor(private readonly state: ClusterState, private readonly jobId: string, private readonly taskId: string, private readonly cancelled?: AbortSignal) {
    state.events.on('task', this.listener);
    cancelled?.addEventListener('abort', this.onAbort);
  }

  next(ms: number): Promise<void> {
    if (this.changed || this.cancelled?.aborted) {
      this.changed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        self.changed = false;
        resolve();
      }
      this.wake = done;
    });
  }

  close(): void {
    this.state.events.off('task', this.listener);
    this.cancelled?.removeEventListener('abort', this.onAbort);
    this.wake?.();
  }
}

