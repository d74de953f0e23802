// How a daemon connects to NATS: one server or several of one cluster (`--nats u1,u2,u3`), never
// giving up on reconnecting, moving to another server when its own goes, and saying so in its log.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsServerList } from './nats-servers.ts';
import type { Logger } from '../log.ts';

export async function connectNats(servers: string | readonly string[], name: string, log: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: natsServerList(servers),
    name,
    // Never give up: NATS restarting, or a cluster member going, must not end a daemon.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // A server that vanished without closing the connection (a machine lost, a partition) is
    // noticed after 3 unanswered pings, ~15 s, rather than the client's default of minutes.
    pingInterval: 5000,
    maxPingOut: 3,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') log.warn('NATS connection lost, reconnecting', { server: s.server });
      else if (s.type === 'reconnect') log.info('NATS reconnected', { server: s.server });
      else if (s.type === 'ldm') log.info('NATS server entering lame duck mode', { server: s.server });
    }
  })().catch(() => {});
  return nc;
}
