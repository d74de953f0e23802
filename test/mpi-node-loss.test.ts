// The loss of a non-primary instance's node while mpiexec runs: mpiexec fails at once (its remote
// daemon is gone), before the coordinator has declared the node lost. That failure is the node's,
// not the task's: the whole gang goes back to the queue, with no retry spent.
import test from 'ava';
import { startCluster } from './helpers/cluster.ts';
import { processesCarrying } from '../src/worker/process/straggler-sweep.ts';
import { compileMpiPrograms, MPI_FLAVOURS, type MpiPrograms } from './helpers/mpi-programs.ts';

let programs: MpiPrograms;
test.before(async () => {
  programs = await compileMpiPrograms();
});
test.after.always(() => programs?.remove());

for (const flavour of ['openmpi', 'mpich'] as const) {
  test.serial(`${flavour}: kill -9 of a non-primary instance's worker requeues the gang instead of failing it`, async (t) => {
    const c = await startCluster({ workers: 3, slots: 2, pool: 'mpi', interNode: true });
    t.teardown(() => c.stop());
    await c.api.CreateJob({ job: { id: 'loss', poolInfo: { poolId: 'mpi' } } });
    const marker = `loss-${flavour}-${process.pid}`;
    await c.api.AddTask({
      jobId: 'loss',
      task: {
        id: 'gang',
        commandArgs: [MPI_FLAVOURS[flavour].mpiexec, '-np', '6', programs.path(flavour, 'hang')],
        environmentSettings: [{ name: 'TROUPE_TEST_MARKER', value: marker }],
        multiInstanceSettings: { numberOfInstances: 3 },
        constraints: { maxTaskRetryCount: 0 },
      },
    });
    await c.until('every rank ready', async () => ((await c.readOutput('loss', 'gang').catch(() => '')).match(/ready/g) ?? []).length === 6, 120_000);
    const { subtasks } = await c.api.ListSubtasks({ jobId: 'loss', taskId: 'gang' });
    const primary = subtasks.find((s) => s.id === 0)!.nodeId;
    const victim = subtasks.find((s) => s.id !== 0)!.nodeId;
    t.not(victim, primary);
    await c.workers.get(victim)!.crash();
    // Requeued: back to active. The killed node still looks alive until the node timeout, but the
    // primary reported it lost, so the gang is not dispatched to it again: two nodes are left,
    // the gang needs three, so it waits in the queue (its subtasks below are this attempt's).
    const requeued = await c.until('the gang to be requeued', async () => {
      const task = await c.api.GetTask({ jobId: 'loss', taskId: 'gang' });
      return task.state === 'active' && task.executionInfo!.requeueCount >= 1 ? task : task.state === 'completed' ? task : undefined;
    }, 120_000);
    t.is(requeued.state, 'active', `not failed: ${JSON.stringify(requeued.executionInfo?.failureInfo)}`);
    t.is(requeued.executionInfo!.retryCount, 0, 'no retry spent on a lost node');
    const after = await c.api.ListSubtasks({ jobId: 'loss', taskId: 'gang' });
    t.deepEqual(after.subtasks.map((s) => s.state), ['completed', 'completed', 'completed'], 'no subtask of the attempt stays open');
    // No rank or daemon of the attempt is left on any node, the lost one's included.
    await c.until('every process of the attempt to be gone', async () => (await processesCarrying(`TROUPE_TEST_MARKER=${marker}`)).length === 0, 60_000);
    // Still queued, not sent to the dead node meanwhile.
    const waiting = await c.api.GetTask({ jobId: 'loss', taskId: 'gang' });
    t.deepEqual([waiting.state, waiting.executionInfo!.requeueCount], ['active', requeued.executionInfo!.requeueCount]);
    // With the node back, the gang runs again, on all three.
    await c.startWorker(victim);
    await c.waitForTask('loss', 'gang', 'running', 120_000);
    await c.api.TerminateTask({ jobId: 'loss', taskId: 'gang' });
    const done = await c.waitForTask('loss', 'gang', 'completed', 120_000);
    t.is(done.executionInfo!.failureInfo!.code, 'TaskTerminated');
  });
}
