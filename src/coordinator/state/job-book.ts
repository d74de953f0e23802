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

export class JobBook {
  /** Task ids by position, the position used by page tokens: a task's seq (the order it was
   *  added in), so that a task's position is read from its record rather than kept in a map of
   *  its own (a million-task job's index costs less than its records), and the order is the same
   *  after a restart whatever order the store gives the tasks back in. A position without a task
   *  (deleted, or a seq whose create failed) holds '' (never an id), so positions held by
   *  clients paging meanwhile stay valid. */
  readonly order: string[] = [];
  /** The rare task whose seq was taken by another (two coordinators' creates racing across a
   *  change of leader): placed at the end, its position kept here. */
  private readonly displaced = new Map<string, number>();
  private nextSeq = 0;
  /** The queue: task ids and the token each entry was made with, side by side (no object per
   *  entry: a million queued tasks are a million objects fewer). */
  private readonly queueIds: string[] = [];
  private readonly queueTokens: number[] = [];
  private queueHead = 0;
  /** taskId -> the token of its one valid queue entry (older entries are skipped lazily). */
  private readonly queued = new Map<string, number>();
  private nextToken = 1;
  readonly counts: TaskCountsValue = { active: 0, running: 0, completed: 0, succeeded: 0, failed: 0 };
  /** Positions by state and result, for filtered lists (task-state-index.ts). */
  readonly stateIndex = new TaskStateIndex();
  /** The slots the active and running tasks need (a multi-instance task: every instance's). */
  readonly slotCounts = { active: 0, running: 0 };
  /** The queued tasks (active, not held by dependencies) by the slots one instance of them
   *  needs on a node: what autoscale's runnable demand reads (a pool's nodes may be too small
   *  for some of them) without visiting a task. */
  readonly queuedBySlots = new Map<number, { tasks: number; slots: number }>();
  /** Per-instance and total slots of the active tasks that need other than one slot (most need
   *  one: this stays small). */
  private readonly activeDemand = new Map<string, { perNode: number; total: number }>();

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
    if (after?.state === 'active') this.setActiveDemand(after);
    if (before) this.count(before, -1);
    if (after) this.count(after, +1);
    if (!before && after) {
      this.place(after);
      if (after.seq >= this.nextSeq) this.nextSeq = after.seq + 1;
    }
    const position = this.positionOf((after ?? before)!);
    if (after?.state === 'active' && before?.state !== 'active' && !this.isHeld(after.id)) this.enqueue(after.id, !before);
    if (after?.state !== 'active' && after) this.unqueue(after.id);
    if (before?.state === 'active' && after?.state !== 'active') this.activeDemand.delete(before.id);
    if (position >= 0) this.stateIndex.onTaskChanged(before, after, position);
    if (!after && before) {
      this.unqueue(before.id);
      if (position >= 0) this.order[position] = '';
      this.displaced.delete(before.id);
    }
  }

  /** Where a task is in the order (-1: not there). */
  positionOf(t: Pick<TaskRecord, 'id' | 'seq'>): number {
    if (this.order[t.seq] === t.id) return t.seq;
    return this.displaced.get(t.id) ?? -1;
  }

  private place(t: TaskRecord): void {
    const seq = t.seq;
    if (Number.isSafeInteger(seq) && seq >= 0 && seq < this.order.length + MAX_SEQ_GAP && !this.order[seq]) {
      while (this.order.length < seq) this.order.push('');
      this.order[seq] = t.id;
      return;
    }
    this.displaced.set(t.id, this.order.length);
    this.order.push(t.id);
  }

  /** Records what an active task needs; a queued task's counts follow a change of it. */
  private setActiveDemand(t: TaskRecord): void {
    const demand = slotDemand(t);
    const old = this.activeDemand.get(t.id) ?? ONE_SLOT;
    if (old.perNode === demand.perNode && old.total === demand.total) return;
    const queued = this.queued.has(t.id);
    if (queued) this.countQueued(t.id, -1);
    if (demand.total === 1 && demand.perNode === 1) this.activeDemand.delete(t.id);
    else this.activeDemand.set(t.id, demand);
    if (queued) this.countQueued(t.id, +1);
  }

  /** An active task no longer held (its dependencies satisfied): to the end of the queue. */
  release(taskId: string): void {
    if (!this.queued.has(taskId)) this.enqueue(taskId);
  }

  /** An active task held again before it was dispatched: out of the queue. */
  hold(taskId: string): void {
    this.unqueue(taskId);
  }

  /** The whole job goes (its deletion): nothing is queued any more; the order is kept for
   *  the caller's removal (removing ids one by one is a scan of the order each). */
  dropQueue(): void {
    this.queued.clear();
    this.queuedBySlots.clear();
    this.queueIds.length = 0;
    this.queueTokens.length = 0;
    this.queueHead = 0;
  }

  /** Active tasks in the queue now (not held back by dependencies). */
  get queuedCount(): number {
    return this.queued.size;
  }

  /** Active tasks oldest first, skipping entries made stale by dispatch or removal. Lazy. */
  *queuedTaskIds(): Generator<string> {
    // Drop stale entries at the head so the queue does not grow without bound.
    while (this.queueHead < this.queueIds.length && !this.isValid(this.queueHead)) this.queueHead++;
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queueIds.length) {
      this.queueIds.splice(0, this.queueHead);
      this.queueTokens.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    for (let i = this.queueHead; i < this.queueIds.length; i++) {
      if (this.isValid(i)) yield this.queueIds[i]!;
    }
  }

  /** `isNew`: the task was just added, so it cannot be queued already (one lookup less in a map
   *  of a million tasks). */
  private enqueue(taskId: string, isNew = false): void {
    const token = this.nextToken++;
    if (isNew || this.queued.get(taskId) === undefined) this.countQueued(taskId, +1);
    this.queued.set(taskId, token);
    this.queueIds.push(taskId);
    this.queueTokens.push(token);
  }

  private unqueue(taskId: string): void {
    if (this.queued.delete(taskId)) this.countQueued(taskId, -1);
  }

  private countQueued(taskId: string, delta: number): void {
    const demand = this.activeDemand.get(taskId) ?? ONE_SLOT;
    const entry = this.queuedBySlots.get(demand.perNode) ?? { tasks: 0, slots: 0 };
    entry.tasks += delta;
    entry.slots += delta * demand.total;
    if (entry.tasks === 0) this.queuedBySlots.delete(demand.perNode);
    else this.queuedBySlots.set(demand.perNode, entry);
  }

  /** Whether the queue's entry at `i` is its task's one valid entry. */
  private isValid(i: number): boolean {
    return this.queued.get(this.queueIds[i]!) === this.queueTokens[i];
  }

  private count(t: TaskRecord, delta: number): void {
    const bucket = countBucket(t.state);
    this.counts[bucket] += delta;
    if (bucket !== 'completed') this.slotCounts[bucket] += delta * slotDemand(t).total;
    if (t.state === 'completed') {
      if (t.exec.result === 'success') this.counts.succeeded += delta;
      else this.counts.failed += delta;
    }
  }
}

const ONE_SLOT: { readonly perNode: number; readonly total: number } = Object.freeze({ perNode: 1, total: 1 });
/** A seq this far past the end is not taken as a position (it would fill the order with holes):
 *  no coordinator allocates one, so it can only come from a record written by hand. */
const MAX_SEQ_GAP = 1 << 20;

/** The slots a task needs on one node, and in all (each instance of a multi-instance task). */
function slotDemand(t: TaskRecord): { perNode: number; total: number } {
  const perNode = t.requiredSlots;
  if (perNode === 1 && !t.multiInstance) return ONE_SLOT; // most tasks: no object made per call
  return { perNode, total: perNode * (t.multiInstance?.numberOfInstances ?? 1) };
}

function countBucket(state: TaskState): 'active' | 'running' | 'completed' {
  // As in Azure Batch's task counts, a task being prepared on its node counts as running.
  return state === 'preparing' ? 'running' : state;
}
