// The tests' cluster runs the locked-down NATS of a real deployment: TLS with client certificates
// (from the cluster's CA, which also issues the daemons' certificates) and one nkey user per
// daemon with troupe's permissions (src/cluster/local-nats-security.ts). A worker started later
// gets its user added and nats-server reloaded before it starts; a test that looks into NATS
// itself connects as the unrestricted admin user (connect()).
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { LocalNatsSecurity, type DaemonNatsUser } from '../../src/cluster/local-nats-security.ts';
import type { NatsIdentity } from '../../src/security/nats-permissions.ts';
import type { LocalPki } from '../../src/security/local-pki.ts';
import type { NatsServerOptions, RunningNatsServer } from '../../src/cluster/nats-server.ts';
import type { RunningNatsCluster } from '../../src/cluster/nats-cluster.ts';

export class TestNatsSecurity {
  /** Users the running nats-server knows (by public key). */
  private readonly known = new Set<string>();

  private constructor(readonly local: LocalNatsSecurity, readonly serverTls: NonNullable<NatsServerOptions['tls']>) {}

  /** `natsHost`: the address nats-server listens on (its certificate names it). */
  static async open(dir: string, pki: LocalPki, natsHost: string): Promise<TestNatsSecurity> {
    const local = await LocalNatsSecurity.open(dir, pki);
    return new TestNatsSecurity(local, await local.serverTls([natsHost]));
  }

  /** What startNatsServer / startNatsCluster take for this security: every user so far. */
  serverOptions(): Pick<NatsServerOptions, 'tls' | 'users'> {
    const users = this.local.natsUsers();
    for (const u of users) this.known.add(u.nkey);
    return { tls: this.serverTls, users };
  }

  /** The daemon's NATS user, added to the list (see admit()). */
  identity(identity: NatsIdentity): DaemonNatsUser {
    return this.local.daemon(identity);
  }

  daemonArgs(d: DaemonNatsUser): string[] {
    return LocalNatsSecurity.daemonArgs(d);
  }

  /** Unless NATS knows `d` already: has it (every member) learn the users added since it started,
   *  and waits until `d` is let in everywhere. */
  async admit(nats: RunningNatsServer | RunningNatsCluster, urls: readonly string[], d: DaemonNatsUser): Promise<void> {
    if (this.known.has(d.publicKey)) return;
    const users = this.local.natsUsers();
    await nats.reload(users);
    for (const u of users) this.known.add(u.nkey);
    const options = await this.local.connectOptionsAs(d);
    const deadline = Date.now() + 30_000;
    for (const url of urls) {
      for (;;) {
        try {
          await (await connect({ servers: url, ...options, reconnect: false })).close();
          break;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`nats-server did not let ${d.name} in after its reload: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
  }

  /** A client of the test's own, unrestricted (the admin user). */
  async connect(servers: string | string[], more: Partial<NodeConnectionOptions> = {}): Promise<NatsConnection> {
    return connect({ servers, ...(await this.local.adminConnectOptions()), ...more });
  }
}
