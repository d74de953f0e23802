// Runs a real nats-server (Debian's package) as a child process with JetStream on, its store under
// a directory of ours. Used by `troupe up`, the tests and the benchmarks. With `cluster` it is one
// member of a JetStream cluster (see nats-cluster.ts, which starts all of them).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';

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
}

export async function startNatsServer(opts: NatsServerOptions): Promise<RunningNatsServer> {
  const host = opts.host ?? '127.0.0.1';
  const portsDir = path.join(opts.dataDir, 'ports');
  await mkdir(path.join(opts.dataDir, 'jetstream'), { recursive: true });
  await rm(portsDir, { recursive: true, force: true });
  await mkdir(portsDir, { recursive: true });
  const args = [
    '-a', host, '-p', String(opts.port ?? -1), '-js', '-sd', path.join(opts.dataDir, 'jetstream'),
    '--ports_file_dir', portsDir,
  ];
  if (opts.monitor) args.push('-m', '-1');
  if (opts.cluster) {
    const c = opts.cluster;
    args.push('--server_name', c.serverName, '--cluster_name', c.name, '--cluster', `nats://${host}:${c.port}`, '--routes', c.routes.join(','));
  }
  const binary = opts.binary ?? 'nats-server';
  const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin:/sbin` };
  // Its own process group: a Ctrl-C in the terminal reaches `troupe up`, which stops nats-server
  // last, after the daemons that depend on it.
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env, detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr = (stderr + d.toString()).slice(-4000); });

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT'
        ? new Error(`nats-server not found on PATH: install it (apt-get install nats-server) or run 'npm run setup'`)
        : err);
    });
    child.once('exit', (code, signal) => reject(new Error(`nats-server exited early (${code ?? signal}): ${stderr.trim()}`)));
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
