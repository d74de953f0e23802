// A multi-instance task's resource limits hold for its whole work on every node: the ranks and
// daemons mpiexec starts on the other nodes (through the workers' remote launch service) are in
// the instance's cgroups there, with the task's memory limit, and a rank that goes past it is
// killed and the task says why (its failure, or the stderr of the instance on that node).
import test from 'ava';
import { fixture, startCluster } from './helpers/cluster.ts';
import { MPI_FLAVOURS } from './helpers/mpi-programs.ts';

// Each rank: its node, and the memory limit of the memory cgroup it runs in (cgroup v1 here).
const RANK = 'echo "$AZ_BATCH_NODE_ID $(cat /sys/fs/cgroup/memory$(awk -F: \'$2=="memory"{print $3}\' /proc/self/cgroup)/memory.limit_in_bytes)"';

for (const flavour of ['openmpi', 'mpich'] as const) {
  test(`${flavour}: ranks on every node run under the task's memory limit; one past it is killed and its node says so`, async (t) => {
    const c = await startCluster({ workers: 2, slots: 2, pool: 'mpilimits', interNode: true });
    t.teardown(() => c.stop());
    await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpilimits' } } });
    const mpi = (id: string, argv: string[]) => ({
      id,
      commandArgs: [MPI_FLAVOURS[flavour].mpiexec, '-np', '4', ...argv],
      multiInstanceSettings: { numberOfInstances: 2 },
      constraints: { maxTaskRetryCount: 0, maxMemoryMib: 64 },
    });
    await c.api.AddTask({ jobId: 'j', task: mpi('limited', ['/bin/sh', '-c', RANK]) });
    const done = await c.waitForTask('j', 'limited', 'completed', 120_000);
    t.is(done.executionInfo!.result, 'success', await c.readOutput('j', 'limited', 'stderr'));
    const ranks = (await c.readOutput('j', 'limited')).trim().split('\n').map((l) => l.split(' '));
    t.is(ranks.length, 4);
    t.deepEqual([...new Set(ranks.map((r) => r[0]))].sort(), ['node-1', 'node-2'], 'ranks ran on both nodes');
    for (const [node, limit] of ranks) t.is(limit, String(64 * 1024 * 1024), `a rank on ${node} runs under the task's 64 MiB`);

    // Every rank allocates 256 MiB: the kernel kills them under the limit, on both nodes.
    await c.api.AddTask({ jobId: 'j', task: mpi('oom', ['/usr/bin/python3', fixture('allocate.py'), '256']) });
    const failed = await c.waitForTask('j', 'oom', 'completed', 120_000);
    t.is(failed.executionInfo!.result, 'failure');
    t.not(failed.executionInfo!.exitCode, 0);
    // Where the limit was hit says so: the primary's own processes in the task's failure, what
    // mpiexec started on a node in that node's instance stderr (whichever rank the kernel killed
    // first: mpiexec then ends the others).
    const said = [failed.executionInfo!.failureInfo?.message ?? '', await c.readOutput('j', 'oom', 'stderr'), await c.readOutput('j', 'oom', 'stderr', 1).catch(() => '')];
    t.true(said.some((text) => /memory limit of 64 MiB and (was|were) killed \(OOM\)/.test(text)), said.join('\n---\n'));
  });
}
