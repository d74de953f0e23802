// troupe.v1.NodeControl (node_control.proto): operator actions on one node beyond scheduling.
// The gate (auth/authorize.ts) has checked the token and the role (admin) already.
import type { Logger } from '../../protocol/log.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { validatePreemptRequest, type NodePreemption } from '../operations/node-preemption.ts';
import { nodeToApi } from './api-mapping.ts';
import type { PreemptNodeRequest__Output } from '../../protocol/generated/troupe/v1/PreemptNodeRequest.ts';

export function nodeControlHandlers(preemption: NodePreemption, state: ClusterState, registry: NodeRegistry, log: Logger) {
  return {
    PreemptNode: unary(log, 'PreemptNode', async (req: PreemptNodeRequest__Output) => {
      const node = await preemption.preempt(validatePreemptRequest(req));
      return { node: nodeToApi(node, state, registry) };
    }),
  };
}
