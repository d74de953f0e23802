// Answers the coordinator's requests for a byte range of a task's stdout.txt / stderr.txt.
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { OUTPUT_STREAMS, type OutputReply, type OutputRequest } from '../../protocol/nats/messages.ts';
import { outputSubject } from '../../protocol/nats/subjects.ts';
import type { NodeLayout } from '../node-layout.ts';

/** The most one reply carries (a NATS message; the coordinator asks again for the rest). */
const MAX_CHUNK = 512 * 1024;

/** Reads at most one chunk of `handle` from `offset` (`length` 0 = a whole chunk), with the
 *  file's size, so the reader knows whether more is left. */
export async function readChunk(handle: FileHandle, offset: number, length: number): Promise<{ data: Buffer; size: number }> {
  const { size } = await handle.stat();
  const wanted = Math.max(0, Math.min(length || MAX_CHUNK, MAX_CHUNK, size - offset));
  const buffer = Buffer.alloc(wanted);
  const { bytesRead } = wanted > 0 ? await handle.read(buffer, 0, wanted, offset) : { bytesRead: 0 };
  return { data: buffer.subarray(0, bytesRead), size };
}
/** Files of a task directory readable as output (coordination-*: a multi-instance primary's). */

/** `latestAttempt`: the latest attempt of a task incarnation dispatched to this node. */
export function serveTaskOutput(nc: NatsConnection, nodeId: string, layout: NodeLayout, latestAttempt: (ref: { jobId: string; taskId: string; uid: string }) => number | undefined = () => undefined): Subscription {
  return nc.subscribe(outputSubject(nodeId), {
    callback: (err, msg) => {
      if (err) return;
      readRange(layout, msg.data, latestAttempt).then((reply) => msg.respond(encode(reply)));
    },
  });
}

async function readRange(layout: NodeLayout, data: Uint8Array, latestAttempt: (ref: { jobId: string; taskId: string; uid: string }) => number | undefined): Promise<OutputReply> {
  let req: OutputRequest;
  let file: string;
  try {
    req = decode<OutputRequest>(data);
    if (!(OUTPUT_STREAMS as readonly string[]).includes(req.stream)) throw new Error(`stream must be one of ${OUTPUT_STREAMS.join(', ')}`);
    if (!Number.isSafeInteger(req.offset) || req.offset < 0 || !Number.isSafeInteger(req.length) || req.length < 0) {
      throw new Error('offset and length must be non-negative integers');
    }
    file = path.join(layout.taskDir(req.jobId, req.taskId), `${req.stream}.txt`);
  } catch (err) {
    return { ok: false, code: 'INVALID_ARGUMENT', message: (err as Error).message };
  }
  // Each attempt writes the file afresh: once a later attempt came here, an earlier one's output
  // is gone (what the file holds would be the later one's, read twice by a follower).
  const asked = req.attempt;
  const superseded = (): OutputReply | undefined => {
    if (!asked || typeof asked.uid !== 'string' || typeof asked.attempt !== 'number') return undefined;
    const latest = latestAttempt({ jobId: req.jobId, taskId: req.taskId, uid: asked.uid });
    if (latest === undefined || latest <= asked.attempt) return undefined;
    return { ok: false, code: 'SUPERSEDED', message: `attempt ${asked.attempt} of task '${req.taskId}' was followed by attempt ${latest} on this node: its output is gone` };
  };
  const before = superseded();
  if (before) return before;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return { ok: false, code: 'NOT_FOUND', message: `task '${req.taskId}' has no ${req.stream}.txt on this node` };
  }
  try {
    const chunk = await readChunk(handle, req.offset, req.length);
    // Asked again after the read: a later attempt that came while it was under way may have
    // rewritten the file already, and its bytes would go out as the earlier attempt's (a
    // follower then sent them twice).
    return superseded() ?? { ok: true, ...chunk };
  } catch (err) {
    return { ok: false, code: 'INTERNAL', message: `could not read ${req.stream}.txt: ${(err as Error).message}` };
  } finally {
    await handle.close();
  }
}
