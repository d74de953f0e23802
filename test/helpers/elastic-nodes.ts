// Workers that troupe starts itself (the local and command node providers, issue 13): each node
// name a provider may be asked for gets a `troupe worker --config DIR/<name>.json` with its own
// TLS certificate and NATS user (NATS lets a worker speak for its own node only), made before
// the resize that starts it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type TestCluster } from './cluster.ts';
import { flagsAsConfig } from '../../src/cli/daemon-config.ts';

let nextAddress = 1;

/** Writes DIR/<name>.json for each name: what its worker needs to join this cluster. */
export async function prepareNodeConfigs(c: TestCluster, dir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const address = `127.0.2.${nextAddress++}`;
    const config = {
      ...flagsAsConfig(await c.tlsFlags(name, [address])),
      ...flagsAsConfig(await c.natsFlags({ role: 'worker', nodeId: name })),
      nats: c.nats.url, address, heartbeat: '250ms', 'retention-sweep': '250ms', slots: '1',
    };
    await writeFile(path.join(dir, `${name}.json`), JSON.stringify(config));
  }
}

/** The names the resize planner gives a pool's nodes: POOL-1, POOL-2, ... */
export const nodeNames = (poolId: string, count: number) => Array.from({ length: count }, (_, i) => `${poolId}-${i + 1}`);

/** A cluster with no worker whose coordinator starts local-provider workers in a directory of
 *  their configs; `stop()` stops the cluster and removes the directory. */
export async function startLocalProviderCluster(): Promise<{ c: TestCluster; dir: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-local-workers-'));
  const c = await startCluster({
    workers: 0, createPool: false, nodeTimeout: '60s',
    coordinatorArgs: ['--local-workers-dir', dir, `--local-worker-args=--config ${dir}/{node}.json`],
  }).catch(async (err) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  return { c, dir, stop: async () => { await c.stop(); await rm(dir, { recursive: true, force: true }); } };
}
