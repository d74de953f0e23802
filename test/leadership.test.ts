// One coordinator leads at a time: a second one waits as a standby without serving, and takes
// over when the leader stops, with the whole state.
import test from 'ava';
import { once } from 'node:events';
import { Kvm } from '@nats-io/kv';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { BUCKET_COORDINATOR } from '../src/protocol/nats/subjects.ts';
import { LEASE_KEY } from '../src/coordinator/state/leadership.ts';
import { spawnDaemon, startCluster, waitForLog } from './helpers/cluster.ts';

test('a second coordinator is a standby until the leader stops, then serves the same cluster', async (t) => {
  // The leader's lease is 10 s: with 2 s, a loaded machine that holds the
  // leader back for a moment lets the standby take over (rightly) before the test wants it to.
  // That the leader renews its lease is checked in the store instead; the standby keeps 2 s.
  const cluster = await startCluster({ workers: 1, slots: 2, lease: '10s' });
  t.teardown(() => cluster.stop());
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  const leaseKv = await new Kvm(nc).open(BUCKET_COORDINATOR);
  const leaseRevision = async () => (await leaseKv.get(LEASE_KEY))?.revision ?? 0;
  await cluster.api.CreateJob({ job: { id: 'before-failover', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'before-failover', task: { id: 'a', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('before-failover', 'a');

  const standby = spawnDaemon('standby', ['coordinator', ...await cluster.tlsFlags('coordinator', []), ...await cluster.coordinatorNatsArgs(), '--nats', cluster.nats.url, '--listen', '127.0.0.1:0', '--lease', '2s', '--node-timeout', '3s']);
  t.teardown(() => standby.stop());
  await waitForLog(standby, /"msg":"standby: another coordinator leads"/, 60_000);
  t.false(/"msg":"coordinator started"/.test(standby.logs()), 'the standby does not serve');
  // The leader goes on serving meanwhile, for longer than the standby's lease (the standby keeps
  // waiting, and once it leads it must not count its lease from when it began to wait).
  const waitingSince = Date.now();
  const revisionBefore = await leaseRevision();
  await cluster.api.AddTask({ jobId: 'before-failover', task: { id: 'b', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('before-failover', 'b');
  await cluster.until('the standby has waited longer than its 2 s lease', async () => Date.now() - waitingSince > 4000);
  // Waited for, not sampled: a loaded machine may run the leader's renewal timer late.
  await cluster.until('the leader to renew its lease', async () => (await leaseRevision()) > revisionBefore);
  t.false(/"msg":"coordinator started"/.test(standby.logs()), 'still a standby');

  await cluster.coordinator.stop();
  const line = await waitForLog(standby, /"msg":"coordinator started"/, 60_000);
  const api = connectApi(JSON.parse(line).api, cluster.credentials);
  t.teardown(() => api.close());
  const tasks = (await api.ListTasks({ jobId: 'before-failover' })).tasks;
  t.deepEqual(tasks.map((x) => [x.id, x.state]), [['a', 'completed'], ['b', 'completed']]);
  await api.AddTask({ jobId: 'before-failover', task: { id: 'c', commandArgs: ['/bin/true'] } });
  const done = await cluster.until('task c done under the new leader', async () => {
    const x = await api.GetTask({ jobId: 'before-failover', taskId: 'c' });
    return x.state === 'completed' ? x : undefined;
  });
  t.is(done.executionInfo!.result, 'success');
});

test('a leader paused past its lease finds it taken over when it resumes, and stops', async (t) => {
  const cluster = await startCluster({ workers: 1, slots: 2 });
  t.teardown(() => cluster.stop());
  const standby = spawnDaemon('standby', ['coordinator', ...await cluster.tlsFlags('coordinator', []), ...await cluster.coordinatorNatsArgs(), '--nats', cluster.nats.url, '--listen', '127.0.0.1:0', '--lease', '2s', '--node-timeout', '3s']);
  t.teardown(() => standby.stop());
  await waitForLog(standby, /"msg":"standby: another coordinator leads"/, 60_000);

  const leader = cluster.coordinator.process;
  // Listened for before the pause: a loaded machine may hold the leader back past its 2 s lease
  // even before it, and then it has lost and exited by the time the standby is seen leading.
  const exited = once(leader, 'exit').then(([code]) => code as number | null);
  leader.kill('SIGSTOP');
  await waitForLog(standby, /"msg":"coordinator started"/, 60_000);
  leader.kill('SIGCONT');
  t.is(await exited, 1, 'the old leader exits non-zero so a service manager restarts it as a standby');
  t.regex(cluster.coordinator.logs(), /"msg":"leadership lost: stopping"/);
});
