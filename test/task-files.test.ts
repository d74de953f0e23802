// Resource files and output files through real daemons, a real object store and a local http
// server: every source, every upload condition, the failures that name the file, and the attacks
// that try to read or write outside the task's directory.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import http from 'node:http';
import { mkdtemp, readdir } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { StorageApi } from '../src/storage/storage-client.ts';
import { TroupeStore } from '../src/storage/object-store.ts';

let cluster: TestCluster;
let storage: StorageApi;
let server: http.Server;
let baseUrl = '';
/** Requests to /slow wait here until the test lets them go. */
let releaseSlow: (() => void) | undefined;
let hangRequested = false;
let hangAbandoned = false;

test.before(async () => {
  // Admin tasks allowed: the symlink attacks below need a task that may rename its own directory.
  cluster = await startCluster({ workers: 1, slots: 4, poolFields: { allowAdminTasks: true } });
  storage = new StorageApi(cluster.apiAddress, cluster.credentials);
  await cluster.api.CreateJob({ job: { id: 'files', poolInfo: { poolId: 'testpool' } } });
  server = http.createServer((req, res) => {
    if (req.url === '/hello.txt') return void res.end('hello over http\n');
    if (req.url === '/hang') {
      // Never answers; notes when the worker gives up on it.
      hangRequested = true;
      req.socket.once('close', () => (hangAbandoned = true));
      return;
    }
    if (req.url === '/slow') {
      releaseSlow = () => res.end('slow but here\n');
      return;
    }
    res.statusCode = 404;
    res.end('no such thing');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  for (const [p, content] of [['in/one.txt', 'object one\n'], ['in/set/a.txt', 'set a\n'], ['in/set/deep/b.txt', 'set b\n']]) {
    await storage.uploadStream({ header: { path: p! } }, (async function* () { yield Buffer.from(content!); })());
  }
});
test.after.always(async () => {
  releaseSlow?.();
  server?.closeAllConnections();
  server?.close();
  storage?.close();
  await cluster?.stop();
});

const sh = (script: string) => ['/bin/sh', '-c', script];
const get = async (p: string) => {
  const parts: Buffer[] = [];
  for await (const m of storage.download(p)) if (m.data?.length) parts.push(m.data);
  return Buffer.concat(parts).toString();
};
const paths = async (prefix: string) => (await storage.listAll(prefix)).map((f) => f.path);

test.serial('resource files from a store object, a store prefix, an http URL and inline content are in place before the task starts', async (t) => {
  await cluster.api.AddTask({
    jobId: 'files',
    task: {
      id: 'fetch',
      commandArgs: sh('cat one.txt set/a.txt set/deep/b.txt web/hello.txt conf.cfg && stat -c %a web/hello.txt conf.cfg'),
      resourceFiles: [
        { storagePath: 'in/one.txt' },
        { storagePath: 'in/set/', filePath: 'set/' },
        { httpUrl: `${baseUrl}/hello.txt`, filePath: 'web/hello.txt', fileMode: '0600' },
        { inlineContent: Buffer.from('inline=yes\n'), filePath: 'conf.cfg', fileMode: '0755' },
      ],
    },
  });
  const task = await cluster.waitForTask('files', 'fetch');
  t.is(task.executionInfo!.result, 'success', JSON.stringify(task.executionInfo));
  t.is(await cluster.readOutput('files', 'fetch'), 'object one\nset a\nset b\nhello over http\ninline=yes\n600\n755\n');
  t.is(task.resourceFiles.length, 4, 'the task keeps its resource files');
  t.is(task.resourceFiles[3]!.fileMode, '0755');
});

test.serial('the task stays preparing while its resource files are fetched, and runs once they are', async (t) => {
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'slow', commandArgs: sh('cat slow.txt'), resourceFiles: [{ httpUrl: `${baseUrl}/slow`, filePath: 'slow.txt' }] } });
  await cluster.until('the slow download to start', async () => releaseSlow !== undefined);
  t.is((await cluster.api.GetTask({ jobId: 'files', taskId: 'slow' })).state, 'preparing');
  releaseSlow!();
  const task = await cluster.waitForTask('files', 'slow');
  t.is(task.executionInfo!.result, 'success');
  t.is(await cluster.readOutput('files', 'slow'), 'slow but here\n');
});

test.serial('terminating a task stuck fetching a resource file ends it without waiting for the fetch', async (t) => {
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'hang', commandArgs: sh('echo ran'), resourceFiles: [{ httpUrl: `${baseUrl}/hang`, filePath: 'never.txt' }] } });
  await cluster.until('the download to start', async () => hangRequested);
  t.is((await cluster.api.GetTask({ jobId: 'files', taskId: 'hang' })).state, 'preparing');
  await cluster.api.TerminateTask({ jobId: 'files', taskId: 'hang' });
  const task = await cluster.waitForTask('files', 'hang');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.failureInfo!.code, 'TaskTerminated');
  t.is(task.executionInfo!.exitCode, undefined);
  // The worker stops the download itself (its time-out is minutes away), freeing the slot.
  await cluster.until('the worker to abandon the hung download', async () => hangAbandoned);
  t.true(hangAbandoned);
});

test.serial('a missing resource fails the task before it runs, naming the file and why', async (t) => {
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'nofile', commandArgs: sh('echo ran'), resourceFiles: [{ storagePath: 'in/absent.bin', filePath: 'data/absent.bin' }] } });
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'no404', commandArgs: sh('echo ran'), resourceFiles: [{ httpUrl: `${baseUrl}/nope`, filePath: 'x.txt' }] } });
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'noprefix', commandArgs: sh('echo ran'), resourceFiles: [{ storagePath: 'in/nothing-here/' }] } });
  for (const [id, why] of [['nofile', /'data\/absent\.bin' from store path 'in\/absent\.bin'.*does not exist/], ['no404', /'x\.txt' from URL .*HTTP 404/], ['noprefix', /no object in the store starts with that prefix/]] as const) {
    const task = await cluster.waitForTask('files', id);
    t.is(task.executionInfo!.result, 'failure', id);
    t.is(task.executionInfo!.failureInfo!.category, 'usererror', id);
    t.is(task.executionInfo!.failureInfo!.code, 'ResourceFileDownloadError', id);
    t.regex(task.executionInfo!.failureInfo!.message, why, id);
    t.is(task.executionInfo!.exitCode, undefined, `${id} never ran`);
    const wd = path.join(cluster.nodeRoot(task.executionInfo!.nodeId), 'workitems/files/job-1', id, 'wd');
    t.deepEqual((await readdir(wd, { recursive: true })).filter((f) => !f.endsWith('data')), [], `${id}: no empty or partial file left`);
  }
});

test.serial('output files upload on the conditions they name, for a succeeding and a failing task', async (t) => {
  const outputs = (id: string) => [
    { filePattern: 'out/**/*.txt', destination: `res/${id}/onsuccess/`, uploadCondition: 'tasksuccess' },
    { filePattern: 'out/*.txt', destination: `res/${id}/onfailure`, uploadCondition: 'taskfailure' },
    { filePattern: '../std*.txt', destination: `res/${id}/logs/`, uploadCondition: 'taskcompletion' },
    { filePattern: 'out/a.txt', destination: `res/${id}/single.txt` },
  ];
  const script = (code: number) => sh(`mkdir -p out/sub && echo A > out/a.txt && echo B > out/sub/b.txt && echo skip > out/c.bin && echo to-stdout && exit ${code}`);
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'ok', commandArgs: script(0), outputFiles: outputs('ok') } });
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'bad', commandArgs: script(3), outputFiles: outputs('bad') } });
  const ok = await cluster.waitForTask('files', 'ok');
  const bad = await cluster.waitForTask('files', 'bad');
  t.is(ok.executionInfo!.result, 'success');
  t.is(bad.executionInfo!.result, 'failure');
  t.is(bad.executionInfo!.failureInfo!.code, 'FailureExitCode', 'a failing task keeps its own failure when uploads succeed');
  t.deepEqual(await paths('res/ok/'), ['res/ok/logs/stderr.txt', 'res/ok/logs/stdout.txt', 'res/ok/onsuccess/a.txt', 'res/ok/onsuccess/sub/b.txt', 'res/ok/single.txt']);
  t.deepEqual(await paths('res/bad/'), ['res/bad/logs/stderr.txt', 'res/bad/logs/stdout.txt', 'res/bad/onfailure/a.txt', 'res/bad/single.txt']);
  t.is(await get('res/ok/onsuccess/sub/b.txt'), 'B\n');
  t.is(await get('res/ok/logs/stdout.txt'), 'to-stdout\n');
  t.is(await get('res/bad/single.txt'), 'A\n');
});

test.serial('resource files and output destinations with 1- to 4-byte UTF-8 characters in their paths arrive whole', async (t) => {
  const names = ['é', '日本', '🚀'];
  for (const n of names) {
    await storage.uploadStream({ header: { path: `utf8-in/${n}.txt` } }, (async function* () { yield Buffer.from(`in ${n}\n`); })());
  }
  await cluster.api.AddTask({
    jobId: 'files',
    task: {
      id: 'utf8',
      commandArgs: sh('cat é.txt 日本.txt 🚀.txt > out-🚀.txt && cp é.txt copy-é.txt'),
      resourceFiles: names.map((n) => ({ storagePath: `utf8-in/${n}.txt` })),
      outputFiles: [
        { filePattern: 'out-🚀.txt', destination: 'utf8-out/日本/all-🚀.txt' },
        { filePattern: 'copy-*.txt', destination: 'utf8-out/é/' },
      ],
    },
  });
  const task = await cluster.waitForTask('files', 'utf8');
  t.is(task.executionInfo!.result, 'success', JSON.stringify(task.executionInfo));
  t.is(await get('utf8-out/日本/all-🚀.txt'), 'in é\nin 日本\nin 🚀\n');
  t.is(await get('utf8-out/é/copy-é.txt'), 'in é\n');
});

test.serial('an output file that cannot be stored fails the task with FileUploadError', async (t) => {
  await cluster.api.AddTask({
    jobId: 'files',
    task: { id: 'badname', commandArgs: sh("mkdir -p out && echo x > 'out/back\\slash.txt'"), outputFiles: [{ filePattern: 'out/*.txt', destination: 'res/badname/' }] },
  });
  const task = await cluster.waitForTask('files', 'badname');
  t.is(task.executionInfo!.result, 'failure');
  t.is(task.executionInfo!.exitCode, 0);
  t.is(task.executionInfo!.failureInfo!.code, 'FileUploadError');
  t.regex(task.executionInfo!.failureInfo!.message, /back\\slash\.txt/);
});

test.serial('attack: a symlink the task made to a file outside is not uploaded, and fails the upload', async (t) => {
  await cluster.api.AddTask({
    jobId: 'files',
    task: { id: 'leak', commandArgs: sh('mkdir -p out && echo fine > out/ok.txt && ln -s /etc/passwd out/passwd.txt'), outputFiles: [{ filePattern: 'out/*.txt', destination: 'res/leak/' }] },
  });
  const task = await cluster.waitForTask('files', 'leak');
  t.is(task.executionInfo!.failureInfo!.code, 'FileUploadError');
  t.regex(task.executionInfo!.failureInfo!.message, /'passwd\.txt' resolves outside the task directory/);
  t.false((await paths('res/leak/')).includes('res/leak/passwd.txt'));
  for (const f of await storage.listAll('res/leak/')) t.false((await get(f.path)).includes('root:'), f.path);
});

test.serial('attack: a symlinked directory pointing outside is neither walked nor uploaded', async (t) => {
  await cluster.api.AddTask({
    jobId: 'files',
    task: { id: 'leakdir', commandArgs: sh('ln -s /etc etc'), outputFiles: [{ filePattern: 'etc/*', destination: 'res/leakdir/' }] },
  });
  await cluster.api.AddTask({
    jobId: 'files',
    task: { id: 'leakdeep', commandArgs: sh('mkdir -p out && ln -s /etc out/etc'), outputFiles: [{ filePattern: 'out/**/passwd', destination: 'res/leakdeep/' }] },
  });
  const dir = await cluster.waitForTask('files', 'leakdir');
  t.is(dir.executionInfo!.failureInfo!.code, 'FileUploadError');
  t.regex(dir.executionInfo!.failureInfo!.message, /resolves outside the task directory/);
  const deep = await cluster.waitForTask('files', 'leakdeep');
  t.is(deep.executionInfo!.result, 'success', 'the walk does not enter the symlinked directory: nothing matched');
  t.deepEqual(await paths('res/leakdir/'), []);
  t.deepEqual(await paths('res/leakdeep/'), []);
});

test.serial('attack: a resource file path through a symlink left by an earlier attempt is refused, nothing written outside', async (t) => {
  const outside = await mkdtemp(path.join(os.tmpdir(), 'troupe-outside-'));
  t.teardown(() => import('node:fs/promises').then((fs) => fs.rm(outside, { recursive: true, force: true })));
  // Attempt 1 gets the file, then replaces its directory with a symlink to outside and fails;
  // attempt 2 must not follow that symlink when it fetches the file again.
  await cluster.api.AddTask({
    jobId: 'files',
    task: {
      id: 'plant',
      commandArgs: sh(`rm -rf link && ln -s ${outside} link && exit 1`),
      resourceFiles: [{ inlineContent: Buffer.from('planted\n'), filePath: 'link/x.txt' }],
      constraints: { maxTaskRetryCount: 1 },
    },
  });
  const task = await cluster.waitForTask('files', 'plant');
  t.is(task.executionInfo!.retryCount, 1);
  t.is(task.executionInfo!.failureInfo!.code, 'ResourceFileDownloadError');
  t.regex(task.executionInfo!.failureInfo!.message, /'link\/x\.txt'.*symlink to outside/);
  t.deepEqual(await readdir(outside), []);
});

test.serial('attack: a working directory replaced by a symlink to outside receives no resource file on the next attempt', async (t) => {
  const outside = await mkdtemp(path.join(os.tmpdir(), 'troupe-outside-'));
  t.teardown(() => import('node:fs/promises').then((fs) => fs.rm(outside, { recursive: true, force: true })));
  await cluster.api.AddTask({
    jobId: 'files',
    task: {
      id: 'swapwd',
      commandArgs: sh(`cd .. && rm -rf wd && ln -s ${outside} wd && exit 1`),
      resourceFiles: [{ inlineContent: Buffer.from('planted\n'), filePath: 'x.txt' }],
      constraints: { maxTaskRetryCount: 1 },
    },
  });
  const task = await cluster.waitForTask('files', 'swapwd');
  t.is(task.executionInfo!.retryCount, 1);
  t.is(task.executionInfo!.failureInfo!.code, 'ResourceFileDownloadError');
  t.regex(task.executionInfo!.failureInfo!.message, /replaced by a symlink/);
  t.deepEqual(await readdir(outside), []);
});

test.serial('attack: a task directory replaced by a symlink to / does not let ../ patterns reach /etc', async (t) => {
  await cluster.api.AddTask({
    jobId: 'files',
    // As root: an unprivileged task cannot rename its directory in the root-owned job directory.
    task: { id: 'swaptask', userIdentity: { autoUser: { elevationLevel: 'admin' } }, commandArgs: sh('cd ../.. && mv swaptask swaptask.moved && ln -s / swaptask'), outputFiles: [{ filePattern: '../etc/passwd', destination: 'res/swaptask/' }] },
  });
  const task = await cluster.waitForTask('files', 'swaptask');
  t.is(task.executionInfo!.failureInfo!.code, 'FileUploadError');
  t.regex(task.executionInfo!.failureInfo!.message, /replaced by a symlink/);
  t.deepEqual(await paths('res/swaptask/'), []);
});

test.serial('attack: a store object whose name climbs out (written behind the API) is not fetched outside the working directory', async (t) => {
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  await new TroupeStore(nc).files.write('sneaky/../../escaped.txt', (async function* () { yield Buffer.from('owned'); })());
  await cluster.api.AddTask({ jobId: 'files', task: { id: 'sneaky', commandArgs: sh('true'), resourceFiles: [{ storagePath: 'sneaky/' }] } });
  const task = await cluster.waitForTask('files', 'sneaky');
  t.is(task.executionInfo!.failureInfo!.code, 'ResourceFileDownloadError');
  t.regex(task.executionInfo!.failureInfo!.message, /cannot become a local file/);
  const taskDir = path.join(cluster.nodeRoot(task.executionInfo!.nodeId), 'workitems/files/job-1/sneaky');
  t.false((await readdir(taskDir)).includes('escaped.txt'));
  t.false((await readdir(path.dirname(taskDir))).includes('escaped.txt'));
});

test.serial('attack: paths that leave their directory are refused by the API with INVALID_ARGUMENT naming the field', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ resourceFiles: [{ inlineContent: Buffer.from('x'), filePath: '../escape.txt' }] }, /task\.resourceFiles\[0\]\.filePath/],
    [{ resourceFiles: [{ inlineContent: Buffer.from('x'), filePath: '/etc/cron.d/x' }] }, /task\.resourceFiles\[0\]\.filePath/],
    [{ resourceFiles: [{ storagePath: '../../secret', filePath: 'x' }] }, /task\.resourceFiles\[0\]\.storagePath/],
    [{ outputFiles: [{ filePattern: '../../../etc/passwd', destination: 'x/' }] }, /task\.outputFiles\[0\]\.filePattern/],
    [{ outputFiles: [{ filePattern: '/etc/passwd', destination: 'x/' }] }, /task\.outputFiles\[0\]\.filePattern/],
    [{ outputFiles: [{ filePattern: 'a.txt', destination: '../up' }] }, /task\.outputFiles\[0\]\.destination/],
    [{ applicationPackageReferences: [{ applicationId: '../x', version: '1' }] }, /task\.applicationPackageReferences\[0\]\.applicationId/],
  ];
  for (const [over, field] of cases) {
    const err = await t.throwsAsync(cluster.api.AddTask({ jobId: 'files', task: { id: 'attack', commandLine: 'true', ...over } }));
    t.is((err as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
    t.regex((err as Error).message, field);
  }
});

