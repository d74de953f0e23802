// The coordinator's in-memory index of one job's tasks: their order (for paging), the queue of
// active tasks (for the scheduler) and the counts (kept, never computed by listing).
import type { TaskRecord } from '../../protocol/records/records.ts';
import type { TaskState } from '../../protocol/records/states.ts';
import { TaskStateIndex } from './task-state-index.ts';

export interface TaskCountsValue {
  active: number;
  running: number;
  completed: number;
  succeeded: number;
  failed: number;
}

interface QueueEntry {
  taskId: string;
  token: number;
}

export class JobBook {
  /** Task ids in insertion order; index = position used by page tokens. A deleted task leaves
   *  a hole ('', never an id), so positions held by clients paging meanwhile stay valid. */
  readonly order: string[] = [];
  private nextSeq = 0;
  private readonly queue: QueueEntry[] = [];
  private queueHead = 0;
  /** taskId -> the token of its one valid queue entry (older entries are skipped lazily). */
  private readonly queued = new Map<string, number>();
  private nextToken = 1;
  readonly counts: TaskCountsValue = { active: 0, running: 0, completed: 0, succeeded: 0, failed: 0 };
  /** Positions by state and result, for filtered lists (task-state-index.ts). */
  readonly stateIndex = new TaskStateIndex();

  /** Whether an active task is held back from the queue (waiting on the tasks it depends on:
   *  task-dependencies.ts); release() queues it when that ends. */
  isHeld: (taskId: string) => boolean = () => false;

  constructor(readonly jobId: string) {}

  allocateSeq(): number {
    return this.nextSeq++;
  }

  get taskCount(): number {
    return this.counts.active + this.counts.running + this.counts.completed;
  }

  get unfinished(): number {
    return this.counts.active + this.counts.running;
  }

  /** Applies a stored change of one task (before undefined = new, after undefined = removed). */
  onTaskChanged(before: TaskRecord | undefined, after: TaskRecord | undefined): void {
    if (before) this.count(before, -1);
    if (after) this.count(after, +1);
    if (!before && after) {
      this.order.push(after.id);
      if (after.seq >= this.nextSeq) this.nextSeq = after.seq + 1;
    }
    if (after?.state === 'active' && before?.state !== 'active' && !this.isHeld(after.id)) this.enqueue(after.id);
    if (after?.state !== 'active' && after) this.queued.delete(after.id);
    if (!after && before) {
      this.queued.delete(before.id);
      const at = this.order.lastIndexOf(before.id);
      if (at >= 0) this.order[at] = '';
    }
    this.stateIndex.onTaskChanged(before, after, this.order.length - 1);
  }

  /** An active task no longer held (its dependencies satisfied): to the end of the queue. */
  release(taskId: string): void {
    if (!this.queued.has(taskId)) this.enqueue(taskId);
  }

  /** An active task held again before it was dispatched: out of the queue. */
  hold(taskId: string): void {
    this.queued.delete(taskId);
  }

  /** The whole job goes (its deletion): nothing is queued any more; the order is kept for
   *  the caller's removal (removing ids one by one is a scan of the order each). */
  dropQueue(): void {
    this.queued.clear();
    this.queue.length = 0;
    this.queueHead = 0;
  }

  /** Active tasks in the queue now (not held back by dependencies). */
  get queuedCount(): number {
    return this.queued.size;
  }

  /** Restores seq order after loading tasks from the store in arbitrary order. */
  sortOrder(seqOf: (taskId: string) => number): void {
    this.order.sort((a, b) => seqOf(a) - seqOf(b));
  }

  /** Active tasks oldest first, skipping entries made stale by dispatch or removal. Lazy. */
  *queuedTaskIds(): Generator<string> {
    // Drop stale entries at the head so the queue does not grow without bound.
    while (this.queueHead < this.queue.length && !this.isValid(this.queue[this.queueHead]!)) this.queueHead++;
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const entry = this.queue[i]!;
      if (this.isValid(entry)) yield entry.taskId;
    }
  }

  private enqueue(taskId: string): void {
    const token = this.nextToken++;
    this.queued.set(taskId, token);
    this.queue.push({ taskId, token });
  }

  private isValid(e: QueueEntry): boolean {
    return this.queued.get(e.taskId) === e.token;
  }

  private count(t: TaskRecord, delta: number): void {
    const bucket = countBucket(t.state);
    this.counts[bucket] += delta;
    if (t.state === 'completed') {
      if (t.exec.result === 'success') this.counts.succeeded += delta;
      else this.counts.failed += delta;
    }
  }
}

function countBucket(state: TaskState): 'active' | 'running' | 'completed' {
  // As in Azure Batch's task counts, a task being prepared on its node counts as running.
  return state === 'preparing' ? 'running' : state;
}
