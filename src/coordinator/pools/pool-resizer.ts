// The effects of resizes: every pool that is resizing (or stopping) is brought toward its
// targets on each tick, following the resize planner's decisions: nodes started through the
// pool's provider, nodes removed (their tasks as the deallocation option says, then told to
// leave and stopped through the provider), the resize timeout, and errors on the pool.
//
//   tick, per pool:  forget pending starts that joined
//                    resizing: timed out?  -> ResizeTimeout error, steady
//                              plan(nodes not leaving + pending, targets)
//                              start what is missing (a failed start ends the resize: steady + error)
//                              begin removing what is too many
//                    every leaving node: its tasks gone? -> told to leave, provider stop
//                    nothing pending, nothing leaving, plan empty -> steady
//
// Kept in memory only: the starts not heard yet and the nodes being drained. A coordinator that
// restarts plans again from the records (draining nodes are still scheduling-disabled, and a
// pool with more nodes than its targets has some removed again).
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeDepartures } from '../nodes/node-departures.ts';
import type { NodeOperations } from '../operations/node-operations.ts';
import type { Logger } from '../../protocol/log.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import type { NodeDeallocationOption } from '../../protocol/records/node-deallocation.ts';
import { steadyScaling, type AllocationState, type PoolScalingRecord, type ResizeErrorRecord } from '../../protocol/records/pool-scaling-records.ts';
import { planResize, type PlannedNode } from './resize-planner.ts';
import type { NodeProvider, ProvidedNode } from '../providers/node-provider.ts';

export const RESIZE_TICK_MS = 250;

interface Leaving {
  poolId: string;
  dedicated: boolean;
  deallocation: NodeDeallocationOption;
  /** Its tasks were handed to disableScheduling (requeued, terminated, or left to finish). */
  drained: boolean;
  /** Told to leave: only the provider's stop is left. */
  sentAway: boolean;
}

export class PoolResizer {
  /** Per pool: nodes its provider started that have not joined yet. */
  private readonly pending = new Map<string, Map<string, ProvidedNode>>();
  private readonly leaving = new Map<string, Leaving>();
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly state: ClusterState,
    private readonly departures: NodeDepartures,
    private readonly nodes: NodeOperations,
    private readonly providerOf: (pool: PoolRecord) => NodeProvider,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tickNow(), RESIZE_TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Nodes of the pool by priority: those joined, and those started not heard yet. */
  current(poolId: string): { dedicated: number; lowPriority: number } {
    const counts = { dedicated: 0, lowPriority: 0 };
    for (const n of this.planned(poolId, true)) counts[n.dedicated ? 'dedicated' : 'lowPriority']++;
    return counts;
  }

  isLeaving(nodeId: string): boolean {
    return this.leaving.has(nodeId);
  }

  /** Marks nodes to be removed with this option; the ticks drain and remove them. */
  remove(poolId: string, nodeIds: readonly string[], deallocation: NodeDeallocationOption): void {
    for (const id of nodeIds) {
      const n = this.state.nodes.get(id);
      if (!n || this.leaving.has(id)) continue;
      this.leaving.set(id, { poolId, dedicated: n.isDedicated !== false, deallocation, drained: false, sentAway: false });
    }
  }

  /** The pool is deleted: its nodes are sent away and stopped, its pending starts stopped. */
  async poolDeleted(pool: PoolRecord): Promise<void> {
    const provider = this.providerOf(pool);
    const started = [...(this.pending.get(pool.id)?.values() ?? [])];
    this.pending.delete(pool.id);
    const members = [...this.state.nodes.rows.values()].map((r) => r.value).filter((n) => n.poolId === pool.id);
    await Promise.all([
      ...members.map(async (n) => {
        this.leaving.delete(n.id);
        await this.departures.sendAway(n.id, `pool ${pool.id} was deleted`);
        await provider.stop({ name: n.id, poolId: pool.id, dedicated: n.isDedicated !== false }).catch((err) => this.log.warn('provider could not stop node', { nodeId: n.id, err: (err as Error).message }));
      }),
      ...started.map((p) => provider.stop(p).catch(() => {})),
    ]);
  }

  /** The local provider's worker exited before or after joining: the resize ends with it. */
  startFailed(node: ProvidedNode, message: string): void {
    const waiting = this.pending.get(node.poolId);
    if (!waiting?.delete(node.name)) return;
    void this.endResize(node.poolId, 'steady', { code: 'NodeStartFailed', message, nodeId: node.name });
  }

  /** The pool's nodes for the planner: joined ones not leaving, and pending starts. */
  private planned(poolId: string, includeLeaving = false): PlannedNode[] {
    const out: PlannedNode[] = [];
    for (const { value: n } of this.state.nodes.rows.values()) {
      if (n.poolId !== poolId || (!includeLeaving && this.leaving.has(n.id))) continue;
      out.push({ id: n.id, dedicated: n.isDedicated !== false, state: this.state.usage.liveState(n.id, n.state), runningTasks: this.state.usage.taskCount(n.id) });
    }
    for (const p of this.pending.get(poolId)?.values() ?? []) {
      if (!this.state.nodes.get(p.name)) out.push({ id: p.name, dedicated: p.dedicated, state: 'pending', runningTasks: 0 });
    }
    return out;
  }

  /** One pass over the pools and the removals under way: what the timer runs (a tick already
   *  running makes this one do nothing). */
  async tickNow(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      // Each pool's record as it is when its turn comes, not as it was when the tick began: the
      // pools before it may take a while, and new targets set meanwhile must be planned for.
      for (const poolId of [...this.state.pools.rows.keys()]) {
        const pool = this.state.pools.get(poolId);
        if (!pool) continue;
        await this.tickPool(pool).catch((err) => this.log.warn('resize step failed', { poolId: pool.id, err: (err as Error).message }));
      }
      await this.progressRemovals();
    } finally {
      this.ticking = false;
    }
  }

  private async tickPool(pool: PoolRecord): Promise<void> {
    const waiting = this.pending.get(pool.id);
    if (waiting) for (const name of waiting.keys()) if (this.state.nodes.get(name)) waiting.delete(name);
    const s = pool.scaling;
    if (!s || s.allocationState === 'steady' || pool.state !== 'active') return;
    const leavingHere = [...this.leaving.values()].some((l) => l.poolId === pool.id);
    if (s.allocationState === 'stopping') {
      // Steady once what was under way is done: its targets are then the nodes it has.
      if (!leavingHere && !waiting?.size) await this.endResize(pool.id, 'steady', undefined, this.current(pool.id), s);
      return;
    }
    if (s.resizeStartTime && Date.now() - Date.parse(s.resizeStartTime) > s.resizeTimeoutMs) {
      const provider = this.providerOf(pool);
      for (const p of waiting?.values() ?? []) void provider.stop(p).catch(() => {});
      waiting?.clear();
      await this.endResize(pool.id, 'steady', { code: 'ResizeTimeout', message: `the pool did not reach its targets within ${Math.round(s.resizeTimeoutMs / 1000)} s` }, undefined, s);
      return;
    }
    const taken = new Set<string>([...this.state.nodes.rows.keys(), ...[...this.pending.values()].flatMap((m) => [...m.keys()])]);
    const plan = planResize(pool.id, this.planned(pool.id), { dedicated: s.targetDedicatedNodes, lowPriority: s.targetLowPriorityNodes }, taken);
    if (plan.remove.length > 0) {
      this.log.info('resize removes nodes', { poolId: pool.id, nodes: plan.remove, deallocation: s.nodeDeallocationOption });
      const started = this.pending.get(pool.id);
      const provider = this.providerOf(pool);
      for (const id of plan.remove) {
        const p = started?.get(id);
        if (p && !this.state.nodes.get(id)) {
          // Started, never heard: nothing to drain, only the provider to undo.
          started!.delete(id);
          void provider.stop(p).catch(() => {});
        }
      }
      this.remove(pool.id, plan.remove.filter((id) => this.state.nodes.get(id)), s.nodeDeallocationOption);
    }
    if (plan.start.length > 0) {
      const provider = this.providerOf(pool);
      if (!provider.canStart) {
        await this.endResize(pool.id, 'steady', { code: 'CannotStartNodes', message: `the pool's manual provider cannot start nodes: ${plan.start.length} more wanted; start workers for pool ${pool.id} yourself, or give it a local or command provider` }, undefined, s);
        return;
      }
      const mine = this.pending.get(pool.id) ?? new Map<string, ProvidedNode>();
      this.pending.set(pool.id, mine);
      for (const want of plan.start) {
        const node: ProvidedNode = { name: want.name, poolId: pool.id, dedicated: want.dedicated };
        mine.set(node.name, node);
        this.departures.welcome(node.name);
        this.log.info('resize starts a node', { poolId: pool.id, nodeId: node.name, dedicated: node.dedicated });
        provider.start(node).catch((err) => {
          mine.delete(node.name);
          this.log.warn('node start failed', { poolId: pool.id, nodeId: node.name, err: (err as Error).message });
          void this.endResize(pool.id, 'steady', { code: 'NodeStartFailed', message: (err as Error).message, nodeId: node.name });
        });
      }
      return;
    }
    if (plan.remove.length === 0 && !leavingHere && !waiting?.size) await this.endResize(pool.id, 'steady', undefined, undefined, s);
  }

  /** Drains each leaving node as its option says, then sends it away and stops it. */
  private async progressRemovals(): Promise<void> {
    for (const [nodeId, l] of [...this.leaving]) {
      const node = this.state.nodes.get(nodeId);
      if (!node) {
        this.leaving.delete(nodeId);
        continue;
      }
      try {
        if (!l.drained) {
          // retaineddata is taskcompletion here: task files stay until their retention anyway.
          // Marked drained only once it worked: a write that lost a race is tried again next tick.
          await this.nodes.disableScheduling(nodeId, l.deallocation === 'retaineddata' ? 'taskcompletion' : l.deallocation);
          l.drained = true;
        }
        if (this.state.usage.taskCount(nodeId) > 0) continue;
        if (!l.sentAway) {
          l.sentAway = true;
          await this.departures.sendAway(nodeId, `removed from pool ${l.poolId} (${l.deallocation})`);
          const pool = this.state.pools.get(l.poolId);
          if (pool) {
            await this.providerOf(pool).stop({ name: nodeId, poolId: l.poolId, dedicated: l.dedicated }).catch(async (err) => {
              await this.addError(l.poolId, { code: 'NodeStopFailed', message: (err as Error).message, nodeId });
            });
          }
        }
        this.leaving.delete(nodeId);
      } catch (err) {
        this.log.warn('node removal step failed', { nodeId, err: (err as Error).message });
      }
    }
  }

  /** `planned`: the resize this decision was made for. When the pool's targets changed since
   *  (a ResizePool while this tick planned), nothing is ended: the next tick plans for the new
   *  targets. Ending it anyway dropped the new request (the pool went steady, nodes unremoved). */
  private async endResize(poolId: string, to: AllocationState, error?: ResizeErrorRecord, targets?: { dedicated: number; lowPriority: number }, planned?: PoolScalingRecord): Promise<void> {
    const at = nowIso();
    await this.state.pools.mutate(poolId, (p) => {
      const s: PoolScalingRecord = p.scaling ?? steadyScaling(at);
      if (planned && !sameResize(s, planned)) return undefined;
      if (s.allocationState === to && !error) return undefined;
      if (error) this.log.warn('resize error', { poolId, ...error });
      else this.log.info('pool steady', { poolId });
      return {
        ...p,
        scaling: {
          ...s,
          allocationState: to,
          allocationStateTransitionTime: s.allocationState === to ? s.allocationStateTransitionTime : at,
          resizeErrors: error ? [...s.resizeErrors, error].slice(-10) : s.resizeErrors,
          ...(targets ? { targetDedicatedNodes: targets.dedicated, targetLowPriorityNodes: targets.lowPriority } : {}),
        },
      };
    });
  }

  private async addError(poolId: string, error: ResizeErrorRecord): Promise<void> {
    this.log.warn('resize error', { poolId, ...error });
    await this.state.pools.mutate(poolId, (p) => ({
      ...p, scaling: { ...(p.scaling ?? steadyScaling(nowIso())), resizeErrors: [...(p.scaling?.resizeErrors ?? []), error].slice(-10) },
    }));
  }
}

/** The same resize request: set at the same moment, for the same targets. */
function sameResize(a: PoolScalingRecord, b: PoolScalingRecord): boolean {
  return a.resizeStartTime === b.resizeStartTime && a.targetDedicatedNodes === b.targetDedicatedNodes
    && a.targetLowPriorityNodes === b.targetLowPriorityNodes && a.nodeDeallocationOption === b.nodeDeallocationOption
    && a.allocationState === b.allocationState;
}
