// Scheduling when some jobs must avoid some nodes (a job whose preparation task failed on a node
// does not run there again until that node's worker restarts). The scheduler stays as it is: the
// jobs without exclusions are planned in one pass as usual, then each job with exclusions, in
// priority order, over what is left of the nodes it may use. Such jobs come after the others in
// the pass they share (a priority inversion only among jobs with failed preparations, which are
// rare), and never double-book a slot: every plan starts from the slots the previous ones left.
import { schedule, type Assignment, type ScheduleLimits, type SchedulingSnapshot } from './scheduler.ts';

export function scheduleAvoiding(
  snapshot: SchedulingSnapshot,
  excluded: (jobId: string) => ReadonlySet<string> | undefined,
  limits?: ScheduleLimits,
): Assignment[] {
  const restricted = snapshot.jobs.filter((j) => (excluded(j.jobId)?.size ?? 0) > 0);
  if (restricted.length === 0) return schedule(snapshot, limits);
  const others = snapshot.jobs.filter((j) => !restricted.includes(j));
  const assignments = schedule({ ...snapshot, jobs: others }, limits);
  const free = new Map(snapshot.nodes.map((n) => [n.id, n.freeSlots]));
  const freeGpus = new Map(snapshot.nodes.map((n) => [n.id, n.freeGpus ?? 0]));
  const take = (a: Assignment) => {
    // A gang holds slots on each of its nodes.
    for (const p of a.instances ?? [{ nodeId: a.nodeId, slots: a.requiredSlots }]) free.set(p.nodeId, (free.get(p.nodeId) ?? 0) - p.slots);
    if (a.gpus) freeGpus.set(a.nodeId, (freeGpus.get(a.nodeId) ?? 0) - a.gpus);
  };
  assignments.forEach(take);
  restricted.sort((a, b) => b.priority - a.priority || a.order - b.order || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
  for (const job of restricted) {
    const avoid = excluded(job.jobId)!;
    const nodes = snapshot.nodes
      .filter((n) => n.poolId === job.poolId && !avoid.has(n.id) && (free.get(n.id) ?? 0) > 0)
      .map((n) => ({ ...n, freeSlots: free.get(n.id)!, freeGpus: freeGpus.get(n.id)! }));
    if (nodes.length === 0) continue;
    for (const a of schedule({ pools: snapshot.pools, nodes, jobs: [job] }, limits)) {
      take(a);
      assignments.push(a);
    }
  }
  return assignments;
}
