// PreemptNode (troupe.v1.NodeControl): a node's provider takes it back at the end of a notice
// period, as a cloud takes back a low-priority (spot) VM. The coordinator decides and records,
// the worker carries it out:
//
//   PreemptNode ─► record: preemptionDeadline (the scheduler gives the node nothing new from now)
//               └► troupe.node.<id>.control {kind: 'preempt', deadline}
//   worker      ─► $AZ_BATCH_NODE_ROOT_DIR/preemption-notice (the deadline, ISO time)
//               ─► at the deadline minus its kill grace: SIGTERM to every task, SIGKILL at the
//                  deadline; the tasks' reports (NodePreempted) requeue them: requeueCount + 1,
//                  retryCount unchanged
//               ─► last heartbeat `preempted`: state 'preempted' (or, if it is never heard, the
//                  node timeout ends there too: node-registry.ts), listed until removed
//
// Only low-priority nodes are preempted unless `force`: a dedicated node is one the operator
// said may not be taken back, so doing it asks for that to be said again (draining a borrowed
// machine that was joined as dedicated). Refused at once, FAILED_PRECONDITION, on a node that
// cannot go through it: not heard (offline, gone), already preempted, leaving, or under notice.
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeLiveness } from '../nodes/node-registry.ts';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../protocol/errors.ts';
import { parseDuration } from '../../protocol/duration.ts';
import { encode } from '../../protocol/nats/codec.ts';
import { nodeControlSubject, type NodeControlMessage } from '../../protocol/nats/node-control.ts';
import type { NodeRecord } from '../../protocol/records/records.ts';
import type { Logger } from '../../protocol/log.ts';

export const DEFAULT_NOTICE_MS = 30_000;
export const MAX_NOTICE_MS = 3600_000;

export interface PreemptRequest {
  nodeId: string;
  noticeMs: number;
  force: boolean;
}

/** The request as the API got it, checked: the notice a duration above 0, at most 1h (default 30 s). */
export function validatePreemptRequest(req: { nodeId?: unknown; noticePeriod?: unknown; force?: unknown }): PreemptRequest {
  if (typeof req.nodeId !== 'string' || req.nodeId === '') throw new InvalidArgumentError('nodeId', 'is required');
  const noticeMs = parseDuration(typeof req.noticePeriod === 'string' ? req.noticePeriod : '', 'noticePeriod') ?? DEFAULT_NOTICE_MS;
  if (noticeMs > MAX_NOTICE_MS) throw new InvalidArgumentError('noticePeriod', 'must be at most 1h');
  return { nodeId: req.nodeId, noticeMs, force: req.force === true };
}

/** Why this node cannot be preempted now; undefined if it can. Pure. */
export function preemptionRefusal(node: NodeRecord, alive: boolean, force: boolean): string | undefined {
  if (node.isDedicated !== false && !force) {
    return `node '${node.id}' is dedicated: only a low-priority node (troupe worker --low-priority) is preempted; set force to take a dedicated node back (draining a borrowed machine)`;
  }
  if (node.preemptionDeadline !== undefined) return `node '${node.id}' is already under a preemption notice, until ${node.preemptionDeadline}`;
  if (node.state === 'preempted') return `node '${node.id}' is already preempted`;
  if (node.state === 'offline' || !alive) return `node '${node.id}' is not heard from (state ${node.state}): there is no worker to give the notice to`;
  if (node.state === 'leavingpool') return `node '${node.id}' is leaving its pool already`;
  return undefined;
}

export class NodePreemption {
  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly liveness: NodeLiveness,
    private readonly log: Logger,
  ) {}

  async preempt(req: PreemptRequest): Promise<NodeRecord> {
    const node = this.state.nodes.get(req.nodeId);
    if (!node) throw new NotFoundError('node', req.nodeId);
    const refusal = preemptionRefusal(node, this.liveness.isAlive(node.id), req.force);
    if (refusal) throw new FailedPreconditionError(refusal);
    const deadline = new Date(Date.now() + req.noticeMs).toISOString();
    // Recorded before the worker hears of it: from here the scheduler sends it nothing new, even
    // through a coordinator restart.
    const after = await this.state.mutateNode(node.id, (n) => {
      if (preemptionRefusal(n, true, req.force)) return undefined;
      return { ...n, preemptionDeadline: deadline };
    });
    if (!after || after.preemptionDeadline !== deadline) throw new FailedPreconditionError(`node '${node.id}' changed meanwhile: ${preemptionRefusal(after ?? node, true, req.force) ?? 'try again'}`);
    const message: NodeControlMessage = { kind: 'preempt', nodeId: node.id, deadline };
    this.nc.publish(nodeControlSubject(node.id), encode(message));
    this.log.info('node preemption announced', { nodeId: node.id, deadline, noticeMs: req.noticeMs, dedicated: node.isDedicated !== false });
    return after;
  }
}
