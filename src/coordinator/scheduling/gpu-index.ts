// The GPU devices of one pool for the scheduler (scheduler.ts): a task that asks for GPUs
// (requiredGpus) goes to a node with that many devices free AND its slots free; both are taken.
// Which devices it gets is the dispatcher's to say (it knows their ids, the scheduler only counts).
//
// Only the nodes that offer GPUs are held here, in a plain array scanned per GPU task:
// O(gpu nodes) per placement, where GPU machines are tens or hundreds, never the thousands of a
// CPU pool. A task without GPUs never touches this index (no cost on the slot-only path), and may
// take slots on a GPU node like on any other (as in Azure Batch, GPUs do not reserve the node).
import type { NodeFillType } from './slot-index.ts';
import type { PoolSlots } from './pool-slots.ts';

export interface GpuNode {
  readonly id: string;
  /** GPU devices free now. */
  readonly freeGpus?: number;
  readonly enforcesMemoryLimits?: boolean;
}

export class GpuIndex {
  private readonly ids: string[] = [];
  private readonly free: number[] = [];
  private readonly enforcing: boolean[] = [];

  constructor(nodes: Iterable<GpuNode>, private readonly fill: NodeFillType) {
    for (const n of nodes) {
      const free = Number.isFinite(n.freeGpus) ? Math.max(0, Math.floor(n.freeGpus!)) : 0;
      if (free === 0) continue;
      this.ids.push(n.id);
      this.free.push(free);
      this.enforcing.push(n.enforcesMemoryLimits === true);
    }
  }

  /** Picks a node with `gpus` devices and `slots` slots free (spread: the most devices free;
   *  pack: the fewest that suffice; then by id), takes both, and returns it; undefined if none. */
  take(gpus: number, slots: number, needsMemoryLimit: boolean, pool: PoolSlots): string | undefined {
    let best = -1;
    for (let n = 0; n < this.ids.length; n++) {
      const f = this.free[n]!;
      if (f < gpus || (needsMemoryLimit && !this.enforcing[n]) || pool.freeOn(this.ids[n]!) < slots) continue;
      if (best === -1 || this.better(n, best)) best = n;
    }
    if (best === -1 || !pool.takeOn(this.ids[best]!, slots)) return undefined;
    this.free[best]! -= gpus;
    return this.ids[best];
  }

  private better(a: number, b: number): boolean {
    const d = this.fill === 'spread' ? this.free[a]! - this.free[b]! : this.free[b]! - this.free[a]!;
    return d !== 0 ? d > 0 : this.ids[a]! < this.ids[b]!;
  }
}
