// Who creates JetStream's buckets and streams: coordinators only, with their --replicas. A worker
// started first creates nothing and waits (and can be stopped while it waits); --replicas above
// 1 on a single nats-server is refused at once; --nats takes several URLs, a dead one among them.
import test from 'ava';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startNatsServer, type RunningNatsServer } from '../src/cluster/nats-server.ts';
import { TROUPE_STREAMS } from '../src/protocol/nats/jetstream-resources.ts';
import { natsServerList } from '../src/protocol/nats/nats-servers.ts';
import { spawnDaemon, waitForLog, type Daemon } from './helpers/cluster.ts';

async function bareNats(t: { teardown(fn: () => Promise<void>): void }): Promise<{ nats: RunningNatsServer; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-jsres-'));
  const nats = await startNatsServer({ dataDir: path.join(dir, 'nats') });
  t.teardown(async () => {
    await nats.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { nats, dir };
}

function daemon(t: { teardown(fn: () => Promise<void>): void }, name: string, args: string[]): Daemon {
  const d = spawnDaemon(name, args);
  t.teardown(() => d.stop());
  return d;
}

async function streamNames(url: string): Promise<string[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const s of jsm.streams.list()) names.push(`${s.config.name} R${s.config.num_replicas}`);
    return names.sort();
  } finally {
    await nc.close();
  }
}

test('a worker started before any coordinator creates nothing and waits; a coordinator creates every stream, then the worker starts', async (t) => {
  const { nats, dir } = await bareNats(t);
  // A dead server first in --nats: the daemons connect to the live one.
  const servers = `nats://127.0.0.1:1,${nats.url}`;
  const worker = daemon(t, 'worker', ['worker', '--plaintext', '--nats', servers, '--pool', 'p', '--node-id', 'w1', '--root', path.join(dir, 'w1'), '--heartbeat', '250ms']);
  await waitForLog(worker, /"msg":"waiting for a troupe coordinator to create the JetStream buckets and streams"/, 60_000);
  t.deepEqual(await streamNames(nats.url), [], 'the worker created nothing');

  const coordinator = daemon(t, 'coordinator', ['coordinator', '--plaintext', '--nats', servers, '--listen', '127.0.0.1:0', '--lease', '2s']);
  await waitForLog(coordinator, /"msg":"coordinator started"/, 60_000);
  await waitForLog(worker, /"msg":"worker started"/, 60_000);
  t.deepEqual(await streamNames(nats.url), TROUPE_STREAMS.map((s) => `${s} R1`).sort());
});

test('a worker still waiting for a coordinator stops at once when asked', async (t) => {
  const { nats, dir } = await bareNats(t);
  const worker = daemon(t, 'worker', ['worker', '--plaintext', '--nats', nats.url, '--pool', 'p', '--node-id', 'w1', '--root', path.join(dir, 'w1')]);
  await waitForLog(worker, /waiting for a troupe coordinator/, 60_000);
  const exited = once(worker.process, 'exit');
  worker.process.kill('SIGTERM');
  const [code] = await exited;
  t.is(code, 0);
});

test('--replicas 3 against a single nats-server: the coordinator refuses at once, naming the flag', async (t) => {
  const { nats } = await bareNats(t);
  const coordinator = daemon(t, 'coordinator', ['coordinator', '--plaintext', '--nats', nats.url, '--replicas', '3', '--listen', '127.0.0.1:0']);
  const [code] = await once(coordinator.process, 'exit');
  t.is(code, 1);
  t.regex(coordinator.logs(), /--replicas 3: replicas > 1 not supported in non-clustered mode/);
  t.deepEqual(await streamNames(nats.url), [], 'nothing created');
});

test('--nats: one URL or several separated by commas', (t) => {
  t.deepEqual(natsServerList('nats://a:4222'), ['nats://a:4222']);
  t.deepEqual(natsServerList('nats://a:4222, nats://b:4222,,nats://c:4222'), ['nats://a:4222', 'nats://b:4222', 'nats://c:4222']);
  t.deepEqual(natsServerList(['nats://a:1', 'nats://b:2,nats://c:3']), ['nats://a:1', 'nats://b:2', 'nats://c:3']);
  t.throws(() => natsServerList(' , '), { message: /--nats must name at least one NATS server/ });
  t.throws(() => natsServerList('nats://a:1 nats://b:2'), { message: /separated by commas/ });
});
