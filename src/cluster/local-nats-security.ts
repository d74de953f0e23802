// The locked-down NATS of a cluster on one machine (`troupe up`, the tests, the benchmarks): a
// throw-away CA (security/local-pki.ts) for the nats-server and every daemon, one nkey per daemon,
// and the nats-server users made from troupe's permissions, as a real deployment would have
// them (README "NATS for a real deployment").
//
//   <dir>/pki/     the CA, nats-server's certificate, each daemon's
//   <dir>/nkeys/   <name>.nk, each daemon's seed (mode 0600), and admin.nk: an unrestricted
//                  user for looking into NATS by hand (nats CLI) or from tests
//
// Seeds already there are reused: a local cluster started again keeps its users.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { nkeyAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { readFile } from 'node:fs/promises';
import { LocalPki, type TlsFiles } from '../security/local-pki.ts';
import { createNkeyUser, loadNkeySeed, writeSeedFile } from '../security/nats-credentials.ts';
import { identityName, permissionsOf, type NatsIdentity } from '../security/nats-permissions.ts';
import type { NatsUser } from './nats-server-config.ts';

/** What one daemon is given: its certificate and its seed, as files. */
export interface DaemonNatsIdentity {
  name: string;
  tls: TlsFiles;
  seedFile: string;
  publicKey: string;
}

export class LocalNatsSecurity {
  private readonly users = new Map<string, NatsUser>();

  private constructor(readonly dir: string, readonly pki: LocalPki, private readonly admin: DaemonNatsIdentity & { seed: string }) {}

  static async open(dir: string): Promise<LocalNatsSecurity> {
    const abs = path.resolve(dir);
    const pki = await LocalPki.open(path.join(abs, 'pki'));
    mkdirSync(path.join(abs, 'nkeys'), { recursive: true, mode: 0o700 });
    const adminSeed = seedFor(path.join(abs, 'nkeys', 'admin.nk'));
    const adminTls = await pki.issue('admin', ['127.0.0.1']);
    const admin = { name: 'admin', tls: adminTls, seedFile: adminSeed.file, publicKey: adminSeed.publicKey, seed: (await readFile(adminSeed.file, 'utf8')).trim() };
    const security = new LocalNatsSecurity(abs, pki, admin);
    security.users.set('admin', { nkey: admin.publicKey, comment: 'admin: unrestricted, for looking into NATS by hand' });
    return security;
  }

  /** nats-server's TLS: its certificate for `hosts` (the addresses clients dial), client
   *  certificates required (mutual TLS). */
  async serverTls(hosts: readonly string[]): Promise<TlsFiles & { verifyClients: boolean }> {
    return { ...(await this.pki.issue('nats-server', [...new Set(['127.0.0.1', 'localhost', ...hosts])])), verifyClients: true };
  }

  /** A daemon's certificate (for `hosts`, where its own services listen) and NATS user; its user
   *  joins users() (a running nats-server learns it at its next reload). */
  async daemon(identity: NatsIdentity, hosts: readonly string[]): Promise<DaemonNatsIdentity> {
    const name = identityName(identity);
    const tls = await this.pki.issue(name, [...new Set(['127.0.0.1', ...hosts])]);
    const seed = seedFor(path.join(this.dir, 'nkeys', `${name}.nk`));
    this.users.set(name, { nkey: seed.publicKey, permissions: permissionsOf(identity), comment: `troupe ${name}` });
    return { name, tls, seedFile: seed.file, publicKey: seed.publicKey };
  }

  /** Every user so far: the nats-server's authorization list. */
  natsUsers(): NatsUser[] {
    return [...this.users.values()];
  }

  /** A daemon's flags for its identity. */
  static daemonArgs(d: Pick<DaemonNatsIdentity, 'tls' | 'seedFile'>): string[] {
    return ['--tls-cert', d.tls.cert, '--tls-key', d.tls.key, '--tls-ca', d.tls.ca, '--nats-nkey', d.seedFile];
  }

  /** nats.js options of the unrestricted admin user (TLS included), for a client of our own. */
  async adminConnectOptions(): Promise<Pick<NodeConnectionOptions, 'tls' | 'authenticator'>> {
    return this.connectOptionsOf(this.admin, this.admin.seed);
  }

  /** nats.js options to connect as `d` (e.g. a test acting as a compromised node). */
  async connectOptionsAs(d: DaemonNatsIdentity): Promise<Pick<NodeConnectionOptions, 'tls' | 'authenticator'>> {
    return this.connectOptionsOf(d, (await readFile(d.seedFile, 'utf8')).trim());
  }

  private async connectOptionsOf(d: DaemonNatsIdentity, seed: string): Promise<Pick<NodeConnectionOptions, 'tls' | 'authenticator'>> {
    const [ca, cert, key] = await Promise.all([d.tls.ca, d.tls.cert, d.tls.key].map((f) => readFile(f, 'utf8')));
    return { tls: { ca: ca!, cert: cert!, key: key! }, authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) };
  }
}

/** The seed in `file`, made when missing. */
function seedFor(file: string): { file: string; publicKey: string } {
  if (!existsSync(file)) writeSeedFile(file, createNkeyUser().seed);
  return { file, publicKey: loadNkeySeed(file, file).publicKey! };
}
