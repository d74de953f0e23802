// Which task holds how many slots on which node. Updated synchronously when the scheduler
// reserves slots (before the dispatch is stored) and whenever a stored task changes placement.
export interface Placement {
  nodeId: string;
  jobId: string;
  slots: number;
}

export class NodeUsage {
  private readonly byTask = new Map<string, Placement>();
  private readonly byNode = new Map<string, { slots: number; tasks: Set<string> }>();
  private readonly byJob = new Map<string, number>();

  place(taskKey: string, p: Placement): void {
    const current = this.byTask.get(taskKey);
    if (current && current.nodeId === p.nodeId) return;
    if (current) this.release(taskKey);
    this.byTask.set(taskKey, p);
    let node = this.byNode.get(p.nodeId);
    if (!node) this.byNode.set(p.nodeId, (node = { slots: 0, tasks: new Set() }));
    node.slots += p.slots;
    node.tasks.add(taskKey);
    this.byJob.set(p.jobId, (this.byJob.get(p.jobId) ?? 0) + 1);
  }

  release(taskKey: string): void {
    const p = this.byTask.get(taskKey);
    if (!p) return;
    this.byTask.delete(taskKey);
    const node = this.byNode.get(p.nodeId)!;
    node.slots -= p.slots;
    node.tasks.delete(taskKey);
    if (node.tasks.size === 0) this.byNode.delete(p.nodeId);
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
