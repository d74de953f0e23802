// The coordinator's state (ClusterState) on a real JetStream of a test's own: a scratch directory,
// a nats-server on a random port, the buckets and streams the coordinator makes at start, and a
// teardown of all of it.
import type { ExecutionContext } from 'ava';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { taskScratchDir } from './scratch-dir.ts';
import { startNatsServer } from '../../src/cluster/nats-server.ts';
import { ClusterState } from '../../src/coordinator/state/cluster-state.ts';
import { createJetStreamResources } from '../../src/protocol/nats/jetstream-resources.ts';
import { silentLogger } from '../../src/protocol/log.ts';

export async function openTestState(t: ExecutionContext, name: string): Promise<{ state: ClusterState; nc: NatsConnection }> {
  const dir = await taskScratchDir(path.join(os.tmpdir(), `troupe-${name}-`));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const nats = await startNatsServer({ dataDir: path.join(dir, 'nats') });
  t.teardown(() => nats.stop());
  const nc = await connect({ servers: nats.url });
  t.teardown(() => nc.close());
  await createJetStreamResources(nc, 1, silentLogger); // what the coordinator does at start
  const state = await ClusterState.open(nc);
  t.teardown(() => state.close());
  return { state, nc };
}
