// Which task holds how many slots on which node(s). Updated synchronously when the scheduler
// reserves slots (before the dispatch is stored) and whenever a stored task changes placement.
// A multi-instance task holds a part on each of its nodes.
import type { NodeState } from '../../protocol/records/states.ts';

export interface PlacementPart {
  nodeId: string;
  slots: number;
  /** The node's GPU devices it holds (absent = none). */
  gpuIds?: readonly string[];
}

export interface Placement {
  jobId: string;
  /** One part per node; the first is the task's (primary's) node. */
  parts: PlacementPart[];
}

export class NodeUsage {
  /** A node's state as clients see it: 'idle' is what is stored; whether it runs something is
   *  live knowledge, kept here. */
  liveState(nodeId: string, stored: NodeState): NodeState {
    return stored === 'idle' && this.taskCount(nodeId) > 0 ? 'running' : stored;
  }

  /** Called with each node whose tasks changed. */
  changed?: (nodeId: string) => void;

  private readonly byTask = new Map<string, Placement>();
  private readonly byNode = new Map<string, { slots: number; tasks: Set<string>; gpus: Set<string> }>();
  private readonly byJob = new Map<string, number>();

  place(taskKey: string, p: Placement): void {
    const current = this.byTask.get(taskKey);
    if (current && samePlaces(current, p)) return;
    if (current) this.release(taskKey);
    this.byTask.set(taskKey, p);
    for (const part of p.parts) {
      let node = this.byNode.get(part.nodeId);
      if (!node) this.byNode.set(part.nodeId, (node = { slots: 0, tasks: new Set(), gpus: new Set() }));
      node.slots += part.slots;
      for (const g of part.gpuIds ?? []) node.gpus.add(g);
      node.tasks.add(taskKey);
      this.changed?.(part.nodeId);
    }
    this.byJob.set(p.jobId, (this.byJob.get(p.jobId) ?? 0) + 1);
  }

  release(taskKey: string): void {
    const p = this.byTask.get(taskKey);
    if (!p) return;
    this.byTask.delete(taskKey);
    for (const part of p.parts) {
      const node = this.byNode.get(part.nodeId)!;
      node.slots -= part.slots;
      for (const g of part.gpuIds ?? []) node.gpus.delete(g);
      node.tasks.delete(taskKey);
      if (node.tasks.size === 0) this.byNode.delete(part.nodeId);
      this.changed?.(part.nodeId);
    }
    const left = (this.byJob.get(p.jobId) ?? 1) - 1;
    if (left === 0) this.byJob.delete(p.jobId);
    else this.byJob.set(p.jobId, left);
  }

  placementOf(taskKey: string): Placement | undefined {
    return this.byTask.get(taskKey);
  }

  usedSlots(nodeId: string): number {
    return this.byNode.get(nodeId)?.slots ?? 0;
  }

  /** The node's GPU devices held by its tasks now. */
  usedGpus(nodeId: string): ReadonlySet<string> {
    return this.byNode.get(nodeId)?.gpus ?? NONE;
  }

  /** The first `count` of `offered` that no task holds, in the order offered; undefined if
   *  fewer are free. */
  freeGpus(nodeId: string, offered: readonly string[], count: number): string[] | undefined {
    const used = this.usedGpus(nodeId);
    const free = offered.filter((g) => !used.has(g)).slice(0, count);
    return free.length === count ? free : undefined;
  }

  taskCount(nodeId: string): number {
    return this.byNode.get(nodeId)?.tasks.size ?? 0;
  }

  tasksOn(nodeId: string): string[] {
    return [...(this.byNode.get(nodeId)?.tasks ?? [])];
  }

  placedTasksOfJob(jobId: string): number {
    return this.byJob.get(jobId) ?? 0;
  }
}

const NONE: ReadonlySet<string> = new Set();

function samePlaces(a: Placement, b: Placement): boolean {
  return a.parts.length === b.parts.length && a.parts.every((p, i) => p.nodeId === b.parts[i]!.nodeId && p.slots === b.parts[i]!.slots
    && (p.gpuIds ?? []).join(',') === (b.parts[i]!.gpuIds ?? []).join(','));
}
