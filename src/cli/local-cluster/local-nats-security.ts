// The local cluster's NATS, locked down as a real deployment's (src/cluster/local-nats-security.ts):
// nats-server with TLS (client certificates required) and one user per daemon, every daemon
// given its certificate and its nkey seed from <data-dir>/nats-security/. Off (`secure: false`),
// NATS is open and the daemons run --plaintext, as before: only for measuring what it costs.
import path from 'node:path';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { LocalNatsSecurity } from '../../cluster/local-nats-security.ts';
import type { NatsServerOptions } from '../../cluster/nats-server.ts';

export interface LocalNats {
  /** TLS and users for startNatsServer / startNatsCluster. */
  server: Pick<NatsServerOptions, 'tls' | 'users'>;
  coordinatorArgs: string[];
  /** Worker `nodeId`'s flags, by node. */
  workerArgs: Map<string, string[]>;
  /** For a client of one's own (a benchmark looking into NATS): TLS and the admin user. */
  clientOptions(): Promise<Partial<NodeConnectionOptions>>;
}

/** Every daemon's identity made before nats-server starts, so it starts knowing all users. */
export async function prepareLocalNats(dataDir: string, nodes: readonly { nodeId: string; address: string }[], secure = true): Promise<LocalNats> {
  if (!secure) {
    return { server: {}, coordinatorArgs: ['--plaintext'], workerArgs: new Map(nodes.map((n) => [n.nodeId, ['--plaintext']])), clientOptions: async () => ({}) };
  }
  const security = await LocalNatsSecurity.open(path.join(dataDir, 'nats-security'));
  const coordinator = await security.daemon({ role: 'coordinator' }, ['127.0.0.1']);
  const workerArgs = new Map<string, string[]>();
  for (const n of nodes) workerArgs.set(n.nodeId, LocalNatsSecurity.daemonArgs(await security.daemon({ role: 'worker', nodeId: n.nodeId }, [n.address])));
  return {
    server: { tls: await security.serverTls([]), users: security.natsUsers() },
    coordinatorArgs: LocalNatsSecurity.daemonArgs(coordinator),
    workerArgs,
    clientOptions: () => security.adminConnectOptions(),
  };
}
