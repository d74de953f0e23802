// Runs a real nats-server (Debian's package) as a child process with JetStream on, its store under
// a directory of ours. Used by `troupe up`, the tests and the benchmarks. With `cluster` it is one
// member of a JetStream cluster (see nats-cluster.ts, which starts all of them). Its settings go
// in a config file it is started with (-c): TLS and users do not fit on a command line. With
// `users`, reload() rewrites the file with another list and has nats-server re-read it (SIGHUP),
// as an operator adding a node does with `nats-server --signal reload`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { renderNatsServerConfig, type NatsServerConfig, type NatsUser } from './nats-server-config.ts';
import type { TlsFiles } from '../security/local-pki.ts';

export interface NatsServerOptions {
  /** Holds jetstream/ and the ports file. */
  dataDir: string;
  /** 0 or undefined = a random free port. */
  port?: number;
  host?: string;
  /** Path of the binary; default: `nats-server` from PATH (or /usr/sbin, /usr/bin). */
  binary?: string;
  /** JetStream clustering: this server's name (unique in the cluster), the cluster's name, the
   *  port its routes listen on (on `host`) and every member's route URL (its own is ignored). */
  cluster?: { serverName: string; name: string; port: number; routes: string[] };
  /** Serve the monitoring endpoints (/jsz, /varz) on a random port of `host`: `monitorUrl`. */
  monitor?: boolean;
  /** Clients (and cluster routes) must use TLS with this identity; verifyClients: clients must
   *  present a certificate of the CA (mutual TLS). */
  tls?: TlsFiles & { verifyClients?: boolean };
  /** Only these users may connect (security/nats-permissions.ts); undefined = anyone. */
  users?: readonly NatsUser[];
}

export interface RunningNatsServer {
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  /** http://HOST:PORT of the monitoring endpoints, with `monitor`. */
  monitorUrl?: string;
  stop(): Promise<void>;
  /** kill -9: no clean-up of any kind (what a crash or a power cut leaves). */
  crash(): Promise<void>;
  /** Rewrites the config with these users and signals nats-server to re-read it; it applies
   *  them within moments (the caller waits for what it needs, e.g. a new user let in). */
  reload(users: readonly NatsUser[]): Promise<void>;
  /** The last ~200 kB nats-server wrote (its log: permission violations are there). */
  logs(): string;
}

export async function startNatsServer(opts: NatsServerOptions): Promise<RunningNatsServer> {
  const host = opts.host ?? '127.0.0.1';
  const portsDir = path.join(opts.dataDir, 'ports');
  await mkdir(path.join(opts.dataDir, 'jetstream'), { recursive: true });
  await rm(portsDir, { recursive: true, force: true });
  await mkdir(portsDir, { recursive: true });
  const configFile = path.join(opts.dataDir, 'nats-server.conf');
  const config = (users: readonly NatsUser[] | undefined): NatsServerConfig => ({
    host, port: opts.port || -1, storeDir: path.join(opts.dataDir, 'jetstream'), portsFileDir: portsDir,
    ...(opts.monitor ? { monitor: true } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(users ? { users } : {}),
    ...(opts.cluster ? { cluster: opts.cluster } : {}),
  });
  await writeFile(configFile, renderNatsServerConfig(config(opts.users)), { mode: 0o600 });
  const args = ['-c', configFile];
  const binary = opts.binary ?? 'nats-server';
  const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin:/sbin` };
  // Its own process group: a Ctrl-C in the terminal reaches `troupe up`, which stops nats-server
  // last, after the daemons that depend on it.
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env, detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr = (stderr + d.toString()).slice(-200_000); });

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT'
        ? new Error(`nats-server not found on PATH: install it (apt-get install nats-server) or run 'npm run setup'`)
        : err);
    });
    child.once('exit', (code, signal) => reject(new Error(`nats-server exited early (${code ?? signal}): ${stderr.trim().slice(-4000)}`)));
  });
  const ports = await Promise.race([failed, waitForPortsFile(portsDir, child, opts.monitor === true)]);
  const port = Number(new URL(ports.nats![0]!).port);
  child.removeAllListeners('exit');
  child.removeAllListeners('error');
  child.on('error', () => {});

  let stopping: Promise<void> | undefined;
  return {
    url: `nats://${host}:${port}`,
    port,
    pid: child.pid!,
    process: child,
    ...(opts.monitor ? { monitorUrl: ports.monitoring![0]! } : {}),
    logs: () => stderr,
    async reload(users) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error('nats-server is not running');
      // The same port again: the file said -1 (any), and a reload must not move it.
      await writeFile(configFile, renderNatsServerConfig({ ...config(users), port }), { mode: 0o600 });
      child.kill('SIGHUP');
    },
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

interface PortsFile { nats?: string[]; monitoring?: string[] }

async function waitForPortsFile(dir: string, child: ChildProcess, monitor: boolean): Promise<PortsFile> {
  const file = path.join(dir, `nats-server_${child.pid}.ports`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const ports = JSON.parse(await readFile(file, 'utf8')) as PortsFile;
      if (ports.nats?.[0] && (!monitor || ports.monitoring?.[0])) return ports;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error('nats-server did not report its port within 30 s');
}
