// troupe's file store on the NATS JetStream object store (@nats-io/obj: buckets, info, list,
// delete). The coordinator creates the buckets at start (protocol/nats/jetstream-resources.ts). Content always moves as a stream of chunks with
// back-pressure: a write keeps a few chunks in flight and takes more from its source only as they
// are acknowledged (object-writer.ts), and a read asks JetStream for a few chunks at a time (an
// ordered consumer with a small buffer) instead of the library's get(), whose push consumer
// queues the whole object in memory when the reader is slower than NATS. The store keeps each
// object's SHA-256 (node:crypto; the library's own hashing is pure JavaScript); reads verify it,
// writes compare it with the client's.
import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { putObject } from './object-writer.ts';
import { markDeleted, readObjectInfo } from './object-meta.ts';
import { Objm, type ObjectInfo, type ObjectStore } from '@nats-io/obj';
import { InvalidArgumentError } from '../protocol/errors.ts';
import { BUCKET_APPLICATIONS, BUCKET_FILES } from '../protocol/nats/subjects.ts';
import { chunksByMessageGet, listByMessageGet } from './message-get-reads.ts';
import { ChecksumMismatchError, StoredFileExistsError, StoredFileNotFoundError } from './storage-errors.ts';

export { BUCKET_APPLICATIONS, BUCKET_FILES } from '../protocol/nats/subjects.ts';

/** Stored chunk size: large enough that a 200 MB file is 800 acknowledged publishes, small enough
 *  that a few chunks in flight stay far below NATS's 1 MiB payload limit and any file's size. */
const CHUNK_BYTES = 256 * 1024;
/** Chunks a reader lets JetStream deliver ahead of it. */
const READ_AHEAD_CHUNKS = 8;

export interface StoredFile {
  path: string;
  size: number;
  /** Lower-case hex SHA-256. */
  sha256: string;
  lastModified: string;
  metadata: Record<string, string>;
}

/** A content's expected SHA-256 and the request field that gave it (named when the bytes differ). */
export interface ExpectedDigest {
  /** Lower-case hex. */
  sha256: string;
  field: string;
}

export interface WriteOptions {
  /** The expected digest of the whole content, asked for once the content has ended (an upload may
   *  send it after its last chunk): the write fails, and leaves any older object of that path as it
   *  was, when the bytes differ. Undefined, or answering undefined: no check. */
  expected?: () => ExpectedDigest | undefined;
  /** Fail with ALREADY_EXISTS when the path exists. */
  ifAbsent?: boolean;
  metadata?: Record<string, string>;
}

export interface ReadOptions {
  offset?: number;
  /** 0 or undefined = to the end. */
  length?: number;
}

export class FileBucket {
  private readonly js: JetStreamClient;
  private opened?: Promise<ObjectStore>;
  private manager?: Promise<JetStreamManager>;

  /** `chunkReads` 'message-get': chunks and listings come one stored message at a time, no
   *  consumer (what a worker's NATS user allows: message-get-reads.ts). */
  constructor(private readonly nc: NatsConnection, readonly bucket: string, private readonly chunkReads: ChunkReads = 'consumer') {
    this.js = jetstream(nc);
  }

  private jsm(): Promise<JetStreamManager> {
    this.manager ??= jetstreamManager(this.nc);
    return this.manager;
  }

  /** The object's info by its name's UTF-8 subject (object-meta.ts says why not the library's). */
  private async info(path: string): Promise<ObjectInfo | null> {
    await this.store(); // the bucket exists
    return readObjectInfo(await this.jsm(), this.bucket, path);
  }

  /** The bucket, which must exist: only the coordinator creates it, with its replica count. */
  private store(): Promise<ObjectStore> {
    this.opened ??= new Objm(this.js).open(this.bucket).catch((err) => {
      this.opened = undefined;
      throw err;
    });
    return this.opened;
  }

  async stat(path: string): Promise<StoredFile | undefined> {
    const info = await this.info(path);
    return info && !info.deleted ? toStoredFile(info) : undefined;
  }

  /** Stores the content under `path`, replacing any older object once the new one is complete. */
  async write(path: string, content: AsyncIterable<Uint8Array>, opts: WriteOptions = {}): Promise<StoredFile> {
    const old = await this.info(path);
    if (opts.ifAbsent && old && !old.deleted) throw new StoredFileExistsError(`'${path}'`);
    const info = await putObject({
      js: this.js, jsm: await this.jsm(), bucket: this.bucket, name: path, chunkBytes: CHUNK_BYTES, metadata: opts.metadata, old,
      reload: () => this.info(path),
      check(actual) {
        const expected = opts.expected?.();
        if (expected && expected.sha256 !== actual) {
          throw new InvalidArgumentError(expected.field, `does not match the uploaded bytes (their SHA-256 is ${actual})`);
        }
      },
    }, content);
    return toStoredFile(info);
  }

  /** The object's info and its content as chunks (or a byte range of it). Reading the whole
   *  object verifies its SHA-256 at the end: a mismatch throws ChecksumMismatchError from the
   *  iterator after the last chunk, so a consumer must not treat its output as good before then. */
  async read(path: string, opts: ReadOptions = {}): Promise<{ info: StoredFile; chunks: AsyncIterable<Uint8Array> }> {
    const raw = await this.info(path);
    if (!raw || raw.deleted) throw new StoredFileNotFoundError(`'${path}'`);
    if (raw.options?.link) throw new InvalidArgumentError('path', 'names a link, which troupe does not follow');
    const info = toStoredFile(raw);
    return { info, chunks: this.chunks(raw, info, opts.offset ?? 0, opts.length ?? 0) };
  }

  private async *chunks(raw: ObjectInfo, info: StoredFile, offset: number, length: number): AsyncGenerator<Uint8Array> {
    const end = length > 0 ? Math.min(info.size, offset + length) : info.size;
    if (raw.chunks === 0 || offset >= end) {
      if (offset === 0 && end === info.size) verify(info, createHash('sha256').digest('hex'));
      return;
    }
    const whole = offset === 0 && end === info.size;
    const hash = createHash('sha256');
    const subject = `$O.${this.bucket}.C.${raw.nuid}`;
    let stop = () => {};
    let messages: AsyncIterable<Uint8Array>;
    if (this.chunkReads === 'message-get') {
      messages = chunksByMessageGet(await this.jsm(), `OBJ_${this.bucket}`, subject, raw.chunks);
    } else {
      const consumer = await this.js.consumers.get(`OBJ_${this.bucket}`, { filter_subjects: subject });
      const consumed = await consumer.consume({ max_messages: READ_AHEAD_CHUNKS });
      stop = () => consumed.stop();
      messages = (async function* () { for await (const m of consumed) yield m.data; })();
    }
    let position = 0;
    let received = 0;
    try {
      for await (const data of messages) {
        received++;
        if (whole) hash.update(data);
        const from = Math.max(offset - position, 0);
        const to = Math.min(end - position, data.length);
        if (to > from) yield from === 0 && to === data.length ? data : data.subarray(from, to);
        position += data.length;
        if (position >= end || received >= raw.chunks) break;
      }
    } finally {
      stop();
    }
    if (whole) {
      if (position !== info.size) throw new ChecksumMismatchError(info.path, info.sha256, `of ${position} bytes (expected ${info.size})`);
      verify(info, hash.digest('hex'));
    }
  }

  /** Objects whose path starts with `prefix`, sorted by path. */
  async list(prefix = ''): Promise<StoredFile[]> {
    const all = this.chunkReads === 'message-get'
      ? (await this.store(), await listByMessageGet(await this.jsm(), `OBJ_${this.bucket}`, this.bucket))
      : await (await this.store()).list();
    return all
      .filter((o) => !o.deleted && !o.options?.link && o.name.startsWith(prefix))
      .map(toStoredFile)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Deletes one object; false when there was none. */
  async delete(path: string): Promise<boolean> {
    const info = await this.info(path);
    if (!info || info.deleted) return false;
    await markDeleted(this.js, await this.jsm(), info);
    return true;
  }
}

function verify(info: StoredFile, actual: string): void {
  if (actual !== info.sha256) throw new ChecksumMismatchError(info.path, info.sha256, actual);
}

function toStoredFile(o: ObjectInfo): StoredFile {
  return {
    path: o.name,
    size: o.size,
    sha256: digestToHex(o.digest),
    lastModified: o.mtime,
    metadata: o.metadata ?? {},
  };
}

/** "SHA-256=<base64url>" (the object store's form) -> lower-case hex. */
export function digestToHex(digest: string): string {
  const b64 = digest.startsWith('SHA-256=') ? digest.slice('SHA-256='.length) : digest;
  return Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex');
}

/** lower-case hex -> the object store's "SHA-256=<base64url>" form. */
export function hexToDigest(hex: string): string {
  return `SHA-256=${Buffer.from(hex, 'hex').toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

/** How a bucket reads an object's chunks: a consumer with read-ahead, or message by message. */
export type ChunkReads = 'consumer' | 'message-get';

/** Both buckets of one NATS connection. */
export class TroupeStore {
  readonly files: FileBucket;
  readonly applications: FileBucket;
  constructor(nc: NatsConnection, chunkReads: ChunkReads = 'consumer') {
    this.files = new FileBucket(nc, BUCKET_FILES, chunkReads);
    this.applications = new FileBucket(nc, BUCKET_APPLICATIONS, chunkReads);
  }
}
