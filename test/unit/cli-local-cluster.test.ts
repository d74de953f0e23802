// `troupe up`'s machinery for real: nats-server, a coordinator and a worker as child processes,
// driven through the CLI like a user would.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parsePiOutput, piTasks } from '../../src/cli/commands/demo.ts';
import { startLocalCluster } from '../../src/cli/local-cluster/local-cluster.ts';
import { runCli } from '../../src/cli/main.ts';
import { freePort } from '../../src/cli/local-cluster/ports.ts';
import { captureIo } from './cli-fake-api.ts';

test('a local cluster runs tasks given to the CLI, then stops every process', async (t) => {
  t.timeout(90_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-local-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const milestones: string[] = [];
  const cluster = await startLocalCluster({
    dataDir, workers: 1, slots: 2, poolId: 'p', listen: `127.0.0.1:${await freePort()}`,
    logDir: path.join(dataDir, 'logs'), onProgress: (m) => milestones.push(m),
  });
  t.teardown(() => cluster.stop());
  t.deepEqual(cluster.nodeIds, ['p-1']);
  t.regex(milestones.at(-1)!, /1 workers joined pool 'p'/);

  const run = async (argv: string[]) => {
    const cap = captureIo({ env: { TROUPE_API: cluster.apiAddress, TROUPE_TOKEN: cluster.credentials.token, TROUPE_CA: cluster.caFile, TROUPE_CONFIG: '/nonexistent/troupe-config' } });
    const code = await runCli(argv, cap.io);
    return { code, out: cap.stdout(), err: cap.stderr() };
  };
  const node = JSON.parse((await run(['node', 'show', 'p-1', '-o', 'json'])).out);
  t.is(node.address, '127.0.1.1');
  t.is((await run(['job', 'create', '--id', 'j', '--pool', 'p'])).code, 0);
  const [task] = piTasks(1, 1000, '/usr/bin/awk');
  t.is((await run(['task', 'add', '--job', 'j', '--id', task.id!, '--', ...task.commandArgs!])).code, 0);
  const waited = await run(['job', 'wait', 'j']);
  t.is(waited.code, 0, waited.out + waited.err);
  const output = await run(['task', 'output', '--job', 'j', '--id', task.id!]);
  const parsed = parsePiOutput(output.out);
  t.is(parsed?.samples, 1000);

  let unexpected: string | undefined;
  void cluster.unexpectedExit.then((m) => { unexpected = m; });
  await cluster.stop();
  t.is(unexpected, undefined, 'an asked-for stop is not an unexpected exit');
  t.is((await run(['pool', 'list'])).code, 1, 'the API is gone');
});

test('pi task output parsing', (t) => {
  t.deepEqual(parsePiOutput('785 1000\n'), { hits: 785, samples: 1000 });
  t.is(parsePiOutput('1001 1000\n'), null);
  t.is(parsePiOutput('awk: error\n'), null);
  t.is(parsePiOutput(''), null);
  const tasks = piTasks(3, 10, '/usr/bin/awk');
  t.deepEqual(tasks.map((x) => x.id), ['pi-001', 'pi-002', 'pi-003']);
  t.deepEqual(tasks[1].commandArgs!.slice(0, 5), ['/usr/bin/awk', '-v', 'seed=2', '-v', 'n=10']);
});
