// A whole troupe cluster on this machine: nats-server, the coordinator and N workers, each
// worker its own process with its own loopback IP (127.0.1.<i>), as on separate machines.
// Used by `troupe up` (in the foreground) and `troupe demo` (for one job). With `natsCluster`,
// NATS is a JetStream cluster of that many nats-servers, the coordinator keeps that many
// replicas of everything, and every daemon is given every server's URL.
//
//   start:  nats-server -> coordinator -> (API answers) -> CreatePool -> workers -> (nodes seen)
//   stop:   workers -> coordinator -> nats-server
import { GRPC_CODES } from '../../protocol/grpc/grpc-codes.ts';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { packagePath } from '../../protocol/package-root.ts';
import { startNatsServer, type RunningNatsServer } from '../../cluster/nats-server.ts';
import { startNatsCluster, type RunningNatsCluster } from '../../cluster/nats-cluster.ts';
import type { BatchApi } from '../../protocol/grpc/batch-api.ts';
import { connectWireApi } from '../../protocol/grpc/wire-client.ts';
import { LOCAL_CLUSTER_DEFAULTS } from './local-cluster-defaults.ts';
import { describeError, isStatus } from '../cli-errors.ts';
import { describeExit, spawnDaemon, type ChildDaemon } from './child-daemon.ts';
import { assertPortFree, connectAddress, freePort } from './ports.ts';
import { certificateHosts, localSecurity, tlsArgs } from './local-security.ts';
import { prepareLocalNats } from './local-nats-security.ts';
import { LOCAL_PROVIDER_NODES, writeLocalWorkerConfigs } from './local-worker-configs.ts';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import type { ApiCredentials } from '../../protocol/grpc/api-credentials.ts';

const TROUPE_BIN = packagePath('bin', 'troupe.js');

export interface LocalClusterOptions {
  /** nats/ (JetStream store), nodes/<node-id>/ (task directories) and logs/ go here. */
  dataDir: string;
  workers?: number;
  slots?: number;
  poolId?: string;
  /** HOST:PORT of the API. */
  listen?: string;
  /** Send each daemon's output to <logDir>/<name>.log instead of this process's stderr. */
  logDir?: string;
  /** For the API to answer and for every worker to register. */
  readyTimeoutMs?: number;
  /** Start-up milestones, for people watching. */
  onProgress?: (message: string) => void;
  /** NATS as a JetStream cluster of this many servers (3..5), the coordinator with --replicas
   *  as many; undefined or 0 = one nats-server. */
  natsCluster?: number;
  /** No TLS on any link (the daemons get --plaintext; the API is http://): for measuring what
   *  TLS costs (bench/security.bench.ts). Tokens are still required. */
  plaintext?: boolean;
  /** More arguments for every worker (benchmarks compare worker settings). */
  workerArgs?: readonly string[];
  /** HOST:PORT for the coordinator's web dashboard; undefined = none. */
  dashboard?: string;
  /** Every daemon serves Prometheus metrics: the coordinator on 127.0.0.1, each worker on its own
   *  address (which its certificate names), each on a free port. */
  metrics?: boolean;
}

/** One daemon's Prometheus metrics, as a scrape target. */
export interface MetricsTarget {
  /** 'coordinator' or the worker's node id. */
  daemon: string;
  /** https://HOST:PORT/metrics (http:// when plaintext). */
  url: string;
}

export interface LocalCluster {
  apiAddress: string;
  /** The web dashboard's URL (https://HOST:PORT/, http:// when plaintext), when it was asked for. */
  dashboardUrl?: string;
  /** Every daemon's metrics URL, coordinator first, when they were asked for. */
  metricsTargets?: MetricsTarget[];
  /** The admin token and the CA of the cluster's API (local-security.ts). */
  credentials: Required<ApiCredentials>;
  /** The data directory's admin token file and CA certificate, for a client config file. */
  adminTokenFile: string;
  caFile: string;
  /** What the daemons' --nats got: one URL, or every cluster member's, comma-separated. */
  natsUrl: string;
  poolId: string;
  nodeIds: string[];
  /** nats.js options for a client of one's own: TLS and the unrestricted admin user. */
  natsClientOptions(): Promise<Partial<NodeConnectionOptions>>;
  /** Resolves with a description if any process dies without being asked to; never rejects. */
  unexpectedExit: Promise<string>;
  /** Workers, then the coordinator, then nats-server. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const workers = opts.workers ?? LOCAL_CLUSTER_DEFAULTS.workers;
  const slots = opts.slots ?? LOCAL_CLUSTER_DEFAULTS.slots;
  const poolId = opts.poolId ?? LOCAL_CLUSTER_DEFAULTS.poolId;
  const listen = opts.listen ?? LOCAL_CLUSTER_DEFAULTS.listen;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const progress = opts.onProgress ?? (() => {});
  // One loopback address per worker: 127.0.1.1 .. 127.0.1.254.
  if (!Number.isInteger(workers) || workers < 1 || workers > 254) throw new Error('workers must be 1..254');
  if (!Number.isInteger(slots) || slots < 1 || slots > 256) throw new Error('slots must be 1..256');

  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  await reachableByTaskUsers(dataDir, progress);
  if (opts.logDir) await mkdir(opts.logDir, { recursive: true });
  await assertPortFree(listen);

  const apiAddress = opts.plaintext ? `http://${connectAddress(listen)}` : connectAddress(listen);
  const security = await localSecurity(dataDir);
  const children: ChildDaemon[] = [];
  let nats: RunningNatsServer | undefined;
  let natsCluster: RunningNatsCluster | undefined;
  let api: BatchApi | undefined;
  let stopping = false;
  let reportUnexpected: (what: string) => void = () => {};
  const unexpectedExit = new Promise<string>((resolve) => { reportUnexpected = resolve; });
  // Start-up waits give up as soon as something died, instead of at their deadline.
  let died: string | undefined;
  const noteDeath = (what: string) => {
    if (stopping) return;
    died ??= what;
    reportUnexpected(what);
  };

  // TROUPE_PROFILE_DIR: every daemon writes a CPU profile there when it stops (<name>.cpuprofile),
  // for finding where the time goes before optimising.
  const profileDir = process.env.TROUPE_PROFILE_DIR;
  const spawnChild = (name: string, args: string[]) => {
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
    const child = spawnDaemon(name, process.execPath, [...profile, TROUPE_BIN, ...args, '--stop-on-stdin-close'], {
      ...(opts.logDir ? { logFile: path.join(opts.logDir, `${name}.log`) } : {}),
    });
    children.push(child);
    void child.exited.then((s) => {
      // A worker a resize or node remove sent away exits 0: the cluster goes on without it.
      if (name.startsWith('worker-') && s.code === 0 && !stopping) progress(`${name} left the pool`);
      else noteDeath(`${name} ${describeExit(s)}`);
    });
    return child;
  };

  let stopPromise: Promise<void> | undefined;
  const stop = () => {
    stopping = true;
    stopPromise ??= (async () => {
      api?.close();
      const [coordinator, ...workerProcesses] = children;
      await Promise.all(workerProcesses.map((w) => w.stop()));
      await coordinator?.stop();
      await nats?.stop();
      await natsCluster?.stop();
    })();
    return stopPromise;
  };

  try {
    let natsUrl: string;
    // Each daemon's NATS user exists before nats-server starts, which then knows them all.
    const nodeIds = Array.from({ length: workers }, (_, i) => `${poolId}-${i + 1}`);
    // The pool has the local provider: `troupe pool resize` starts more workers (as children of
    // the coordinator), up to LOCAL_PROVIDER_NODES in all, each with its NATS user and certificate
    // made now (NATS knows its users when it starts).
    const providerNodeIds = Array.from({ length: Math.max(workers, LOCAL_PROVIDER_NODES) }, (_, i) => `${poolId}-${i + 1}`);
    const localNats = await prepareLocalNats(dataDir, security.pki, providerNodeIds, opts.plaintext);
    const coordinatorArgs: string[] = opts.dashboard ? ['--dashboard', opts.dashboard] : [];
    // Ports chosen here rather than 0 so that the URLs are known without reading the daemons'
    // logs (the same small race as the dashboard's default port).
    const scheme = opts.plaintext ? 'http' : 'https';
    const metricsTargets: MetricsTarget[] = [];
    const metricsArgs = new Map<string, string[]>();
    if (opts.metrics) {
      const hosts: [string, string][] = [['coordinator', '127.0.0.1'], ...nodeIds.map((id, i): [string, string] => [id, `127.0.1.${i + 1}`])];
      for (const [daemon, host] of hosts) {
        const address = `${host}:${await freePort(host)}`;
        metricsTargets.push({ daemon, url: `${scheme}://${address}/metrics` });
        metricsArgs.set(daemon, ['--metrics', address]);
      }
      coordinatorArgs.push(...metricsArgs.get('coordinator')!);
    }
    if (opts.natsCluster) {
      natsCluster = await startNatsCluster({ dataDir: path.join(dataDir, 'nats-cluster'), size: opts.natsCluster, ...localNats.server });
      natsUrl = natsCluster.urls.join(',');
      coordinatorArgs.push('--replicas', String(opts.natsCluster));
      for (const member of natsCluster.members) {
        // One member gone is what the cluster is for: said, not fatal.
        natsCluster.server(member)!.process.once('exit', (code, signal) => {
          if (!stopping) progress(`nats-server ${member} ${describeExit({ code, signal })}; the NATS cluster goes on without it`);
        });
      }
      progress(`NATS cluster '${natsCluster.name}' of ${opts.natsCluster} servers (JetStream meta leader elected): ${natsUrl}`);
    } else {
      nats = await startNatsServer({ dataDir: path.join(dataDir, 'nats'), ...localNats.server });
      const natsProcess = nats.process;
      natsProcess.once('exit', (code, signal) => noteDeath(`nats-server ${describeExit({ code, signal })}`));
      natsUrl = nats.url;
      progress(`nats-server listening on ${nats.url}`);
    }

    const coordinatorTls = opts.plaintext ? ['--plaintext'] : tlsArgs(await security.issue('coordinator', certificateHosts(apiAddress)));
    const localWorkersDir = path.join(dataDir, 'local-workers');
    await writeLocalWorkerConfigs(localWorkersDir, providerNodeIds.slice(workers), workers, async (nodeId, ip) => [
      ...(opts.plaintext ? ['--plaintext'] : tlsArgs(await security.issue(nodeId, [ip]))), ...localNats.workerArgs.get(nodeId)!,
      '--nats', natsUrl, '--slots', String(slots), '--address', ip, ...(opts.workerArgs ?? []),
    ]);
    coordinatorArgs.push('--local-workers-dir', localWorkersDir, `--local-worker-args=--config ${path.join(localWorkersDir, '{node}.json')}`);
    spawnChild('coordinator', ['coordinator', ...coordinatorTls, '--admin-token-file', security.adminTokenFile, ...localNats.coordinatorArgs, '--nats', natsUrl, '--listen', listen, '--api-advertise', connectAddress(listen), ...coordinatorArgs]);
    api = connectWireApi(apiAddress, security.credentials);
    const client = api;
    await waitFor(`the API at ${apiAddress}`, readyTimeoutMs, () => died, async () => {
      await client.ListPools({}, { deadline: Date.now() + 1000 });
      return true;
    });
    progress(`coordinator API listening on ${apiAddress}`);

    try {
      // Every worker of a local cluster reaches the others (loopback addresses): MPI tasks can run.
      await client.CreatePool({ pool: { id: poolId, taskSlotsPerNode: slots, enableInterNodeCommunication: true, nodeProvider: { kind: 'local' } } });
      progress(`created pool '${poolId}' (${slots} slots per node)`);
    } catch (err) {
      if (!isStatus(err, GRPC_CODES.ALREADY_EXISTS)) throw err;
      progress(`pool '${poolId}' already exists`);
    }

    const workerTls = await Promise.all(nodeIds.map(async (nodeId, i) => (opts.plaintext ? ['--plaintext'] : tlsArgs(await security.issue(nodeId, [`127.0.1.${i + 1}`])))));
    nodeIds.forEach((nodeId, i) => {
      spawnChild(`worker-${nodeId}`, [
        'worker', ...workerTls[i]!, ...localNats.workerArgs.get(nodeId)!, '--nats', natsUrl, '--pool', poolId, '--slots', String(slots), '--node-id', nodeId,
        '--root', path.join(dataDir, 'nodes', nodeId), '--address', `127.0.1.${i + 1}`, ...(metricsArgs.get(nodeId) ?? []), ...(opts.workerArgs ?? []),
      ]);
    });
    await waitFor(`${workers} workers to register`, readyTimeoutMs, () => died, async () => {
      const { nodes } = await client.ListNodes({ poolId }, { deadline: Date.now() + 1000 });
      const seen = new Set(nodes.map((n) => n.id));
      return nodeIds.every((id) => seen.has(id));
    });
    progress(`${workers} workers joined pool '${poolId}'`);
    // Its targets are the workers it has: a resize from here starts or removes workers.
    await client.ResizePool({ poolId, targetDedicatedNodes: workers, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '' }).catch((err) => {
      progress(`pool '${poolId}' keeps its provider: ${(err as Error).message}`);
    });

    return {
      apiAddress, ...(opts.dashboard ? { dashboardUrl: `${opts.plaintext ? 'http' : 'https'}://${connectAddress(opts.dashboard)}/` } : {}), ...(opts.metrics ? { metricsTargets } : {}), credentials: security.credentials, adminTokenFile: security.adminTokenFile, caFile: security.pki.caCert,
      natsUrl, poolId, nodeIds, natsClientOptions: localNats.clientOptions, unexpectedExit, stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Tasks run as unprivileged users (the workers run as root): the node roots under the data
 *  directory must be reachable by them. The data directory is made traversable (o+x, not
 *  readable); a directory above it that is not traversable (a home directory of mode 0700) is
 *  said, since tasks that use their directories' paths (MPI, scripts) would fail there. */
async function reachableByTaskUsers(dataDir: string, say: (message: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const mode = (await stat(dataDir)).mode & 0o7777;
  if ((mode & 0o011) !== 0o011) await chmod(dataDir, mode | 0o711);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const m = (await stat(dir).catch(() => undefined))?.mode;
    if (m !== undefined && (m & 0o001) === 0) {
      say(`warning: ${dir} is not traversable by other users (mode ${(m & 0o777).toString(8)}): tasks, which run as unprivileged users, cannot reach their directories under ${dataDir}; use a --data-dir elsewhere (e.g. /var/tmp/troupe) or chmod o+x ${dir}`);
      return;
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Retries `attempt` until it returns true; fails early if `deathOf()` names a dead process. */
async function waitFor(
  what: string,
  timeoutMs: number,
  deathOf: () => string | undefined,
  attempt: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  for (;;) {
    const death = deathOf();
    if (death) throw new Error(`${death} while waiting for ${what}`);
    try {
      if (await attempt()) return;
      lastError = 'not yet';
    } catch (err) {
      lastError = describeError(err);
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s (${lastError})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
