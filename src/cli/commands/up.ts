// troupe up: a whole cluster on this machine, in the foreground, until Ctrl-C.
import path from 'node:path';
import type { Command } from '../command.ts';
import { LOCAL_CLUSTER_DEFAULTS } from '../local-cluster/local-cluster-defaults.ts';
import { freePort, splitHostPort } from '../local-cluster/ports.ts';
import { onceShutdownRequested } from '../shutdown-signal.ts';
import { UsageError } from '../cli-errors.ts';

export const upCommand: Command = {
  path: ['up'],
  summary: 'run a local cluster in the foreground: nats-server, a coordinator, N workers',
  synopsis: '[--workers N] [--slots S] [--pool ID] [--data-dir DIR] [--listen HOST:PORT] [--nats-cluster N] [--dashboard HOST:PORT | --no-dashboard] [--metrics]',
  details: 'Daemon logs (JSON lines) go to stderr. Ctrl-C stops workers, coordinator, then nats-server.',
  options: {
    workers: { type: 'string', value: 'N', default: String(LOCAL_CLUSTER_DEFAULTS.workers), help: 'worker processes (nodes), 1..254' },
    slots: { type: 'string', value: 'S', default: String(LOCAL_CLUSTER_DEFAULTS.slots), help: 'task slots per node' },
    pool: { type: 'string', value: 'ID', default: LOCAL_CLUSTER_DEFAULTS.poolId, help: 'the pool the workers join' },
    'data-dir': { type: 'string', value: 'DIR', default: './.troupe', help: 'JetStream store and task directories' },
    listen: { type: 'string', value: 'HOST:PORT', default: LOCAL_CLUSTER_DEFAULTS.listen, help: 'where the API listens' },
    'nats-cluster': {
      type: 'string', value: 'N',
      help: 'run NATS as a JetStream cluster of N servers (3..5) and keep N replicas of every bucket and stream (default: one nats-server)',
    },
    dashboard: { type: 'string', value: 'HOST:PORT', help: 'where the web dashboard listens (default: 127.0.0.1 and a free port); its URL, with the admin token, is printed' },
    'no-dashboard': { type: 'boolean', help: 'no web dashboard' },
    metrics: { type: 'boolean', help: "every daemon serves Prometheus metrics (HTTPS with troupe up's CA) on a free port; their URLs are printed" },
  },
  async run(ctx) {
    const a = ctx.args;
    const workers = a.integer('workers', { min: 1, max: 254 })!;
    const slots = a.integer('slots', { min: 1, max: 256 })!;
    const listen = a.required('listen');
    splitHostPort(listen);
    const dataDir = path.resolve(a.required('data-dir'));
    const natsCluster = a.integer('nats-cluster', { min: 3, max: 5 });
    if (a.flag('no-dashboard') && a.string('dashboard') !== undefined) throw new UsageError('--dashboard and --no-dashboard exclude each other', a.usage);
    const chosen = a.string('dashboard');
    if (chosen !== undefined) splitHostPort(chosen);
    const dashboard = a.flag('no-dashboard') ? undefined : chosen ?? `127.0.0.1:${await freePort()}`;
    const say = (message: string) => ctx.err(`troupe: ${message}`);

    const shutdown = onceShutdownRequested();
    const { startLocalCluster } = await import('../local-cluster/local-cluster.ts');
    const cluster = await startLocalCluster({
      dataDir, workers, slots, listen, poolId: a.required('pool'), onProgress: say,
      ...(natsCluster ? { natsCluster } : {}),
      ...(dashboard ? { dashboard } : {}),
      ...(a.flag('metrics') ? { metrics: true } : {}),
    });
    const { writeClientConfig } = await import('../local-cluster/client-config-writer.ts');
    const config = await writeClientConfig(dataDir, { api: cluster.apiAddress, token: cluster.credentials.token, ca: cluster.caFile }, ctx.io.env);
    ctx.out(`troupe API listening on ${cluster.apiAddress} (TLS, admin token in ${cluster.adminTokenFile})`);
    if (config.written) ctx.out(`the CLI finds it through ${config.file}`);
    else ctx.out(`${config.file} is not troupe up's: point the CLI here with export TROUPE_CONFIG=${config.ownConfig}`);
    // The token rides in the fragment, which a browser never sends: the page keeps it in its
    // session storage and removes it from the address bar.
    if (cluster.dashboardUrl) ctx.out(`dashboard: ${cluster.dashboardUrl}#token=${cluster.credentials.token} (the browser will not know troupe up's CA: ${cluster.caFile})`);
    if (cluster.metricsTargets) ctx.out(`Prometheus metrics (scrape with troupe up's CA: ${cluster.caFile}):`);
    for (const target of cluster.metricsTargets ?? []) ctx.out(`  metrics of ${target.daemon}: ${target.url}`);
    if (natsCluster) ctx.out(`NATS cluster of ${natsCluster} servers (${natsCluster} replicas of everything): --nats ${cluster.natsUrl}`);
    say(`pool '${cluster.poolId}': ${workers} workers x ${slots} slots; data in ${dataDir}. Ctrl-C to stop.`);

    const outcome = await Promise.race([
      shutdown.then((signal) => ({ signal })),
      cluster.unexpectedExit.then((death) => ({ death })),
    ]);
    if ('death' in outcome) say(`${outcome.death}; stopping the rest`);
    else say(`${outcome.signal}: stopping workers, coordinator, nats-server`);
    await cluster.stop();
    say('stopped');
    return 'death' in outcome ? 1 : 0;
  },
};
