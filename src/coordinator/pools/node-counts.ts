// Azure Batch's GetPoolNodeCounts: nodes per state and per priority, for one pool or all, read
// from the coordinator's live node records (its cache of the nodes bucket, with each node's
// live idle/running from the slot index): no listing of the store, no call to any node.
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeCounts } from '../../protocol/generated/troupe/v1/NodeCounts.ts';
import type { PoolNodeCounts } from '../../protocol/generated/troupe/v1/PoolNodeCounts.ts';

type Counts = Required<{ [K in keyof NodeCounts]: number }>;

const FIELD_OF_STATE: Record<string, keyof Counts> = {
  creating: 'creating', starting: 'starting', idle: 'idle', running: 'running',
  waitingforstarttask: 'waitingForStartTask', starttaskfailed: 'startTaskFailed', offline: 'offline',
  unusable: 'unusable', leavingpool: 'leavingPool', rebooting: 'rebooting', preempted: 'preempted',
};

function zero(): Counts {
  return { creating: 0, starting: 0, idle: 0, running: 0, waitingForStartTask: 0, startTaskFailed: 0, offline: 0, unusable: 0, leavingPool: 0, rebooting: 0, preempted: 0, total: 0 };
}

/** Counts of every pool (or only `poolId`), each pool that exists listed even with no node. */
export function poolNodeCounts(state: ClusterState, poolId?: string): PoolNodeCounts[] {
  const byPool = new Map<string, { dedicated: Counts; lowPriority: Counts }>();
  const entry = (id: string) => {
    let e = byPool.get(id);
    if (!e) byPool.set(id, (e = { dedicated: zero(), lowPriority: zero() }));
    return e;
  };
  for (const id of poolId ? [poolId] : state.pools.rows.keys()) entry(id);
  for (const { value: n } of state.nodes.rows.values()) {
    if (poolId ? n.poolId !== poolId : !byPool.has(n.poolId)) continue;
    const c = entry(n.poolId)[n.isDedicated !== false ? 'dedicated' : 'lowPriority'];
    const field = FIELD_OF_STATE[state.usage.liveState(n.id, n.state)];
    if (field) c[field]++;
    c.total++;
  }
  return [...byPool].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => ({ poolId: id, dedicated: c.dedicated, lowPriority: c.lowPriority }));
}
