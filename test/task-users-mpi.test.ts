// A multi-instance task's ranks and remote daemons run as the task's user on every node (the
// workers run as root), under Open MPI and MPICH alike: every rank prints its `id -u`/`id -g`
// and whether Open MPI's run-as-root consent reached it (only a root task needs it).
import test from 'ava';
import { startCluster } from './helpers/cluster.ts';
import { MPI_FLAVOURS } from './helpers/mpi-programs.ts';

const RANK = `echo "$(id -u):$(id -g):\${OMPI_ALLOW_RUN_AS_ROOT:-none}:$AZ_BATCH_NODE_ID"`;

for (const flavour of ['openmpi', 'mpich'] as const) {
  test(`${flavour}: every rank on every node runs as the task's user; a default task's ranks are not root`, async (t) => {
    const c = await startCluster({
      workers: 3, slots: 2, pool: 'mpiusers', interNode: true,
      poolFields: { userAccounts: [{ name: 'mpiuser', linuxUserConfiguration: { uid: 32001, gid: 32002 } }] },
    });
    t.teardown(() => c.stop());
    await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpiusers' } } });
    const task = (id: string, userIdentity: Record<string, unknown> | null) => ({
      id, userIdentity,
      commandArgs: [MPI_FLAVOURS[flavour].mpiexec, '-np', '6', '/bin/sh', '-c', RANK],
      multiInstanceSettings: { numberOfInstances: 3, coordinationCommandLine: `/bin/sh -c 'id -u > "$AZ_BATCH_TASK_SHARED_DIR/coordinated-as"'` },
      constraints: { maxTaskRetryCount: 0 },
    });
    await c.api.AddTask({ jobId: 'j', task: task('named', { userName: 'mpiuser' }) });
    await c.api.AddTask({ jobId: 'j', task: task('default', null) });
    for (const id of ['named', 'default']) {
      const done = await c.waitForTask('j', id, 'completed', 120_000);
      t.is(done.executionInfo!.result, 'success', `${id}: ${await c.readOutput('j', id, 'stderr')}`);
    }
    const ranks = async (id: string) => (await c.readOutput('j', id)).trim().split('\n').map((l) => l.split(':'));
    const named = await ranks('named');
    t.is(named.length, 6);
    t.deepEqual([...new Set(named.map(([u, g, consent]) => `${u}:${g}:${consent}`))], ['32001:32002:none']);
    t.deepEqual([...new Set(named.map((r) => r[3]))].sort(), ['node-1', 'node-2', 'node-3'], 'ranks ran on every node');
    const dflt = await ranks('default');
    t.is(dflt.length, 6);
    for (const [uid, gid, consent, node] of dflt) {
      t.true(Number(uid) >= 20000 && Number(uid) <= 29999, `rank on ${node} ran as ${uid}`);
      t.is(gid, uid);
      t.is(consent, 'none');
    }
    t.deepEqual([...new Set(dflt.map((r) => r[3]))].sort(), ['node-1', 'node-2', 'node-3']);
  });
}
