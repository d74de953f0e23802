// The walk-through with the real `troupe` CLI against a real cluster: inputs and an
// application uploaded, a pool that references the application, a task with resource and output
// files, and the results downloaded.
import test from 'ava';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { tarGz } from './helpers/archives.ts';
import { TroupeStore } from '../src/storage/object-store.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  cluster = await startCluster({ workers: 0, pool: 'render', createPool: false });
});

const troupe = (args: string[]) => cluster.troupe(args);

test.serial('upload inputs and an app, run a task that uses them, download its results', async (t) => {
  const inputs = path.join(cluster.dir, 'inputs');
  await mkdir(path.join(inputs, 'textures'), { recursive: true });
  await writeFile(path.join(inputs, 'scene.bin'), 'a scene');
  await writeFile(path.join(inputs, 'textures', 'wood.png'), 'wood');
  const up = await troupe(['file', 'upload', inputs, '--to', 'inputs/', '-o', 'json']);
  t.is(up.code, 0, up.stderr);
  t.deepEqual(JSON.parse(up.stdout).map((f: { path: string }) => f.path), ['inputs/scene.bin', 'inputs/textures/wood.png']);

  const archive = path.join(cluster.dir, 'blender.tar.gz');
  await writeFile(archive, tarGz([{ name: 'bin/render', mode: 0o755, content: '#!/bin/sh\nmkdir -p "$2" && echo "rendered $(cat "$1")" > "$2/frame.png" && echo "log line"\n' }]));
  const app = await troupe(['app', 'upload', '--name', 'blender', '--version', '3.6', archive]);
  t.is(app.code, 0, app.stderr);
  const again = await troupe(['app', 'upload', '--name', 'blender', '--version', '3.6', archive]);
  t.is(again.code, 1);
  t.regex(again.stderr, /already exists/);
  const apps = await troupe(['app', 'list', '-o', 'json']);
  t.deepEqual(JSON.parse(apps.stdout).map((p: { applicationId: string; version: string; format: string }) => `${p.applicationId} ${p.version} ${p.format}`), ['blender 3.6 tar.gz']);

  const pool = await troupe(['pool', 'create', '--id', 'render', '--slots', '2', '--app', 'blender:3.6']);
  t.is(pool.code, 0, pool.stderr);
  await cluster.startWorker('node-1');
  await cluster.waitForNodes(1, 'idle');
  t.is((await troupe(['job', 'create', '--id', 'J', '--pool', 'render'])).code, 0);
  const add = await troupe([
    'task', 'add', '--job', 'J', '--id', 'frame7',
    '--resource', 'inputs/scene.bin=scene.bin', '--resource', 'inputs/textures/=tex/',
    '--output', 'out/*.png=>results/frame7/', '--output', '../stdout.txt=>results/frame7/logs/', '--output-when', 'tasksuccess',
    '--', '/bin/sh', '-c', 'test -f tex/wood.png && $AZ_BATCH_APP_PACKAGE_blender_3_6/bin/render scene.bin out/',
  ]);
  t.is(add.code, 0, add.stderr);
  const wait = await troupe(['job', 'wait', 'J']);
  t.is(wait.code, 0, wait.stdout + wait.stderr);

  const local = path.join(cluster.dir, 'local');
  const down = await troupe(['file', 'download', 'results/frame7/', local]);
  t.is(down.code, 0, down.stderr);
  t.is(await readFile(path.join(local, 'frame.png'), 'utf8'), 'rendered a scene\n');
  t.is(await readFile(path.join(local, 'logs', 'stdout.txt'), 'utf8'), 'log line\n');

  const list = await troupe(['file', 'list', '--prefix', 'results/', '-o', 'json']);
  t.deepEqual(JSON.parse(list.stdout).map((f: { path: string }) => f.path), ['results/frame7/frame.png', 'results/frame7/logs/stdout.txt']);
  const del = await troupe(['file', 'delete', 'results/']);
  t.is(del.code, 0, del.stderr);
  t.regex(del.stdout, /deleted 2 files/);
  const empty = await troupe(['file', 'download', 'results/', path.join(cluster.dir, 'none')]);
  t.is(empty.code, 1);
  t.deepEqual(await readdir(local), ['frame.png', 'logs']);
});

test.serial('malformed file options are usage errors naming the option', async (t) => {
  const badApp = await troupe(['task', 'add', '--job', 'J', '--id', 'x', '--app', 'noversion', '--', 'true']);
  t.is(badApp.code, 2);
  t.regex(badApp.stderr, /--app expects NAME:VERSION/);
  const badOut = await troupe(['task', 'add', '--job', 'J', '--id', 'x', '--output', 'no-arrow', '--', 'true']);
  t.is(badOut.code, 2);
  t.regex(badOut.stderr, /--output expects 'PATTERN=>DESTINATION'/);
  const badWhen = await troupe(['task', 'add', '--job', 'J', '--id', 'x', '--output', 'a=>b', '--output-when', 'sometimes', '--', 'true']);
  t.is(badWhen.code, 2);
  const escape = await troupe(['task', 'add', '--job', 'J', '--id', 'x', '--resource', 'inputs/scene.bin=../../x', '--', 'true']);
  t.is(escape.code, 1);
  t.regex(escape.stderr, /task\.resourceFiles\[0\]\.filePath/);
});

test.serial('attack: an object whose name climbs out (written behind the API) is not downloaded outside the directory', async (t) => {
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  await new TroupeStore(nc).files.write('evil/../../../escaped.txt', (async function* () { yield Buffer.from('owned'); })());
  const into = path.join(cluster.dir, 'dl', 'inner');
  const r = await troupe(['file', 'download', 'evil/', into]);
  t.is(r.code, 1);
  t.regex(r.stderr, /cannot become a local file/);
  t.false((await readdir(cluster.dir)).includes('escaped.txt'));
  t.false((await readdir(path.dirname(cluster.dir))).includes('escaped.txt'));
});
