// How long a restarted coordinator takes to serve again with N tasks in JetStream, against the
// floor measured in the same run: reading the same KV bucket's values with a bare watcher.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { startNatsServer } from '../src/cluster/nats-server.ts';
import { startCoordinator } from '../src/coordinator/coordinator-daemon.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { silentLogger } from '../src/protocol/log.ts';
import { adminToken } from './bench-token.ts';
import { BUCKET_TASKS } from '../src/protocol/nats/subjects.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_RESTART_TASKS ?? (QUICK ? 5000 : 50000));

const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-restart-bench-'));
const nats = await startNatsServer({ dataDir: path.join(dir, 'nats') });
try {
  let coordinator = await startCoordinator({ natsUrl: nats.url, listen: '127.0.0.1:0', logger: silentLogger, leaseMs: 2000, adminTokenFile: path.join(dir, 'admin.token') });
  let api = connectApi(`http://${coordinator.apiAddress}`, { token: await adminToken(dir) });
  await api.CreatePool({ pool: { id: 'p' } });
  await api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'p' } } });
  let t0 = Date.now();
  for (let i = 0; i < N; i += 10000) {
    await api.AddTaskCollection({ jobId: 'j', tasks: Array.from({ length: Math.min(10000, N - i) }, (_, k) => ({ id: `t${i + k}`, commandArgs: ['/bin/true'] })) });
  }
  const addMs = Date.now() - t0;
  api.close();
  await coordinator.stop();

  // Floor: every current value of the tasks bucket, read by a bare watcher.
  const nc = await connect({ servers: nats.url });
  const kv = await new Kvm(nc).open(BUCKET_TASKS);
  t0 = Date.now();
  const watcher = await kv.watch();
  let values = 0;
  for await (const e of watcher) {
    values++;
    if (e.delta === 0) break;
  }
  watcher.stop();
  const floorMs = Date.now() - t0;
  await nc.close();

  t0 = Date.now();
  coordinator = await startCoordinator({ natsUrl: nats.url, listen: '127.0.0.1:0', logger: silentLogger, leaseMs: 2000, adminTokenFile: path.join(dir, 'admin.token') });
  const restartMs = Date.now() - t0;
  api = connectApi(`http://${coordinator.apiAddress}`, { token: await adminToken(dir) });
  const counts = await api.GetTaskCounts({ jobId: 'j' });
  if (counts.active !== N) throw new Error(`expected ${N} active tasks after the restart, got ${counts.active}`);
  t0 = Date.now();
  const page = await api.ListTasks({ jobId: 'j', maxResults: 1000, pageToken: String(N - 1000) });
  const pageMs = Date.now() - t0;
  api.close();
  await coordinator.stop();

  console.log(`coordinator restart with ${N} tasks in JetStream`);
  console.log(`  adding them           ${addMs} ms (${Math.round(N / (addMs / 1000))} tasks/s in collections of 10,000)`);
  console.log(`  restart to serving    ${restartMs} ms`);
  console.log(`  floor: bare KV read   ${floorMs} ms (${values} values)`);
  console.log(`  ratio restart/floor   ${(restartMs / floorMs).toFixed(2)}`);
  console.log(`  last page of ${page.tasks.length} tasks after the restart: ${pageMs} ms`);
} finally {
  await nats.stop();
  await rm(dir, { recursive: true, force: true });
}
