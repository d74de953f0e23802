// Resource files of the tasks that prepare nodes (pool start task, job preparation and release
// tasks) and a multi-instance task's common resource files: fetched before the command runs, a
// failure naming the file.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCluster } from './helpers/cluster.ts';

const inline = (text: string, filePath: string) => ({ inlineContent: Buffer.from(text), filePath });

test('a start task gets its resource files in startup/wd; one that cannot be fetched fails the start task, naming it', async (t) => {
  const c = await startCluster({
    workers: 1, pool: 'files',
    poolStartTask: { commandLine: `/bin/sh -c 'cat conf.txt > "$AZ_BATCH_NODE_SHARED_DIR/conf"'`, resourceFiles: [inline('configured\n', 'conf.txt')], waitForSuccess: true },
  });
  t.teardown(() => c.stop());
  await c.waitForNodes(1, 'idle');
  t.is(await readFile(path.join(c.nodeRoot('node-1'), 'shared/conf'), 'utf8'), 'configured\n');
  const pool = await c.api.GetPool({ poolId: 'files' });
  t.is(pool.startTask?.resourceFiles?.[0]?.filePath, 'conf.txt');

  await c.api.CreatePool({ pool: { id: 'broken', taskSlotsPerNode: 1, startTask: { commandLine: '/bin/true', resourceFiles: [{ storagePath: 'nowhere/missing.bin', filePath: 'm.bin' }], waitForSuccess: true } } });
  await c.startWorker('node-b', ['--pool', 'broken']);
  const failed = await c.until('the start task to fail', async () => {
    const n = await c.api.GetNode({ nodeId: 'node-b' });
    return n.state === 'starttaskfailed' ? n : undefined;
  });
  t.is(failed.startTaskInfo?.failureInfo?.code, 'ResourceFileDownloadError');
  t.regex(failed.startTaskInfo?.failureInfo?.message ?? '', /nowhere\/missing\.bin/);
});

test('job preparation and release tasks get their resource files; a gang gets its common resource files on every instance', async (t) => {
  const c = await startCluster({ workers: 3, slots: 1, pool: 'mpi', interNode: true });
  t.teardown(() => c.stop());
  await c.api.CreateJob({
    job: {
      id: 'j', poolInfo: { poolId: 'mpi' },
      jobPreparationTask: { commandLine: `/bin/sh -c 'cat prep.txt > "$AZ_BATCH_NODE_SHARED_DIR/prep"'`, resourceFiles: [inline('prepared\n', 'prep.txt')] },
    },
  });
  await c.api.AddTask({
    jobId: 'j',
    task: {
      id: 'gang', commandArgs: ['/bin/sh', '-c', 'cat "$AZ_BATCH_TASK_SHARED_DIR/common.txt" "$AZ_BATCH_NODE_SHARED_DIR/prep"'],
      multiInstanceSettings: {
        numberOfInstances: 3,
        coordinationCommandLine: `/bin/sh -c 'cat "$AZ_BATCH_TASK_SHARED_DIR/common.txt"'`,
        commonResourceFiles: [inline('shared by all\n', 'common.txt')],
      },
    },
  });
  const task = await c.waitForTask('j', 'gang');
  t.is(task.executionInfo?.result, 'success', JSON.stringify(task.executionInfo));
  t.is(await c.readOutput('j', 'gang'), 'shared by all\nprepared\n');
  for (const i of [1, 2]) t.is(await c.readOutput('j', 'gang', 'stdout', i), 'shared by all\n', `subtask ${i}`);
  t.is(task.multiInstanceSettings?.commonResourceFiles?.[0]?.filePath, 'common.txt');
});

test("a pool's application packages are installed before its start task, which sees AZ_BATCH_APP_PACKAGE_*", async (t) => {
  const c = await startCluster({ workers: 0, pool: 'unused', createPool: false });
  t.teardown(() => c.stop());
  const { StorageApi } = await import('../src/storage/storage-client.ts');
  const storage = new StorageApi(c.apiAddress, c.credentials);
  t.teardown(() => storage.close());
  const src = path.join(c.dir, 'app');
  await mkdir(path.join(src, 'bin'), { recursive: true });
  await writeFile(path.join(src, 'bin/run.sh'), '#!/bin/sh\necho tool 1.0 ran\n', { mode: 0o755 });
  const archive = path.join(c.dir, 'tool.tar.gz');
  execFileSync('tar', ['czf', archive, '-C', src, 'bin']);
  await storage.uploadApplicationPackage(archive, { applicationId: 'tool', version: '1.0', format: 'tar.gz' });
  await c.api.CreatePool({
    pool: {
      id: 'apps', taskSlotsPerNode: 1, applicationPackageReferences: [{ applicationId: 'tool', version: '1.0' }],
      startTask: { commandLine: `/bin/sh -c '"$AZ_BATCH_APP_PACKAGE_tool_1_0/bin/run.sh" > "$AZ_BATCH_NODE_SHARED_DIR/started-with"'`, waitForSuccess: true },
    },
  });
  await c.startWorker('node-a', ['--pool', 'apps']);
  await c.until('the node ready', async () => (await c.api.GetNode({ nodeId: 'node-a' })).state === 'idle');
  t.is(await readFile(path.join(c.nodeRoot('node-a'), 'shared/started-with'), 'utf8'), 'tool 1.0 ran\n');
});
