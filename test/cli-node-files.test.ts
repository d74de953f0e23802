// The real `troupe` CLI for issue 4: pool start task, job preparation/release and their status,
// task and node files, and `task output --follow`.
import test from 'ava';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCluster, TROUPE_BIN, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  // The worker joins before its pool exists: it finds the pool (and its start task) later.
  cluster = await startCluster({ workers: 1, slots: 2, pool: 'clipool', createPool: false });
});

interface Run { code: number; stdout: string; stderr: string }

function troupe(args: string[], onStdout?: (all: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TROUPE_BIN, ...args], { env: { ...process.env, ...cluster.cliEnv() } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; onStdout?.(stdout); });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

test.serial('pool create --start-task --start-task-wait; node show and node file show it ran', async (t) => {
  const created = await troupe(['pool', 'create', '--id', 'clipool', '--slots', '2', '--start-task', `/bin/sh -c 'echo started on $AZ_BATCH_NODE_ID'`, '--start-task-wait', '-o', 'json']);
  t.is(created.code, 0, created.stderr);
  const pool = JSON.parse(created.stdout);
  t.deepEqual(pool.startTask, {
    commandLine: `/bin/sh -c 'echo started on $AZ_BATCH_NODE_ID'`, commandArgs: ['/bin/sh', '-c', 'echo started on $AZ_BATCH_NODE_ID'],
    environmentSettings: [], waitForSuccess: true, maxTaskRetryCount: 0, resourceFiles: [], userIdentity: null,
  });
  const node = await cluster.until('the start task to succeed', async () => {
    const shown = await troupe(['node', 'show', 'node-1', '-o', 'json']);
    const n = JSON.parse(shown.stdout);
    return n.startTaskInfo?.result === 'success' && n.state === 'idle' ? n : undefined;
  });
  t.is(node.startTaskInfo.exitCode, 0);
  const out = await troupe(['node', 'file', 'node-1', '--path', 'startup/stdout.txt']);
  t.is(out.code, 0, out.stderr);
  t.is(out.stdout, 'started on node-1\n');
  t.is(out.stderr, '');
  // The old --id form works for one release, and says so.
  const old = await troupe(['node', 'file', '--id', 'node-1', '--path', 'startup/stdout.txt']);
  t.is(old.stdout, 'started on node-1\n');
  t.regex(old.stderr, /warning: --id is deprecated .*: write 'troupe node file node-1 \.\.\.'/);
  const listed = await troupe(['node', 'files', 'node-1', '--path', 'startup', '-o', 'json']);
  t.deepEqual(JSON.parse(listed.stdout).map((f: { name: string }) => f.name), ['startup/stderr.txt', 'startup/stdout.txt', 'startup/wd']);
  const refused = await troupe(['node', 'file', 'node-1', '--path', '../../etc/passwd']);
  t.is(refused.code, 1);
  t.regex(refused.stderr, /INVALID_ARGUMENT/);
});

test.serial('job create --prep --release, job prep-status, task files / task file, task output --follow', async (t) => {
  const created = await troupe(['job', 'create', '--id', 'clijob', '--pool', 'clipool', '--prep', '/bin/sh -c "echo prepared > marker"', '--release', '/bin/true', '-o', 'json']);
  t.is(created.code, 0, created.stderr);
  t.is(JSON.parse(created.stdout).jobPreparationTask.waitForSuccess, true);
  const go = path.join(cluster.dir, 'cli-go');
  const added = await troupe(['task', 'add', '--job', 'clijob', '--id', 'talker', '--env', `GO=${go}`, '--',
    '/bin/sh', '-c', 'echo hello; cat "$AZ_BATCH_JOB_PREP_WORKING_DIR/marker" > copied.txt; while [ ! -f "$GO" ]; do sleep 0.05; done; echo bye']);
  t.is(added.code, 0, added.stderr);
  let sawFirstLine = false;
  const following = troupe(['task', 'output', '--job', 'clijob', '--id', 'talker', '--follow'], (all) => {
    if (all === 'hello\n' && !sawFirstLine) {
      sawFirstLine = true;
      void writeFile(go, '');
    }
  });
  const followed = await following;
  t.true(sawFirstLine, 'the first line arrived before the task was allowed to end');
  t.is(followed.code, 0, followed.stderr);
  t.is(followed.stdout, 'hello\nbye\n');

  const files = await troupe(['task', 'files', '--job', 'clijob', '--id', 'talker', '--recursive', '-o', 'json']);
  t.is(files.code, 0, files.stderr);
  const entries = JSON.parse(files.stdout) as { name: string; size: number; isDirectory: boolean }[];
  t.deepEqual(entries.find((e) => e.name === 'wd/copied.txt'), { ...entries.find((e) => e.name === 'wd/copied.txt')!, size: 9, isDirectory: false });
  const file = await troupe(['task', 'file', '--job', 'clijob', '--id', 'talker', '--path', 'wd/copied.txt', '--offset', '2', '--length', '3']);
  t.is(file.stdout, 'epa');
  const table = await troupe(['task', 'files', '--job', 'clijob', '--id', 'talker']);
  t.regex(table.stdout, /NAME\s+SIZE\s+MODIFIED/);

  await troupe(['job', 'terminate', 'clijob']);
  const status = await cluster.until('the release to have run', async () => {
    const s = JSON.parse((await troupe(['job', 'prep-status', 'clijob', '-o', 'json'])).stdout);
    return s.value[0]?.jobReleaseTaskExecutionInfo?.result === 'success' ? s : undefined;
  });
  t.is(status.value[0].nodeId, 'node-1');
  t.is(status.value[0].jobPreparationTaskExecutionInfo.result, 'success');
  t.is(status.preparationSucceededNodes, 1);
  const shown = await troupe(['job', 'prep-status', 'clijob']);
  t.regex(shown.stdout, /node-1\s+success/);
  const old = await troupe(['job', 'prep-status', '--id', 'clijob']);
  t.regex(old.stdout, /node-1\s+success/);
  t.regex(old.stderr, /warning: --id is deprecated/);
});
