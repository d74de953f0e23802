// Coordinator -> worker: what a node is told to do as a whole (not about one task), on its own
// subject. One discriminated union, so each kind is handled (and checked) in one place; the
// lifecycle actions of node providers (leave, reboot) join it as kinds of their own.
//
//   preempt   its provider takes the machine back at `deadline` (PreemptNode): no new task from
//             now on, the notice file for its tasks, SIGTERM at the deadline minus the kill
//             grace, SIGKILL at the deadline, then its last heartbeat says `preempted`.
export const nodeControlSubject = (nodeId: string) => `troupe.node.${nodeId}.control`;

//   leave     the node is to leave its pool (the pool was deleted, a resize or RemoveNodes removed
//             it): the worker stops as on SIGTERM and `troupe worker` exits 0
//   reboot    RebootNode: the worker stops and starts again in the same process (a new boot id)
export type NodeControlMessage =
  | { kind: 'preempt'; nodeId: string; /** ISO time the node goes. */ deadline: string }
  | { kind: 'leave' | 'reboot'; nodeId: string; reason: string };

/** The message if it is one this worker knows, for this node; undefined otherwise (ignored). */
export function nodeControlMessage(value: unknown, nodeId: string): NodeControlMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.nodeId !== nodeId) return undefined;
  if (m.kind === 'preempt' && typeof m.deadline === 'string' && Number.isFinite(Date.parse(m.deadline))) {
    return { kind: 'preempt', nodeId, deadline: m.deadline };
  }
  if ((m.kind === 'leave' || m.kind === 'reboot') && typeof m.reason === 'string') return { kind: m.kind, nodeId, reason: m.reason };
  return undefined;
}
