// A real local cluster for integration tests: nats-server on a random port with its own
// JetStream directory, the coordinator and workers as real daemon processes (the CLI's own
// `troupe coordinator` / `troupe worker`), and cleanup that always runs (t.teardown).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { startNatsServer, type RunningNatsServer } from '../../src/cluster/nats-server.ts';
import { startNatsCluster, type RunningNatsCluster } from '../../src/cluster/nats-cluster.ts';
import { connectApi, type TroupeApi } from '../../src/protocol/grpc/api-client.ts';

import { REPO, TROUPE_BIN } from './troupe-bin.ts';

export { REPO, TROUPE_BIN } from './troupe-bin.ts';
export const FIXTURES = path.join(REPO, 'test/fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

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
  private daemons: Daemon[] = [];

  constructor(readonly dir: string, readonly opts: Required<ClusterOptions>) {}

  async startCoordinator(): Promise<void> {
    const listen = this.apiAddress ?? '127.0.0.1:0';
    const d = spawnDaemon('coordinator', ['coordinator', '--nats', this.nats.url, '--listen', listen, '--node-timeout', this.opts.nodeTimeout, '--metrics', '127.0.0.1:0', '--lease', this.opts.lease, ...this.opts.coordinatorArgs]);
    this.daemons.push(d);
    const line = await waitForLog(d, /"msg":"coordinator started"/, 60_000);
    this.apiAddress = JSON.parse(line).api;
    this.metricsAddress = JSON.parse(line).metrics;
    this.coordinator = d;
    this.api ??= connectApi(this.apiAddress);
  }

  async startWorker(nodeId: string, extra: string[] = []): Promise<Daemon> {
    const index = this.workers.size + 1;
    const d = spawnDaemon(nodeId, [
      'worker', '--nats', this.nats.url, '--pool', this.opts.pool, '--node-id', nodeId,
      '--slots', String(this.opts.slots), '--root', path.join(this.dir, 'nodes', nodeId),
      '--address', `127.0.1.${index}`, '--heartbeat', this.opts.heartbeat, '--retention-sweep', '250ms', ...extra,
    ]);
    this.daemons.push(d);
    this.workers.set(nodeId, d);
    await waitForLog(d, /"msg":"worker started"/, 60_000);
    return d;
  }

  nodeRoot(nodeId: string): string {
    return path.join(this.dir, 'nodes', nodeId);
  }

  /** Waits until `predicate` holds, polling every 50 ms, failing after a generous deadline. */
  async until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const v = await probe();
        if (v) return v;
      } catch (err) {
        last = err;
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
    await this.nats?.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** NATS as a JetStream cluster of this many servers (default: one nats-server, no cluster): the
 *  coordinator then runs with `--replicas` this count and every daemon is given all the URLs. */
export interface NatsClusterOption {
  natsCluster?: number;
}

/** Starts a cluster; the caller stops it: `t.teardown(() => c.stop())` in a test, or
 *  `test.after.always(() => c?.stop())` for one shared by a file. Stopping also removes its files. */
export async function startCluster(options: ClusterOptions & NatsClusterOption = {}): Promise<TestCluster> {
  const { natsCluster, ...rest } = options;
  if (natsCluster) return startClusterOnNatsCluster(rest, natsCluster);
  return startClusterOn(rest, (dir) => startNatsServer({ dataDir: path.join(dir, 'nats') }));
}

async function startClusterOnNatsCluster(options: ClusterOptions, size: number): Promise<TestCluster> {
  let members: RunningNatsCluster | undefined;
  const cluster = await startClusterOn({ ...options, coordinatorArgs: ['--replicas', String(size), ...(options.coordinatorArgs ?? [])] }, async (dir) => {
    members = await startNatsCluster({ dataDir: path.join(dir, 'nats'), size });
    return natsClusterAsOne(members);
  });
  cluster.natsCluster = members;
  return cluster;
}

/** The cluster as the one server the daemons' command lines name: `url` lists every member
 *  (what --nats takes), stop() stops them all. */
function natsClusterAsOne(c: RunningNatsCluster): RunningNatsServer {
  const first = c.server(c.members[0]!)!;
  return { ...first, url: c.urls.join(','), stop: () => c.stop(), crash: () => Promise.all(c.members.map((m) => c.crash(m))).then(() => {}) };
}

async function startClusterOn(options: ClusterOptions, startNats: (dir: string) => Promise<RunningNatsServer>): Promise<TestCluster> {
  const opts: Required<ClusterOptions> = {
    workers: 2, slots: 2, pool: 'testpool', nodeTimeout: '20s', heartbeat: '250ms', lease: '2s', createPool: true, interNode: false, coordinatorArgs: [], poolStartTask: null, ...options,
  };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-test-'));
  const cluster = new TestCluster(dir, opts);
  cluster.nats = await startNats(dir);
  await cluster.startCoordinator();
  if (opts.createPool) {
    await cluster.api.CreatePool({
      pool: { id: opts.pool, taskSlotsPerNode: opts.slots, enableInterNodeCommunication: opts.interNode, ...(opts.poolStartTask ? { startTask: opts.poolStartTask } : {}) },
    });
  }
  for (let i = 1; i <= opts.workers; i++) await cluster.startWorker(`node-${i}`);
  // A start task may hold nodes back (waitingforstarttask, starttaskfailed): the test waits itself.
  if (!opts.poolStartTask) await cluster.waitForNodes(opts.workers, 'idle');
  else await cluster.waitForNodes(opts.workers);
  return cluster;
}

export function spawnDaemon(name: string, args: string[]): Daemon {
  // --stop-on-stdin-close: if the test process dies without cleaning up, its daemons follow.
  const child = spawn(process.execPath, [TROUPE_BIN, ...args, '--stop-on-stdin-close'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, TROUPE_LOG_LEVEL: 'info' },
  });
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
