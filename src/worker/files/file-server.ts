// Answers the coordinator's requests to list and read files on this node (Azure Batch's node
// file API: a task's directory, or anything under the node root: startup/, shared/, workitems/).
// Works while a task runs and after it ended, until retention removes its directory. Every path
// goes through safe-read-paths.ts: nothing outside the asked directory is listed or read.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { InvalidArgumentError } from '../../protocol/errors.ts';
import type { NodeFileReply, NodeFileRequest } from '../../protocol/nats/node-file-messages.ts';
import { nodeFilesSubject } from '../../protocol/nats/subjects.ts';
import type { NodeLayout } from '../node-layout.ts';
import { listInside, openInside, PathEscapeError, PathNotFoundError, realBase, resolveInside } from './safe-read-paths.ts';
import { stat } from 'node:fs/promises';
import { readChunk } from './output-server.ts';

/** Entries per answer: stays well inside NATS's default 1 MB message. */
export const MAX_LIST_ENTRIES = 5000;

export function serveNodeFiles(nc: NatsConnection, nodeId: string, layout: NodeLayout): Subscription {
  return nc.subscribe(nodeFilesSubject(nodeId), {
    callback: (err, msg) => {
      if (err) return;
      answer(layout, nodeId, msg.data).then((reply) => msg.respond(encode(reply)));
    },
  });
}

async function answer(layout: NodeLayout, nodeId: string, data: Uint8Array): Promise<NodeFileReply> {
  let req: NodeFileRequest;
  let base: string;
  try {
    req = decode<NodeFileRequest>(data);
    if (!req || (req.op !== 'list' && req.op !== 'read') || typeof req.path !== 'string') throw new Error('malformed file request');
    base = req.scope?.kind === 'task' ? layout.taskDir(req.scope.jobId, req.scope.taskId) : layout.root;
  } catch (err) {
    return { ok: false, code: 'INVALID_ARGUMENT', message: (err as Error).message };
  }
  try {
    let baseReal: string;
    try {
      baseReal = await realBase(base);
    } catch (err) {
      if (req.scope.kind !== 'task') throw err;
      throw new PathNotFoundError(`task '${req.scope.taskId}' of job '${req.scope.jobId}' has no directory on node '${nodeId}': it was removed after its retention time (or never created there)`);
    }
    if (req.op === 'list') {
      const dir = await resolveInside(baseReal, req.path);
      const st = await stat(dir);
      if (!st.isDirectory()) throw new PathEscapeError(`path '${req.path}' is a file, not a directory: use GetTaskFile/GetNodeFile to read it`);
      const { entries, truncated } = await listInside(baseReal, dir, req.recursive === true, MAX_LIST_ENTRIES);
      return { ok: true, truncated, files: entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory, size: e.size, mtime: new Date(e.mtimeMs).toISOString() })) };
    }
    if (!Number.isSafeInteger(req.offset) || req.offset < 0 || !Number.isSafeInteger(req.length) || req.length < 0) {
      throw new PathEscapeError('offset and length must be non-negative integers');
    }
    const handle = await openInside(baseReal, req.path);
    try {
      return { ok: true, ...(await readChunk(handle, req.offset, req.length)) };
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof PathNotFoundError) return { ok: false, code: 'NOT_FOUND', message: err.message };
    if (err instanceof PathEscapeError || err instanceof InvalidArgumentError) return { ok: false, code: 'INVALID_ARGUMENT', message: err.message };
    return { ok: false, code: 'INTERNAL', message: `could not read files: ${(err as Error).message}` };
  }
}
