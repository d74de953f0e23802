// The local cluster's NATS, locked down as a real deployment's (src/cluster/local-nats-security.ts):
// nats-server with TLS from the cluster's CA (client certificates required) and one user per
// daemon, every daemon given its nkey seed from <data-dir>/nats-security/ (and its certificate,
// local-security.ts). With `plaintext` (bench/security.bench.ts), NATS is open, as the daemons'
// other links are.
import path from 'node:path';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { LocalNatsSecurity } from '../../cluster/local-nats-security.ts';
import type { NatsServerOptions } from '../../cluster/nats-server.ts';
import type { LocalPki } from '../../security/local-pki.ts';

export interface LocalNats {
  /** TLS and users for startNatsServer / startNatsCluster. */
  server: Pick<NatsServerOptions, 'tls' | 'users'>;
  /** The coordinator's flags for its NATS user. */
  coordinatorArgs: string[];
  /** Each worker's, by node id. */
  workerArgs: Map<string, string[]>;
  /** For a client of one's own (a benchmark looking into NATS): TLS and the admin user. */
  clientOptions(): Promise<Partial<NodeConnectionOptions>>;
}

/** Every daemon's user made before nats-server starts, so that it starts knowing them all. */
export async function prepareLocalNats(dataDir: string, pki: LocalPki, nodeIds: readonly string[], plaintext = false): Promise<LocalNats> {
  if (plaintext) return { server: {}, coordinatorArgs: [], workerArgs: new Map(nodeIds.map((n) => [n, []])), clientOptions: async () => ({}) };
  const security = await LocalNatsSecurity.open(path.join(dataDir, 'nats-security'), pki);
  const coordinatorArgs = LocalNatsSecurity.daemonArgs(security.daemon({ role: 'coordinator' }));
  const workerArgs = new Map(nodeIds.map((nodeId) => [nodeId, LocalNatsSecurity.daemonArgs(security.daemon({ role: 'worker', nodeId }))]));
  return {
    server: { tls: await security.serverTls([]), users: security.natsUsers() },
    coordinatorArgs,
    workerArgs,
    clientOptions: () => security.adminConnectOptions(),
  };
}
