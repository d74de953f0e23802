// Files on nodes, through the coordinator (clients never reach a worker): list and read a task's
// directory or anything under a node's root, by NATS request/reply to the node's worker (see
// worker/file-server.ts, which resolves every path safely on the node).
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeLiveness } from '../nodes/node-registry.ts';
import { FailedPreconditionError, NotFoundError, TroupeError } from '../../protocol/errors.ts';
import { decode, encode } from '../../protocol/nats/codec.ts';
import type { FileScope, NodeFileEntry, NodeFileReply, NodeFileRequest } from '../../protocol/nats/node-file-messages.ts';
import { nodeFilesSubject } from '../../protocol/nats/subjects.ts';

const CHUNK = 512 * 1024;
const WINDOW = 4;
const REQUEST_TIMEOUT_MS = 10_000;

export interface FileListing {
  files: NodeFileEntry[];
  truncated: boolean;
}

export class NodeFiles {
  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly liveness: NodeLiveness,
  ) {}

  /** The node that holds the task's directory (the node of its latest attempt). */
  private taskNode(jobId: string, taskId: string): string {
    if (!this.state.jobs.get(jobId)) throw new NotFoundError('job', jobId);
    const t = this.state.task(jobId, taskId);
    if (!t) throw new NotFoundError('task', taskId);
    if (!t.exec.nodeId) throw new FailedPreconditionError(`task '${taskId}' has no files yet: it has not been placed on a node (state ${t.state})`);
    return t.exec.nodeId;
  }

  private node(nodeId: string): string {
    if (!this.state.nodes.get(nodeId)) throw new NotFoundError('node', nodeId);
    return nodeId;
  }

  listTaskFiles(jobId: string, taskId: string, path: string, recursive: boolean): Promise<FileListing> {
    return this.list(this.taskNode(jobId, taskId), { kind: 'task', jobId, taskId }, path, recursive);
  }

  listNodeFiles(nodeId: string, path: string, recursive: boolean): Promise<FileListing> {
    return this.list(this.node(nodeId), { kind: 'node' }, path, recursive);
  }

  taskFile(jobId: string, taskId: string, path: string, offset: number, length: number): AsyncGenerator<Uint8Array> {
    return this.read(this.taskNode(jobId, taskId), { kind: 'task', jobId, taskId }, path, offset, length);
  }

  nodeFile(nodeId: string, path: string, offset: number, length: number): AsyncGenerator<Uint8Array> {
    return this.read(this.node(nodeId), { kind: 'node' }, path, offset, length);
  }

  private async list(nodeId: string, scope: FileScope, path: string, recursive: boolean): Promise<FileListing> {
    const reply = await this.ask(nodeId, { op: 'list', scope, path, recursive });
    if (!('files' in reply)) throw new TroupeError('INTERNAL', `node '${nodeId}' answered a listing with something else`);
    return { files: reply.files, truncated: reply.truncated };
  }

  /** Reads with up to WINDOW chunk requests in flight (a round trip per chunk in turn would
   *  cap a large file at chunk size / round trip), yielding the chunks in order. A short chunk
   *  is the end of the file as it was then (a running task's file may still grow). */
  private async *read(nodeId: string, scope: FileScope, path: string, offset: number, length: number): AsyncGenerator<Uint8Array> {
    const end = length > 0 ? offset + length : Number.MAX_SAFE_INTEGER;
    let next = offset;
    const inFlight: { want: number; reply: Promise<Exclude<NodeFileReply, { ok: false }>> }[] = [];
    const request = () => {
      const want = Math.min(CHUNK, end - next);
      const reply = this.ask(nodeId, { op: 'read', scope, path, offset: next, length: want });
      reply.catch(() => {}); // awaited in order below; not an unhandled rejection meanwhile
      inFlight.push({ want, reply });
      next += want;
    };
    request();
    while (inFlight.length > 0) {
      const { want, reply: pending } = inFlight.shift()!;
      const reply = await pending;
      if (!('data' in reply)) throw new TroupeError('INTERNAL', `node '${nodeId}' answered a read with something else`);
      // The size is known after the first answer: ask ahead only for what exists.
      while (inFlight.length < WINDOW && next < end && next < reply.size) request();
      if (reply.data.length > 0) yield reply.data;
      if (reply.data.length < want) return;
    }
  }

  private async ask(nodeId: string, request: NodeFileRequest): Promise<Exclude<NodeFileReply, { ok: false }>> {
    if (!this.liveness.isAlive(nodeId)) throw new TroupeError('UNAVAILABLE', `node '${nodeId}' is not reachable: its files cannot be read now`);
    let reply: NodeFileReply;
    try {
      const msg = await this.nc.request(nodeFilesSubject(nodeId), encode(request), { timeout: REQUEST_TIMEOUT_MS });
      reply = decode<NodeFileReply>(msg.data);
    } catch (err) {
      throw new TroupeError('UNAVAILABLE', `node '${nodeId}' did not answer: ${(err as Error).message}`);
    }
    if (!reply.ok) throw new TroupeError(reply.code, reply.message);
    return reply;
  }
}
