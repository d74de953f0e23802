// How a daemon connects to NATS: one server or several of one cluster (`--nats u1,u2,u3`), never
// giving up on reconnecting, moving to another server when its own goes, and saying so in its log.
// With security, over TLS (the server verified against the daemon's CA, the daemon's certificate
// presented: mutual TLS when the server asks), authenticated by its credentials, and with its own
// inbox prefix, the only one its NATS user may subscribe to (security/nats-permissions.ts).
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsServerList } from './nats-servers.ts';
import type { Logger } from '../log.ts';
import type { TlsMaterial } from '../../security/daemon-tls.ts';
import type { NatsCredentials } from '../../security/nats-credentials.ts';

export interface NatsSecurity {
  tls?: TlsMaterial;
  credentials?: NatsCredentials;
  /** Where replies to this connection's requests arrive (nats.js inboxPrefix). */
  inboxPrefix?: string;
}

export class NatsConnectError extends Error {
  override name = 'NatsConnectError';
}

export async function connectNats(servers: string | readonly string[], name: string, log: Logger, security: NatsSecurity = {}): Promise<NatsConnection> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: natsServerList(servers),
      name,
      // Never give up: NATS restarting, or a cluster member going, must not end a daemon.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      // A server that vanished without closing the connection (a machine lost, a partition) is
      // noticed after 3 unanswered pings, ~15 s, rather than the client's default of minutes.
      pingInterval: 5000,
      maxPingOut: 3,
      ...(security.tls ? { tls: { ca: security.tls.ca.toString(), cert: security.tls.cert.toString(), key: security.tls.key.toString() } } : {}),
      ...(security.credentials ? { authenticator: security.credentials.authenticator } : {}),
      ...(security.inboxPrefix ? { inboxPrefix: security.inboxPrefix } : {}),
    });
  } catch (err) {
    throw new NatsConnectError(explainConnectFailure(err as Error, security), { cause: err });
  }
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') log.warn('NATS connection lost, reconnecting', { server: s.server });
      else if (s.type === 'reconnect') log.info('NATS reconnected', { server: s.server });
      else if (s.type === 'ldm') log.info('NATS server entering lame duck mode', { server: s.server });
      else if (s.type === 'error') log.warn('NATS error', { err: s.error });
    }
  })().catch(() => {});
  return nc;
}

/** The inbox prefix `nc` was opened with (nats.js keeps its options), for inboxes of our own. */
export function inboxPrefixOf(nc: NatsConnection): string | undefined {
  return (nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix || undefined;
}

/** The client's error, with which flag to look at. */
function explainConnectFailure(err: Error, security: NatsSecurity): string {
  const what = `cannot connect to NATS: ${err.message}`;
  if (/authorization|authentication/i.test(err.message)) {
    return security.credentials
      ? `${what} (the server does not accept ${security.credentials.file}: is this daemon's public key in its authorization users?)`
      : `${what} (the server asks for credentials: give this daemon --nats-nkey FILE)`;
  }
  if (/tls|certificate|self.signed|ssl/i.test(err.message) || (err.cause && /tls|certificate|ssl/i.test(String((err.cause as Error).message)))) {
    return security.tls
      ? `${what} (check --tls-ca against the NATS server's certificate, and that the server trusts --tls-cert)`
      : `${what} (the server asks for TLS: give this daemon --tls-cert, --tls-key and --tls-ca)`;
  }
  return what;
}
