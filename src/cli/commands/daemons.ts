// troupe coordinator | worker: the two daemons, in the foreground, logging JSON lines to stderr.
// `troupe up` runs them as child processes; on a real cluster a service manager does.
import path from 'node:path';
import { DEFAULT_API_ADDRESS } from '../../protocol/grpc/api-address.ts';
import { CONTAINMENT_KINDS } from '../../protocol/records/containment.ts';
import { RESOURCE_LIMIT_KINDS } from '../../protocol/records/resource-limits.ts';
import { DEFAULT_TASK_UID_RANGE, parseUidRange, type UidRange } from '../../worker/users/uid-claims.ts';
import { parseGpuList } from '../../worker/gpus.ts';
import { createLogger } from '../../protocol/log.ts';
import type { CommandArgs, OptionSpecs } from '../args.ts';
import type { Command, CommandContext } from '../command.ts';
import { loadStartCoordinator, loadStartWorker, type RunningDaemon } from '../daemon-modules.ts';
import { parseDurationMs } from '../duration.ts';
import { onceShutdownRequested, onceStdinClosed } from '../shutdown-signal.ts';
import { natsServerList } from '../../protocol/nats/nats-servers.ts';
import { UsageError } from '../cli-errors.ts';
import { daemonTls, TLS_OPTIONS, TLS_SYNOPSIS } from '../tls-options.ts';
import { daemonNatsCredentials, NATS_AUTH_OPTIONS, NATS_AUTH_SYNOPSIS } from '../nats-auth-options.ts';
import { CONFIG_OPTION, withDaemonConfig } from '../daemon-config.ts';

const SUPERVISED_OPTION: OptionSpecs = {
  'stop-on-stdin-close': {
    type: 'boolean',
    help: 'stop when standard input closes (set by troupe up, so no daemon outlives it)',
  },
};

/** Runs a daemon until SIGINT/SIGTERM (or its supervisor's exit), then stops it: exit 0. A stop
 *  asked for while it still waits at start-up for JetStream (a worker for a coordinator to create
 *  the streams, a coordinator for a cluster to answer) ends that wait: exit 0 too. */
async function runUntilStopped(ctx: CommandContext, start: (signal: AbortSignal) => Promise<RunningDaemon>): Promise<number> {
  // Listening before start() so a Ctrl-C during start-up still ends in a clean stop.
  const stopRequested = [onceShutdownRequested()];
  if (ctx.args.flag('stop-on-stdin-close')) stopRequested.push(onceStdinClosed(ctx.io.stdin).then(() => 'SIGHUP' as const));
  const stop = Promise.race(stopRequested);
  const starting = new AbortController();
  void stop.then(() => starting.abort());
  for (;;) {
    let daemon: RunningDaemon;
    try {
      daemon = await start(starting.signal);
    } catch (err) {
      if (starting.signal.aborted) return 0;
      throw err;
    }
    // Until asked to stop, or until it stops by itself (preempted: its machine is gone; told by the
    // coordinator to leave: exit 0; told to reboot: started again).
    const how = await Promise.race([stop.then(() => 'stop' as const), daemon.ended ?? new Promise<never>(() => {})]);
    await daemon.stop();
    if (how !== 'reboot' || starting.signal.aborted) return 0;
  }
}

/** A HOST:PORT option (port 0 = any free port), refused at once when it is not one. */
function listenAddress(a: CommandArgs, option: string): string | undefined {
  const value = a.string(option);
  if (value !== undefined && !/^(\[[^\]]+\]|[^\s/:\[\]]+):[0-9]{1,5}$/.test(value)) throw new UsageError(`--${option} must be HOST:PORT, not '${value}'`, a.usage);
  return value;
}

/** --nats: one server URL, or several of one cluster separated by commas. */
function natsServers(a: CommandArgs): string[] {
  try {
    return natsServerList(a.required('nats'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message, a.usage);
  }
}

export const daemonCommands: Command[] = [
  {
    path: ['coordinator'],
    summary: 'run the coordinator daemon (the API, the scheduler, the state in NATS)',
    synopsis: `[--config FILE] --nats URL[,URL...] ${TLS_SYNOPSIS} ${NATS_AUTH_SYNOPSIS} [--replicas N] [--listen HOST:PORT] [--api-advertise HOST:PORT] [--node-timeout 10s] [--admin-token-file FILE] [--lease 10s] [--metrics HOST:PORT] [--dashboard HOST:PORT] [--mpi-startup-timeout 10m] [--offline-node-removal 10m] [--local-workers-dir DIR [--local-worker-args '...']]`,
    options: {
      nats: { type: 'string', value: 'URL[,URL...]', help: 'NATS server with JetStream, e.g. nats://10.0.0.5:4222, or the servers of a NATS cluster separated by commas' },
      replicas: {
        type: 'string', value: 'N', default: '1',
        help: 'replicas of every JetStream bucket and stream the coordinator creates (1..5; above 1 needs a NATS cluster of at least N servers)',
      },
      listen: { type: 'string', value: 'HOST:PORT', default: DEFAULT_API_ADDRESS, help: 'where the gRPC API listens' },
      'api-advertise': {
        type: 'string', value: 'HOST:PORT',
        help: "the API's address as tasks reach it (job managers' TROUPE_API; default: the --listen address, unless it is 0.0.0.0 or ::); the certificate must name it",
      },
      'node-timeout': {
        type: 'string', value: 'D', default: '10s',
        help: 'a node silent this long is offline and its tasks are requeued',
      },
      metrics: { type: 'string', value: 'HOST:PORT', help: 'serve Prometheus metrics on GET /metrics there' },
      dashboard: { type: 'string', value: 'HOST:PORT', help: "serve the web dashboard there (HTTPS with the API's certificate unless --plaintext; the page asks for an API token)" },
      'admin-token-file': {
        type: 'string', value: 'FILE',
        help: 'an admin API token: created there (mode 0600) on first start, registered if the store lacks it; how the first admin gets in',
      },
      lease: {
        type: 'string', value: 'D', default: '10s',
        help: 'leadership lease: a second coordinator waits as standby and takes over this long after the leader died',
      },
      'mpi-startup-timeout': {
        type: 'string', value: 'D', default: '10m',
        help: 'a multi-instance task whose instances are not all set up (coordination command done) by then fails',
      },
      'offline-node-removal': {
        type: 'string', value: 'D', default: '10m',
        help: 'an offline node is removed (no longer listed nor counted) after this long; 0 = never',
      },
      'local-workers-dir': {
        type: 'string', value: 'DIR',
        help: "lets pools have the local node provider: the coordinator starts their workers as its own child processes, each with its root and log under DIR",
      },
      'local-worker-args': {
        type: 'string', value: 'ARGS',
        help: "more arguments for every local worker, split on spaces ({node} and {pool} stand for the node's name and pool), e.g. '--nats nats://127.0.0.1:4222 --config /etc/troupe/{node}.json'",
      },
      ...TLS_OPTIONS,
      ...NATS_AUTH_OPTIONS,
      ...CONFIG_OPTION,
      ...SUPERVISED_OPTION,
    },
    async run(ctx) {
      const a = withDaemonConfig(ctx.args, this.options);
      const natsUrl = natsServers(a);
      const tls = daemonTls(a);
      const natsCredentials = daemonNatsCredentials(a);
      const replicas = a.integer('replicas', { min: 1, max: 5 })!;
      const listen = a.required('listen');
      const nodeTimeoutMs = parseDurationMs(a.required('node-timeout'), '--node-timeout');
      const startCoordinator = await loadStartCoordinator();
      const logger = createLogger({ component: 'coordinator' });
      const metricsListen = listenAddress(a, 'metrics');
      const dashboardListen = a.string('dashboard');
      if (dashboardListen !== undefined && !/^(\[[^\]]+\]|[^\s/:]+):[0-9]{1,5}$/.test(dashboardListen)) throw new UsageError(`--dashboard must be HOST:PORT, not '${dashboardListen}'`, a.usage);
      const adminTokenFile = a.string('admin-token-file');
      const leaseMs = parseDurationMs(a.required('lease'), '--lease');
      const mpiStartupTimeoutMs = parseDurationMs(a.required('mpi-startup-timeout'), '--mpi-startup-timeout');
      const removal = a.required('offline-node-removal').trim();
      const offlineNodeRemovalMs = /^0+(ms|s|m|h)?$/.test(removal) ? 0 : parseDurationMs(removal, '--offline-node-removal');
      const localWorkersDir = a.string('local-workers-dir');
      const localWorkerArgs = (a.string('local-worker-args') ?? '').split(/\s+/).filter((w) => w !== '');
      if (localWorkerArgs.length > 0 && localWorkersDir === undefined) throw new UsageError('--local-worker-args needs --local-workers-dir', a.usage);
      const apiAdvertise = a.string('api-advertise');
      if (apiAdvertise !== undefined && !/^[^\s/]+:[0-9]{1,5}$/.test(apiAdvertise)) throw new UsageError(`--api-advertise must be HOST:PORT, not '${apiAdvertise}'`, a.usage);
      // Leadership lost (another coordinator took over): this one has stopped serving; exit
      // non-zero so a service manager restarts it, as a standby.
      const onLeadershipLost = () => process.exit(1);
      return runUntilStopped(ctx, (signal) => startCoordinator({ natsUrl, tls, replicas, offlineNodeRemovalMs, ...(localWorkersDir ? { localWorkersDir: path.resolve(localWorkersDir), localWorkerArgs } : {}), ...(natsCredentials ? { natsCredentials } : {}), signal, listen, nodeTimeoutMs, leaseMs, mpiStartupTimeoutMs, logger, onLeadershipLost, ...(metricsListen ? { metricsListen } : {}), ...(dashboardListen ? { dashboardListen } : {}), ...(apiAdvertise ? { apiAdvertise } : {}), ...(adminTokenFile ? { adminTokenFile: path.resolve(adminTokenFile) } : {}) }));
    },
  },
  {
    path: ['worker'],
    summary: 'run a worker daemon: one compute node of a pool',
    synopsis: `[--config FILE] --nats URL[,URL...] ${TLS_SYNOPSIS} ${NATS_AUTH_SYNOPSIS} --pool ID [--slots S] [--gpus ID,ID...] [--low-priority] [--node-id ID] [--root DIR] [--address IP] [--launch-port P] [--heartbeat 1s] [--retention-sweep 60s] [--containment KIND] [--resource-limits KIND] [--task-pids-max N] [--task-links DIR] [--object-cache-mib N] [--task-uid-range FIRST-LAST] [--metrics HOST:PORT]`,
    options: {
      nats: { type: 'string', value: 'URL[,URL...]', help: "the NATS server the coordinator uses, or the servers of its NATS cluster separated by commas" },
      pool: { type: 'string', value: 'ID', help: 'the pool this node joins' },
      slots: { type: 'string', value: 'S', help: "task slots of this node (default: the pool's taskSlotsPerNode)" },
      gpus: { type: 'string', value: 'ID,ID...', help: "the GPU devices this node offers, as CUDA_VISIBLE_DEVICES names them (default: what `nvidia-smi -L` lists; none without it)" },
      'low-priority': { type: 'boolean', help: 'a low-priority node: one that may be taken back at short notice (isDedicated false, AZ_BATCH_NODE_IS_DEDICATED=false)' },
      'node-id': { type: 'string', value: 'ID', help: 'node id (default: chosen by the worker)' },
      root: { type: 'string', value: 'DIR', help: 'task directories (default: ./.troupe/nodes/<node-id>)' },
      address: { type: 'string', value: 'IP', help: 'the IP other nodes and mpiexec reach this node at' },
      'launch-port': { type: 'string', value: 'P', help: "port on --address for MPI remote launches from other nodes (default: any free port)" },
      heartbeat: { type: 'string', value: 'D', default: '1s', help: 'heartbeat interval' },
      'retention-sweep': { type: 'string', value: 'D', default: '60s', help: "how often task directories past their retentionTime are removed" },
      containment: { type: 'string', value: 'KIND', help: 'how every process of a task is made to end with it: cgroup-v2 | subreaper | process-group (default: the best this node offers)' },
      'resource-limits': { type: 'string', value: 'KIND', help: "how tasks' memory, CPU share and process count are limited: cgroup-v2 | cgroup-v1 | none (default: the best this node offers)" },
      'task-pids-max': { type: 'string', value: 'N', help: 'most processes each task may have at once, where the node enforces resource limits (default 4096; 0 = unlimited)' },
      'object-cache-mib': { type: 'string', value: 'N', help: 'the node\'s cache of store objects used as resource files, in MiB (default 2048; 0 = none)' },
      'task-links': { type: 'string', value: 'DIR', help: "links naming multi-instance tasks' directories, the same path on every node (default: /tmp/troupe-<uid>/tasks)" },
      metrics: { type: 'string', value: 'HOST:PORT', help: "serve the node's Prometheus metrics on GET /metrics there (HTTPS with the worker's certificate unless --plaintext)" },
      'task-uid-range': { type: 'string', value: 'FIRST-LAST', help: `uids of auto-user tasks when the worker runs as root (default ${DEFAULT_TASK_UID_RANGE.first}-${DEFAULT_TASK_UID_RANGE.last}; gid = uid); workers of one machine share it safely` },
      ...TLS_OPTIONS,
      ...NATS_AUTH_OPTIONS,
      ...CONFIG_OPTION,
      ...SUPERVISED_OPTION,
    },
    async run(ctx) {
      const a = withDaemonConfig(ctx.args, this.options);
      const natsUrl = natsServers(a);
      const tls = daemonTls(a);
      const natsCredentials = daemonNatsCredentials(a);
      const poolId = a.required('pool');
      const uidRangeText = a.string('task-uid-range');
      let taskUidRange: UidRange | undefined;
      try {
        taskUidRange = uidRangeText === undefined ? undefined : parseUidRange(uidRangeText);
      } catch (err) {
        throw a.usageError(`--task-uid-range: ${(err as Error).message}`);
      }
      const slots = a.integer('slots', { min: 1, max: 256 });
      let gpus: string[] | undefined;
      try {
        gpus = a.string('gpus') === undefined ? undefined : parseGpuList(a.string('gpus')!);
      } catch (err) {
        throw a.usageError((err as Error).message);
      }
      const launchPort = a.integer('launch-port', { min: 0, max: 65535 });
      const nodeId = a.string('node-id');
      const root = path.resolve(a.string('root') ?? path.join('.troupe', nodeId ? path.join('nodes', nodeId) : 'worker'));
      const heartbeatIntervalMs = parseDurationMs(a.required('heartbeat'), '--heartbeat');
      const retentionSweepIntervalMs = parseDurationMs(a.required('retention-sweep'), '--retention-sweep');
      const containment = a.choice('containment', CONTAINMENT_KINDS);
      const resourceLimits = a.choice('resource-limits', RESOURCE_LIMIT_KINDS);
      const metricsListen = listenAddress(a, 'metrics');
      const startWorker = await loadStartWorker();
      const logger = createLogger({ component: 'worker', ...(nodeId ? { nodeId } : {}) });
      return runUntilStopped(ctx, (signal) => startWorker({
        natsUrl, tls, signal, poolId, ...(natsCredentials ? { natsCredentials } : {}), root, heartbeatIntervalMs, retentionSweepIntervalMs, logger,
        ...(slots !== undefined ? { slots } : {}),
        ...(gpus ? { gpus } : {}),
        ...(a.flag('low-priority') ? { lowPriority: true } : {}),
        ...(launchPort !== undefined ? { launchPort } : {}),
        ...(containment ? { containment } : {}),
        ...(resourceLimits ? { resourceLimits } : {}),
        ...(a.string('task-pids-max') !== undefined ? { taskPidsMax: a.integer('task-pids-max', { min: 0, max: 4_194_304 })! } : {}),
        ...(taskUidRange ? { taskUidRange } : {}),
        ...(a.string('object-cache-mib') !== undefined ? { objectCacheBytes: a.integer('object-cache-mib', { min: 0, max: 1024 * 1024 })! * 1024 * 1024 } : {}),
        ...(a.string('task-links') ? { taskLinksDir: path.resolve(a.string('task-links')!) } : {}),
        ...(nodeId ? { nodeId } : {}),
        ...(metricsListen ? { metricsListen } : {}),
        ...(a.string('address') ? { address: a.string('address') } : {}),
      }));
    },
  },
];
