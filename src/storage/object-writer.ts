// Writes one object in the JetStream object store's format (what @nats-io/obj reads): chunks on
// $O.<bucket>.C.<nuid>, then the object's info as a rollup message on $O.<bucket>.M.<name>, then
// the old version's chunks purged. The library's put() waits for each chunk's acknowledgement
// before sending the next, one round trip per chunk; this keeps a few chunks in flight instead
// (JetStream stores one connection's publishes to a subject in order), which is what makes large
// files fast, while memory stays at WINDOW chunks. A source that fails, or a check that fails at
// the end, purges the chunks already written: the old object stays as it was.
import { createHash, randomBytes } from 'node:crypto';
import { headers } from '@nats-io/transport-node';
import type { JetStreamClient, JetStreamManager, PubAck } from '@nats-io/jetstream';
import type { ObjectInfo } from '@nats-io/obj';
import { metaSubject } from './object-meta.ts';

const WINDOW = 8;
const MAX_REPLACE_ATTEMPTS = 20;
/** JetStream's "wrong last sequence" (an expected-last-subject-sequence check failed). */
const WRONG_LAST_SEQUENCE = 10071;

function isWrongLastSequence(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === WRONG_LAST_SEQUENCE || e?.code === WRONG_LAST_SEQUENCE || /wrong last sequence/i.test(e?.message ?? '');
}

export interface PutRequest {
  js: JetStreamClient;
  jsm: JetStreamManager;
  bucket: string;
  name: string;
  chunkBytes: number;
  metadata?: Record<string, string>;
  /** The object's current info, whose chunks go once the new version is live. */
  old?: ObjectInfo | null;
  /** Reads the current info again, when another writer replaced the object meanwhile. */
  reload(): Promise<ObjectInfo | null>;
  /** Called with the content's hex SHA-256 before the object becomes visible; throw to abort. */
  check?(sha256: string): void;
}

export async function putObject(req: PutRequest, content: AsyncIterable<Uint8Array>): Promise<ObjectInfo> {
  const { js, jsm, bucket, chunkBytes } = req;
  const nuid = randomBytes(11).toString('base64url');
  const chunkSubject = `$O.${bucket}.C.${nuid}`;
  const hash = createHash('sha256');
  const inFlight: Promise<PubAck | void>[] = [];
  let failure: unknown;
  let size = 0;
  let chunks = 0;
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;

  const send = async (payload: Buffer) => {
    hash.update(payload);
    size += payload.length;
    chunks++;
    inFlight.push(js.publish(chunkSubject, payload).catch((err) => void (failure ??= err)));
    if (inFlight.length >= WINDOW) await inFlight.shift();
    if (failure) throw failure;
  };

  try {
    for await (const piece of content) {
      let offset = 0;
      while (offset < piece.length) {
        if (filled === 0 && piece.length - offset >= chunkBytes) {
          // A whole chunk in the piece (an uploader sending chunk-sized pieces): sent as it is,
          // without the copy. The piece is not reused by its source.
          await send(Buffer.from(piece.buffer, piece.byteOffset + offset, chunkBytes));
          offset += chunkBytes;
          continue;
        }
        const n = Math.min(chunkBytes - filled, piece.length - offset);
        buffer.set(piece.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === chunkBytes) {
          await send(buffer);
          buffer = Buffer.allocUnsafe(chunkBytes); // the sent one may still be queued for the socket
          filled = 0;
        }
      }
    }
    if (filled > 0) await send(buffer.subarray(0, filled));
    await Promise.all(inFlight);
    if (failure) throw failure;
    const sha256 = hash.digest();
    req.check?.(sha256.toString('hex'));
    const info: ObjectInfo = {
      name: req.name,
      description: '',
      options: { max_chunk_size: chunkBytes },
      metadata: req.metadata,
      bucket,
      nuid,
      size,
      chunks,
      mtime: new Date().toISOString(),
      digest: `SHA-256=${sha256.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`,
      deleted: false,
      revision: 0,
    };
    const { revision: _unused, ...stored } = info;
    // Replace exactly the version we know of: when another writer got in first, its version is
    // the one this replaces (last writer wins) and whose chunks must go, or they would stay
    // behind unreachable.
    let current = req.old ?? null;
    for (let attempt = 0; ; attempt++) {
      const h = headers();
      h.set('Nats-Rollup', 'sub');
      h.set('Nats-Expected-Last-Subject-Sequence', String(current?.revision ?? 0));
      try {
        info.revision = (await js.publish(metaSubject(bucket, req.name), JSON.stringify(stored), { headers: h })).seq;
        break;
      } catch (err) {
        if (!isWrongLastSequence(err) || attempt >= MAX_REPLACE_ATTEMPTS) throw err;
        current = await req.reload();
      }
    }
    if (current?.nuid) {
      // The new version is live; losing this purge only leaves unreachable chunks behind.
      await jsm.streams.purge(`OBJ_${bucket}`, { filter: `$O.${bucket}.C.${current.nuid}` }).catch(() => {});
    }
    return info;
  } catch (err) {
    await Promise.allSettled(inFlight);
    await jsm.streams.purge(`OBJ_${bucket}`, { filter: chunkSubject }).catch(() => {});
    throw err;
  }
}
