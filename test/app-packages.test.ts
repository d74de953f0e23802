// Application packages through real daemons and the real object store: tar.gz and zip archives
// built in the test, unpacked once per node and version even when tasks start together, the
// AZ_BATCH_APP_PACKAGE_* variable, the package API, and archives that try to escape.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { tarGz, zip, type ArchiveEntry } from './helpers/archives.ts';
import { StorageApi } from '../src/storage/storage-client.ts';

let cluster: TestCluster;
let storage: StorageApi;

test.before(async () => {
  cluster = await startCluster({ workers: 1, slots: 4 });
  storage = new StorageApi(cluster.apiAddress, cluster.credentials);
  await cluster.api.CreateJob({ job: { id: 'apps', poolInfo: { poolId: 'testpool' } } });
});
test.after.always(async () => {
  storage?.close();
  await cluster?.stop();
});

const script = (text: string): ArchiveEntry => ({ name: 'bin/run.sh', content: `#!/bin/sh\necho "${text}"\n`, mode: 0o755 });

async function upload(applicationId: string, version: string, format: 'tar.gz' | 'zip', archive: Buffer, replace = false) {
  const file = path.join(cluster.dir, `${applicationId}-${version}.${format}`);
  await writeFile(file, archive);
  return storage.uploadApplicationPackage(file, { applicationId, version, format, replace });
}

const worker = () => cluster.workers.get('node-1')!;
const unpackCount = (applicationId: string) =>
  worker().logs().split('\n').filter((l) => l.includes('"msg":"application package unpacked"') && l.includes(`"applicationId":"${applicationId}"`)).length;
const appsDir = () => path.join(cluster.nodeRoot('node-1'), 'applications');

test.serial('a tar.gz package is unpacked and its directory is in AZ_BATCH_APP_PACKAGE_<id>_<version>', async (t) => {
  const pkg = await upload('blender', '3.6', 'tar.gz', tarGz([{ name: 'bin', type: 'dir' }, script('blender 3.6 renders'), { name: 'bin/latest', type: 'symlink', target: 'run.sh' }]));
  t.is(pkg.format, 'tar.gz');
  await cluster.api.AddTask({
    jobId: 'apps',
    task: {
      id: 'tar', commandArgs: ['/bin/sh', '-c', '$AZ_BATCH_APP_PACKAGE_blender_3_6/bin/latest && echo "$AZ_BATCH_APP_PACKAGE_blender_3_6"'],
      applicationPackageReferences: [{ applicationId: 'blender', version: '3.6' }],
    },
  });
  const task = await cluster.waitForTask('apps', 'tar');
  t.is(task.executionInfo!.result, 'success', JSON.stringify(task.executionInfo));
  t.is(await cluster.readOutput('apps', 'tar'), `blender 3.6 renders\n${path.join(appsDir(), 'blender#3.6')}\n`);
});

test.serial('a zip package keeps its executable bits and its symlinks inside', async (t) => {
  await upload('Zipped-Tool', '2.5', 'zip', zip([{ name: 'bin', type: 'dir' }, script('zipped tool'), { name: 'current', type: 'symlink', target: 'bin' }]));
  await cluster.api.AddTask({
    jobId: 'apps',
    task: {
      id: 'zip', commandArgs: ['/bin/sh', '-c', '$AZ_BATCH_APP_PACKAGE_zipped_tool_2_5/current/run.sh && test "$AZ_BATCH_APP_PACKAGE_Zipped_Tool_2_5" = "$AZ_BATCH_APP_PACKAGE_zipped_tool_2_5" && echo both-names'],
      applicationPackageReferences: [{ applicationId: 'Zipped-Tool', version: '2.5' }],
    },
  });
  const task = await cluster.waitForTask('apps', 'zip');
  t.is(task.executionInfo!.result, 'success', JSON.stringify(task.executionInfo));
  t.is(await cluster.readOutput('apps', 'zip'), 'zipped tool\nboth-names\n');
});

test.serial('tasks starting together share one unpack of a package; later tasks reuse it', async (t) => {
  // A few MB of incompressible data, so the unpack takes long enough for the tasks to overlap.
  await upload('shared', '1.0', 'tar.gz', tarGz([script('shared'), { name: 'data.bin', content: randomBytes(6 * 1024 * 1024).toString('latin1') }]));
  const tasks = Array.from({ length: 8 }, (_, i) => ({
    id: `share-${i}`, commandArgs: ['/bin/sh', '-c', '$AZ_BATCH_APP_PACKAGE_shared_1_0/bin/run.sh'],
    applicationPackageReferences: [{ applicationId: 'shared', version: '1.0' }],
  }));
  const added = await cluster.api.AddTaskCollection({ jobId: 'apps', tasks });
  t.true(added.results.every((r) => r.status === 'success'));
  for (const { id } of tasks) {
    const task = await cluster.waitForTask('apps', id);
    t.is(task.executionInfo!.result, 'success', id);
    t.is(await cluster.readOutput('apps', id), 'shared\n');
  }
  t.is(unpackCount('shared'), 1, 'unpacked exactly once on the node');
  t.deepEqual((await readdir(appsDir())).filter((n) => n.startsWith('.tmp-')), [], 'no temporary directory left');
});

test.serial('the package API lists, gets, refuses a second upload of a version unless replaced, and deletes', async (t) => {
  const archive = tarGz([script('v1')]);
  await upload('apitool', '1', 'tar.gz', archive);
  const again = await t.throwsAsync(upload('apitool', '1', 'tar.gz', archive));
  t.is((again as grpc.ServiceError).code, grpc.status.ALREADY_EXISTS);
  t.regex((again as Error).message, /application package apitool version 1 already exists.*replace/);
  const replaced = await upload('apitool', '1', 'tar.gz', tarGz([script('v1 again')]), true);
  t.is(replaced.version, '1');
  await upload('apitool', '2', 'zip', zip([script('v2')]));
  t.deepEqual((await storage.listApplicationPackages('apitool')).map((p) => `${p.applicationId}:${p.version}:${p.format}`), ['apitool:1:tar.gz', 'apitool:2:zip']);
  t.is((await storage.getApplicationPackage('apitool', '2')).format, 'zip');
  await storage.deleteApplicationPackage('apitool', '2');
  const gone = await t.throwsAsync(storage.getApplicationPackage('apitool', '2'));
  t.is((gone as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  const badFormat = await t.throwsAsync(upload('apitool', '3', 'rar' as 'zip', archive));
  t.regex((badFormat as Error).message, /header\.format must be one of tar\.gz, zip/);
  const badId = await t.throwsAsync(upload('../x', '3', 'zip', archive));
  t.is((badId as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  t.regex((badId as Error).message, /header\.applicationId/);
});

test.serial('a task referencing a package that does not exist fails before it runs, naming it', async (t) => {
  await cluster.api.AddTask({ jobId: 'apps', task: { id: 'nopkg', commandLine: 'true', applicationPackageReferences: [{ applicationId: 'ghost', version: '9' }] } });
  const task = await cluster.waitForTask('apps', 'nopkg');
  t.is(task.executionInfo!.failureInfo!.code, 'ApplicationPackageError');
  t.regex(task.executionInfo!.failureInfo!.message, /ghost version 9.*does not exist/);
  t.is(task.executionInfo!.exitCode, undefined);
});

const attacks: [string, 'tar.gz' | 'zip', ArchiveEntry[], RegExp][] = [
  ['tar-dotdot', 'tar.gz', [{ name: '../../escaped.txt', content: 'owned' }], /contains '\.\.'/],
  ['tar-absolute', 'tar.gz', [{ name: '/tmp/troupe-escaped-abs.txt', content: 'owned' }], /absolute path/],
  ['tar-symlink-out', 'tar.gz', [{ name: 'link', type: 'symlink', target: '../../..' }], /symlink 'link' points outside/],
  ['tar-symlink-abs', 'tar.gz', [{ name: 'etc', type: 'symlink', target: '/etc' }], /symlink 'etc' points to an absolute path/],
  ['zip-dotdot', 'zip', [{ name: '../escaped.txt', content: 'owned' }], /\.\./],
  ['zip-symlink-out', 'zip', [{ name: 'up', type: 'symlink', target: '../../../..' }], /symlink 'up' points outside/],
  ['zip-symlink-abs', 'zip', [{ name: 'root', type: 'symlink', target: '/' }], /absolute path/],
  ['tar-through-symlink', 'tar.gz', [{ name: 'a', type: 'dir' }, { name: 'a/up', type: 'symlink', target: '..' }, { name: 'a/up/x.txt', content: 'via link' }], /below the symlink 'a\/up'/],
  ['tar-symlink-chain', 'tar.gz', [{ name: 'a', type: 'dir' }, { name: 'a/up', type: 'symlink', target: '..' }, { name: 'out', type: 'symlink', target: 'a/up/..' }], /'\.\.' after a name/],
  ['zip-through-symlink', 'zip', [{ name: 'a', type: 'dir' }, { name: 'a/up', type: 'symlink', target: '..' }, { name: 'a/up/up2', type: 'symlink', target: '..' }], /below the symlink 'a\/up'/],
];

for (const [id, format, entries, why] of attacks) {
  test.serial(`attack: a package with an entry escaping its directory is refused (${id})`, async (t) => {
    await upload(id, '1', format, format === 'zip' ? zip(entries) : tarGz(entries));
    await cluster.api.AddTask({ jobId: 'apps', task: { id, commandLine: 'true', applicationPackageReferences: [{ applicationId: id, version: '1' }] } });
    const task = await cluster.waitForTask('apps', id);
    t.is(task.executionInfo!.result, 'failure');
    t.is(task.executionInfo!.failureInfo!.code, 'ApplicationPackageError');
    t.regex(task.executionInfo!.failureInfo!.message, why);
    const names = await readdir(appsDir());
    t.false(names.includes(`${id}#1`), 'no package directory taken for done');
    t.deepEqual(names.filter((n) => n.startsWith('.tmp-')), []);
    t.false(names.includes('escaped.txt'));
    t.false((await readdir(cluster.nodeRoot('node-1'))).includes('escaped.txt'));
    t.false((await readdir('/tmp')).includes('troupe-escaped-abs.txt'));
  });
}
