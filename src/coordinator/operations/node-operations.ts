// Operator actions on nodes: disable scheduling (what happens to running tasks is the caller's
// choice, as in Azure Batch) and enable it again.
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { attemptRef } from '../lifecycle/task-lifecycle.ts';
import { NotFoundError } from '../../protocol/errors.ts';
import type { NodeRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import type { Logger } from '../../protocol/log.ts';

export type DisableOption = 'taskcompletion' | 'requeue' | 'terminate';

export class NodeOperations {
  constructor(
    private readonly state: ClusterState,
    private readonly registry: NodeRegistry,
    private readonly log: Logger,
  ) {}

  async disableScheduling(nodeId: string, option: DisableOption): Promise<NodeRecord> {
    const node = await this.setScheduling(nodeId, 'disabled');
    const placed = this.state.usage.tasksOn(nodeId).map((k) => this.state.tasks.get(k)).filter((t) => !!t);
    if (option === 'requeue') {
      // Requeue first (so the kill's report is stale), then stop the processes.
      await this.registry.requeueTasksOf(nodeId, []);
    }
    if (option !== 'taskcompletion') {
      for (const t of placed) {
        this.registry.terminate(nodeId, attemptRef(t), `node scheduling disabled (${option})`);
      }
    }
    this.log.info('node scheduling disabled', { nodeId, option, tasks: placed.length });
    return node;
  }

  async enableScheduling(nodeId: string): Promise<NodeRecord> {
    const node = await this.setScheduling(nodeId, 'enabled');
    this.log.info('node scheduling enabled', { nodeId });
    return node;
  }

  private async setScheduling(nodeId: string, schedulingState: 'enabled' | 'disabled'): Promise<NodeRecord> {
    if (!this.state.nodes.get(nodeId)) throw new NotFoundError('node', nodeId);
    const at = nowIso();
    const node = await this.state.mutateNode(nodeId, (n) =>
      n.schedulingState === schedulingState ? undefined : { ...n, schedulingState, stateTransitionTime: at });
    if (!node) throw new NotFoundError('node', nodeId);
    return node;
  }
}
