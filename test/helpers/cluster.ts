// A real local cluster for integration tests: nats-server on a random port with its own
// JetStream directory, the coordinator and workers as real daemon processes (the CLI's own
// `troupe coordinator` / `troupe worker`), and cleanup that always runs (t.teardown).
// With `hosts`, each worker runs on a simulated host of its own (test-hosts.ts): its own network
// namespace and IP, its own /tmp, its node root at the same path as every other node's.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { startNatsServer, type NatsServerOptions, type RunningNatsServer } from '../../src/cluster/nats-server.ts';
import { startNatsCluster, type RunningNatsCluster } from '../../src/cluster/nats-cluster.ts';
import { connectApi, type TroupeApi } from '../../src/protocol/grpc/api-client.ts';
import { silentLogger } from '../../src/protocol/log.ts';
import { releaseCgroupDir, TaskContainment } from '../../src/worker/process/task-containment.ts';
import { ResourceLimits } from '../../src/worker/process/resource-limits.ts';
import { createTestNetwork, type TestHost, type TestNetwork } from './test-hosts.ts';
import { TestNatsSecurity } from './nats-security.ts';
import type { NatsIdentity } from '../../src/security/nats-permissions.ts';
import type { NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';
import { localSecurity, tlsArgs, type LocalSecurity } from '../../src/cli/local-cluster/local-security.ts';
import type { ApiCredentials } from '../../src/protocol/grpc/api-credentials.ts';

import { REPO, TROUPE_BIN } from './troupe-bin.ts';
import { ownedByTestFile } from './owned-processes.ts';

export { REPO, TROUPE_BIN } from './troupe-bin.ts';
export const FIXTURES = path.join(REPO, 'test/fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

export interface CliRun { code: number; stdout: string; stderr: string }

export interface Daemon {
  name: string;
  process: ChildProcess;
  /** Everything it wrote on stderr (its JSON logs). */
  logs(): string;
  /** kill -9: no clean-up of any kind. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  workers?: number;
  slots?: number;
  pool?: string;
  /** How long a silent worker stays a node (default 20 s): short only in tests that lose nodes on
   *  purpose, since a loaded machine can hold a healthy worker's heartbeats back for seconds. */
  nodeTimeout?: string;
  heartbeat?: string;
  /** The coordinator's leadership lease (default 2 s: a SIGKILLed coordinator's successor takes
   *  over quickly). */
  lease?: string;
  createPool?: boolean;
  /** The pool allows multi-instance (MPI) tasks. */
  interNode?: boolean;
  /** More arguments for the coordinator (e.g. --mpi-startup-timeout 3s). */
  coordinatorArgs?: string[];
  /** The pool's start task (issue 4), as the API takes it; null = none. */
  poolStartTask?: Record<string, unknown> | null;
  /** More fields of the pool, as the API takes them (userAccounts, allowAdminTasks). */
  poolFields?: Record<string, unknown>;
  /** Each worker on a host of its own (network and mount namespaces, needs root): nats-server
   *  listens on the hosts' bridge, workers get `--address <host ip>` and all the same `--root`,
   *  the coordinator and the test stay in the root namespace. Default: TROUPE_TEST_HOSTS=1 in the
   *  environment, to run existing test files that way. */
  hosts?: boolean;
  /** With `hosts`: the coordinator runs on a host of its own too (cluster.host('coordinator')). */
  coordinatorOnHost?: boolean;
  /** With `hosts`: each worker's --root is a path of its own (test-hosts.ts rootPerHost). */
  rootPerHost?: boolean;
}

export class TestCluster {
  nats!: RunningNatsServer;
  /** With `natsCluster`: its members (`nats` then stands for all of them, see natsClusterAsOne). */
  natsCluster?: RunningNatsCluster;
  coordinator!: Daemon;
  apiAddress!: string;
  metricsAddress!: string;
  api!: TroupeApi;
  readonly workers = new Map<string, Daemon>();
  /** Each worker's Prometheus metrics address (HOST:PORT, HTTPS), workers without `hosts` only. */
  readonly workerMetricsAddresses = new Map<string, string>();
  /** The hosts' network, with `hosts` only. */
  network?: TestNetwork;
  private daemons: Daemon[] = [];
  /** The cluster's CA, daemon certificates and admin token (TLS and tokens, as `troupe up`). */
  security!: LocalSecurity;
  private securityDir?: string;
  /** NATS's TLS and users: every daemon its own, with troupe's permissions (nats-security.ts). */
  natsSecurity!: TestNatsSecurity;

  constructor(readonly dir: string, readonly opts: Required<ClusterOptions>) {}

  /** The admin token and the CA: what `api` uses. */
  get credentials(): Required<ApiCredentials> {
    return this.security.credentials;
  }

  /** Environment for the `troupe` CLI to reach this cluster as admin (or with `token`). */
  cliEnv(token = this.credentials.token): Record<string, string> {
    return { TROUPE_API: this.apiAddress, TROUPE_TOKEN: token, TROUPE_CA: this.security.pki.caCert, TROUPE_CONFIG: path.join(this.dir, 'no-client-config') };
  }

  /** The real `troupe` CLI against this cluster as admin: `input` on its stdin, its exit code
   *  (-1 when killed) and all it wrote. */
  troupe(args: string[], input = ''): Promise<CliRun> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [TROUPE_BIN, ...args], { env: { ...process.env, ...this.cliEnv() } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  /** Another client of the API, with the CA and `token` (default: the admin token). */
  connect(token: string = this.credentials.token): TroupeApi {
    return connectApi(this.apiAddress, { ca: this.credentials.ca, token });
  }

  /** TLS flags for a daemon reached at `hosts`. */
  async tlsFlags(name: string, hosts: string[]): Promise<string[]> {
    await this.ensureSecurity();
    return tlsArgs(await this.security.issue(name, hosts));
  }

  /** The CA, the admin token and NATS's users, made once (before nats-server starts). */
  async ensureSecurity(): Promise<void> {
    if (this.security) return;
    // Daemons on test hosts have a /tmp of their own: their certificates and seeds go where
    // every host sees them (test-hosts.ts shares /var/tmp).
    this.securityDir = this.network ? await mkdtemp('/var/tmp/troupe-test-security-') : this.dir;
    this.security = await localSecurity(this.securityDir);
    this.natsSecurity = await TestNatsSecurity.open(path.join(this.securityDir, 'nats-security'), this.security.pki, this.network?.gatewayIp ?? '127.0.0.1');
  }

  /** A daemon's flag for its NATS user; one NATS does not know yet is added to it first. */
  async natsFlags(identity: NatsIdentity): Promise<string[]> {
    await this.ensureSecurity();
    const user = this.natsSecurity.identity(identity);
    if (this.nats) await this.natsSecurity.admit(this.natsCluster ?? this.nats, this.natsUrls(), user);
    return this.natsSecurity.daemonArgs(user);
  }

  /** A coordinator's NATS flag (for a second coordinator a test starts itself). */
  coordinatorNatsArgs(): Promise<string[]> {
    return this.natsFlags({ role: 'coordinator' });
  }

  /** Every NATS URL the daemons are given. */
  natsUrls(): string[] {
    return this.nats.url.split(',');
  }

  /** What starts this cluster's nats-server again (e.g. on its old port after a stop): the same
   *  store, address, TLS and users. */
  natsOptions(): NatsServerOptions {
    return { dataDir: path.join(this.dir, 'nats'), ...(this.network ? { host: this.network.gatewayIp } : {}), ...this.natsSecurity.serverOptions() };
  }

  /** A NATS client of the test's own: TLS, and the unrestricted admin user. */
  connectNats(more: Partial<NodeConnectionOptions> = {}): Promise<NatsConnection> {
    return this.natsSecurity.connect(this.natsUrls(), more);
  }

  /** What nats-server logged of a daemon of this cluster running into its permissions: troupe's
   *  daemons must never need more than nats-permissions.ts gives them. */
  daemonPermissionViolations(): string[] {
    const servers = this.natsCluster ? this.natsCluster.members.map((m) => this.natsCluster!.server(m)) : [this.nats];
    return servers.flatMap((s) => s?.logs().split('\n') ?? []).filter((l) => /"[^"]*troupe-(worker|coordinator)[^"]*" - \w+ Violation/.test(l));
  }

  async startCoordinator(): Promise<void> {
    // With coordinatorOnHost, on a host of its own (cut()/heal() it as a worker's): its API on
    // that host's address, which the test reaches through the bridge.
    const host = this.network && this.opts.coordinatorOnHost
      ? this.network.hosts.get('coordinator') ?? await this.network.addHost('coordinator') : undefined;
    const listen = this.apiAddress ?? `${host?.ip ?? '127.0.0.1'}:0`;
    const tls = await this.tlsFlags('coordinator', host ? [host.ip] : []);
    const d = spawnDaemon('coordinator', ['coordinator', ...tls, '--admin-token-file', this.security.adminTokenFile, ...await this.natsFlags({ role: 'coordinator' }), '--nats', this.nats.url, '--listen', listen, '--node-timeout', this.opts.nodeTimeout, '--metrics', '127.0.0.1:0', '--lease', this.opts.lease, ...this.opts.coordinatorArgs], host && ((argv) => host.command(argv)));
    this.daemons.push(d);
    const line = await waitForLog(d, /"msg":"coordinator started"/, 60_000);
    this.apiAddress = JSON.parse(line).api;
    this.metricsAddress = JSON.parse(line).metrics;
    this.coordinator = d;
    this.api ??= this.connect();
  }

  async startWorker(nodeId: string, extra: string[] = []): Promise<Daemon> {
    if (this.network) return this.startWorkerOnHost(nodeId, extra);
    const index = this.workers.size + 1;
    const tls = await this.tlsFlags(nodeId, [`127.0.1.${index}`]);
    const d = spawnDaemon(nodeId, [
      'worker', ...tls, ...await this.natsFlags({ role: 'worker', nodeId }), '--nats', this.nats.url, '--pool', this.opts.pool, '--node-id', nodeId,
      '--slots', String(this.opts.slots), '--root', path.join(this.dir, 'nodes', nodeId),
      '--address', `127.0.1.${index}`, '--heartbeat', this.opts.heartbeat, '--retention-sweep', '250ms', '--metrics', '127.0.0.1:0', ...extra,
    ]);
    this.daemons.push(d);
    this.workers.set(nodeId, d);
    const line = await waitForLog(d, /"msg":"worker started"/, 60_000);
    this.workerMetricsAddresses.set(nodeId, JSON.parse(line).metrics);
    return d;
  }

  /** A worker on its own host (the same one again when it is restarted). */
  private async startWorkerOnHost(nodeId: string, extra: string[]): Promise<Daemon> {
    const network = this.network!;
    const host = network.hosts.get(nodeId) ?? await network.addHost(nodeId);
    const tls = await this.tlsFlags(nodeId, [host.ip]);
    const d = spawnDaemon(nodeId, [
      'worker', ...tls, ...await this.natsFlags({ role: 'worker', nodeId }), '--nats', this.nats.url, '--pool', this.opts.pool, '--node-id', nodeId,
      '--slots', String(this.opts.slots), '--root', host.rootPath,
      '--address', host.ip, '--heartbeat', this.opts.heartbeat, '--retention-sweep', '250ms', ...extra,
    ], (argv) => host.command(argv));
    this.daemons.push(d);
    this.workers.set(nodeId, d);
    await waitForLog(d, /"msg":"worker started"/, 60_000);
    return d;
  }

  /** Where the test reads a node's root (with `hosts`, its host-side directory). */
  nodeRoot(nodeId: string): string {
    if (this.network) return this.host(nodeId).hostSideRoot;
    return path.join(this.dir, 'nodes', nodeId);
  }

  /** The host a worker runs on (cut(), heal(), command()), with `hosts` only. */
  host(nodeId: string): TestHost {
    if (!this.network) throw new Error('cluster.host(): this cluster was started without hosts');
    const host = this.network.hosts.get(nodeId);
    if (!host) throw new Error(`cluster.host(): no host for node '${nodeId}' (no worker of that id started yet)`);
    return host;
  }

  /** Waits until `predicate` holds, polling every 50 ms, failing after a generous deadline. */
  async until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      // Each probe is given at most PROBE_MS, on a timer of its own: a call that never settles
      // (a connection a network cut left half-open) is abandoned and tried again, and the timer
      // keeps this process alive meanwhile; the daemons' processes and pipes are unreferenced
      // (owned-processes.ts), so a probe waiting on unreferenced sockets alone could otherwise
      // end the test file as "never resolved" (seen once in cut-off under a loaded full run).
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_MS / 1000} s`)), Math.max(1, Math.min(PROBE_MS, deadline - Date.now())));
        });
        const v = await Promise.race([probe(), answer]);
        if (v) return v;
      } catch (err) {
        last = err;
      } finally {
        clearTimeout(timer);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
  }

  async waitForNodes(count: number, state?: string): Promise<void> {
    await this.until(`${count} nodes${state ? ` ${state}` : ''}`, async () => {
      const { nodes } = await this.api.ListNodes({ poolId: this.opts.pool });
      return nodes.filter((n) => !state || n.state === state).length >= count;
    });
  }

  async waitForJobTasks(jobId: string, total: number, timeoutMs = 90_000) {
    return this.until(`job ${jobId} to complete ${total} tasks`, async () => {
      const c = await this.api.GetTaskCounts({ jobId });
      return c.completed >= total ? c : undefined;
    }, timeoutMs);
  }

  async waitForTask(jobId: string, taskId: string, state = 'completed', timeoutMs = 60_000) {
    return this.until(`task ${taskId} ${state}`, async () => {
      const t = await this.api.GetTask({ jobId, taskId });
      return t.state === state ? t : undefined;
    }, timeoutMs);
  }

  async readOutput(jobId: string, taskId: string, stream = 'stdout', subtaskId?: number): Promise<string> {
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const call = this.api.raw.GetTaskOutput({ jobId, taskId, stream, ...(subtaskId !== undefined ? { subtaskId } : {}) });
      call.on('data', (c: { data: Buffer }) => chunks.push(c.data));
      call.on('end', () => resolve());
      call.on('error', reject);
    });
    return Buffer.concat(chunks).toString('utf8');
  }

  async stop(): Promise<void> {
    this.api?.close();
    await Promise.all(this.daemons.map((d) => d.stop()));
    const violations = this.nats ? this.daemonPermissionViolations() : [];
    // What a crashed worker left (its node's cgroup directory, any process it did not end) goes
    // with the cluster, as a restarted worker would sweep it.
    for (const nodeId of this.workers.keys()) {
      const containment = await TaskContainment.detect({ nodeId, root: this.nodeRoot(nodeId), runId: 'cleanup', spawner: true, log: silentLogger }).catch(() => undefined);
      if (containment) {
        await containment.sweepLeftovers(silentLogger);
        await releaseCgroupDir(containment);
      }
      // Its resource-limit cgroups (cgroup v1 keeps them apart from the containment's).
      const root = await stat(this.nodeRoot(nodeId)).catch(() => undefined);
      const nodeKey = root && TaskContainment.markerPrefixFor(nodeId, root).slice(0, -1);
      const limits = nodeKey ? await ResourceLimits.detect({ nodeKey, runId: 'cleanup', spawner: true, log: silentLogger }).catch(() => undefined) : undefined;
      await limits?.sweepLeftovers(silentLogger);
      await limits?.release();
    }
    await this.nats?.stop();
    await this.network?.close();
    await rm(this.dir, { recursive: true, force: true });
    if (this.securityDir && this.securityDir !== this.dir) await rm(this.securityDir, { recursive: true, force: true });
    if (violations.length > 0) throw new Error(`a daemon ran into its NATS permissions (src/security/nats-permissions.ts):\n${violations.slice(0, 10).join('\n')}`);
  }
}

/** NATS as a JetStream cluster of this many servers (default: one nats-server, no cluster): the
 *  coordinator then runs with `--replicas` this count and every daemon is given all the URLs. */
export interface NatsClusterOption {
  natsCluster?: number;
}

/** Starts a cluster; the caller stops it: `t.teardown(() => c.stop())` in a test, or
 *  `test.after.always(() => c?.stop())` for one shared by a file. Stopping also removes its files. */
export async function startCluster(clusterOptions: ClusterOptions & NatsClusterOption = {}): Promise<TestCluster> {
  const { natsCluster, ...options } = clusterOptions;
  if (natsCluster) options.coordinatorArgs = ['--replicas', String(natsCluster), ...(options.coordinatorArgs ?? [])];
  const opts: Required<ClusterOptions> = {
    workers: 2, slots: 2, pool: 'testpool', nodeTimeout: '20s', heartbeat: '250ms', lease: '2s', createPool: true, interNode: false, coordinatorArgs: [], poolStartTask: null, poolFields: {}, coordinatorOnHost: false, rootPerHost: false,
    hosts: process.env.TROUPE_TEST_HOSTS === '1', ...options,
  };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-test-'));
  // mkdtemp makes it 0700: the tasks' users (the workers run them unprivileged) must get through
  // to the node roots inside it, and tests hand it to tasks to leave files in (as /tmp: 1777).
  await chmod(dir, 0o1777);
  const cluster = new TestCluster(dir, opts);
  // Nothing of a half-started cluster outlives this call (a test file whose before hook failed
  // has no cluster to stop: its daemons would keep the test process, and so ava, from ending),
  // and on hosts its network least of all.
  try {
    if (opts.hosts) cluster.network = await createTestNetwork({ dir: path.join(dir, 'hosts'), rootPerHost: opts.rootPerHost });
    await cluster.ensureSecurity();
    if (natsCluster) {
      cluster.natsCluster = await startNatsCluster({ dataDir: path.join(dir, 'nats'), size: natsCluster, ...(cluster.network ? { host: cluster.network.gatewayIp } : {}), ...cluster.natsSecurity.serverOptions() });
      for (const member of cluster.natsCluster.members) ownedByTestFile(cluster.natsCluster.server(member)!.process);
    }
    return await startProcesses(cluster, cluster.natsCluster && natsClusterAsOne(cluster.natsCluster));
  } catch (err) {
    await cluster.natsCluster?.stop().catch(() => {});
    await cluster.stop().catch(() => {});
    throw err;
  }
}

/** The NATS cluster as the one server the daemons' command lines name: `url` lists every member
 *  (what --nats takes), stop() stops them all. */
function natsClusterAsOne(c: RunningNatsCluster): RunningNatsServer {
  const first = c.server(c.members[0]!)!;
  return { ...first, url: c.urls.join(','), stop: () => c.stop(), crash: () => Promise.all(c.members.map((m) => c.crash(m))).then(() => {}), reload: (users) => c.reload(users) };
}

async function startProcesses(cluster: TestCluster, nats?: RunningNatsServer): Promise<TestCluster> {
  const { opts } = cluster;
  cluster.nats = nats ?? await startNatsServer(cluster.natsOptions());
  if (!nats) ownedByTestFile(cluster.nats.process);
  await cluster.startCoordinator();
  if (opts.createPool) {
    await cluster.api.CreatePool({
      pool: { id: opts.pool, taskSlotsPerNode: opts.slots, enableInterNodeCommunication: opts.interNode, ...(opts.poolStartTask ? { startTask: opts.poolStartTask } : {}), ...opts.poolFields },
    });
  }
  for (let i = 1; i <= opts.workers; i++) await cluster.startWorker(`node-${i}`);
  // A start task may hold nodes back (waitingforstarttask, starttaskfailed): the test waits itself.
  // ListNodes of a pool that does not exist is NOT_FOUND: workers that join a pool the test
  // creates later are waited for one by one, as nodes of no pool yet.
  if (!opts.createPool) {
    for (let i = 1; i <= opts.workers; i++) await cluster.until(`node-${i} to join`, () => cluster.api.GetNode({ nodeId: `node-${i}` }));
  } else if (!opts.poolStartTask) await cluster.waitForNodes(opts.workers, 'idle');
  else await cluster.waitForNodes(opts.workers);
  return cluster;
}

/** `command` wraps the daemon's argv, e.g. to run it on a test host (host.command). */
export function spawnDaemon(name: string, args: string[], command?: (argv: string[]) => string[]): Daemon {
  // --stop-on-stdin-close: if the test process dies without cleaning up, its daemons follow.
  const [file, ...argv] = (command ?? ((a) => a))([process.execPath, TROUPE_BIN, ...args, '--stop-on-stdin-close']);
  const child = ownedByTestFile(spawn(file!, argv, {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, TROUPE_LOG_LEVEL: 'info' },
  }));
  let logs = '';
  child.stderr!.on('data', (d) => {
    logs += d.toString();
    if (logs.length > 2_000_000) logs = logs.slice(-1_000_000);
  });
  const exited = once(child, 'exit');
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { name, process: child, logs: () => logs, crash: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** The longest one probe of TestCluster.until may take before it is tried again. */
const PROBE_MS = 10_000;

export async function waitForLog(d: Daemon, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = d.logs().split('\n').find((l) => pattern.test(l));
    if (line) return line;
    if (d.process.exitCode !== null) throw new Error(`${d.name} exited (${d.process.exitCode}) before ready:\n${d.logs()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${d.name} not ready within ${timeoutMs} ms:\n${d.logs()}`);
}

/** The pids alive right now whose command line contains `marker`. */
export async function processesMatching(marker: string): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (stat.split(') ')[1]?.startsWith('Z')) continue; // zombie: already dead
      if (cmd.includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
