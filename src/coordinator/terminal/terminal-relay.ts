// exec and attach through the coordinator (clients never reach a worker): finds the node of a
// running task and opens the call to that node's NodeTerminal service (worker/terminal/
// terminal-server.ts) with the coordinator's own certificate, which is the only one the worker
// answers. One channel per node address, kept while it is used.
import * as grpc from '@grpc/grpc-js';
import type { TlsMaterial } from '../../security/daemon-tls.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import { FailedPreconditionError, NotFoundError } from '../../protocol/errors.ts';
import { loadNodeTerminalProto } from '../../protocol/grpc/proto.ts';
import type { NodeTerminalClient } from '../../protocol/generated/troupe/internal/v1/NodeTerminal.ts';
import type { ExecInput } from '../../protocol/generated/troupe/v1/ExecInput.ts';
import type { AttachInput } from '../../protocol/generated/troupe/v1/AttachInput.ts';
import type { TerminalOutput__Output } from '../../protocol/generated/troupe/v1/TerminalOutput.ts';

export type NodeExecCall = grpc.ClientDuplexStream<ExecInput, TerminalOutput__Output>;
export type NodeAttachCall = grpc.ClientDuplexStream<AttachInput, TerminalOutput__Output>;

export class TerminalRelay {
  private readonly clients = new Map<string, NodeTerminalClient>();

  constructor(private readonly state: ClusterState, private readonly tls: TlsMaterial | undefined) {}

  /** The node client for a running task, or why there is none (NOT_FOUND, FAILED_PRECONDITION). */
  private nodeFor(jobId: string, taskId: string, what: 'exec' | 'attach'): NodeTerminalClient {
    if (!this.state.jobs.get(jobId)) throw new NotFoundError('job', jobId);
    const task = this.state.task(jobId, taskId);
    if (!task) throw new NotFoundError('task', taskId);
    if (task.state !== 'running') throw new FailedPreconditionError(`task '${taskId}' is ${task.state}, not running: ${what} needs a running task`);
    if (task.multiInstance) throw new FailedPreconditionError(`task '${taskId}' is a multi-instance task: ${what} into its instances is not supported yet`);
    const nodeId = task.exec.nodeId;
    const node = nodeId ? this.state.nodes.get(nodeId) : undefined;
    if (!node) throw new FailedPreconditionError(`task '${taskId}' has no node on record`);
    if (!this.tls) throw new FailedPreconditionError(`the coordinator runs without TLS: ${what} goes to workers only over mutual TLS`);
    if (!node.terminalPort) throw new FailedPreconditionError(`node '${node.id}' serves no terminals (its worker runs without TLS, or is older than this coordinator)`);
    const target = `${node.address.includes(':') ? `[${node.address}]` : node.address}:${node.terminalPort}`;
    let client = this.clients.get(target);
    if (!client) {
      const Client = loadNodeTerminalProto().NodeTerminal;
      client = new Client(target, grpc.credentials.createSsl(this.tls.ca, this.tls.key, this.tls.cert), {
        'grpc.max_receive_message_length': 8 * 1024 * 1024,
      }) as unknown as NodeTerminalClient;
      this.clients.set(target, client);
    }
    return client;
  }

  exec(jobId: string, taskId: string): NodeExecCall {
    return this.nodeFor(jobId, taskId, 'exec').Exec();
  }

  attach(jobId: string, taskId: string): NodeAttachCall {
    return this.nodeFor(jobId, taskId, 'attach').Attach();
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
