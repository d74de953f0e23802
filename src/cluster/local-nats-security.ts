// The locked-down NATS of a cluster on one machine (`troupe up`, the tests, the benchmarks): one
// nkey per daemon and the nats-server users made from troupe's permissions, nats-server's TLS
// certificate from the cluster's throw-away CA (security/local-pki.ts, which also issues the
// daemons' own certificates), as a real deployment would have them (README "NATS for a real
// deployment").
//
//   <dir>/<name>.nk  each daemon's seed (mode 0600); admin.nk: an unrestricted user for looking
//                    into NATS by hand (nats CLI) or from tests
//
// Seeds already there are reused: a local cluster started again keeps its users.
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nkeyAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { LocalPki, TlsFiles } from '../security/local-pki.ts';
import { createNkeyUser, loadNkeySeed, writeSeedFile } from '../security/nats-credentials.ts';
import { identityName, permissionsOf, type NatsIdentity } from '../security/nats-permissions.ts';
import type { NatsUser } from './nats-server-config.ts';

/** One daemon's NATS user: its seed file and public key. */
export interface DaemonNatsUser {
  name: string;
  seedFile: string;
  publicKey: string;
}

export class LocalNatsSecurity {
  private readonly users = new Map<string, NatsUser>();

  private constructor(readonly dir: string, readonly pki: LocalPki, private readonly admin: DaemonNatsUser) {}

  static async open(dir: string, pki: LocalPki): Promise<LocalNatsSecurity> {
    const abs = path.resolve(dir);
    mkdirSync(abs, { recursive: true, mode: 0o700 });
    const admin = { name: 'admin', ...seedFor(path.join(abs, 'admin.nk')) };
    const security = new LocalNatsSecurity(abs, pki, admin);
    security.users.set('admin', { nkey: admin.publicKey, comment: 'admin: unrestricted, for looking into NATS by hand' });
    return security;
  }

  /** nats-server's TLS: its certificate for `hosts` (the addresses clients dial), client
   *  certificates required (mutual TLS). */
  async serverTls(hosts: readonly string[]): Promise<TlsFiles & { verifyClients: boolean }> {
    return { ...(await this.pki.issue('nats-server', [...new Set(['127.0.0.1', 'localhost', ...hosts])])), verifyClients: true };
  }

  /** A daemon's NATS user, which joins natsUsers() (a running nats-server learns it at its next
   *  reload). */
  daemon(identity: NatsIdentity): DaemonNatsUser {
    const name = identityName(identity);
    const seed = seedFor(path.join(this.dir, `${name}.nk`));
    this.users.set(name, { nkey: seed.publicKey, permissions: permissionsOf(identity), comment: `troupe ${name}` });
    return { name, ...seed };
  }

  /** Every user so far: the nats-server's authorization list. */
  natsUsers(): NatsUser[] {
    return [...this.users.values()];
  }

  /** A daemon's flag for its user (its TLS flags come with its certificate). */
  static daemonArgs(d: Pick<DaemonNatsUser, 'seedFile'>): string[] {
    return ['--nats-nkey', d.seedFile];
  }

  /** nats.js options of the unrestricted admin user (TLS included), for a client of our own. */
  adminConnectOptions(): Promise<Pick<NodeConnectionOptions, 'tls' | 'authenticator'>> {
    return this.connectOptionsAs(this.admin);
  }

  /** nats.js options to connect as `d` (e.g. a test acting as a compromised node), with a client
   *  certificate of the CA. */
  async connectOptionsAs(d: DaemonNatsUser): Promise<Pick<NodeConnectionOptions, 'tls' | 'authenticator'>> {
    const tls = await this.pki.issue('nats-client', ['127.0.0.1']);
    const [ca, cert, key, seed] = await Promise.all([tls.ca, tls.cert, tls.key, d.seedFile].map((f) => readFile(f, 'utf8')));
    return { tls: { ca: ca!, cert: cert!, key: key! }, authenticator: nkeyAuthenticator(new TextEncoder().encode(seed!.trim())) };
  }
}

/** The seed in `file`, made when missing. */
function seedFor(file: string): { seedFile: string; publicKey: string } {
  if (!existsSync(file)) writeSeedFile(file, createNkeyUser().seed);
  return { seedFile: file, publicKey: loadNkeySeed(file, file).publicKey! };
}
