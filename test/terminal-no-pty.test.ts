// A node where node-pty does not load (here: TROUPE_DISABLE_PTY=1 in its worker's environment,
// the same path as a failed import) still runs everything else, refuses `exec -t` with
// FAILED_PRECONDITION naming why, and fails --pty tasks with PseudoTerminalUnavailable.
import test from 'ava';
import { startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.before(async () => {
  process.env.TROUPE_DISABLE_PTY = '1'; // inherited by the workers this file starts
  cluster = await startCluster({ workers: 1, slots: 2 });
  await cluster.api.CreateJob({ job: { id: 'np', poolInfo: { poolId: cluster.opts.pool } } });
});
test.after.always(() => cluster?.stop());

const troupe = (args: string[]) => cluster.troupe(args);

test('exec -t is refused with the reason, plain exec works, and a --pty task fails saying why', async (t) => {
  await cluster.api.AddTask({ jobId: 'np', task: { id: 'sleeper', commandArgs: ['/bin/sleep', '600'] } });
  await cluster.waitForTask('np', 'sleeper', 'running');
  const tty = await troupe(['task', 'exec', '--job', 'np', '--id', 'sleeper', '-t', '--', '/bin/true']);
  t.is(tty.code, 1);
  t.regex(tty.stderr, /FAILED_PRECONDITION: node 'node-1' cannot give a pseudo-terminal: node-pty is disabled on this node/);
  const plain = await troupe(['task', 'exec', '--job', 'np', '--id', 'sleeper', '--', '/bin/echo', 'still fine']);
  t.is(plain.code, 0, plain.stderr);
  t.is(plain.stdout, 'still fine\n');

  await cluster.api.AddTask({ jobId: 'np', task: { id: 'wants-pty', commandArgs: ['/bin/sh', '-i'], pty: { rows: 0, cols: 0 } } });
  const task = await cluster.waitForTask('np', 'wants-pty', 'completed');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.failureInfo!.code, 'PseudoTerminalUnavailable');
  t.regex(task.executionInfo!.failureInfo!.message, /node 'node-1' cannot give one: node-pty is disabled/);
  await cluster.api.TerminateTask({ jobId: 'np', taskId: 'sleeper' });
});
