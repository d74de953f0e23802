// An object's info in the JetStream object store, read and marked deleted by troupe itself, in the
// format every NATS client reads: the rollup message on $O.<bucket>.M.<name>, where <name> is the
// padded base64url of the name's UTF-8 bytes (as the Go client, and so the nats CLI, name it).
//
// Why not @nats-io/obj's info() and delete(): they encode the name with btoa, which takes the
// string as Latin-1, so for any name outside ASCII they look under another subject than the one
// the object was stored under (`latin1-é.txt`: NOT_FOUND after a successful upload) or throw
// (`日本.txt`: INTERNAL). The library's list() reads names from the messages themselves and is
// right for every name.
import { headers } from '@nats-io/transport-node';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { ObjectInfo } from '@nats-io/obj';

export const streamOf = (bucket: string) => `OBJ_${bucket}`;

export const metaSubject = (bucket: string, name: string) =>
  `$O.${bucket}.M.${Buffer.from(name, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;

export const chunkSubject = (bucket: string, nuid: string) => `$O.${bucket}.C.${nuid}`;

/** The object's latest info (a deleted object's too: `deleted` says so), or null if never stored. */
export async function readObjectInfo(jsm: JetStreamManager, bucket: string, name: string): Promise<ObjectInfo | null> {
  const m = await jsm.streams.getMessage(streamOf(bucket), { last_by_subj: metaSubject(bucket, name) });
  if (!m) return null;
  const info = m.json<ObjectInfo>();
  return { ...info, deleted: info.deleted ?? false, description: info.description ?? '', revision: m.seq };
}

/** Marks the object deleted (a rollup of its info with no content), then purges its chunks. */
export async function markDeleted(js: JetStreamClient, jsm: JetStreamManager, info: ObjectInfo): Promise<void> {
  const { revision: _unused, ...stored } = info;
  const h = headers();
  h.set('Nats-Rollup', 'sub');
  await js.publish(metaSubject(info.bucket, info.name), JSON.stringify({ ...stored, deleted: true, size: 0, chunks: 0, digest: '' }), { headers: h });
  await jsm.streams.purge(streamOf(info.bucket), { filter: chunkSubject(info.bucket, info.nuid) });
}
