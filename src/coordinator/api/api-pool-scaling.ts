// troupe.v1.PoolScaling: ResizePool, StopPoolResize, RemoveNodes, RebootNode, GetPoolNodeCounts
// (pool_scaling.proto). Requests are validated here; pools/pool-resize.ts decides, the
// pool-resizer carries it out.
import type { PoolScalingHandlers } from '../../protocol/generated/troupe/v1/PoolScaling.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import { NotFoundError } from '../../protocol/errors.ts';
import type { Logger } from '../../protocol/log.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { PoolScalingOperations } from '../pools/pool-resize.ts';
import type { PoolResizer } from '../pools/pool-resizer.ts';
import { poolNodeCounts } from '../pools/node-counts.ts';
import { poolToApi } from './api-mapping.ts';
import { validateId } from '../validation/validation.ts';
import { validateDeallocation, validateRemoveNodes, validateResizePool } from '../validation/pool-scaling-validation.ts';

export function poolScalingHandlers(state: ClusterState, scaling: PoolScalingOperations, resizer: PoolResizer, log: Logger): PoolScalingHandlers {
  const poolReply = (id: string) => {
    const p = state.pools.get(id);
    if (!p) throw new NotFoundError('pool', id);
    return poolToApi(p, state, resizer);
  };
  return {
    ResizePool: unary(log, 'ResizePool', async (req) => {
      const cmd = validateResizePool(req);
      await scaling.setPoolTargets(cmd.poolId, { dedicated: cmd.dedicated, lowPriority: cmd.lowPriority, deallocation: cmd.deallocation, resizeTimeoutMs: cmd.resizeTimeoutMs }, 'api');
      return poolReply(cmd.poolId);
    }),
    StopPoolResize: unary(log, 'StopPoolResize', async (req) => {
      const id = validateId('pool', req.poolId, 'poolId');
      await scaling.stopResize(id);
      return poolReply(id);
    }),
    RemoveNodes: unary(log, 'RemoveNodes', async (req) => {
      const cmd = validateRemoveNodes(req);
      await scaling.removeNodes(cmd.poolId, cmd.nodeIds, cmd.deallocation, cmd.resizeTimeoutMs);
      return poolReply(cmd.poolId);
    }),
    RebootNode: unary(log, 'RebootNode', async (req) => {
      const id = validateId('node', req.nodeId, 'nodeId');
      await scaling.rebootNode(id, validateDeallocation(req.nodeRebootOption, 'nodeRebootOption'));
      return {};
    }),
    GetPoolNodeCounts: unary(log, 'GetPoolNodeCounts', (req) => {
      const id = req.poolId ? validateId('pool', req.poolId, 'poolId') : undefined;
      if (id && !state.pools.get(id)) throw new NotFoundError('pool', id);
      return { pools: poolNodeCounts(state, id) };
    }),
  };
}
