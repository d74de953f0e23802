// The single entry point that changes a pool's node targets (ResizePool, and autoscale
// formulas through a PoolTargetSink adapter), with stop-resize, RemoveNodes and RebootNode.
// These only write the decision on the pool (targets, allocationState resizing); the
// pool-resizer's ticks carry it out.
//
// A pool whose provider is manual cannot start nodes: ResizePool asking it for more nodes than it
// has is refused at once (FAILED_PRECONDITION); a shrink tells the chosen nodes to leave. An
// autoscale formula asking for more records CannotStartNodes on the pool instead (a formula is
// not a caller that could read a refusal).
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeDepartures } from '../nodes/node-departures.ts';
import type { NodeOperations } from '../operations/node-operations.ts';
import type { PoolResizer } from './pool-resizer.ts';
import type { NodeProvider } from '../providers/node-provider.ts';
import type { Logger } from '../../protocol/log.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import type { NodeDeallocationOption } from '../../protocol/records/node-deallocation.ts';
import { DEFAULT_RESIZE_TIMEOUT_MS, steadyScaling } from '../../protocol/records/pool-scaling-records.ts';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../protocol/errors.ts';
import { validateTarget } from '../validation/pool-scaling-validation.ts';

export interface PoolTargets {
  dedicated: number;
  lowPriority: number;
  deallocation?: NodeDeallocationOption;
  resizeTimeoutMs?: number;
}

export type TargetSource = 'api' | 'autoscale';

/** How the autoscale branch hands its formula's results to this one. */
export interface PoolTargetSink {
  setTargets(poolId: string, targets: { dedicated: number; lowPriority: number; deallocation?: NodeDeallocationOption }, source: 'autoscale'): Promise<void>;
}

export class PoolScalingOperations {
  constructor(
    private readonly state: ClusterState,
    private readonly resizer: PoolResizer,
    private readonly departures: NodeDepartures,
    private readonly nodes: NodeOperations,
    private readonly providerOf: (pool: PoolRecord) => NodeProvider,
    private readonly log: Logger,
  ) {}

  /** The sink autoscale calls: setPoolTargets itself. */
  get sink(): PoolTargetSink {
    return { setTargets: (poolId, targets, source) => this.setPoolTargets(poolId, targets, source) };
  }

  private activePool(poolId: string): PoolRecord {
    const pool = this.state.pools.get(poolId);
    if (!pool) throw new NotFoundError('pool', poolId);
    if (pool.state !== 'active') throw new FailedPreconditionError(`pool '${poolId}' is ${pool.state}`);
    return pool;
  }

  async setPoolTargets(poolId: string, targets: PoolTargets, source: TargetSource): Promise<void> {
    const pool = this.activePool(poolId);
    const dedicated = validateTarget(targets.dedicated, 'targetDedicatedNodes');
    const lowPriority = validateTarget(targets.lowPriority, 'targetLowPriorityNodes');
    // A formula evaluated again to the same targets changes nothing (nor restarts the timeout).
    const s0 = pool.scaling;
    if (source === 'autoscale' && s0 && s0.targetDedicatedNodes === dedicated && s0.targetLowPriorityNodes === lowPriority
      && s0.nodeDeallocationOption === (targets.deallocation ?? 'requeue')) return;
    const current = this.resizer.current(poolId);
    const grows = dedicated > current.dedicated || lowPriority > current.lowPriority;
    if (grows && !this.providerOf(pool).canStart && source === 'api') {
      throw new FailedPreconditionError(`pool '${poolId}' has the manual provider, which cannot start nodes (it has ${current.dedicated} dedicated and ${current.lowPriority} low-priority nodes): start workers for it yourself, or create it with a local or command node provider`);
    }
    const at = nowIso();
    // A formula's targets for a pool troupe cannot start nodes for (manual) are recorded, not
    // acted on: its nodes are an operator's, and a formula asking for 0 does not send them away.
    const advisory = source === 'autoscale' && !this.providerOf(pool).canStart;
    await this.state.pools.mutate(poolId, (p) => {
      const s = p.scaling ?? steadyScaling(at);
      if (advisory) return { ...p, scaling: { ...s, targetDedicatedNodes: dedicated, targetLowPriorityNodes: lowPriority } };
      return {
        ...p,
        scaling: {
          ...s,
          targetDedicatedNodes: dedicated,
          targetLowPriorityNodes: lowPriority,
          resizeTimeoutMs: targets.resizeTimeoutMs ?? s.resizeTimeoutMs ?? DEFAULT_RESIZE_TIMEOUT_MS,
          nodeDeallocationOption: targets.deallocation ?? 'requeue',
          allocationState: 'resizing',
          allocationStateTransitionTime: s.allocationState === 'resizing' ? s.allocationStateTransitionTime : at,
          resizeStartTime: at,
          // A new resize starts with no errors (Azure Batch shows the last resize's).
          resizeErrors: [],
        },
      };
    });
    this.log.info('pool targets set', { poolId, dedicated, lowPriority, source, deallocation: targets.deallocation ?? 'requeue' });
  }

  /** Stops the resize where it is: the targets become what the pool has, nothing more starts or
   *  is removed; removals under way finish, then the pool is steady. */
  async stopResize(poolId: string): Promise<void> {
    this.activePool(poolId);
    const current = this.resizer.current(poolId);
    const at = nowIso();
    await this.state.pools.mutate(poolId, (p) => {
      const s = p.scaling;
      if (!s || s.allocationState !== 'resizing') return undefined;
      return {
        ...p,
        scaling: { ...s, allocationState: 'stopping', allocationStateTransitionTime: at, targetDedicatedNodes: current.dedicated, targetLowPriorityNodes: current.lowPriority },
      };
    });
    this.log.info('pool resize stopping', { poolId });
  }

  /** Removes these nodes of the pool; its targets go down by as many. Refused while the pool
   *  resizes (as in Azure Batch: allocationState must be steady). */
  async removeNodes(poolId: string, nodeIds: readonly string[], deallocation: NodeDeallocationOption, resizeTimeoutMs?: number): Promise<void> {
    const pool = this.activePool(poolId);
    if (pool.scaling && pool.scaling.allocationState !== 'steady') {
      throw new FailedPreconditionError(`pool '${poolId}' is ${pool.scaling.allocationState}: remove nodes once it is steady (or stop the resize first)`);
    }
    const gone = { dedicated: 0, lowPriority: 0 };
    nodeIds.forEach((id, i) => {
      const n = this.state.nodes.get(id);
      if (!n) throw new NotFoundError('node', id);
      if (n.poolId !== poolId) throw new InvalidArgumentError(`nodeIds[${i}]`, `names node '${id}' of pool '${n.poolId}', not of pool '${poolId}'`);
      gone[n.isDedicated !== false ? 'dedicated' : 'lowPriority']++;
    });
    const current = this.resizer.current(poolId);
    this.resizer.remove(poolId, nodeIds, deallocation);
    await this.setPoolTargets(poolId, {
      dedicated: Math.max(0, current.dedicated - gone.dedicated), lowPriority: Math.max(0, current.lowPriority - gone.lowPriority),
      deallocation, ...(resizeTimeoutMs !== undefined ? { resizeTimeoutMs } : {}),
    }, 'api');
  }

  /** Restarts the node's agent. requeue (default) and terminate deal with its running tasks at
   *  once; taskcompletion and retaineddata let them finish first (the node takes no new task
   *  meanwhile, then its scheduling is enabled again). */
  async rebootNode(nodeId: string, option: NodeDeallocationOption): Promise<void> {
    const node = this.state.nodes.get(nodeId);
    if (!node) throw new NotFoundError('node', nodeId);
    if (node.state === 'offline') throw new FailedPreconditionError(`node '${nodeId}' is offline: it cannot be told to reboot`);
    const wasEnabled = node.schedulingState === 'enabled';
    await this.nodes.disableScheduling(nodeId, option === 'retaineddata' ? 'taskcompletion' : option);
    const deadline = Date.now() + 24 * 3600_000;
    void (async () => {
      while (this.state.usage.taskCount(nodeId) > 0 && Date.now() < deadline && this.state.nodes.get(nodeId)) await new Promise((r) => setTimeout(r, 250));
      if (!this.state.nodes.get(nodeId)) return;
      if (wasEnabled) await this.nodes.enableScheduling(nodeId);
      this.departures.reboot(nodeId, `RebootNode (${option})`);
      this.log.info('node told to reboot', { nodeId, option });
    })().catch((err) => this.log.warn('reboot failed', { nodeId, err: (err as Error).message }));
  }
}
