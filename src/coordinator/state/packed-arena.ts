// Where a table's packed records live: appended to shared slabs of a few hundred KB, each record
// a range of one, named by a single number (its handle: the slab's index and the offset there).
// A buffer of its own per record cost some 170 bytes of typed-array and array-buffer objects
// beside the record itself, and an object naming its place 56 more; a handle small enough to be
// a small integer costs nothing beside the map entry that holds it. The record's revision and
// length are written in front of it. Space freed by a record replaced or removed is counted per
// slab: a slab with nothing left in it is dropped (its index used again), and the table moves
// the records out of slabs mostly empty (KvTable.compact). Space in a slab is never reused, so a
// reader holding a slab reads what was there however long it holds it.
import { PackedRecordCodec } from './packed-record-codec.ts';

export const SLAB_BYTES = 256 * 1024;
/** A record bigger than this gets a slab of its exact size (it would waste a shared one's end). */
const OWN_SLAB_ABOVE = SLAB_BYTES / 8;
/** Handles are slab index * SLAB_SPAN + offset: a slab of its own holds one record, at 0. */
const SLAB_SPAN = SLAB_BYTES;
/** Compacting is worth it when this much lies unused in slabs no longer written to... */
export const WASTE_TO_COMPACT = 8 * 1024 * 1024;

export class Slab {
  /** Bytes of the records still held here. */
  live = 0;
  used = 0;
  constructor(
    readonly codec: PackedRecordCodec,
    readonly index: number,
    readonly bytes: Buffer,
  ) {}

  /** The record at `offset`: its revision, and where its packed bytes are. */
  header(offset: number): { revision: number; start: number; end: number } {
    let at = offset;
    let revision = 0;
    for (let scale = 1; ; scale *= 128) {
      const b = this.bytes[at++]!;
      revision += (b & 127) * scale;
      if (b < 128) break;
    }
    let length = 0;
    for (let scale = 1; ; scale *= 128) {
      const b = this.bytes[at++]!;
      length += (b & 127) * scale;
      if (b < 128) break;
    }
    return { revision, start: at, end: at + length };
  }

  read<T>(offset: number): T {
    const { start, end } = this.header(offset);
    return this.codec.unpack<T>(this.bytes.subarray(start, end));
  }

  /** Mostly empty: what compaction moves out of. */
  get sparse(): boolean {
    return this.live * 2 < this.bytes.length;
  }
}

export class PackedArena {
  readonly codec = new PackedRecordCodec();
  /** By index; undefined where a dropped slab was (its index in `freeIndices`). */
  private readonly slabs: (Slab | undefined)[] = [];
  private readonly freeIndices: number[] = [];
  private current = this.slab(SLAB_BYTES);
  /** Unused bytes in slabs no longer appended to that still hold a record. */
  private wasted = 0;
  private liveBytes = 0;

  /** Packs `value` with its revision into a slab; the handle to read it back with. */
  store(value: unknown, revision: number): number {
    const [tag, body] = this.codec.pack(value);
    const bodyLength = body.length + 1;
    const length = varintLength(revision) + varintLength(bodyLength) + bodyLength;
    const slab = length > OWN_SLAB_ABOVE ? this.slab(length) : this.room(length);
    const offset = slab.used;
    let at = writeVarint(slab.bytes, offset, revision);
    at = writeVarint(slab.bytes, at, bodyLength);
    slab.bytes[at] = tag;
    slab.bytes.set(body, at + 1);
    slab.used += length;
    slab.live += length;
    this.liveBytes += length;
    return slab.index * SLAB_SPAN + offset;
  }

  slabOf(handle: number): Slab {
    return this.slabs[Math.floor(handle / SLAB_SPAN)]!;
  }

  offsetOf(handle: number): number {
    return handle % SLAB_SPAN;
  }

  read<T>(handle: number): T {
    return this.slabOf(handle).read<T>(this.offsetOf(handle));
  }

  revisionOf(handle: number): number {
    return this.slabOf(handle).header(this.offsetOf(handle)).revision;
  }

  /** The record is no longer used (replaced, removed or moved). */
  release(handle: number): void {
    const slab = this.slabOf(handle);
    const offset = this.offsetOf(handle);
    const length = slab.header(offset).end - offset;
    slab.live -= length;
    this.liveBytes -= length;
    if (slab === this.current) return;
    this.wasted += length;
    if (slab.live === 0) {
      this.wasted -= slab.bytes.length;
      this.slabs[slab.index] = undefined;
      this.freeIndices.push(slab.index);
    }
  }

  /** Whether more lies unused in old slabs than a compaction would cost to win back. */
  get wasteful(): boolean {
    return this.wasted > WASTE_TO_COMPACT && this.wasted > this.liveBytes;
  }

  /** Bytes of slabs held, used or not (for tests and measurements). */
  get heldBytes(): number {
    let n = 0;
    for (const s of this.slabs) if (s) n += s.bytes.length;
    return n;
  }

  private slab(size: number): Slab {
    const index = this.freeIndices.pop() ?? this.slabs.length;
    const slab = new Slab(this.codec, index, Buffer.allocUnsafeSlow(size));
    this.slabs[index] = slab;
    return slab;
  }

  private room(length: number): Slab {
    if (this.current.used + length <= this.current.bytes.length) return this.current;
    const old = this.current;
    this.current = this.slab(SLAB_BYTES);
    if (old.live > 0) {
      this.wasted += old.bytes.length - old.live;
    } else {
      this.slabs[old.index] = undefined;
      this.freeIndices.push(old.index);
    }
    return this.current;
  }
}

function varintLength(n: number): number {
  let length = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    length++;
  }
  return length;
}

function writeVarint(bytes: Buffer, at: number, n: number): number {
  while (n >= 128) {
    bytes[at++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  bytes[at++] = n;
  return at;
}
