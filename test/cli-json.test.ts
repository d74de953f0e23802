// The real `troupe` CLI against a real cluster: the JSON forms scripts rely on.
import test from 'ava';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2 });
});

const troupe = (args: string[], input?: string) => cluster.troupe(args, input);

test.serial('job create, task add, job wait and task show -o json use Azure Batch field names', async (t) => {
  t.is((await troupe(['job', 'create', '--id', 'cli', '--pool', 'testpool'])).code, 0);
  const added = await troupe(['task', 'add', '--job', 'cli', '--id', 'hello', '--env', 'GREETING=hi there', '-o', 'json', '--', '/bin/sh', '-c', 'echo "$GREETING"; exit 4']);
  t.is(added.code, 0, added.stderr);
  t.is(JSON.parse(added.stdout).id, 'hello');
  const wait = await troupe(['job', 'wait', 'cli']);
  t.is(wait.code, 1, 'a failed task makes job wait exit non-zero');
  const shown = await troupe(['task', 'show', '--job', 'cli', '--id', 'hello', '-o', 'json']);
  t.is(shown.code, 0, shown.stderr);
  const task = JSON.parse(shown.stdout);
  t.deepEqual(Object.keys(task).slice(0, 6), ['id', 'displayName', 'commandLine', 'commandArgs', 'environmentSettings', 'constraints']);
  t.is(task.state, 'completed');
  t.deepEqual(task.environmentSettings, [{ name: 'GREETING', value: 'hi there' }]);
  t.is(task.executionInfo.exitCode, 4);
  t.is(task.executionInfo.result, 'failure');
  t.is(task.executionInfo.retryCount, 0);
  t.is(task.executionInfo.requeueCount, 0);
  t.regex(task.executionInfo.nodeId, /^node-[12]$/);
  t.is(task.executionInfo.failureInfo.code, 'FailureExitCode');
  const out = await troupe(['task', 'output', '--job', 'cli', '--id', 'hello']);
  t.is(out.stdout, 'hi there\n');
});

test.serial('task add-many takes JSON lines on stdin; counts and node list are stable JSON', async (t) => {
  t.is((await troupe(['job', 'create', '--id', 'bulk', '--pool', 'testpool'])).code, 0);
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `b${i}`, commandLine: i % 100 === 7 ? `${fixture('exit-with.sh')} 1` : '/bin/true' })).join('\n');
  const added = await troupe(['task', 'add-many', '--job', 'bulk', '--file', '-'], lines);
  t.is(added.code, 0, added.stderr);
  t.regex(added.stdout + added.stderr, /added 300/);
  const wait = await troupe(['job', 'wait', 'bulk']);
  t.is(wait.code, 1);
  const counts = JSON.parse((await troupe(['job', 'counts', 'bulk', '-o', 'json'])).stdout);
  t.deepEqual(counts, { active: 0, running: 0, completed: 300, succeeded: 297, failed: 3 });
  const nodes = JSON.parse((await troupe(['node', 'list', '-o', 'json'])).stdout);
  t.deepEqual(nodes.map((n: { id: string }) => n.id), ['node-1', 'node-2']);
  for (const n of nodes) {
    t.is(n.poolId, 'testpool');
    t.is(n.state, 'idle');
    t.is(n.schedulingState, 'enabled');
    t.regex(n.address, /^127\.0\.1\.[12]$/);
  }
  const again = await troupe(['task', 'add-many', '--job', 'bulk', '--file', '-'], JSON.stringify([{ id: 'b1', commandLine: '/bin/true' }, { id: 'new one', commandLine: '/bin/true' }]));
  t.is(again.code, 1);
  t.regex(again.stdout + again.stderr, /b1: ALREADY_EXISTS/);
  t.regex(again.stdout + again.stderr, /INVALID_ARGUMENT: tasks\[1\]\.id must be/);
  const listed = JSON.parse((await troupe(['task', 'list', '--job', 'bulk', '--state', 'completed', '-o', 'json'])).stdout);
  t.is(listed.length, 300);
});

test.serial('errors print the status name and the message, with a non-zero exit', async (t) => {
  const r = await troupe(['task', 'show', '--job', 'nope', '--id', 'x']);
  t.is(r.code, 1);
  t.regex(r.stderr, /error: NOT_FOUND: job 'nope' does not exist/);
});
