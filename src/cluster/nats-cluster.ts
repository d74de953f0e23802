// A JetStream cluster of N nats-servers on this machine, for `troupe up --nats-cluster N` and the
// tests: routes on loopback ports, each member with its own server_name and JetStream store, one
// cluster name. Ready once every member names the same JetStream meta leader (asked through each
// member's monitoring endpoint, /jsz). A member can be killed (kill -9) and started again on the
// same ports and store, as a machine that crashed and rebooted.
//
//   start:   pick route ports -> start every member (routes to all) -> they agree on a meta leader
//   crash:   kill -9 one member; the others elect new leaders for what it led (~5 s on 2.9)
//   restart: same client port, route port and store; it catches up from the others
import net from 'node:net';
import path from 'node:path';
import { startNatsServer, type RunningNatsServer } from './nats-server.ts';
import type { NatsUser } from './nats-server-config.ts';
import type { TlsFiles } from '../security/local-pki.ts';

export interface NatsClusterOptions {
  /** Holds one directory per member (its JetStream store and ports file). */
  dataDir: string;
  /** Members: 3 or 5 make sense (a majority must be up for JetStream to work). */
  size: number;
  host?: string;
  binary?: string;
  /** The cluster's name. Default 'troupe'. */
  name?: string;
  /** For the members to agree on a meta leader at start. Default 60 s. */
  readyTimeoutMs?: number;
  /** TLS for clients and routes (routes always verify each other's certificate). */
  tls?: TlsFiles & { verifyClients?: boolean };
  /** Only these users may connect; undefined = anyone. */
  users?: readonly NatsUser[];
}

/** What /jsz says about JetStream's meta group (the part troupe looks at). */
export interface MetaCluster {
  name?: string;
  leader?: string;
  cluster_size?: number;
  /** Only on the leader: the other members and whether they are caught up. */
  replicas?: { name: string; current: boolean; offline?: boolean }[];
}

export interface RunningNatsCluster {
  name: string;
  /** Member names (server_name), in order: nats-1 .. nats-N. */
  members: readonly string[];
  /** Every member's client URL, in member order: what `--nats` takes, comma-joined. */
  urls: readonly string[];
  /** The member's running server; undefined while it is down. */
  server(member: string): RunningNatsServer | undefined;
  /** /jsz's meta_cluster of one running member. */
  metaCluster(member: string): Promise<MetaCluster>;
  /** Waits until every running member names the same meta leader; resolves with its name. */
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  /** kill -9 of one member. */
  crash(member: string): Promise<void>;
  /** Starts a crashed or stopped member again (same ports, same store) and waits until it names
   *  the meta leader the others name, and the leader counts it as current. */
  restart(member: string, timeoutMs?: number): Promise<void>;
  /** Every running member re-reads its config with these users (see RunningNatsServer.reload);
   *  a member started again later gets them too. */
  reload(users: readonly NatsUser[]): Promise<void>;
  /** Stops every member (SIGTERM, then SIGKILL). Safe to call twice. */
  stop(): Promise<void>;
}

interface Member {
  name: string;
  dir: string;
  routePort: number;
  clientPort: number;
  server?: RunningNatsServer;
}

const START_ATTEMPTS = 3;

export async function startNatsCluster(opts: NatsClusterOptions): Promise<RunningNatsCluster> {
  if (!Number.isInteger(opts.size) || opts.size < 2 || opts.size > 9) throw new Error(`a NATS cluster has 2..9 members, not ${opts.size}`);
  const host = opts.host ?? '127.0.0.1';
  const name = opts.name ?? 'troupe';
  // Route ports are picked before any member starts, since each member is given all routes; one
  // taken meanwhile by another process makes that member exit at once, and we start over.
  for (let attempt = 1; ; attempt++) {
    const routePorts = await freePorts(host, opts.size);
    const members: Member[] = routePorts.map((routePort, i) => ({
      name: `nats-${i + 1}`, dir: path.join(opts.dataDir, `nats-${i + 1}`), routePort, clientPort: 0,
    }));
    const routes = members.map((m) => `nats://${host}:${m.routePort}`);
    let users = opts.users;
    const startMember = async (m: Member) => {
      m.server = await startNatsServer({
        dataDir: m.dir, host, monitor: true,
        ...(opts.tls ? { tls: opts.tls } : {}),
        ...(users ? { users } : {}),
        // A random client port at first; a restarted member keeps its own.
        ...(m.clientPort ? { port: m.clientPort } : {}),
        cluster: { serverName: m.name, name, port: m.routePort, routes },
        ...(opts.binary ? { binary: opts.binary } : {}),
      });
      m.clientPort = m.server.port;
    };
    const started = await Promise.allSettled(members.map(startMember));
    const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await Promise.all(members.map((m) => m.server?.stop()));
      if (attempt < START_ATTEMPTS && /address already in use/i.test(String(failure.reason?.message))) continue;
      throw failure.reason;
    }
    const cluster = clusterOf(name, members, startMember, async (next) => {
      users = next;
      await Promise.all(members.map((m) => m.server?.reload(next)));
    });
    try {
      await cluster.waitForMetaLeader(opts.readyTimeoutMs ?? 60_000);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }
}

function clusterOf(name: string, members: Member[], startMember: (m: Member) => Promise<void>, reload: (users: readonly NatsUser[]) => Promise<void>): RunningNatsCluster {
  const host = new URL(members[0]!.server!.url).hostname;
  const byName = new Map(members.map((m) => [m.name, m]));
  const member = (n: string) => {
    const m = byName.get(n);
    if (!m) throw new Error(`no NATS cluster member '${n}' (members: ${[...byName.keys()].join(', ')})`);
    return m;
  };
  const metaCluster = async (n: string): Promise<MetaCluster> => {
    const m = member(n);
    if (!m.server) throw new Error(`${n} is down`);
    const res = await fetch(`${m.server.monitorUrl}/jsz`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) throw new Error(`${n} /jsz: HTTP ${res.status}`);
    return ((await res.json()) as { meta_cluster?: MetaCluster }).meta_cluster ?? {};
  };
  const until = async <T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      try {
        const v = await probe();
        if (v !== undefined) return v;
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`NATS cluster: gave up waiting for ${what} after ${timeoutMs / 1000} s (${last})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const running = () => members.filter((m) => m.server);
  const leaderAll = async (): Promise<string | undefined> => {
    const leaders = await Promise.all(running().map((m) => metaCluster(m.name).then((c) => c.leader)));
    const first = leaders[0];
    return first && leaders.every((l) => l === first) ? first : undefined;
  };
  let stopping: Promise<void> | undefined;
  return {
    name,
    members: members.map((m) => m.name),
    urls: members.map((m) => `nats://${host}:${m.clientPort}`),
    server: (n) => member(n).server,
    metaCluster,
    waitForMetaLeader: (timeoutMs = 60_000) => until('a JetStream meta leader', timeoutMs, leaderAll),
    async crash(n) {
      const m = member(n);
      await m.server?.crash();
      m.server = undefined;
    },
    async restart(n, timeoutMs = 60_000) {
      const m = member(n);
      if (m.server) throw new Error(`${n} is running`);
      await startMember(m);
      await until(`${n} to rejoin the JetStream cluster`, timeoutMs, async () => {
        const leader = await leaderAll();
        if (!leader) return undefined;
        if (leader === n) return true;
        const seen = (await metaCluster(leader)).replicas?.find((r) => r.name === n);
        return seen?.current && !seen.offline ? true : undefined;
      });
    },
    reload,
    stop() {
      stopping ??= Promise.all(members.map((m) => m.server?.stop())).then(() => {
        for (const m of members) m.server = undefined;
      });
      return stopping;
    },
  };
}

/** `count` distinct ports free right now on `host`. */
async function freePorts(host: string, count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen({ host, port: 0, exclusive: true }, () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
