// What a resize does next, decided and only decided (the pool-resizer applies it): given the
// pool's nodes (joined, or started by its provider and not heard yet) and its targets, which
// nodes to start (their names and priority) and which to remove, in order.
//
// Removal order, per priority: nodes started but not joined yet first (they run nothing), then
// nodes that cannot work (offline, unusable, starttaskfailed), then idle nodes, then the nodes
// running the fewest tasks; among equals the newest name first (the last one started).

export interface PlannedNode {
  id: string;
  dedicated: boolean;
  /** 'pending': started by the provider, not heard yet. */
  state: string;
  runningTasks: number;
}

export interface ResizePlan {
  start: { name: string; dedicated: boolean }[];
  remove: string[];
}

const CANNOT_WORK = new Set(['offline', 'unusable', 'starttaskfailed']);

function removalRank(n: PlannedNode): number {
  if (n.state === 'pending') return 0;
  if (CANNOT_WORK.has(n.state)) return 1;
  if (n.runningTasks === 0) return 2;
  return 3;
}

/** Node ids are at most 64 characters: the pool's part is cut so that `-<n>` always fits. */
export function nodeName(poolId: string, n: number): string {
  return `${poolId.slice(0, 56)}-${n}`;
}

/** `nodes` are the pool's nodes that are not already leaving; `taken` every node id in use
 *  anywhere (a new name must be new). */
export function planResize(poolId: string, nodes: readonly PlannedNode[], targets: { dedicated: number; lowPriority: number }, taken: ReadonlySet<string>): ResizePlan {
  const plan: ResizePlan = { start: [], remove: [] };
  const used = new Set(taken);
  let next = 1;
  for (const dedicated of [true, false]) {
    const mine = nodes.filter((n) => n.dedicated === dedicated);
    const want = dedicated ? targets.dedicated : targets.lowPriority;
    for (let i = mine.length; i < want; i++) {
      while (used.has(nodeName(poolId, next))) next++;
      const name = nodeName(poolId, next);
      used.add(name);
      plan.start.push({ name, dedicated });
    }
    if (mine.length > want) {
      const order = [...mine].sort((a, b) =>
        removalRank(a) - removalRank(b) || a.runningTasks - b.runningTasks || b.id.localeCompare(a.id, 'en', { numeric: true }));
      plan.remove.push(...order.slice(0, mine.length - want).map((n) => n.id));
    }
  }
  return plan;
}
