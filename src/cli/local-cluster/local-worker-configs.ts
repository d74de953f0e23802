// The workers `troupe up`'s coordinator may start itself (its pool has the local node provider):
// one --config file per node name the provider can be asked for, <dir>/<node>.json, with the
// node's certificate, NATS user, address (127.0.1.<i>) and slots. A resize beyond these names
// fails with the worker's "no such file" on the pool's resize errors.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { flagsAsConfig } from '../daemon-config.ts';

/** Most nodes `troupe up`'s pool can be resized to. */
export const LOCAL_PROVIDER_NODES = 16;

export async function writeLocalWorkerConfigs(dir: string, nodeIds: readonly string[], firstIndex: number, flagsOf: (nodeId: string, ip: string) => Promise<string[]>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [i, nodeId] of nodeIds.entries()) {
    const ip = `127.0.1.${firstIndex + i + 1}`;
    await writeFile(path.join(dir, `${nodeId}.json`), JSON.stringify(flagsAsConfig(await flagsOf(nodeId, ip)), null, 2), { mode: 0o600 });
  }
}
