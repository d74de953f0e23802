// Real MPI through the whole of troupe: a coordinator and three workers (127.0.1.1-3), a
// multi-instance task whose application is a plain `mpiexec -np 6 ./program` (Open MPI's and
// MPICH's, unchanged: no --hostfile, no launcher flag), remote daemons started through the
// workers. Checked: every rank's output, the allreduce sum, exit codes, ranks really spread over
// the three workers (process tree), and nothing left behind after terminate or MPI_Abort.
import test, { type ExecutionContext } from 'ava';
import { readFile, readdir } from 'node:fs/promises';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';
import { compileMpiPrograms, MPI_FLAVOURS, type MpiFlavour, type MpiPrograms } from './helpers/mpi-programs.ts';

let programs: MpiPrograms;
test.before(async () => {
  programs = await compileMpiPrograms();
});
test.after.always(() => programs?.remove());

async function mpiCluster(t: ExecutionContext): Promise<TestCluster> {
  const c = await startCluster({ workers: 3, slots: 2, pool: 'mpi', interNode: true });
  t.teardown(() => c.stop());
  await c.api.CreateJob({ job: { id: 'sim', poolInfo: { poolId: 'mpi' } } });
  return c;
}

/** The task: `mpiexec -np N program` on 3 instances, marked so its processes can be found. */
function mpiTask(id: string, flavour: MpiFlavour, program: string, marker: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    commandArgs: [MPI_FLAVOURS[flavour].mpiexec, '-np', '6', programs.path(flavour, program)],
    environmentSettings: [{ name: 'TROUPE_TEST_MARKER', value: marker }],
    multiInstanceSettings: { numberOfInstances: 3, coordinationCommandLine: `/bin/sh -c 'hostname > "$AZ_BATCH_TASK_SHARED_DIR/ready"'` },
    constraints: { maxTaskRetryCount: 0 },
    ...extra,
  };
}

/** Live processes whose environment carries `marker`, with their parent pids. */
async function markedProcesses(marker: string): Promise<{ pid: number; ppid: number; cmd: string }[]> {
  const found: { pid: number; ppid: number; cmd: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8');
      if (!environ.includes(`TROUPE_TEST_MARKER=${marker}`)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim();
      found.push({ pid: Number(entry), ppid: Number(fields[1]), cmd });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function parentOf(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** Which worker daemon (node id) a process descends from. */
async function workerOf(c: TestCluster, pid: number): Promise<string | undefined> {
  const workers = new Map([...c.workers].map(([id, d]) => [d.process.pid!, id]));
  for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
    const id = workers.get(p);
    if (id) return id;
    p = await parentOf(p);
  }
  return undefined;
}

for (const flavour of ['openmpi', 'mpich'] as const) {
  test(`${flavour}: plain mpiexec -np 6 runs every rank across the 3 reserved nodes, and the allreduce sum is right`, async (t) => {
    const c = await mpiCluster(t);
    const marker = `${flavour}-hello-${process.pid}-${Date.now()}`;
    await c.api.AddTask({ jobId: 'sim', task: mpiTask('hello', flavour, 'hello', marker) });
    await c.api.AddTask({ jobId: 'sim', task: mpiTask('sum', flavour, 'allreduce', `${marker}-sum`) });
    const hello = await c.waitForTask('sim', 'hello', 'completed', 90_000);
    const helloOut = await c.readOutput('sim', 'hello');
    const helloErr = await c.readOutput('sim', 'hello', 'stderr');
    t.is(hello.executionInfo?.result, 'success', `${JSON.stringify(hello.executionInfo)}\n${helloOut}\n${helloErr}`);
    const ranks = [...helloOut.matchAll(/hello rank=(\d) size=6/g)].map((m) => Number(m[1])).sort();
    t.deepEqual(ranks, [0, 1, 2, 3, 4, 5], helloOut);

    const sum = await c.waitForTask('sim', 'sum', 'completed', 90_000);
    const sumOut = await c.readOutput('sim', 'sum');
    t.is(sum.executionInfo?.result, 'success', sumOut);
    t.regex(sumOut, /allreduce size=6 sum=15 expected=15 ok/);
    const { subtasks } = await c.api.ListSubtasks({ jobId: 'sim', taskId: 'hello' });
    t.is(new Set(subtasks.map((s) => s.nodeId)).size, 3);
  });

  test(`${flavour}: ranks run under every worker, and terminate leaves no rank or daemon behind on any node`, async (t) => {
    const c = await mpiCluster(t);
    const marker = `${flavour}-hang-${process.pid}-${Date.now()}`;
    await c.api.AddTask({ jobId: 'sim', task: mpiTask('hang', flavour, 'hang', marker) });
    // Six ranks up (each prints "ready"), then find them in the process table.
    await c.until('six ranks ready', async () => ((await c.readOutput('sim', 'hang').catch(() => '')).match(/ready/g)?.length ?? 0) === 6, 90_000);
    const ranks = (await markedProcesses(marker)).filter((p) => p.cmd.includes(programs.path(flavour, 'hang')) && !p.cmd.includes('mpiexec'));
    t.is(ranks.length, 6, JSON.stringify(ranks));
    const owners = new Set(await Promise.all(ranks.map((r) => workerOf(c, r.pid))));
    t.deepEqual([...owners].sort(), ['node-1', 'node-2', 'node-3'], 'ranks under each worker: remote daemons went through the workers');

    await c.api.TerminateTask({ jobId: 'sim', taskId: 'hang' });
    const task = await c.waitForTask('sim', 'hang');
    t.is(task.executionInfo?.failureInfo?.code, 'TaskTerminated');
    await c.until('every subtask completed', async () =>
      (await c.api.ListSubtasks({ jobId: 'sim', taskId: 'hang' })).subtasks.every((s) => s.state === 'completed'));
    await c.until('no process of the task left', async () => (await markedProcesses(marker)).length === 0, 30_000)
      .catch(async (err) => {
        throw new Error(`${(err as Error).message}: ${JSON.stringify(await markedProcesses(marker))}`);
      });
    t.deepEqual(await markedProcesses(marker), []);
  });

  test(`${flavour}: a rank calling MPI_Abort(3) fails the task with a non-zero exit code and leaves nothing behind`, async (t) => {
    const c = await mpiCluster(t);
    const marker = `${flavour}-abort-${process.pid}-${Date.now()}`;
    await c.api.AddTask({ jobId: 'sim', task: mpiTask('abort', flavour, 'abort', marker) });
    const task = await c.waitForTask('sim', 'abort', 'completed', 90_000);
    t.is(task.executionInfo?.result, 'failure');
    t.true((task.executionInfo?.exitCode ?? 0) !== 0, JSON.stringify(task.executionInfo));
    await c.until('every subtask completed', async () =>
      (await c.api.ListSubtasks({ jobId: 'sim', taskId: 'abort' })).subtasks.every((s) => s.state === 'completed'));
    await c.until('no process of the task left', async () => (await markedProcesses(marker)).length === 0, 30_000);
    t.pass();
  });
}

test('openmpi: maxWallClockTime kills every rank and daemon on every node', async (t) => {
  const c = await mpiCluster(t);
  const marker = `wallclock-${process.pid}-${Date.now()}`;
  // Every rank first says, in the task's output, which node it runs on and that it carries the
  // marker, then becomes `hang` (prints ready, sleeps until killed). The test reads that output
  // once the task has ended: the wall clock may fire at any time after the ranks are up, so the
  // process table, sampled while it runs, could already be empty.
  const rank = ['/bin/sh', '-c', `echo "rank on $AZ_BATCH_NODE_ID marker=$TROUPE_TEST_MARKER"; exec ${programs.path('openmpi', 'hang')}`];
  // The wall clock counts from the primary's set-up, so it also covers the gang's start and
  // mpiexec's (seconds on a loaded machine): it must not fire before every rank is up. 30 s
  // leaves room for a machine many times slower than an idle one; the test waits for it anyway.
  await c.api.AddTask({
    jobId: 'sim',
    task: mpiTask('slow', 'openmpi', 'hang', marker, {
      commandArgs: [MPI_FLAVOURS.openmpi.mpiexec, '-np', '6', ...rank],
      constraints: { maxTaskRetryCount: 0, maxWallClockTime: '30s' },
    }),
  });
  const task = await c.waitForTask('sim', 'slow', 'completed', 90_000);
  const out = await c.readOutput('sim', 'slow');
  t.is(task.executionInfo?.failureInfo?.code, 'MaxWallClockTimeExceeded', `${JSON.stringify(task.executionInfo)}\n${out}`);
  // Six ranks were up (hang never exits by itself: they were still running when the wall clock
  // fired), two on each node, each carrying the marker the process table is searched for below.
  const ready = [...out.matchAll(/hang rank=(\d) ready/g)].map((m) => Number(m[1])).sort();
  t.deepEqual(ready, [0, 1, 2, 3, 4, 5], out);
  const placed = [...out.matchAll(/^rank on (\S+) marker=(\S*)$/gm)];
  t.deepEqual(placed.map((m) => m[1]).sort(), ['node-1', 'node-1', 'node-2', 'node-2', 'node-3', 'node-3'], out);
  t.true(placed.every((m) => m[2] === marker), out);
  await c.until('no process of the task left', async () => (await markedProcesses(marker)).length === 0, 60_000)
    .catch(async (err) => {
      throw new Error(`${(err as Error).message}: ${JSON.stringify(await markedProcesses(marker))}`);
    });
  t.deepEqual(await markedProcesses(marker), []);
});

test('openmpi: a remote daemon that never calls back fails the task at the start-up deadline, leaving nothing behind', async (t) => {
  const c = await mpiCluster(t);
  const marker = `nocallback-${process.pid}-${Date.now()}`;
  const task = mpiTask('stuck', 'openmpi', 'hello', marker);
  task.environmentSettings.push(
    { name: 'OMPI_MCA_orte_launch_agent', value: fixture('never-calls-back.sh') },
    { name: 'TROUPE_MPI_CALLBACK_TIMEOUT', value: '4' },
  );
  await c.api.AddTask({ jobId: 'sim', task });
  const done = await c.waitForTask('sim', 'stuck', 'completed', 90_000);
  t.is(done.executionInfo?.result, 'failure');
  // Ended by the instance that saw it: the primary's own (mpiexec reaches its node through a
  // daemon too, hosts being addresses), or another, whose failure ends the gang.
  t.true(['MpiDaemonNoCallback', 'SubtaskFailed'].includes(done.executionInfo?.failureInfo?.code ?? ''), JSON.stringify(done.executionInfo));
  t.regex(done.executionInfo?.failureInfo?.message ?? '', /the MPI daemon mpiexec started on node node-\d \(127\.0\.1\.\d\) did not connect back within 4 s/);
  await c.until('no process of the task left', async () => (await markedProcesses(marker)).length === 0, 30_000);
  t.deepEqual(await markedProcesses(marker), []);
});
