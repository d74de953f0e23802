// nats-server's configuration file, written from troupe's own terms: where it listens, JetStream,
// TLS for clients (and for cluster routes), and one user per daemon with its nkey and its
// permissions (security/nats-permissions.ts). Used for the nats-servers troupe runs itself and
// to print the entries an operator pastes into a real deployment's nats-server.conf.
//
// The output is nats-server's config syntax with every string quoted: a bare `$` would start a
// variable reference, and JetStream's subjects begin with one.
import type { NatsPermissions } from '../security/nats-permissions.ts';
import type { TlsFiles } from '../security/local-pki.ts';

/** One NATS user: an nkey (its public key) and what it may do; no permissions = anything. */
export interface NatsUser {
  nkey: string;
  permissions?: NatsPermissions;
  /** Written as a comment above the entry: whose key it is. */
  comment?: string;
}

export interface NatsServerConfig {
  host: string;
  /** -1 = a random free port (the ports file says which). */
  port: number;
  storeDir: string;
  portsFileDir: string;
  /** Monitoring endpoints on a random port of `host`. */
  monitor?: boolean;
  /** Clients must use TLS; with verifyClients they must present a certificate of the CA. */
  tls?: TlsFiles & { verifyClients?: boolean };
  /** Omitted: no authentication (anyone who reaches the port may do anything). */
  users?: readonly NatsUser[];
  cluster?: { serverName: string; name: string; port: number; routes: readonly string[] };
}

type ConfValue = string | number | boolean | readonly ConfValue[] | { readonly [key: string]: ConfValue | undefined };

export function renderNatsServerConfig(c: NatsServerConfig): string {
  const lines = ['# Written by troupe: regenerated at every start, edits are lost.'];
  const put = (key: string, value: ConfValue) => lines.push(`${key}: ${render(value, '')}`);
  if (c.cluster) put('server_name', c.cluster.serverName);
  put('host', c.host);
  put('port', c.port);
  put('ports_file_dir', c.portsFileDir);
  if (c.monitor) put('http_port', -1);
  put('jetstream', { store_dir: c.storeDir });
  if (c.tls) put('tls', tlsBlock(c.tls, c.tls.verifyClients ?? false));
  if (c.users) lines.push(renderAuthorization(c.users));
  if (c.cluster) {
    put('cluster', {
      name: c.cluster.name,
      listen: `${c.host}:${c.cluster.port}`,
      routes: c.cluster.routes,
      // Routes always verify each other: a member is whoever holds a certificate of the CA.
      ...(c.tls ? { tls: tlsBlock(c.tls, true) } : {}),
    });
  }
  return lines.join('\n') + '\n';
}

/** `authorization { users = [...] }` with each user's entry. */
export function renderAuthorization(users: readonly NatsUser[]): string {
  return `authorization: {\n  users: [\n${users.map((u) => renderUser(u, '    ')).join('\n')}\n  ]\n}`;
}

/** One entry of `authorization.users`, indented by `indent`. */
export function renderUser(u: NatsUser, indent = ''): string {
  const comment = u.comment ? `${indent}# ${u.comment}\n` : '';
  return comment + indent + render({ nkey: u.nkey, ...(u.permissions ? { permissions: u.permissions as unknown as ConfValue } : {}) }, indent);
}

function tlsBlock(t: TlsFiles, verify: boolean): ConfValue {
  return { cert_file: t.cert, key_file: t.key, ca_file: t.ca, verify, timeout: 5 };
}

function render(v: ConfValue, indent: string): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + render(x, inner)).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, ConfValue | undefined>).filter((e): e is [string, ConfValue] => e[1] !== undefined);
  return `{\n${entries.map(([k, x]) => `${inner}${k}: ${render(x, inner)}`).join('\n')}\n${indent}}`;
}
