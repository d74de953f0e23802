// What workers must know of the leading coordinator's rules to keep its promises: its node
// timeout, the silence after which it declares a node lost and runs the node's tasks elsewhere.
// A worker that cannot make itself heard ends its own tasks well before that (see
// worker/connection-fence.ts). The leader writes it in its own bucket when it takes the lead;
// workers watch it.
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { decode, encode } from './codec.ts';
import { BUCKET_COORDINATOR } from './subjects.ts';
import type { Logger } from '../log.ts';

export const NODE_POLICY_KEY = 'node-policy';
/** The coordinator's default, assumed until the leader has said otherwise. */
export const DEFAULT_NODE_TIMEOUT_MS = 10_000;

export interface NodePolicy {
  nodeTimeoutMs: number;
}

export async function publishNodePolicy(kv: KV, policy: NodePolicy): Promise<void> {
  await kv.put(NODE_POLICY_KEY, encode(policy));
}

/** The policy as last written by a leader, followed live. */
export class NodePolicyWatch {
  private policy: NodePolicy = { nodeTimeoutMs: DEFAULT_NODE_TIMEOUT_MS };
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private stopWatch?: () => void;

  constructor(private readonly nc: NatsConnection, private readonly log: Logger, private readonly onChange: (p: NodePolicy) => void = () => {}) {}

  get nodeTimeoutMs(): number {
    return this.policy.nodeTimeoutMs;
  }

  /** Follows the policy; until the coordinator's bucket exists, tries again every 2 s. */
  start(): void {
    void this.follow();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.stopWatch?.();
  }

  private async follow(): Promise<void> {
    try {
      const kv = await new Kvm(this.nc).open(BUCKET_COORDINATOR);
      const watch = await kv.watch({ key: NODE_POLICY_KEY });
      this.stopWatch = () => watch.stop();
      if (this.stopped) return watch.stop();
      for await (const e of watch) {
        if (e.operation !== 'PUT') continue;
        const p = decode<NodePolicy>(e.value);
        if (!(typeof p?.nodeTimeoutMs === 'number' && p.nodeTimeoutMs > 0)) continue;
        if (p.nodeTimeoutMs !== this.policy.nodeTimeoutMs) this.log.info('node policy of the coordinator', { nodeTimeoutMs: p.nodeTimeoutMs });
        this.policy = p;
        this.onChange(p);
      }
    } catch (err) {
      if (this.stopped) return;
      this.log.debug('node policy not readable yet', { err });
    }
    // The watch ends when the connection is lost or the bucket is not there yet: follow again.
    if (!this.stopped) this.retry = setTimeout(() => void this.follow(), 2000);
  }
}
