// What workers must know of the leading coordinator's rules to keep its promises: its node
// timeout, the silence after which it declares a node lost and runs the node's tasks elsewhere.
// A worker that cannot make itself heard ends its own tasks well before that (see
// worker/connection-fence.ts). The leader writes it in its own bucket when it takes the lead;
// workers read it every second (NODE_POLICY_POLL_MS).
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

/** How often a worker reads the policy again. A KV watch would be live, but it is a consumer,
 *  which a worker's NATS user may not create (security/nats-permissions.ts); a new leader's
 *  timeout is known within this, far below any node timeout worth having. */
export const NODE_POLICY_POLL_MS = 1000;

/** The policy as last written by a leader, read again every NODE_POLICY_POLL_MS. */
export class NodePolicyWatch {
  private policy: NodePolicy = { nodeTimeoutMs: DEFAULT_NODE_TIMEOUT_MS };
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private kv?: Promise<KV>;

  constructor(private readonly nc: NatsConnection, private readonly log: Logger, private readonly onChange: (p: NodePolicy) => void = () => {}) {}

  get nodeTimeoutMs(): number {
    return this.policy.nodeTimeoutMs;
  }

  start(): void {
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async poll(): Promise<void> {
    try {
      // Bound without direct gets (open() does not ask for them): read with STREAM.MSG.GET.
      this.kv ??= new Kvm(this.nc).open(BUCKET_COORDINATOR);
      const e = await (await this.kv).get(NODE_POLICY_KEY);
      const p = e?.operation === 'PUT' ? decode<NodePolicy>(e.value) : undefined;
      if (p && typeof p.nodeTimeoutMs === 'number' && p.nodeTimeoutMs > 0 && p.nodeTimeoutMs !== this.policy.nodeTimeoutMs) {
        this.log.info('node policy of the coordinator', { nodeTimeoutMs: p.nodeTimeoutMs });
        this.policy = p;
        this.onChange(p);
      }
    } catch (err) {
      // Not written yet, the bucket not created yet, NATS away: the next poll tries again.
      this.log.debug('node policy not readable yet', { err });
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), NODE_POLICY_POLL_MS);
  }
}
