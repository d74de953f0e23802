// Multi-instance (MPI) tasks on simulated hosts: each worker in its own network and mount
// namespaces, as separate machines would be, all with the same --root path or each with its
// own. Every rank must see its own node's AZ_BATCH_* variables, TMPDIR and task working
// directory, and start in that directory, under both Open MPI and MPICH.
import test from 'ava';
import { readFile, rm } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import path from 'node:path';
import { startCluster } from './helpers/cluster.ts';
import { MPI_FLAVOURS } from './helpers/mpi-programs.ts';

/** One rank per node: what each MPI calls it. */
const ONE_PER_NODE = { openmpi: ['--map-by', 'node'], mpich: ['-ppn', '1'] } as const;

for (const flavour of ['openmpi', 'mpich'] as const) {
  for (const rootPerHost of [false, true]) {
    const roots = rootPerHost ? 'a --root of its own on every node' : 'one --root path on every node';
    test(`${flavour}, ${roots}: every rank sees its own node's AZ_BATCH_*, TMPDIR and working directory, and starts there`, async (t) => {
      const c = await startCluster({ workers: 3, slots: 2, pool: 'mpi', interNode: true, hosts: true, rootPerHost });
      t.teardown(() => c.stop());
      const log = await taskScratchDir('/var/tmp/troupe-mpi-hosts-');
      t.teardown(() => rm(log, { recursive: true, force: true }));
      await c.api.CreateJob({ job: { id: 'env', poolInfo: { poolId: 'mpi' } } });
      // Fields: node, master flag, working dir (as named), TMPDIR, TMPDIR exists, $PWD, the
      // physical cwd, the node's root, the rank's host address.
      const rank = 'tmp=no; [ -d "$TMPDIR" ] && tmp=yes; '
        + 'echo "$AZ_BATCH_NODE_ID $AZ_BATCH_IS_CURRENT_NODE_MASTER $AZ_BATCH_TASK_WORKING_DIR $TMPDIR $tmp $PWD $(pwd -P) $AZ_BATCH_NODE_ROOT_DIR '
        + `$(hostname -I | tr -d ' ')" >> ${log}/ranks`;
      await c.api.AddTask({
        jobId: 'env',
        task: {
          id: 'ranks',
          commandArgs: [MPI_FLAVOURS[flavour].mpiexec, '-np', '3', ...ONE_PER_NODE[flavour], '/bin/sh', '-c', rank],
          multiInstanceSettings: { numberOfInstances: 3 },
          constraints: { maxTaskRetryCount: 0 },
        },
      });
      const done = await c.waitForTask('env', 'ranks', 'completed', 120_000);
      const lines = (await readFile(path.join(log, 'ranks'), 'utf8').catch(() => '')).trim().split('\n').sort();
      t.log(lines.join('\n'));
      t.is(done.executionInfo!.result, 'success', JSON.stringify(done.executionInfo!.failureInfo) + await c.readOutput('env', 'ranks', 'stderr'));
      const { subtasks } = await c.api.ListSubtasks({ jobId: 'env', taskId: 'ranks' });
      t.is(lines.length, 3);
      const nodes = lines.map((l) => l.split(' ')[0]);
      t.deepEqual(nodes, ['node-1', 'node-2', 'node-3'], 'one rank per node, each seeing its own node id');
      const primary = subtasks.find((s) => s.id === 0)?.nodeId ?? done.executionInfo!.nodeId;
      const rootsSeen = new Set<string>();
      for (const l of lines) {
        const [node, master, wd, tmpdir, tmpExists, pwd, physical, root] = l.split(' ');
        t.is(master, node === primary ? 'true' : 'false', `${node}: AZ_BATCH_IS_CURRENT_NODE_MASTER`);
        t.is(tmpExists, 'yes', `${node}: its TMPDIR (${tmpdir}) exists on its node`);
        // Hydra passes the directory on as named; Open MPI sets PWD to the physical one it entered.
        t.true(pwd === wd || pwd === physical, `${node}: $PWD (${pwd}) names its working directory`);
        t.is(root, c.host(node!).rootPath, `${node}: AZ_BATCH_NODE_ROOT_DIR is its own --root`);
        t.true(physical!.startsWith(`${root}/workitems/`), `${node}: started in its own working directory, under its own root (${physical})`);
        rootsSeen.add(root!);
      }
      t.is(rootsSeen.size, rootPerHost ? 3 : 1);
      // The directories are named alike on every node (as on Azure Batch, whose nodes have one
      // layout), so that a path the primary hands mpiexec is valid on every node.
      t.is(new Set(lines.map((l) => l.split(' ')[2])).size, 1, 'AZ_BATCH_TASK_WORKING_DIR is the same path on every node');
    });
  }
}
