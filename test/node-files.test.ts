// Files on nodes through the coordinator (list, read with byte ranges, during and after a task,
// until retention), the path-escape attacks, and live output with --follow.
import test from 'ava';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 2 });
  await cluster.api.CreateJob({ job: { id: 'files', poolInfo: { poolId: 'testpool' } } });
});

/** A task that prints a line, writes its files, then waits until the test creates `go`. */
async function addWaitingTask(taskId: string, extra: Record<string, unknown> = {}) {
  const go = path.join(cluster.dir, `go-${taskId}`);
  await cluster.api.AddTask({ jobId: 'files', task: { id: taskId, commandArgs: [fixture('print-then-wait.sh')], environmentSettings: [{ name: 'GO', value: go }], ...extra } });
  return { release: () => writeFile(go, 'go') };
}

function readStream(call: NodeJS.EventEmitter): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    call.on('data', (c: { data: Buffer }) => chunks.push(c.data));
    call.on('end', () => resolve(Buffer.concat(chunks)));
    call.on('error', reject);
  });
}

const taskFile = (taskId: string, p: string, offset = 0, length = 0) =>
  readStream(cluster.api.raw.GetTaskFile({ jobId: 'files', taskId, path: p, offset, length }));
const nodeFile = (nodeId: string, p: string, offset = 0, length = 0) =>
  readStream(cluster.api.raw.GetNodeFile({ nodeId, path: p, offset, length }));

async function waitForFile(taskId: string, name: string) {
  return cluster.until(`${name} of ${taskId}`, async () => {
    const { files } = await cluster.api.ListTaskFiles({ jobId: 'files', taskId, path: '', recursive: true });
    return files.find((f) => f.name === name);
  });
}

test.serial('--follow streams output written over time and ends when the task completes', async (t) => {
  const task = await addWaitingTask('follow');
  // Started while the task is still active: the stream waits for it to start.
  const call = cluster.api.raw.GetTaskOutput({ jobId: 'files', taskId: 'follow', stream: 'stdout', follow: true });
  const received: Buffer[] = [];
  let ended = false;
  const done = new Promise<void>((resolve, reject) => {
    call.on('data', (c: { data: Buffer }) => received.push(c.data));
    call.on('end', () => { ended = true; resolve(); });
    call.on('error', reject);
  });
  await cluster.until('the first line through the stream', async () => Buffer.concat(received).toString() === 'first line\n');
  // The task cannot have ended: it waits for the file this test has not created yet.
  t.is((await cluster.api.GetTask({ jobId: 'files', taskId: 'follow' })).state, 'running');
  t.false(ended);
  await task.release();
  await done;
  t.is(Buffer.concat(received).toString(), 'first line\nsecond line\n');
  t.is((await cluster.api.GetTask({ jobId: 'files', taskId: 'follow' })).state, 'completed');
});

test.serial('--follow from an offset sends only the bytes after it, and a completed task ends at once', async (t) => {
  const out = await readStream(cluster.api.raw.GetTaskOutput({ jobId: 'files', taskId: 'follow', stream: 'stdout', offset: 6, follow: true }));
  t.is(out.toString(), 'line\nsecond line\n');
});

test.serial('--follow of a task deleted meanwhile ends with NOT_FOUND', async (t) => {
  await addWaitingTask('deleted');
  const call = cluster.api.raw.GetTaskOutput({ jobId: 'files', taskId: 'deleted', stream: 'stdout', follow: true });
  const received: Buffer[] = [];
  const ended = new Promise<ServiceError>((resolve) => {
    call.on('data', (c: { data: Buffer }) => received.push(c.data));
    call.on('error', resolve);
    call.on('end', () => resolve(new Error('ended without error') as ServiceError));
  });
  await cluster.until('the first line', async () => Buffer.concat(received).toString() === 'first line\n');
  await cluster.api.DeleteTask({ jobId: 'files', taskId: 'deleted' });
  const err = await ended;
  t.is(err.code, status.NOT_FOUND);
  t.regex(err.details, /deleted/);
});

test.serial('task files are listed and read with byte ranges while the task runs and after it ended', async (t) => {
  const task = await addWaitingTask('lister');
  const out = await waitForFile('lister', 'wd/out.txt');
  t.false(out.isDirectory);
  t.is(Number(out.size), 'payload-0123456789\n'.length);
  t.truthy(Date.parse(out.mtime));
  await waitForFile('lister', 'wd/sub/deep.txt');
  await cluster.waitForTask('files', 'lister', 'running');
  t.is((await taskFile('lister', 'wd/out.txt')).toString(), 'payload-0123456789\n');
  t.is((await taskFile('lister', 'wd/out.txt', 8, 4)).toString(), '0123');
  t.is((await taskFile('lister', 'wd/out.txt', 18)).toString(), '\n');
  t.is((await taskFile('lister', 'stdout.txt')).toString(), 'first line\n');
  const top = await cluster.api.ListTaskFiles({ jobId: 'files', taskId: 'lister', path: '', recursive: false });
  t.deepEqual(top.files.map((f) => `${f.name}${f.isDirectory ? '/' : ''}`), ['stderr.txt', 'stdout.txt', 'wd/']);
  const sub = await cluster.api.ListTaskFiles({ jobId: 'files', taskId: 'lister', path: 'wd/sub', recursive: false });
  t.deepEqual(sub.files.map((f) => f.name), ['wd/sub/deep.txt']);
  // A symlink is listed as itself and never descended into.
  const all = await cluster.api.ListTaskFiles({ jobId: 'files', taskId: 'lister', path: 'wd', recursive: true });
  t.true(all.files.some((f) => f.name === 'wd/escape-dir' && !f.isDirectory));
  t.false(all.files.some((f) => f.name.startsWith('wd/escape-dir/')));

  await task.release();
  const done = await cluster.waitForTask('files', 'lister');
  t.is((await taskFile('lister', 'stdout.txt')).toString(), 'first line\nsecond line\n');
  t.is((await taskFile('lister', 'wd/sub/deep.txt', 1, 2)).toString(), 'ee');

  // The same file through the node's root.
  const nodeId = done.executionInfo!.nodeId;
  const root = await cluster.api.ListNodeFiles({ nodeId, path: '', recursive: false });
  for (const dir of ['shared', 'startup', 'workitems']) t.true(root.files.some((f) => f.name === dir && f.isDirectory), dir);
  t.is((await nodeFile(nodeId, 'workitems/files/job-1/lister/wd/out.txt', 0, 7)).toString(), 'payload');
  const listed = await cluster.api.ListNodeFiles({ nodeId, path: 'workitems/files/job-1/lister', recursive: true });
  t.true(listed.files.some((f) => f.name === 'workitems/files/job-1/lister/wd/sub/deep.txt'));
});

async function refused(t: import('ava').ExecutionContext, what: Promise<unknown>, pattern: RegExp) {
  const err = await t.throwsAsync(what) as ServiceError;
  t.is(err.code, status.INVALID_ARGUMENT, err.details);
  t.regex(err.details, pattern);
}

test.serial('path escapes are refused: .., absolute paths, and symlinks a task planted', async (t) => {
  const task = await addWaitingTask('attacker');
  await waitForFile('attacker', 'wd/escape-file');
  const nodeId = (await cluster.api.GetTask({ jobId: 'files', taskId: 'attacker' })).executionInfo!.nodeId;
  // '..' in every position, for reads and listings, task and node scope.
  await refused(t, taskFile('attacker', '../../../../../../etc/passwd'), /\.\./);
  await refused(t, taskFile('attacker', 'wd/../../lister/wd/out.txt'), /\.\./);
  await refused(t, cluster.api.ListTaskFiles({ jobId: 'files', taskId: 'attacker', path: '..', recursive: false }), /\.\./);
  await refused(t, nodeFile(nodeId, '../../etc/passwd'), /\.\./);
  await refused(t, cluster.api.ListNodeFiles({ nodeId, path: 'shared/../..', recursive: true }), /\.\./);
  // Absolute paths.
  await refused(t, taskFile('attacker', '/etc/passwd'), /absolute/);
  await refused(t, nodeFile(nodeId, '/etc/passwd'), /absolute/);
  await refused(t, cluster.api.ListNodeFiles({ nodeId, path: '/etc', recursive: false }), /absolute/);
  // Symlinks planted by the task, to a file and to a directory outside.
  await refused(t, taskFile('attacker', 'wd/escape-file'), /symlink|outside/);
  await refused(t, taskFile('attacker', 'wd/escape-dir/passwd'), /outside/);
  await refused(t, cluster.api.ListTaskFiles({ jobId: 'files', taskId: 'attacker', path: 'wd/escape-dir', recursive: true }), /outside/);
  await refused(t, nodeFile(nodeId, 'workitems/files/job-1/attacker/wd/escape-dir/passwd'), /outside/);
  // A directory is not a file.
  await refused(t, taskFile('attacker', 'wd'), /directory/);
  await task.release();
  await cluster.waitForTask('files', 'attacker');
});

test.serial('files of a task removed by retention are NOT_FOUND, saying so; unknown ids are NOT_FOUND', async (t) => {
  // The retention time runs from the attempt's end on the worker; the read after completion
  // must come before it (the report, the poll, the read through the coordinator: well under a
  // second even on a loaded machine; 1 s could already have removed the directory).
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'brief', commandArgs: [fixture('exit-with.sh'), '0'], constraints: { retentionTime: '5s' } } });
  const done = await cluster.waitForTask('files', 'brief');
  t.is((await taskFile('brief', 'stdout.txt')).toString(), 'stdout of exit-with 0\n');
  // Waits for the removal to be over (on the node's disk), not for the first failed read: a read
  // while the removal is under way (slow on a loaded machine) finds the directory without its file.
  const dir = path.join(cluster.nodeRoot(done.executionInfo!.nodeId), 'workitems/files/job-1/brief');
  await cluster.until('the directory to be removed', async () => !(await stat(dir).then(() => true, () => false)));
  const err = await t.throwsAsync(taskFile('brief', 'stdout.txt')) as ServiceError;
  t.is(err.code, status.NOT_FOUND);
  t.regex(err.details, /retention/);
  const missing = await t.throwsAsync(taskFile('nope', 'stdout.txt')) as ServiceError;
  t.is(missing.code, status.NOT_FOUND);
  const noNode = await t.throwsAsync(cluster.api.ListNodeFiles({ nodeId: 'no-such-node', path: '', recursive: false })) as ServiceError;
  t.is(noNode.code, status.NOT_FOUND);
  const noFile = await t.throwsAsync(nodeFile('node-1', 'startup/nothing-here')) as ServiceError;
  t.is(noFile.code, status.NOT_FOUND);
});

test.serial('--follow of a retried task sends each attempt\'s output in turn, then ends at completion', async (t) => {
  const counter = path.join(cluster.dir, 'retried-runs');
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'retried', commandArgs: [fixture('fail-until.sh'), '3', counter], constraints: { maxTaskRetryCount: 2 } } });
  const out = await readStream(cluster.api.raw.GetTaskOutput({ jobId: 'files', taskId: 'retried', stream: 'stdout', follow: true }));
  const task = await cluster.api.GetTask({ jobId: 'files', taskId: 'retried' });
  t.is(task.executionInfo!.retryCount, 2);
  t.is(task.executionInfo!.result, 'success');
  // Attempts in order, none twice, ending with the last one's whole output. (An earlier attempt's
  // output is read once it ended, unless the next attempt started on the same node first: each
  // attempt writes its stdout.txt afresh, so that one is best effort.)
  const lines = out.toString().split('\n').filter(Boolean);
  t.true(out.toString().endsWith('run 3\n'), out.toString());
  t.deepEqual(lines, [...lines].sort(), 'in attempt order');
  t.is(new Set(lines).size, lines.length, 'no line twice');
  t.true(lines.every((l) => /^run [123]$/.test(l)), out.toString());
});

test.serial('a follower that goes away stops reading from the node', async (t) => {
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  const task = await addWaitingTask('abandoned');
  const call = cluster.api.raw.GetTaskOutput({ jobId: 'files', taskId: 'abandoned', stream: 'stdout', follow: true });
  call.on('error', () => {});
  let received = '';
  call.on('data', (c: { data: Buffer }) => (received += c.data.toString()));
  await cluster.until('the first line', async () => received === 'first line\n');
  let reads = 0;
  const sub = nc.subscribe('troupe.node.*.output', { callback: () => { reads++; } });
  // While followed, an idle task is still asked about (at most every second).
  await cluster.until('the follower to poll', async () => reads >= 1);
  call.cancel();
  // The coordinator sees the cancel when it gets to it (seconds on a loaded machine), and a read
  // already in flight may still land: no fixed pause covers that. Instead, the reads must stop:
  // a quiet stretch longer than the longest back-off (1 s), twice over, which a follower still
  // reading never leaves (this then times out).
  let seen = reads;
  let quietSince = Date.now();
  await cluster.until('the follower to stop reading from the node', async () => {
    if (reads !== seen) {
      seen = reads;
      quietSince = Date.now();
    }
    return Date.now() - quietSince > 2500;
  }, 30_000);
  sub.unsubscribe();
  t.is(reads, seen);
  await task.release();
  await cluster.waitForTask('files', 'abandoned');
});

test.serial('a file of several chunks is read whole and by ranges across chunk boundaries, byte for byte', async (t) => {
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'seq', commandLine: `/bin/sh -c 'seq 1 400000 > seq.txt'` } });
  const done = await cluster.waitForTask('files', 'seq');
  const { readFile: read } = await import('node:fs/promises');
  const local = await read(path.join(cluster.nodeRoot(done.executionInfo!.nodeId), 'workitems/files/job-1/seq/wd/seq.txt'));
  t.true(local.length > 2 * 1024 * 1024);
  t.true((await taskFile('seq', 'wd/seq.txt')).equals(local));
  t.true((await taskFile('seq', 'wd/seq.txt', 500_000, 1_500_000)).equals(local.subarray(500_000, 2_000_000)));
  t.true((await taskFile('seq', 'wd/seq.txt', 524_288, 524_288)).equals(local.subarray(524_288, 1_048_576)));
  t.true((await taskFile('seq', 'wd/seq.txt', local.length - 10)).equals(local.subarray(local.length - 10)));
  t.is((await taskFile('seq', 'wd/seq.txt', local.length + 5)).length, 0);
});

test.serial('--follow of a task still queued waits for it to start, then streams it to its end', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'held', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.DisableJob({ jobId: 'held', disableTasks: 'requeue' });
  await cluster.api.AddTask({ jobId: 'held', task: { id: 'queued', commandLine: '/bin/echo late but whole' } });
  const call = cluster.api.raw.GetTaskOutput({ jobId: 'held', taskId: 'queued', stream: 'stdout', follow: true });
  let ended = false;
  const out = readStream(call).finally(() => { ended = true; });
  // The stream neither fails nor ends while the task cannot start.
  const since = Date.now();
  await cluster.until('two seconds of a queued task', async () => Date.now() - since > 2000);
  t.false(ended);
  t.is((await cluster.api.GetTask({ jobId: 'held', taskId: 'queued' })).state, 'active');
  await cluster.api.EnableJob({ jobId: 'held' });
  t.is((await out).toString(), 'late but whole\n');
});
