// The free slots of one pool for the scheduler (scheduler.ts), split by whether the nodes enforce
// per-task memory limits (records/resource-limits.ts): a task with a memory limit may only go to
// a node that enforces it, never run unlimited elsewhere. Two slot indexes, disjoint:
//
//   enforcing  nodes whose resourceLimits can enforce a memory limit
//   others     the rest
//
// A task without a limit takes from `others` first, so the enforcing nodes stay free for the
// tasks that need them; in a pool whose nodes are all alike (the usual case) one index is empty
// and scheduling is exactly as with one. A gang takes all its nodes from one index.
import { SlotIndex, type NodeFillType, type SlotNode } from './slot-index.ts';

export interface PoolNode extends SlotNode {
  /** Whether the node enforces a task's memory limit. */
  enforcesMemoryLimits?: boolean;
}

export class PoolSlots {
  private readonly enforcing?: SlotIndex;
  private readonly others?: SlotIndex;

  constructor(nodes: readonly PoolNode[], fill: NodeFillType) {
    const enforcing = nodes.filter((n) => n.enforcesMemoryLimits === true);
    const others = enforcing.length === 0 ? nodes : nodes.filter((n) => n.enforcesMemoryLimits !== true);
    if (enforcing.length) this.enforcing = new SlotIndex(enforcing, fill);
    if (others.length) this.others = new SlotIndex(others, fill);
  }

  /** Free slots left in the whole pool. */
  get freeSlots(): number {
    return (this.enforcing?.freeSlots ?? 0) + (this.others?.freeSlots ?? 0);
  }

  /** As SlotIndex.take, among the nodes the task may use. */
  take(slots: number, needsMemoryLimit: boolean): string | undefined {
    if (needsMemoryLimit) return this.enforcing?.take(slots);
    return this.others?.take(slots) ?? this.enforcing?.take(slots);
  }

  /** As SlotIndex.takeGang, all from one index. */
  takeGang(count: number, slots: number, wholeNodes: boolean, needsMemoryLimit: boolean): { nodeId: string; slots: number }[] | undefined {
    if (needsMemoryLimit) return this.enforcing?.takeGang(count, slots, wholeNodes);
    return this.others?.takeGang(count, slots, wholeNodes) ?? this.enforcing?.takeGang(count, slots, wholeNodes);
  }

  /** Free slots of one node (0 if the pool has no such node with free slots). */
  freeOn(nodeId: string): number {
    return this.others?.freeOn(nodeId) ?? this.enforcing?.freeOn(nodeId) ?? 0;
  }

  /** As SlotIndex.takeOn, in whichever index holds the node. */
  takeOn(nodeId: string, slots: number): boolean {
    return (this.others?.takeOn(nodeId, slots) ?? false) || (this.enforcing?.takeOn(nodeId, slots) ?? false);
  }

  /** As SlotIndex.reserveForGang, among the nodes the gang would use first. */
  reserveForGang(count: number, needsMemoryLimit: boolean): void {
    (needsMemoryLimit ? this.enforcing : this.others ?? this.enforcing)?.reserveForGang(count);
  }
}
