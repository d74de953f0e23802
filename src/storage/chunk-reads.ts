// An object's chunks read one stored message at a time (STREAM.MSG.GET, "the next message of
// this chunk subject from sequence n"), for readers whose NATS user may not create consumers:
// the workers (security/nats-permissions.ts says why a worker gets no consumer and no direct
// get). One round trip per chunk (256 KiB), against a consumer's read-ahead: measured in
// bench/files.bench.ts through the resource-file path.
import type { JetStreamManager, MsgRequest } from '@nats-io/jetstream';

/** The `count` chunks on `subject` of stream `stream`, in order. */
export async function* chunksByMessageGet(jsm: JetStreamManager, stream: string, subject: string, count: number): AsyncGenerator<Uint8Array> {
  let seq = 1;
  for (let i = 0; i < count; i++) {
    // nats-server takes next_by_subj with seq (2.9+); nats.js's type names only the other forms.
    const m = await jsm.streams.getMessage(stream, { seq, next_by_subj: subject } as unknown as MsgRequest);
    if (!m) return;
    yield m.data;
    seq = m.seq + 1;
  }
}
