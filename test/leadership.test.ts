// One coordinator leads at a time: a second one waits as a standby without serving, and takes
// over when the leader stops, with the whole state.
import test from 'ava';
import { connectApi } from '../src/protocol/api-client.ts';
import { spawnDaemon, startCluster, waitForLog } from './helpers/cluster.ts';

test('a second coordinator is a standby until the leader stops, then serves the same cluster', async (t) => {
  const cluster = await startCluster({ workers: 1, slots: 2 });
  t.teardown(() => cluster.stop());
  await cluster.api.CreateJob({ job: { id: 'before-failover', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'before-failover', task: { id: 'a', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('before-failover', 'a');

  const standby = spawnDaemon('standby', ['coordinator', '--nats', cluster.nats.url, '--listen', '127.0.0.1:0', '--lease', '2s', '--node-timeout', '3s']);
  t.teardown(() => standby.stop());
  await waitForLog(standby, /"msg":"standby: another coordinator leads"/, 60_000);
  t.false(/"msg":"coordinator started"/.test(standby.logs()), 'the standby does not serve');
  // The leader goes on serving meanwhile, for longer than a lease (the standby keeps waiting, and
  // once it leads it must not count its lease from when it began to wait).
  const waitingSince = Date.now();
  await cluster.api.AddTask({ jobId: 'before-failover', task: { id: 'b', commandArgs: ['/bin/true'] } });
  await cluster.waitForTask('before-failover', 'b');
  await cluster.until('the standby has waited longer than its 2 s lease', async () => Date.now() - waitingSince > 4000);
  t.false(/"msg":"coordinator started"/.test(standby.logs()), 'still a standby');

  await cluster.coordinator.stop();
  const line = await waitForLog(standby, /"msg":"coordinator started"/, 60_000);
  const api = connectApi(JSON.parse(line).api);
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
  const standby = spawnDaemon('standby', ['coordinator', '--nats', cluster.nats.url, '--listen', '127.0.0.1:0', '--lease', '2s', '--node-timeout', '3s']);
  t.teardown(() => standby.stop());
  await waitForLog(standby, /"msg":"standby: another coordinator leads"/, 60_000);

  const leader = cluster.coordinator.process;
  leader.kill('SIGSTOP');
  await waitForLog(standby, /"msg":"coordinator started"/, 60_000);
  const exited = new Promise<number | null>((resolve) => leader.once('exit', (code) => resolve(code)));
  leader.kill('SIGCONT');
  t.is(await exited, 1, 'the old leader exits non-zero so a service manager restarts it as a standby');
  t.regex(cluster.coordinator.logs(), /"msg":"leadership lost: stopping"/);
});
