// One JetStream KV bucket as a table of typed records, cached in memory. Writes go through
// `mutate`, which serialises the writes of each key (an actor per record) and sends them with the
// cached revision, so a write never blindly overwrites a change it did not see.
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { AlreadyExistsError, ConflictError, TroupeError } from '../../protocol/errors.ts';
import { TimeSlice } from '../../protocol/time-slice.ts';
import { PackedArena, type Slab } from './packed-arena.ts';
import { JetStreamWriteError, WRONG_LAST_SEQUENCE, type JetStreamWriter } from '../../protocol/nats/jetstream-writer.ts';

/** A cached record with its revision. A record the table was told to pack (a completed task)
 *  is kept as bytes in a slab of the table's arena (packed-arena.ts), decoded when read, instead
 *  of a graph of some thirty objects that every full GC marks (100,000 finished tasks cost the
 *  coordinator 1.15 KB each and GC pauses of up to 240 ms). */
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

class PackedRow<T> implements Row<T> {
  constructor(readonly slab: Slab, readonly offset: number, readonly length: number, readonly revision: number) {}
  get value(): T {
    return this.slab.read<T>(this.offset, this.length);
  }
  get isPacked(): boolean {
    return true;
  }
}

export class KvTable<T> {
  /** The cache, read-only outside this class: writes go through put() and drop(), which give
   *  a packed record's place back to the arena. */
  readonly rows: ReadonlyMap<string, Row<T>> = new Map<string, Row<T>>();
  private readonly arena = new PackedArena();
  private compacting = false;
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Told when the cache takes a record from the store that it did not write itself (a write
   *  found the key changed: another writer, or an earlier write of ours that was stored although
   *  its acknowledgement was lost), so that what is derived from the cache can follow. */
  refreshed?: (key: string, before: T, after: T) => void;

  constructor(
    readonly kv: KV,
    private readonly writer: JetStreamWriter,
    readonly bucket: string,
    readonly kind: 'pool' | 'job' | 'task' | 'node' | 'job schedule',
    /** Purges the bucket's stream of the messages of one subject filter. */
    private readonly purgeSubjects?: (filter: string) => Promise<void>,
    /** Which records to keep packed (see Row): those rarely read again. */
    private readonly pack?: (value: T) => boolean,
  ) {}

  /** Caches a record just stored or read, packed when the table was told to. */
  private put(key: string, value: T, revision: number): void {
    this.forget(key);
    if (!this.pack?.(value)) {
      (this.rows as Map<string, Row<T>>).set(key, new LiveRow(value, revision));
      return;
    }
    const { slab, offset, length } = this.arena.store(value);
    (this.rows as Map<string, Row<T>>).set(key, new PackedRow<T>(slab, offset, length, revision));
  }

  private drop(key: string): void {
    this.forget(key);
    (this.rows as Map<string, Row<T>>).delete(key);
    if (this.arena.wasteful && !this.compacting) void this.compact();
  }

  /** Gives the place of the key's packed record back (it is about to be replaced or dropped). */
  private forget(key: string): void {
    const old = this.rows.get(key);
    if (old instanceof PackedRow) old.slab.release(old.length);
  }

  /** Moves the packed records out of mostly empty slabs, in slices that yield, so that those
   *  slabs can go. A record written meanwhile is simply left where its write put it. */
  private async compact(): Promise<void> {
    this.compacting = true;
    try {
      const slice = new TimeSlice();
      for (const [key, row] of this.rows) {
        if (row instanceof PackedRow && row.slab.sparse && this.rows.get(key) === row) {
          this.put(key, row.value, row.revision);
        }
        await slice.yield();
      }
    } finally {
      this.compacting = false;
    }
  }

  /** Bytes of slabs the packed records hold, used or not (for tests and measurements). */
  get packedBytes(): number {
    return this.arena.heldBytes;
  }

  /** Keys are [A-Za-z0-9_-] tokens joined by '.', so they are the subject as they are. */
  private subject(key: string): string {
    return `$KV.${this.bucket}.${key}`;
  }

  /** Reads every current value of the bucket into the cache (once, at start-up). */
  async load(): Promise<void> {
    const status = await this.kv.status();
    if (status.values === 0) return;
    const watcher = await this.kv.watch();
    for await (const entry of watcher as AsyncIterable<KvWatchEntry>) {
      if (entry.operation === 'PUT') {
        this.put(entry.key, decode<T>(entry.value), entry.revision);
      } else {
        this.drop(entry.key);
      }
      if (entry.delta === 0) break;
    }
    watcher.stop();
  }

  get(key: string): T | undefined {
    return this.rows.get(key)?.value;
  }

  /** Stores a new record; ALREADY_EXISTS when the key is taken (checked by the server too). */
  create(key: string, value: T, id = key): Promise<T> {
    return this.serialise(key, async () => {
      if (this.rows.has(key)) throw new AlreadyExistsError(this.kind as 'pool', id);
      let revision: number;
      const bytes = encode(value);
      try {
        revision = await this.writer.write(this.subject(key), bytes, 0);
      } catch (err) {
        if (!isWrongLastSequence(err)) throw unavailable(err);
        // The key was used before and deleted: its delete marker holds the last revision.
        const previous = await this.kv.get(key).catch((e) => { throw unavailable(e); });
        if (previous && previous.operation === 'PUT') throw new AlreadyExistsError(this.kind as 'pool', id);
        try {
          revision = await this.writer.write(this.subject(key), bytes, previous?.revision ?? 0);
        } catch (again) {
          if (isWrongLastSequence(again)) throw new AlreadyExistsError(this.kind as 'pool', id);
          throw unavailable(again);
        }
      }
      this.put(key, value, revision);
      return value;
    });
  }

  /**
   * Applies `change` to the current record and stores the result with a revision check.
   * `change` returns undefined to leave the record as it is (nothing is written).
   * Resolves to [before, after] (after undefined when nothing changed), or undefined when the key
   * does not exist.
   */
  mutate(key: string, change: (current: T) => T | undefined): Promise<[T, T | undefined] | undefined> {
    return this.serialise(key, async () => {
      const row = this.rows.get(key);
      if (!row) return undefined;
      const current = row.value;
      const next = change(current);
      if (next === undefined) return [current, undefined] as [T, undefined];
      let revision: number;
      const bytes = encode(next);
      try {
        revision = await this.writer.write(this.subject(key), bytes, row.revision);
      } catch (err) {
        if (isWrongLastSequence(err)) {
          // Someone else wrote this key: take their version so the next attempt starts from it.
          const fresh = await this.kv.get(key).catch(() => null);
          if (fresh && fresh.operation === 'PUT') {
            const value = decode<T>(fresh.value);
            this.put(key, value, fresh.revision);
            this.refreshed?.(key, current, value);
          }
          throw new ConflictError(key, { cause: err });
        }
        throw unavailable(err);
      }
      this.put(key, next, revision);
      return [current, next] as [T, T];
    });
  }

  /** Deletes the key; resolves with the value it held at that moment (undefined if none). */
  remove(key: string): Promise<T | undefined> {
    return this.serialise(key, async () => {
      const row = this.rows.get(key);
      if (!row) return undefined;
      try {
        await this.kv.purge(key);
      } catch (err) {
        throw unavailable(err);
      }
      const value = row.value;
      this.drop(key);
      return value;
    });
  }

  /**
   * Removes every key under `prefix` ("prefix.<rest>"), all of which are `keys`, with one purge
   * of their subjects instead of a request per key (100,000 deletes took 27 s; a purge is one
   * request). The cache drops them first, so that no write begins on them any more; writes
   * already begun are waited for, or they could land after the purge and bring a key back.
   */
  async removeAllUnder(prefix: string, keys: readonly string[], slice: TimeSlice): Promise<void> {
    if (!this.purgeSubjects) throw new Error(`${this.bucket}: no subject purge was given`);
    const begun: Promise<unknown>[] = [];
    for (const key of keys) {
      this.drop(key);
      const chain = this.chains.get(key);
      if (chain) begun.push(chain);
      await slice.yield();
    }
    await Promise.all(begun);
    try {
      await this.purgeSubjects(this.subject(`${prefix}.>`));
    } catch (err) {
      throw unavailable(err);
    }
  }

  private serialise<R>(key: string, work: () => Promise<R>): Promise<R> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(() => undefined, () => undefined);
    this.chains.set(key, settled);
    settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return run;
  }
}

function isWrongLastSequence(err: unknown): boolean {
  return err instanceof JetStreamWriteError && err.errCode === WRONG_LAST_SEQUENCE;
}

function unavailable(err: unknown): TroupeError {
  if (err instanceof TroupeError) return err;
  return new TroupeError('UNAVAILABLE', `state store unavailable: ${(err as Error)?.message ?? err}`, { cause: err });
}
