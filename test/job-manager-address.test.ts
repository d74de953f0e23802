// A coordinator whose API listens on a wildcard address has no address to give tasks: a job
// manager (whose token is on by default) or a task asking for a token is refused at once,
// naming the field and --api-advertise, rather than started with a credential it cannot use.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startNatsServer } from '../src/cluster/nats-server.ts';
import { startCoordinator } from '../src/coordinator/coordinator-daemon.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { silentLogger } from '../src/protocol/log.ts';

test('no API address to give tasks: job managers and tasks asking for a token are refused, saying what to do', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-jm-address-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const nats = await startNatsServer({ dataDir: path.join(dir, 'nats') });
  t.teardown(() => nats.stop());
  const tokenFile = path.join(dir, 'admin.token');
  const coordinator = await startCoordinator({ natsUrl: nats.url, listen: '0.0.0.0:0', logger: silentLogger, leaseMs: 2000, adminTokenFile: tokenFile });
  t.teardown(() => coordinator.stop());
  const port = coordinator.apiAddress.slice(coordinator.apiAddress.lastIndexOf(':') + 1);
  const api = connectApi(`http://127.0.0.1:${port}`, { token: (await readFile(tokenFile, 'utf8')).trim() });
  t.teardown(() => api.close());
  await api.CreatePool({ pool: { id: 'p', taskSlotsPerNode: 2 } });

  const err = (await t.throwsAsync(api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'p' }, jobManagerTask: { id: 'm', commandLine: '/bin/true' } } }))) as grpc.ServiceError;
  t.is(err.code, grpc.status.FAILED_PRECONDITION);
  t.regex(err.details, /^job\.jobManagerTask\.authenticationTokenSettings: the coordinator knows no API address to give the task .* --api-advertise HOST:PORT/);
  await t.throwsAsync(api.GetJob({ jobId: 'j' }), { message: /NOT_FOUND/ });

  // Without a token it is fine, and so is an ordinary task without one.
  const job = await api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'p' }, jobManagerTask: { id: 'm', commandLine: '/bin/true', authenticationTokenSettings: { access: [] } } } });
  t.deepEqual(job.jobManagerTask!.authenticationTokenSettings!.access, []);
  await api.AddTask({ jobId: 'j', task: { id: 'plain', commandLine: '/bin/true' } });
  const taskErr = (await t.throwsAsync(api.AddTask({ jobId: 'j', task: { id: 't', commandLine: '/bin/true', authenticationTokenSettings: { access: ['job'] } } }))) as grpc.ServiceError;
  t.is(taskErr.code, grpc.status.FAILED_PRECONDITION);
  t.regex(taskErr.details, /^task\.authenticationTokenSettings: the coordinator knows no API address/);
  const many = await api.AddTaskCollection({ jobId: 'j', tasks: [{ id: 'c', commandLine: '/bin/true', authenticationTokenSettings: { access: ['job'] } }] });
  t.is(many.results[0]!.status, 'clienterror');
  t.regex(many.results[0]!.error!.message, /^tasks\[0\]\.authenticationTokenSettings: the coordinator knows no API address/);
});
