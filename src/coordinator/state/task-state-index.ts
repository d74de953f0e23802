// Where a job's tasks are in each state, and where its completed tasks succeeded or failed: one
// bitset of positions (JobBook.order) per state and per result, kept from every task change the
// job book sees (so it is rebuilt with the book at start-up). A filtered list `state eq
// 'completed'` or `executionInfo/result eq 'failure'` then visits only the matching positions of
// a million-task job instead of every one (listing/task-listing.ts).
import type { TaskRecord } from '../../protocol/records/records.ts';
import type { TaskResult, TaskState } from '../../protocol/records/states.ts';
import { PositionBitset } from './position-bitset.ts';

export class TaskStateIndex {
  readonly byState: Record<TaskState, PositionBitset> = {
    active: new PositionBitset(),
    preparing: new PositionBitset(),
    running: new PositionBitset(),
    completed: new PositionBitset(),
  };
  /** Completed tasks only (a retried task's earlier result is not its result). */
  readonly byResult: Record<TaskResult, PositionBitset> = { success: new PositionBitset(), failure: new PositionBitset() };
  /** A stored change of the task at `position` (before undefined = new; after undefined =
   *  removed). */
  onTaskChanged(before: TaskRecord | undefined, after: TaskRecord | undefined, position: number): void {
    if (before) this.mark(before, position, false);
    if (after) this.mark(after, position, true);
  }

  private mark(t: TaskRecord, pos: number, on: boolean): void {
    const op = on ? 'add' : 'delete';
    this.byState[t.state][op](pos);
    if (t.state === 'completed') {
      const result: TaskResult = t.exec.result === 'success' ? 'success' : 'failure';
      this.byResult[result][op](pos);
    }
  }
}
