// Where a table's packed records live: appended to shared slabs of a few hundred KB, each record
// a range of one. A buffer of its own per record cost some 170 bytes of typed-array and
// array-buffer objects beside the record itself (more than the record, packed densely); a range
// costs two numbers. Space freed by a record replaced or removed is counted per slab: a slab with
// nothing left in it is dropped, and compact() moves the records out of slabs mostly empty.
import { PackedRecordCodec } from './packed-record-codec.ts';

export const SLAB_BYTES = 256 * 1024;
/** A record bigger than this gets a slab of its exact size (it would waste a shared one's end). */
const OWN_SLAB_ABOVE = SLAB_BYTES / 8;
/** compact() is worth it when this much lies unused in slabs no longer written to... */
export const WASTE_TO_COMPACT = 8 * 1024 * 1024;

export class Slab {
  /** Bytes of the records still held here. */
  live = 0;
  used = 0;
  constructor(private readonly arena: PackedArena, readonly bytes: Buffer) {}

  read<T>(offset: number, length: number): T {
    return this.arena.codec.unpack<T>(this.bytes.subarray(offset, offset + length));
  }

  /** A record's place here is no longer used (the record was replaced, removed or moved). */
  release(length: number): void {
    this.arena.released(this, length);
  }

  /** Mostly empty: what compact() moves out of. */
  get sparse(): boolean {
    return this.live * 2 < this.bytes.length;
  }
}

/** A packed record's place: the slab, and its range there. */
export interface PackedPlace {
  readonly slab: Slab;
  readonly offset: number;
  readonly length: number;
}

export class PackedArena {
  readonly codec = new PackedRecordCodec();
  private current = this.slab(SLAB_BYTES);
  /** Slabs no longer appended to that still hold a record, with their unused bytes in all. */
  private readonly full = new Set<Slab>();
  private wasted = 0;
  private liveBytes = 0;

  /** Packs `value` into a slab; the place to read it back from. */
  store(value: unknown): PackedPlace {
    const [tag, body] = this.codec.pack(value);
    const length = body.length + 1;
    const slab = length > OWN_SLAB_ABOVE ? this.slab(length) : this.room(length);
    const offset = slab.used;
    slab.bytes[offset] = tag;
    slab.bytes.set(body, offset + 1);
    slab.used += length;
    slab.live += length;
    this.liveBytes += length;
    if (slab !== this.current) this.full.add(slab);
    return { slab, offset, length };
  }

  /** Told by a slab that one of its records is no longer used. */
  released(slab: Slab, length: number): void {
    slab.live -= length;
    this.liveBytes -= length;
    if (slab === this.current) return;
    this.wasted += length;
    if (slab.live === 0) {
      this.full.delete(slab);
      this.wasted -= slab.bytes.length;
    }
  }

  /** Whether more lies unused in old slabs than a compaction would cost to win back. */
  get wasteful(): boolean {
    return this.wasted > WASTE_TO_COMPACT && this.wasted > this.liveBytes;
  }

  /** Bytes of slabs held, used or not (for tests and measurements). */
  get heldBytes(): number {
    let n = this.current.bytes.length;
    for (const s of this.full) n += s.bytes.length;
    return n;
  }

  private slab(size: number): Slab {
    return new Slab(this, Buffer.allocUnsafeSlow(size));
  }

  private room(length: number): Slab {
    if (this.current.used + length <= this.current.bytes.length) return this.current;
    const old = this.current;
    this.current = this.slab(SLAB_BYTES);
    if (old.live > 0) {
      this.full.add(old);
      this.wasted += old.bytes.length - old.live;
    }
    return this.current;
  }
}
