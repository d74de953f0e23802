// Which tasks of one job wait on which (Azure Batch's task dependencies), derived from the task
// records alone: rebuilt at start-up by indexing the records, nothing of its own is stored.
//
// A dependent is held back from its job's queue while any task it depends on has not satisfied
// it. Edges are by task id, and what a parent's state means for its dependents is one function
// (exit-conditions.ts edgeStatusOf): not completed = waiting; completed = satisfied or blocked,
// by its exit conditions; missing (deleted, or an add that failed) = blocked. So:
// - deleting a task its dependents wait on blocks them; adding a task with that id again makes
//   them wait on it;
// - reactivating a parent that failed makes the dependents it blocked wait on it again, and a
//   dependent that was released but has not been dispatched yet goes back to waiting;
// - dependencies gate a task's first run only: once dispatched (attempt > 0) it is never held
//   again (a retry or a requeue does not wait for its parents a second time).
// Work per change is linear in the changed task's edges: a parent's completion visits its
// dependents once, a dependent's creation its parents once.
import type { TaskRecord } from '../../protocol/records/records.ts';
import type { DependencyStateRecord } from '../../protocol/records/dependency-records.ts';
import { edgeStatusOf, type DependencyEdgeStatus } from '../lifecycle/exit-conditions.ts';

/** How many ids a dependency state lists (the counts say how many there are in all). */
const LISTED_IDS = 100;

interface Gate {
  /** Parents that have not satisfied this task (blocked ones included). */
  unsatisfied: Set<string>;
  /** Of those, the ones that block it (completed so, or missing). */
  blocked: Set<string>;
}

export interface DependencyChanges {
  /** Dependents no longer held: they go to the job's queue. */
  released: string[];
  /** Dependents held again (a parent reactivated or re-added): out of the queue. */
  held: string[];
}

/** The parents a task names, ranges expanded (integer ids without leading zeros). */
export function parentIdsOf(t: Pick<TaskRecord, 'dependsOn'>): string[] {
  const d = t.dependsOn;
  if (!d) return [];
  const ids = [...d.taskIds];
  for (const r of d.ranges) for (let n = r.start; n <= r.end; n++) ids.push(String(n));
  return ids;
}

/** Held back until its parents satisfy it: only before its first dispatch. */
function gateable(t: TaskRecord | undefined): t is TaskRecord {
  return t !== undefined && t.state === 'active' && t.exec.attempt === 0 && t.dependsOn !== undefined;
}

export class JobDependencies {
  /** parent id -> the ids of tasks that named it (kept for the job's life: a parent
   *  reactivated later must find the dependents that have not run yet). */
  private readonly children = new Map<string, string[]>();
  /** Dependents held now. */
  private readonly gates = new Map<string, Gate>();
  /** Ids an AddTaskCollection in flight is adding: while missing they count as waiting, not
   *  blocking (the writes of one call land in any order). */
  private readonly expected = new Map<string, number>();

  /** `lookup`: a task of the job as stored now (undefined = none). */
  constructor(private readonly lookup: (taskId: string) => TaskRecord | undefined) {}

  isHeld(taskId: string): boolean {
    return this.gates.has(taskId);
  }

  /** Whether `taskId` is named by a task of the job (for deciding what an add may affect). */
  hasDependents(taskId: string): boolean {
    return this.children.has(taskId);
  }

  /** The tasks that named `taskId` (some may have run, completed or gone since). */
  dependentsOf(taskId: string): readonly string[] {
    return this.children.get(taskId) ?? [];
  }

  stateOf(t: TaskRecord): DependencyStateRecord | undefined {
    if (!gateable(t)) return undefined;
    const gate = this.gates.get(t.id);
    if (!gate) return { state: 'satisfied', waitingOn: [], waitingOnCount: 0, blockedBy: [], blockedByCount: 0 };
    const waiting: string[] = [];
    for (const id of gate.unsatisfied) {
      if (gate.blocked.has(id)) continue;
      if (waiting.length < LISTED_IDS) waiting.push(id);
    }
    return {
      state: gate.blocked.size > 0 ? 'blocked' : 'waiting',
      waitingOn: waiting,
      waitingOnCount: gate.unsatisfied.size - gate.blocked.size,
      blockedBy: [...first(gate.blocked, LISTED_IDS)],
      blockedByCount: gate.blocked.size,
    };
  }

  /** A call is about to add these ids (see `expected`). */
  expect(ids: Iterable<string>): void {
    for (const id of ids) this.expected.set(id, (this.expected.get(id) ?? 0) + 1);
  }

  /** The call is over: ids it did not add after all now block their dependents. */
  settle(ids: Iterable<string>): DependencyChanges {
    const changes: DependencyChanges = { released: [], held: [] };
    for (const id of ids) {
      const n = (this.expected.get(id) ?? 1) - 1;
      if (n > 0) this.expected.set(id, n);
      else this.expected.delete(id);
      if (n <= 0 && !this.lookup(id)) this.parentChanged(id, 'missing', changes);
    }
    return changes;
  }

  /** Follows one stored change of a task of the job (after undefined = removed). */
  onTaskChanged(before: TaskRecord | undefined, after: TaskRecord | undefined): DependencyChanges {
    const changes: DependencyChanges = { released: [], held: [] };
    const id = (after ?? before)!.id;
    // As a dependent: named its parents when it was created (or first seen, at start-up).
    if (after && !before && after.dependsOn) this.register(after);
    // Dispatched, ended or removed (terminated while held, its job ended): no longer held.
    if (!gateable(after)) this.gates.delete(id);
    // As a parent: its dependents see its new status.
    if (this.children.has(id)) {
      const was = before ? edgeStatusOf(before) : 'missing';
      const now = after ? edgeStatusOf(after) : 'missing';
      if (was !== now) this.parentChanged(id, now, changes);
    }
    return changes;
  }

  private register(t: TaskRecord): void {
    const parents = parentIdsOf(t);
    const track = gateable(t);
    const gate: Gate = { unsatisfied: new Set(), blocked: new Set() };
    for (const p of parents) {
      let list = this.children.get(p);
      if (!list) this.children.set(p, (list = []));
      list.push(t.id);
      if (!track) continue;
      const status = this.statusOf(p);
      if (status === 'satisfied') continue;
      gate.unsatisfied.add(p);
      if (status === 'blocked' || status === 'missing') gate.blocked.add(p);
    }
    if (track && gate.unsatisfied.size > 0) this.gates.set(t.id, gate);
  }

  private statusOf(parentId: string): DependencyEdgeStatus {
    const status = edgeStatusOf(this.lookup(parentId));
    return status === 'missing' && this.expected.has(parentId) ? 'waiting' : status;
  }

  private parentChanged(parentId: string, status: DependencyEdgeStatus, changes: DependencyChanges): void {
    if (status === 'missing' && this.expected.has(parentId)) status = 'waiting';
    for (const childId of this.children.get(parentId) ?? []) {
      let gate = this.gates.get(childId);
      if (!gate) {
        if (status === 'satisfied') continue;
        const child = this.lookup(childId);
        if (!gateable(child)) continue;
        // Released earlier (or never held), not dispatched yet: it waits again.
        this.gates.set(childId, (gate = { unsatisfied: new Set(), blocked: new Set() }));
        changes.held.push(childId);
      }
      if (status === 'satisfied') {
        gate.unsatisfied.delete(parentId);
        gate.blocked.delete(parentId);
        if (gate.unsatisfied.size === 0) {
          this.gates.delete(childId);
          changes.released.push(childId);
        }
      } else {
        gate.unsatisfied.add(parentId);
        if (status === 'waiting') gate.blocked.delete(parentId);
        else gate.blocked.add(parentId);
      }
    }
  }
}

function* first<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n === 0) return;
  }
}
