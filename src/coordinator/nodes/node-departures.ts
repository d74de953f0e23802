// How nodes leave the registry (issue 13 item 5):
// - an offline node is removed after --offline-node-removal (default 10 min, 0 = never): its
//   record goes, so it no longer lists nor counts; if its worker comes back it joins as new;
// - a node whose pool is deleted, or that a resize or RemoveNodes removes, is told to leave
//   (node-control.ts, kind 'leave'): its worker stops as on SIGTERM (no more
//   heartbeats) and `troupe worker` exits 0. Its record is removed at once. Should it still be
//   heard (it missed the message, or is stuck), each heartbeat of that same boot is dropped and
//   the order sent again: it never rejoins nor counts. A new boot of a worker with that node id
//   (an operator started it again, a provider started a node of the same name) joins normally.
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from './node-registry.ts';
import { encode } from '../../protocol/nats/codec.ts';
import type { Heartbeat } from '../../protocol/nats/messages.ts';
import { nodeControlSubject, type NodeControlMessage } from '../../protocol/nats/node-control.ts';
import type { Logger } from '../../protocol/log.ts';

export const DEFAULT_OFFLINE_NODE_REMOVAL_MS = 10 * 60_000;

export class NodeDepartures {
  /** Nodes told to leave, by id: the boot that was told, and why. */
  private readonly departed = new Map<string, { bootId: string; reason: string; toldAt: number }>();
  private sweeper?: NodeJS.Timeout;
  /** Called when a node's record is removed (whatever the reason). */
  onRemoved: (nodeId: string, poolId: string) => void = () => {};

  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly registry: NodeRegistry,
    /** 0 = offline nodes are never removed. */
    private readonly offlineRemovalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.registry.admits = (hb) => this.admits(hb);
    if (this.offlineRemovalMs > 0) {
      this.sweeper = setInterval(() => void this.sweepOffline(), Math.max(100, Math.min(1000, this.offlineRemovalMs / 4)));
    }
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** Tells the node to leave and forgets it: its record is removed now. */
  async sendAway(nodeId: string, reason: string): Promise<void> {
    const node = this.state.nodes.get(nodeId);
    this.departed.set(nodeId, { bootId: node?.bootId ?? '', reason, toldAt: Date.now() });
    this.tell(nodeId, { kind: 'leave', nodeId, reason });
    await this.remove(nodeId, reason);
  }

  /** Tells the node's worker to restart its agent (RebootNode). */
  reboot(nodeId: string, reason: string): void {
    this.tell(nodeId, { kind: 'reboot', nodeId, reason });
  }

  /** A node of that name may join again (a provider is starting a new node with it). */
  welcome(nodeId: string): void {
    this.departed.delete(nodeId);
  }

  private tell(nodeId: string, m: NodeControlMessage): void {
    this.nc.publish(nodeControlSubject(nodeId), encode(m));
  }

  private admits(hb: Heartbeat): boolean {
    const gone = this.departed.get(hb.nodeId);
    if (!gone) return true;
    if (gone.bootId !== '' && gone.bootId !== hb.bootId) {
      this.departed.delete(hb.nodeId);
      return true;
    }
    // Still heard: the order is sent again, at most once a second.
    if (!hb.leaving && Date.now() - gone.toldAt >= 1000) {
      gone.toldAt = Date.now();
      this.tell(hb.nodeId, { kind: 'leave', nodeId: hb.nodeId, reason: gone.reason });
    }
    return false;
  }

  private async remove(nodeId: string, reason: string): Promise<void> {
    const removed = await this.state.nodes.remove(nodeId);
    this.registry.forget(nodeId);
    if (removed) {
      this.log.info('node removed', { nodeId, poolId: removed.poolId, reason });
      this.onRemoved(nodeId, removed.poolId);
    }
  }

  private sweeping = false;

  private async sweepOffline(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      for (const { value: n } of [...this.state.nodes.rows.values()]) {
        if (n.state !== 'offline' || now - Date.parse(n.stateTransitionTime) < this.offlineRemovalMs) continue;
        await this.remove(n.id, `offline for more than ${Math.round(this.offlineRemovalMs / 1000)} s`)
          .catch((err) => this.log.warn('could not remove offline node', { nodeId: n.id, err }));
      }
    } finally {
      this.sweeping = false;
    }
  }
}
