// At most one attempt of a task runs at any moment. The coordinator runs a node's tasks elsewhere
// once it has not heard the node for its node timeout T; so a worker that cannot make itself
// heard must have ended its tasks before then. This fence does it:
//
//   each heartbeat ─► published, then a round trip to the NATS server (flush): once it returns,
//                     the server has every heartbeat sent before it
//   no confirmed heartbeat for T/2 ─► fenced: every task is killed (SIGTERM, then SIGKILL after
//                     at most T/4), so all are gone by 3T/4 after the last heartbeat heard, while
//                     the coordinator waits for T
//   a heartbeat confirmed again ─► healed: the node takes work again; what the coordinator did
//                     meanwhile (requeued the tasks, or not yet) decides what their reports mean
//
// The round trip proves the server has the heartbeats, not that the coordinator read them; a
// coordinator that cannot confirm its own round trips declares no node lost, and the time it
// could not hear does not count towards any node's timeout (node-registry.ts); a restarted one
// gives every node a full timeout from its start.
import type { Logger } from '../protocol/log.ts';

export interface FenceOptions {
  /** The leader's node timeout, as last known (it can change when another coordinator leads). */
  nodeTimeoutMs: () => number;
  /** A round trip to the NATS server: resolves once the server has what was sent before. */
  roundTrip: () => Promise<void>;
  /** Ends every task, with at most this SIGTERM -> SIGKILL grace. */
  fence: (graceMs: number) => void;
  log: Logger;
  now?: () => number;
}

export type FenceState =
  /** Heartbeats are confirmed: tasks run. */
  | 'open'
  /** No heartbeat confirmed for half the node timeout: tasks were killed, none is taken. */
  | 'fenced';

export class ConnectionFence {
  private lastConfirmedSend: number;
  private state: FenceState = 'open';
  private readonly now: () => number;

  constructor(private readonly opts: FenceOptions) {
    this.now = opts.now ?? Date.now;
    this.lastConfirmedSend = this.now();
  }

  get fenced(): boolean {
    return this.state === 'fenced';
  }

  /** How long (ms) after its last confirmed heartbeat a worker ends its tasks. */
  get bound(): number {
    return this.opts.nodeTimeoutMs() / 2;
  }

  /** Call right after publishing a heartbeat. */
  heartbeatSent(): void {
    const sentAt = this.now();
    this.opts.roundTrip().then(() => {
      if (sentAt > this.lastConfirmedSend) this.lastConfirmedSend = sentAt;
      // A heartbeat held back during the cut and delivered late does not heal: a fresh one does.
      if (this.state === 'fenced' && this.now() - this.lastConfirmedSend <= this.bound) {
        this.state = 'open';
        this.opts.log.info('heard by NATS again: taking tasks again');
      }
    }, () => {});
    this.check();
  }

  /** Fences when the last confirmed heartbeat is too old; call often (at least every T/8). */
  check(): void {
    if (this.state === 'fenced') return;
    const silentMs = this.now() - this.lastConfirmedSend;
    if (silentMs <= this.bound) return;
    this.state = 'fenced';
    const graceMs = Math.max(0, Math.floor(this.opts.nodeTimeoutMs() / 4));
    this.opts.log.error('cut off from NATS: ending every task before the coordinator runs them elsewhere', { silentMs, nodeTimeoutMs: this.opts.nodeTimeoutMs(), graceMs });
    this.opts.fence(graceMs);
  }
}
