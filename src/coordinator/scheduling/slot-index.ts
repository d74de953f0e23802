// The nodes of one pool, indexed by free slots, for the scheduler (see scheduler.ts).
//
// Nodes sit in buckets by their number of free slots; each bucket is a binary heap ordered by the
// pool's tie rule, and a segment tree over bucket sizes finds the fullest bucket (spread) or the
// emptiest bucket that still fits (pack) in O(log maxFree). Taking slots moves the chosen node,
// always the top of its bucket, to a lower bucket: O(log maxFree + log nodes) per placement.
// Building costs O(nodes + maxFree); free slots are bounded by the pool's taskSlotsPerNode
// (Azure Batch: at most 256), so the index is small. The index owns copies of the numbers: the
// snapshot it was built from is never written.

export type NodeFillType = 'spread' | 'pack';

/** The part of a node the index reads (structurally a scheduler NodeCapacity). */
export interface SlotNode {
  readonly id: string;
  readonly freeSlots: number;
  readonly totalSlots: number;
}

/** Code-unit order, not locale order: the same result on every machine. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class SlotIndex {
  private readonly ids: string[] = [];
  private readonly free: Int32Array;
  private readonly total: Int32Array;
  /** Tasks placed on each node in this pass (spread's first tie-break). */
  private readonly placed: Int32Array;
  /** buckets[f]: heap of node numbers with exactly f free slots (f >= 1). */
  private readonly buckets: (number[] | undefined)[];
  /** Segment tree of bucket sizes: leaf f at leaves + f, root at 1. */
  private readonly tree: Int32Array;
  private readonly leaves: number;
  private readonly maxFree: number;
  private readonly before: (a: number, b: number) => boolean;
  private poolFree = 0;

  constructor(nodes: Iterable<SlotNode>, readonly fill: NodeFillType) {
    const free: number[] = [];
    const total: number[] = [];
    for (const n of nodes) {
      this.ids.push(n.id);
      free.push(usableSlots(n));
      total.push(Number.isFinite(n.totalSlots) ? Math.max(0, Math.floor(n.totalSlots)) : 0);
    }
    this.free = Int32Array.from(free);
    this.total = Int32Array.from(total);
    this.placed = new Int32Array(free.length);
    this.maxFree = free.reduce((m, f) => Math.max(m, f), 0);

    this.before =
      fill === 'spread'
        ? (a, b) => {
            const d = this.placed[a]! - this.placed[b]!;
            return d !== 0 ? d < 0 : compareIds(this.ids[a]!, this.ids[b]!) < 0;
          }
        : (a, b) => compareIds(this.ids[a]!, this.ids[b]!) < 0;

    this.buckets = new Array<number[] | undefined>(this.maxFree + 1);
    let leaves = 1;
    while (leaves < this.maxFree + 1) leaves *= 2;
    this.leaves = leaves;
    this.tree = new Int32Array(2 * leaves);
    for (let n = 0; n < free.length; n++) {
      const f = this.free[n]!;
      if (f === 0) continue;
      (this.buckets[f] ??= []).push(n);
      this.tree[leaves + f]!++;
      this.poolFree += f;
    }
    for (let k = leaves - 1; k >= 1; k--) this.tree[k] = this.tree[2 * k]! + this.tree[2 * k + 1]!;
    for (const heap of this.buckets) if (heap) this.heapify(heap);
  }

  /** Free slots left in the whole pool. */
  get freeSlots(): number {
    return this.poolFree;
  }

  /**
   * Chooses the node for a task needing `slots` by the pool's fill rule, takes the slots, and
   * returns the node id; undefined if no node has that many free slots.
   */
  take(slots: number): string | undefined {
    if (slots > this.maxFree || this.tree[1] === 0) return undefined;
    const f = this.fill === 'spread' ? this.highestBucket() : this.lowestBucketFrom(slots);
    if (f < slots) return undefined;
    const node = this.pop(this.buckets[f]!);
    this.count(f, -1);
    this.free[node]! -= slots;
    this.placed[node]!++;
    this.poolFree -= slots;
    const rest = f - slots;
    if (rest > 0) {
      this.push((this.buckets[rest] ??= []), node);
      this.count(rest, +1);
    }
    return this.ids[node];
  }

  /**
   * Takes `count` distinct nodes for a gang (multi-instance task), all or none: each must have
   * `slots` free, or be wholly free when `wholeNodes`. Returns each node and the slots taken on it.
   * O(nodes log nodes): gangs are few, and this keeps the single-task path untouched.
   */
  takeGang(count: number, slots: number, wholeNodes: boolean): { nodeId: string; slots: number }[] | undefined {
    if (count < 1) return undefined;
    const need = (n: number) => (wholeNodes ? this.total[n]! : slots);
    const fits: number[] = [];
    for (let n = 0; n < this.ids.length; n++) {
      const f = this.free[n]!;
      if (f > 0 && f >= need(n) && (!wholeNodes || f === this.total[n]!)) fits.push(n);
    }
    if (fits.length < count) return undefined;
    // spread: the emptiest nodes (most free); pack: the tightest fits. Then by id: deterministic.
    fits.sort((a, b) => (this.fill === 'spread' ? this.free[b]! - this.free[a]! : this.free[a]! - this.free[b]!) || compareIds(this.ids[a]!, this.ids[b]!));
    return fits.slice(0, count).map((n) => {
      const taken = need(n);
      this.placed[n]!++; // before withdraw re-files the node under its new key
      this.withdraw(n, taken);
      return { nodeId: this.ids[n]!, slots: taken };
    });
  }

  /**
   * Holds back, for the rest of this pass, the nodes a gang that does not fit yet will need: up to
   * `count` nodes, those with the most free slots (the closest to fitting). Later tasks cannot
   * take them, so the gang gets them as they drain instead of waiting behind small tasks forever;
   * a later gang can only reserve among the nodes left, so two gangs never hold parts of each
   * other's nodes (and assignments are all-or-none, so neither can hold a part at all).
   */
  reserveForGang(count: number): void {
    const candidates: number[] = [];
    for (let n = 0; n < this.ids.length; n++) if (this.free[n]! > 0) candidates.push(n);
    candidates.sort((a, b) => this.free[b]! - this.free[a]! || compareIds(this.ids[a]!, this.ids[b]!));
    for (const n of candidates.slice(0, count)) this.withdraw(n, this.free[n]!);
  }

  /** The node numbers by id, built the first time a task asks for one node by name (a GPU
   *  task: gpu-index.ts), so passes without such tasks never pay for it. */
  private numbers?: Map<string, number>;

  private numberOf(nodeId: string): number | undefined {
    if (!this.numbers) {
      this.numbers = new Map();
      for (let n = 0; n < this.ids.length; n++) this.numbers.set(this.ids[n]!, n);
    }
    return this.numbers.get(nodeId);
  }

  /** Free slots of one node of this index; undefined if it is not one. */
  freeOn(nodeId: string): number | undefined {
    const n = this.numberOf(nodeId);
    return n === undefined ? undefined : this.free[n]!;
  }

  /** Takes `slots` on this very node if it has them free (a GPU task's node is chosen by its
   *  devices, gpu-index.ts); false if it has not. */
  takeOn(nodeId: string, slots: number): boolean {
    const n = this.numberOf(nodeId);
    if (n === undefined || slots < 1 || this.free[n]! < slots) return false;
    this.placed[n]!++; // before withdraw re-files the node under its new key
    this.withdraw(n, slots);
    return true;
  }

  /** Removes `slots` of node `n`'s free slots, moving it to its new bucket. */
  private withdraw(n: number, slots: number): void {
    const f = this.free[n]!;
    if (slots <= 0 || f === 0) return;
    const heap = this.buckets[f]!;
    const at = heap.indexOf(n);
    const last = heap.pop()!;
    if (at < heap.length) {
      heap[at] = last;
      this.down(heap, at);
      this.up(heap, heap.indexOf(last));
    }
    this.count(f, -1);
    this.free[n] = f - slots;
    this.poolFree -= slots;
    const rest = f - slots;
    if (rest > 0) {
      this.push((this.buckets[rest] ??= []), n);
      this.count(rest, +1);
    }
  }

  // --- segment tree over bucket sizes ---

  private count(f: number, delta: number): void {
    for (let k = this.leaves + f; k >= 1; k >>= 1) this.tree[k]! += delta;
  }

  /** The fullest non-empty bucket; the tree must not be empty. */
  private highestBucket(): number {
    let k = 1;
    while (k < this.leaves) k = this.tree[2 * k + 1]! > 0 ? 2 * k + 1 : 2 * k;
    return k - this.leaves;
  }

  /** The emptiest non-empty bucket holding at least `from` free slots, or -1. */
  private lowestBucketFrom(from: number): number {
    let k = this.leaves + from;
    if (this.tree[k]! > 0) return from;
    // Climb until a right sibling holds something, then take that sibling's leftmost leaf.
    for (; k > 1; k >>= 1) {
      if ((k & 1) === 0 && this.tree[k + 1]! > 0) {
        k += 1;
        while (k < this.leaves) k = this.tree[2 * k]! > 0 ? 2 * k : 2 * k + 1;
        return k - this.leaves;
      }
    }
    return -1;
  }

  // --- binary heap of node numbers, ordered by `before` ---

  private heapify(h: number[]): void {
    for (let i = (h.length >> 1) - 1; i >= 0; i--) this.down(h, i);
  }

  private push(h: number[], node: number): void {
    this.up(h, h.push(node) - 1);
  }

  private up(h: number[], from: number): void {
    let i = from;
    const node = h[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(node, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = node;
  }

  private pop(h: number[]): number {
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.down(h, 0);
    }
    return top;
  }

  private down(h: number[], i: number): void {
    const node = h[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= h.length) break;
      if (child + 1 < h.length && this.before(h[child + 1]!, h[child]!)) child++;
      if (!this.before(h[child]!, node)) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = node;
  }
}

/** Free slots as a whole number within 0..totalSlots: a malformed snapshot never over-commits. */
function usableSlots(n: SlotNode): number {
  const total = Number.isFinite(n.totalSlots) ? Math.floor(n.totalSlots) : 0;
  const free = Number.isFinite(n.freeSlots) ? Math.floor(n.freeSlots) : 0;
  return Math.max(0, Math.min(free, total));
}
