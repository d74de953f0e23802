// One JetStream KV bucket as a table of typed records, cached in memory. Writes go through
// `mutate`, which serialises the writes of each key (an actor per record) and sends them with the
// cached revision, so a write never blindly overwrites a change it did not see.
//
// Many new records under one prefix (a collection's tasks, "job.task") can be created together
// (`createMany`): they are stored in a few batch values ("job.<id>.batch", up to BATCH_BYTES
// each) instead of one value each, and a record so created has no value of its own (revision 0)
// until its first change, which is written under its own key with a revision check like any
// other. Loading reads a batch value's records as if each were its own value; the bucket keeps
// one value per key in stream order, so a record's own value or delete marker, always written
// after its batch, wins over the batch's copy. 100,000 tasks are ~100 writes instead of 100,000.
// batch-value.ts says how a batch value is encoded.
import { randomUUID } from 'node:crypto';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { AlreadyExistsError, ConflictError, FailedPreconditionError, TroupeError } from '../../protocol/errors.ts';
import type { TimeSlice } from '../../protocol/time-slice.ts';
import { TableRows } from './table-rows.ts';
import { BatchValueWriter, readBatchValue } from './batch-value.ts';
import { JetStreamWriteError, WRONG_LAST_SEQUENCE, type JetStreamWriter } from '../../protocol/nats/jetstream-writer.ts';

/** Records of one batch value: at most so many bytes (nats-server's max_payload is 1 MiB)... */
const BATCH_BYTES = 256 * 1024;
/** ...and so many records. */
const BATCH_RECORDS = 1000;
/** Batch values of one createMany being written at once. */
const BATCHES_IN_FLIGHT = 4;
const BATCH_SUFFIX = '.batch';

/** One createMany under way; cancelled when its prefix is being removed. */
interface Creation {
  cancelled: boolean;
}

/** Records of a createMany waiting to be written in one batch value. */
interface PendingBatch<T> {
  indexes: number[];
  values: T[];
  writer: BatchValueWriter;
}

const newBatch = <T>(): PendingBatch<T> => ({ indexes: [], values: [], writer: new BatchValueWriter() });

export interface NewRecord<T> {
  key: string;
  value: T;
  /** The id ALREADY_EXISTS names. */
  id: string;
}

export class KvTable<T> {
  /** The cache: read by anyone, written by this class alone. */
  readonly rows: TableRows<T>;
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Keys of batch values being written: taken, for create and createMany. */
  private readonly reserved = new Set<string>();
  /** Batch values being written, by the prefix of their records' keys. */
  private readonly batchesInFlight = new Map<string, Set<Promise<unknown>>>();
  /** Prefixes being removed (closeBatchesUnder .. removeAllUnder): no batch under them is cached. */
  private readonly removing = new Set<string>();
  /** The createMany calls under way, by prefix. */
  private readonly creations = new Map<string, Set<Creation>>();
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
      if (entry.operation === 'PUT' && isBatchKey(entry.key)) {
        const batch = readBatchValue<T>(entry.value);
        for (let i = 0; i < batch.keys.length; i++) this.rows.set(batch.keys[i]!, batch.records[i]!, 0);
      } else if (entry.operation === 'PUT') {
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
      if (this.rows.has(key) || this.reserved.has(key)) throw new AlreadyExistsError(this.kind as 'pool', id);
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
        if (!isWrongLastSequence(err)) throw unavailable(err);
        // Someone else wrote this key: take their version so the next attempt starts from it.
        const fresh = await this.kv.get(key).catch(() => null);
        if (fresh && fresh.operation === 'PUT') {
          const value = decode<T>(fresh.value);
          this.rows.set(key, value, fresh.revision);
          this.refreshed?.(key, current, value);
          throw new ConflictError(key, { cause: err });
        }
        // A record of a batch value writes its own for the first time, and its key still holds
        // the delete marker of an earlier record of that name: written over it, as create does.
        if (row.revision !== 0 || !fresh) throw new ConflictError(key, { cause: err });
        try {
          revision = await this.writer.write(this.subject(key), bytes, fresh.revision);
        } catch (again) {
          throw isWrongLastSequence(again) ? new ConflictError(key, { cause: again }) : unavailable(again);
        }
      }
      this.rows.set(key, next, revision);
      return [current, next] as [T, T];
    });
  }

  /**
   * Creates many records whose keys are all "`prefix`.<rest>", in batch values (see the top of
   * this file). Each entry's outcome, in order: its value once its batch is stored (`stored` is
   * told of each value as it is cached), ALREADY_EXISTS for a key taken, UNAVAILABLE for a batch
   * the store did not take. Encodes, and caches what is stored, in slices that yield.
   */
  async createMany(prefix: string, entries: readonly NewRecord<T>[], slice: TimeSlice, stored: (value: T) => void): Promise<(T | TroupeError)[]> {
    const outcomes: (T | TroupeError)[] = new Array(entries.length);
    const creation: Creation = { cancelled: this.removing.has(prefix) };
    let creations = this.creations.get(prefix);
    if (!creations) this.creations.set(prefix, (creations = new Set()));
    creations.add(creation);
    let batch = newBatch<T>();
    const writing: Promise<void>[] = [];
    const send = async () => {
      if (batch.writer.count === 0) return;
      if (creation.cancelled) this.dropBatch(prefix, batch.writer.keys, batch.indexes, outcomes);
      else writing.push(this.writeBatch(prefix, batch, creation, outcomes, stored, slice));
      batch = newBatch<T>();
      if (writing.length >= BATCHES_IN_FLIGHT) await writing.shift();
    };
    try {
      for (let i = 0; i < entries.length; i++) {
        if (creation.cancelled) {
          outcomes.fill(this.beingRemoved(prefix), i);
          break;
        }
        const { key, value } = entries[i]!;
        if (this.take(entries[i]!, i, outcomes)) {
          if (!batch.writer.tryAdd(key, value, BATCH_BYTES)) {
            await send();
            batch.writer.tryAdd(key, value, BATCH_BYTES);
          }
          batch.indexes.push(i);
          batch.values.push(value);
          if (batch.writer.count >= BATCH_RECORDS) await send();
        }
        if (slice.due) await slice.yield();
      }
      await send();
      await Promise.all(writing);
    } finally {
      creations.delete(creation);
      if (creations.size === 0 && this.creations.get(prefix) === creations) this.creations.delete(prefix);
    }
    return outcomes;
  }

  /** Takes the key of one entry of a createMany; or, when the key is taken, says so in its
   *  outcome. */
  private take({ key, id }: NewRecord<T>, i: number, outcomes: (T | TroupeError)[]): boolean {
    // A key with a write under way (a create, a removal) counts as taken too.
    if (this.rows.has(key) || this.reserved.has(key) || this.chains.has(key)) {
      outcomes[i] = new AlreadyExistsError(this.kind as 'pool', id);
      return false;
    }
    this.reserved.add(key);
    return true;
  }

  /** (Part of) a batch of a createMany whose prefix is being removed: not written, or not
   *  cached. */
  private dropBatch(prefix: string, keys: readonly string[], indexes: readonly number[], outcomes: (T | TroupeError)[]): void {
    for (const key of keys) this.reserved.delete(key);
    for (const i of indexes) outcomes[i] = this.beingRemoved(prefix);
  }

  private writeBatch(prefix: string, batch: PendingBatch<T>, creation: Creation, outcomes: (T | TroupeError)[], stored: (value: T) => void, slice: TimeSlice): Promise<void> {
    const keys = batch.writer.keys;
    const write = this.writer.write(this.subject(`${prefix}.${randomUUID()}${BATCH_SUFFIX}`), batch.writer.value(), 0).then(
      async () => {
        // Cached in slices too: 1,000 records indexed at once, and the four batches whose acks
        // came in one read, held the coordinator for 40 ms. Once its prefix is being removed,
        // what is left of it is not cached (the purge takes it from the store).
        for (let j = 0; j < keys.length; j++) {
          if (slice.due) await slice.yield();
          if (creation.cancelled) {
            this.dropBatch(prefix, keys.slice(j), batch.indexes.slice(j), outcomes);
            return;
          }
          const key = keys[j]!;
          this.reserved.delete(key);
          this.rows.setNew(key, batch.values[j]!, 0);
          outcomes[batch.indexes[j]!] = batch.values[j]!;
          stored(batch.values[j]!);
        }
      },
      (err) => {
        for (const key of keys) this.reserved.delete(key);
        const error = unavailable(err);
        for (const i of batch.indexes) outcomes[i] = error;
      },
    );
    let inFlight = this.batchesInFlight.get(prefix);
    if (!inFlight) this.batchesInFlight.set(prefix, (inFlight = new Set()));
    inFlight.add(write);
    void write.finally(() => {
      inFlight.delete(write);
      if (inFlight.size === 0 && this.batchesInFlight.get(prefix) === inFlight) this.batchesInFlight.delete(prefix);
    });
    return write;
  }

  private beingRemoved(prefix: string): TroupeError {
    return new FailedPreconditionError(`the ${this.kind}s under '${prefix}' are being removed`);
  }

  /** From now until removeAllUnder(prefix) is over, no batch under `prefix` is cached; waits for
   *  those being written (their records are then not cached: the purge removes them). */
  async closeBatchesUnder(prefix: string): Promise<void> {
    this.removing.add(prefix);
    for (const creation of this.creations.get(prefix) ?? []) creation.cancelled = true;
    const inFlight = this.batchesInFlight.get(prefix);
    if (inFlight) await Promise.allSettled([...inFlight]);
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
    try {
      await this.closeBatchesUnder(prefix);
      const begun: Promise<unknown>[] = [];
      for (const key of keys) {
        this.rows.delete(key);
        const chain = this.chains.get(key);
        if (chain) begun.push(chain);
        await slice.yield();
      }
      await Promise.all(begun);
      // Batch values go with the records' own: they are under the prefix too.
      await this.purgeSubjects(this.subject(`${prefix}.>`));
    } catch (err) {
      throw unavailable(err);
    } finally {
      this.removing.delete(prefix);
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

/** "prefix.<id>.batch": a record's key has two tokens ("prefix.<rest>"), a batch value's three. */
function isBatchKey(key: string): boolean {
  return key.endsWith(BATCH_SUFFIX) && key.split('.').length === 3;
}

function isWrongLastSequence(err: unknown): boolean {
  return err instanceof JetStreamWriteError && err.errCode === WRONG_LAST_SEQUENCE;
}

function unavailable(err: unknown): TroupeError {
  if (err instanceof TroupeError) return err;
  return new TroupeError('UNAVAILABLE', `state store unavailable: ${(err as Error)?.message ?? err}`, { cause: err });
}
