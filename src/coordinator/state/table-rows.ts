// A KV table's cache: key -> record with its revision. A record the table was told to pack (a
// completed task) is kept as bytes in a slab of the table's arena (packed-arena.ts), named by a
// number, and decoded when read, instead of a graph of some thirty objects that every full GC
// marks (100,000 finished tasks cost the coordinator 1.15 KB each and GC pauses of up to 240 ms).
// Callers read it as a map of rows; KvTable alone writes it.
import { TimeSlice } from '../../protocol/time-slice.ts';
import { PackedArena, type Slab } from './packed-arena.ts';

/** A cached record with its revision. */
export interface Row<T> {
  readonly value: T;
  readonly revision: number;
  /** Kept as bytes: reading `value` decodes it. */
  readonly isPacked: boolean;
}

class LiveRow<T> implements Row<T> {
  constructor(readonly value: T, readonly revision: number) {}
  get isPacked(): boolean {
    return false;
  }
}

/** A packed record as a row, made when asked for (the cache holds only its handle). It reads the
 *  slab it names, which keeps what it holds, so the row stays readable after a rewrite. */
class PackedRow<T> implements Row<T> {
  constructor(private readonly slab: Slab, private readonly offset: number, readonly revision: number) {}
  get value(): T {
    return this.slab.read<T>(this.offset);
  }
  get isPacked(): boolean {
    return true;
  }
}

/** A cell of the cache: a record of revision 0 as it is (most tasks: those of collections,
 *  never written since; no row object for each of a million queued tasks), a live row with its
 *  revision, or the handle of a packed record. Records are objects, never rows or numbers. */
type Cell<T> = T | LiveRow<T> | number;

export class TableRows<T> implements ReadonlyMap<string, Row<T>> {
  private readonly cells = new Map<string, Cell<T>>();
  private readonly arena = new PackedArena();
  private compacting = false;

  constructor(private readonly pack?: (value: T) => boolean) {}

  get size(): number {
    return this.cells.size;
  }

  has(key: string): boolean {
    return this.cells.has(key);
  }

  get(key: string): Row<T> | undefined {
    return this.rowOf(this.cells.get(key));
  }

  /** The record, without making a row. */
  value(key: string): T | undefined {
    const cell = this.cells.get(key);
    if (cell === undefined) return undefined;
    if (typeof cell === 'number') return this.arena.read<T>(cell);
    return cell instanceof LiveRow ? (cell as LiveRow<T>).value : (cell as T);
  }

  /** Whether the key's record is kept packed (undefined: no such key), without decoding it. */
  isPacked(key: string): boolean | undefined {
    const cell = this.cells.get(key);
    return cell === undefined ? undefined : typeof cell === 'number';
  }

  /** The records kept whole (not packed). */
  *liveValues(): Generator<T> {
    for (const cell of this.cells.values()) if (typeof cell !== 'number') yield cell instanceof LiveRow ? (cell as LiveRow<T>).value : (cell as T);
  }

  /** Caches a record just stored or read, packed when the table was told to. */
  set(key: string, value: T, revision: number): void {
    // A key already cached keeps its string (Map.set does not replace it); a new one is copied
    // flat: a key cut from a subject (the store's watch) or joined from parts is a view holding
    // the whole subject or its parts, 80 bytes more per task than the key itself.
    if (!this.release(key)) key = flatCopy(key);
    this.cells.set(key, this.cellOf(value, revision));
  }

  /** Caches the record of a key known not to be cached (a create's, which reserved the key
   *  until now): set() without looking the key up first, one lookup less in a map of millions
   *  of tasks (a cache miss each: 3 % of the adds of a million tasks). */
  setNew(key: string, value: T, revision: number): void {
    this.cells.set(flatCopy(key), this.cellOf(value, revision));
  }

  private cellOf(value: T, revision: number): Cell<T> {
    if (this.pack?.(value)) return this.arena.store(value, revision);
    return revision === 0 ? value : new LiveRow(value, revision);
  }

  delete(key: string): boolean {
    const had = this.release(key);
    this.cells.delete(key);
    if (this.arena.wasteful && !this.compacting) void this.compact();
    return had;
  }

  /** Bytes of slabs the packed records hold, used or not (for tests and measurements). */
  get packedBytes(): number {
    return this.arena.heldBytes;
  }

  keys(): MapIterator<string> {
    return this.cells.keys();
  }

  *values(): MapIterator<Row<T>> {
    for (const cell of this.cells.values()) yield this.rowOf(cell)!;
    return undefined;
  }

  *entries(): MapIterator<[string, Row<T>]> {
    for (const [key, cell] of this.cells) yield [key, this.rowOf(cell)!];
    return undefined;
  }

  [Symbol.iterator](): MapIterator<[string, Row<T>]> {
    return this.entries();
  }

  forEach(callback: (value: Row<T>, key: string, map: ReadonlyMap<string, Row<T>>) => void): void {
    for (const [key, row] of this.entries()) callback(row, key, this);
  }

  private rowOf(cell: Cell<T> | undefined): Row<T> | undefined {
    if (cell === undefined) return undefined;
    if (cell instanceof LiveRow) return cell as LiveRow<T>;
    if (typeof cell !== 'number') return new LiveRow(cell as T, 0);
    const slab = this.arena.slabOf(cell);
    const offset = this.arena.offsetOf(cell);
    return new PackedRow<T>(slab, offset, slab.header(offset).revision);
  }

  /** Gives the place of the key's packed record back (it is about to be replaced or dropped);
   *  whether the key was cached. */
  private release(key: string): boolean {
    const old = this.cells.get(key);
    if (typeof old === 'number') this.arena.release(old);
    return old !== undefined;
  }

  /** Moves the packed records out of mostly empty slabs, in slices that yield, so that those
   *  slabs can go. A record written meanwhile is simply left where its write put it. */
  private async compact(): Promise<void> {
    this.compacting = true;
    try {
      const slice = new TimeSlice();
      for (const [key, cell] of this.cells) {
        if (typeof cell === 'number' && this.arena.slabOf(cell).sparse && this.cells.get(key) === cell) {
          const value = this.arena.read<T>(cell);
          const revision = this.arena.revisionOf(cell);
          this.arena.release(cell);
          this.cells.set(key, this.arena.store(value, revision));
        }
        await slice.yield();
      }
    } finally {
      this.compacting = false;
    }
  }
}

/** A string of its own with the characters of `s` (keys are plain ASCII tokens: JSON leaves them
 *  as they are, and its parse builds a new flat string, faster than the other ways measured). */
function flatCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
