// One JetStream KV bucket as a table of typed records, cached in memory. Writes go through
// `mutate`, which serialises the writes of each key (an actor per record) and sends them with the
// cached revision, so a write never blindly overwrites a change it did not see.
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { AlreadyExistsError, ConflictError, TroupeError } from '../../protocol/errors.ts';
import type { TimeSlice } from '../../protocol/time-slice.ts';
import { TableRows } from './table-rows.ts';
import { JetStreamWriteError, WRONG_LAST_SEQUENCE, type JetStreamWriter } from '../../protocol/nats/jetstream-writer.ts';

export class KvTable<T> {
  /** The cache: read by anyone, written by this class alone. */
  readonly rows: TableRows<T>;
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
    /** Which records to keep packed (table-rows.ts): those rarely read again. */
    pack?: (value: T) => boolean,
  ) {
    this.rows = new TableRows<T>(pack);
  }

  /** Bytes of slabs the packed records hold, used or not (for tests and measurements). */
  get packedBytes(): number {
    return this.rows.packedBytes;
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
        this.rows.set(entry.key, decode<T>(entry.value), entry.revision);
      } else {
        this.rows.delete(entry.key);
      }
      if (entry.delta === 0) break;
    }
    watcher.stop();
  }

  get(key: string): T | undefined {
    return this.rows.value(key);
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
      this.rows.set(key, value, revision);
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
            this.rows.set(key, value, fresh.revision);
            this.refreshed?.(key, current, value);
          }
          throw new ConflictError(key, { cause: err });
        }
        throw unavailable(err);
      }
      this.rows.set(key, next, revision);
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
      this.rows.delete(key);
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
      this.rows.delete(key);
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
