// Where autoscale's decisions go: the targets a formula set for a pool. The resizer (the elastic
// work of issue 13) implements this and makes the pool reach them; until then the
// RecordingTargetSink only records them on the pool.
import type { NodeDeallocationOption } from '../../protocol/records/node-deallocation.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import { NotFoundError } from '../../protocol/errors.ts';

export interface PoolTargets {
  dedicated: number;
  lowPriority: number;
  deallocation?: NodeDeallocationOption;
}

export interface PoolTargetSink {
  setTargets(poolId: string, targets: PoolTargets, source: 'autoscale'): Promise<void>;
}

/** Stores the targets as the pool's targetDedicatedNodes / targetLowPriorityNodes. */
export class RecordingTargetSink implements PoolTargetSink {
  constructor(private readonly state: ClusterState) {}

  async setTargets(poolId: string, targets: PoolTargets): Promise<void> {
    const result = await this.state.pools.mutate(poolId, (p) =>
      p.targetDedicatedNodes === targets.dedicated && p.targetLowPriorityNodes === targets.lowPriority
        ? undefined
        : { ...p, targetDedicatedNodes: targets.dedicated, targetLowPriorityNodes: targets.lowPriority });
    if (!result) throw new NotFoundError('pool', poolId);
  }
}
