// An object store read one stored message at a time (STREAM.MSG.GET: "the next message on this
// subject from sequence n"), for readers whose NATS user may not create consumers: the workers
// (security/nats-permissions.ts says why a worker gets no consumer and no direct get). One round
// trip per chunk (256 KiB) or per object listed, against a consumer's read-ahead.
import type { JetStreamManager, MsgRequest } from '@nats-io/jetstream';
import type { ObjectInfo } from '@nats-io/obj';

/** The messages on `subject` (wildcards allowed) of `stream` in order, at most `limit`. */
async function* messagesOn(jsm: JetStreamManager, stream: string, subject: string, limit = Number.POSITIVE_INFINITY) {
  let seq = 1;
  for (let i = 0; i < limit; i++) {
    // nats-server takes next_by_subj with seq (2.9+); nats.js's type names only the other forms.
    const m = await jsm.streams.getMessage(stream, { seq, next_by_subj: subject } as unknown as MsgRequest);
    if (!m) return;
    yield m;
    seq = m.seq + 1;
  }
}

/** An object's `count` chunks (on `subject`), in order. */
export async function* chunksByMessageGet(jsm: JetStreamManager, stream: string, subject: string, count: number): AsyncGenerator<Uint8Array> {
  for await (const m of messagesOn(jsm, stream, subject, count)) yield m.data;
}

/** Every object's latest info in bucket `bucket` (deleted ones too, as the library's list()). */
export async function listByMessageGet(jsm: JetStreamManager, stream: string, bucket: string): Promise<ObjectInfo[]> {
  const infos: ObjectInfo[] = [];
  // Each object's info is a rollup: one message per object is left on its subject.
  for await (const m of messagesOn(jsm, stream, `$O.${bucket}.M.>`)) {
    const info = m.json<ObjectInfo>();
    infos.push({ ...info, deleted: info.deleted ?? false, revision: m.seq });
  }
  return infos;
}
