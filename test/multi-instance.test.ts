// Multi-instance tasks with real daemons and plain commands (no MPI here: test/mpi.test.ts runs
// real mpiexec): gang reservation, the environment and hostfiles, coordination then application,
// subtasks, failure, termination, a lost node and the start-up deadline.
import test from 'ava';
import { status } from '@grpc/grpc-js';
import { spawnSync } from 'node:child_process';
import { processesMatching, startCluster, TROUPE_BIN, type TestCluster } from './helpers/cluster.ts';

const sh = (script: string) => ['/bin/sh', '-c', script];

function gangTask(id: string, instances: number, app: string[], coordination = '', extra: Record<string, unknown> = {}) {
  return {
    id,
    commandArgs: app,
    multiInstanceSettings: { numberOfInstances: instances, coordinationCommandLine: coordination },
    ...extra,
  };
}

async function mpiCluster(t: { teardown(fn: () => Promise<void>): void }, workers = 3, extra: Parameters<typeof startCluster>[0] = {}): Promise<TestCluster> {
  const c = await startCluster({ workers, slots: 2, pool: 'mpi', interNode: true, ...extra });
  t.teardown(() => c.stop());
  return c;
}

test('a 3-instance task gets its nodes at once, the Azure Batch variables, hostfiles, and runs coordination then application', async (t) => {
  const c = await mpiCluster(t);
  await c.api.CreateJob({ job: { id: 'sim', poolInfo: { poolId: 'mpi' } } });
  const app = sh('echo "master=$AZ_BATCH_IS_CURRENT_NODE_MASTER"; echo "hosts=$AZ_BATCH_HOST_LIST"; echo "nodes=$AZ_BATCH_NODE_LIST";'
    + ' echo "masternode=$AZ_BATCH_MASTER_NODE"; echo "ccp=$CCP_NODES"; echo "shared=$AZ_BATCH_TASK_SHARED_DIR";'
    + ' echo "ready=$(cat "$AZ_BATCH_TASK_SHARED_DIR/ready")"; echo "--ompi"; cat "$OMPI_MCA_orte_default_hostfile"; echo "--mpich"; cat "$HYDRA_HOST_FILE"');
  const coordination = `/bin/sh -c 'echo "coordinated on $AZ_BATCH_NODE_ID master=$AZ_BATCH_IS_CURRENT_NODE_MASTER"; echo $AZ_BATCH_NODE_ID > "$AZ_BATCH_TASK_SHARED_DIR/ready"'`;
  await c.api.AddTask({ jobId: 'sim', task: gangTask('run1', 3, app, coordination) });
  const task = await c.waitForTask('sim', 'run1');
  t.is(task.executionInfo?.result, 'success', JSON.stringify(task.executionInfo));
  t.is(task.multiInstanceSettings?.numberOfInstances, 3);

  const { subtasks } = await c.api.ListSubtasks({ jobId: 'sim', taskId: 'run1' });
  t.deepEqual(subtasks.map((s) => s.id), [0, 1, 2]);
  t.is(new Set(subtasks.map((s) => s.nodeId)).size, 3, 'every instance on a node of its own');
  t.is(subtasks[0]!.nodeId, task.executionInfo?.nodeId ?? "");
  const addresses = subtasks.map((s) => s.nodeAddress);
  t.true(addresses.every((a) => /^127\.0\.1\.[123]$/.test(a)), addresses.join(','));
  await c.until('every subtask completed', async () => {
    const r = await c.api.ListSubtasks({ jobId: 'sim', taskId: 'run1' });
    return r.subtasks.every((s) => s.state === 'completed');
  });
  const done = (await c.api.ListSubtasks({ jobId: 'sim', taskId: 'run1' })).subtasks;
  t.true(done.every((s) => s.result === 'success' && s.exitCode === 0), JSON.stringify(done));
  t.true(done.every((s) => s.slots === 2), 'a whole node each: its 2 slots');

  const out = await c.readOutput('sim', 'run1');
  t.true(out.includes('master=true'), out);
  t.true(out.includes(`hosts=${addresses.join(',')}`), out);
  t.true(out.includes(`nodes=${addresses.join(';')}`), out);
  t.regex(out, new RegExp(`masternode=${addresses[0]!.replace(/\./g, '\\.')}:\\d+`));
  t.true(out.includes(`ccp=3 ${addresses.map((a) => `${a} 2`).join(' ')}`), out);
  t.regex(out, /shared=\/.*\/workitems\/sim\/job-1\/run1\n/);
  t.true(out.includes(`ready=${subtasks[0]!.nodeId ?? ''}`), 'the coordination command ran on the primary before the application');
  t.true(out.includes(`--ompi\n${addresses.map((a) => `${a} slots=2`).join('\n')}`), out);
  t.true(out.includes(`--mpich\n${addresses.map((a) => `${a}:2`).join('\n')}`), out);

  // Each subtask's own output: the coordination command's (the primary keeps it apart).
  const second = await c.readOutput('sim', 'run1', 'stdout', 1);
  t.is(second.trim(), `coordinated on ${subtasks[1]!.nodeId} master=false`);
  const primaryCoordination = await c.readOutput('sim', 'run1', 'coordination-stdout');
  t.is(primaryCoordination.trim(), `coordinated on ${subtasks[0]!.nodeId} master=true`);

  // The CLI's form, in Azure Batch's names (SubtaskInformation).
  const cli = spawnSync(process.execPath, [TROUPE_BIN, 'task', 'subtasks', '--job', 'sim', '--id', 'run1', '-o', 'json'], { env: { ...process.env, ...c.cliEnv() }, encoding: 'utf8' });
  t.is(cli.status, 0, cli.stderr);
  const rows = JSON.parse(cli.stdout) as { id: number; nodeInfo: { nodeId: string; ipAddress: string }; state: string; exitCode: number }[];
  t.deepEqual(rows.map((r) => [r.id, r.nodeInfo.nodeId, r.nodeInfo.ipAddress, r.state, r.exitCode]), done.map((s) => [s.id, s.nodeId, s.nodeAddress, 'completed', 0]));
});

test('requests that could never run are refused when added, saying why', async (t) => {
  const c = await mpiCluster(t);
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpi' } } });
  const tooMany = await t.throwsAsync(c.api.AddTask({ jobId: 'j', task: gangTask('big', 4, ['/bin/true']) }));
  t.is((tooMany as { code?: number }).code, status.FAILED_PRECONDITION);
  t.regex(tooMany!.message, /multiInstanceSettings\.numberOfInstances 4 is more than the 3 node\(s\) in pool 'mpi'/);
  const tooWide = await t.throwsAsync(c.api.AddTask({ jobId: 'j', task: gangTask('wide', 2, ['/bin/true'], '', { requiredSlots: 3 }) }));
  t.is((tooWide as { code?: number }).code, status.FAILED_PRECONDITION);

  await c.api.CreatePool({ pool: { id: 'plain', taskSlotsPerNode: 1 } });
  await c.api.CreateJob({ job: { id: 'k', poolInfo: { poolId: 'plain' } } });
  const noInterNode = await t.throwsAsync(c.api.AddTask({ jobId: 'k', task: gangTask('x', 1, ['/bin/true']) }));
  t.is((noInterNode as { code?: number }).code, status.FAILED_PRECONDITION);
  t.regex(noInterNode!.message, /does not enable inter-node communication/);

  const zero = await t.throwsAsync(c.api.AddTask({ jobId: 'j', task: gangTask('zero', 0, ['/bin/true']) }));
  t.is((zero as { code?: number }).code, status.INVALID_ARGUMENT);
  t.regex(zero!.message, /task\.multiInstanceSettings\.numberOfInstances/);
  const { tasks } = await c.api.ListTasks({ jobId: 'j' });
  t.is(tasks.length, 0, 'nothing refused was stored');

  // ListSubtasks and a subtask's output: bad input named, never a crash.
  await c.api.AddTask({ jobId: 'j', task: { id: 'single', commandArgs: ['/bin/true'] } });
  const notGang = await t.throwsAsync(c.api.ListSubtasks({ jobId: 'j', taskId: 'single' }));
  t.is((notGang as { code?: number }).code, status.FAILED_PRECONDITION);
  t.regex(notGang!.message, /not a multi-instance task/);
  t.is(((await t.throwsAsync(c.api.ListSubtasks({ jobId: 'j', taskId: 'nope' }))) as { code?: number }).code, status.NOT_FOUND);
  const badId = await t.throwsAsync(c.api.ListSubtasks({ jobId: 'j', taskId: '../x' }));
  t.is((badId as { code?: number }).code, status.INVALID_ARGUMENT);
  t.regex(badId!.message, /taskId/);
  await c.api.AddTask({ jobId: 'j', task: gangTask('pair', 2, ['/bin/true']) });
  await c.waitForTask('j', 'pair');
  const noSuchSubtask = await t.throwsAsync(c.readOutput('j', 'pair', 'stdout', 5));
  t.is((noSuchSubtask as { code?: number }).code, status.NOT_FOUND);
  t.regex(noSuchSubtask!.message, /subtaskId: task 'pair' has no subtask 5 \(its current attempt has 2\)/);
});

test('gangs competing for the same nodes never deadlock, and small tasks do not starve a gang', async (t) => {
  const c = await mpiCluster(t);
  // Two jobs: gangs of 2 whole nodes (of 3) each, interleaved with single tasks of a later job.
  await c.api.CreateJob({ job: { id: 'gangs', poolInfo: { poolId: 'mpi' } } });
  await c.api.CreateJob({ job: { id: 'small', poolInfo: { poolId: 'mpi' } } });
  const gangs = ['g1', 'g2', 'g3', 'g4'];
  const { results } = await c.api.AddTaskCollection({
    jobId: 'gangs',
    tasks: [...gangs.map((id) => gangTask(id, 2, sh('sleep 0.3'), '/bin/true')), gangTask('all3', 3, sh('sleep 0.2'))],
  });
  t.true(results.every((r) => r.status === 'success'), JSON.stringify(results));
  await c.api.AddTaskCollection({ jobId: 'small', tasks: Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, commandArgs: sh('sleep 0.1') })) });
  await c.waitForJobTasks('gangs', 5, 120_000);
  await c.waitForJobTasks('small', 30, 120_000);
  for (const id of [...gangs, 'all3']) {
    const task = await c.api.GetTask({ jobId: 'gangs', taskId: id });
    t.is(task.executionInfo?.result, 'success', `${id}: ${JSON.stringify(task.executionInfo)}`);
    const { subtasks } = await c.api.ListSubtasks({ jobId: 'gangs', taskId: id });
    t.is(new Set(subtasks.map((s) => s.nodeId)).size, id === 'all3' ? 3 : 2);
  }
});

test('a failing coordination command fails the task without running the application; the exit code of the primary is the task\'s', async (t) => {
  const c = await mpiCluster(t);
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpi' } } });
  await c.api.AddTask({
    jobId: 'j',
    task: gangTask('badcoord', 3, sh('echo application ran'), `/bin/sh -c 'test "$AZ_BATCH_IS_CURRENT_NODE_MASTER" = true || exit 9'`, { constraints: { maxTaskRetryCount: 0 } }),
  });
  const failed = await c.waitForTask('j', 'badcoord');
  t.is(failed.executionInfo?.result, 'failure');
  t.is(failed.executionInfo?.failureInfo?.code, 'CoordinationCommandFailed');
  t.regex(failed.executionInfo?.failureInfo?.message ?? '', /coordination command failed on subtask [12] .*exit code 9/);
  const out = await c.readOutput('j', 'badcoord').catch(() => '');
  t.false(out.includes('application ran'));

  await c.api.AddTask({ jobId: 'j', task: gangTask('exit5', 3, sh('exit 5'), '', { constraints: { maxTaskRetryCount: 1 } }) });
  const five = await c.waitForTask('j', 'exit5');
  t.is(five.executionInfo?.exitCode, 5);
  t.is(five.executionInfo?.retryCount, 1, 'the retry policy applies to the gang as a whole');
  await c.until('the other instances released', async () => {
    const { subtasks } = await c.api.ListSubtasks({ jobId: 'j', taskId: 'exit5' });
    return subtasks.every((s) => s.state === 'completed');
  });
});

test('terminate ends every instance and leaves no process behind on any node', async (t) => {
  const c = await mpiCluster(t);
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpi' } } });
  const marker = `troupe-gang-marker-${process.pid}-${Date.now()}`;
  await c.api.AddTask({ jobId: 'j', task: gangTask('long', 3, sh(`sleep 300; echo ${marker}`), '/bin/true') });
  await c.until('the application running', async () => (await processesMatching(marker)).length >= 1);
  await c.api.TerminateTask({ jobId: 'j', taskId: 'long' });
  const task = await c.waitForTask('j', 'long');
  t.is(task.executionInfo?.failureInfo?.code, 'TaskTerminated');
  await c.until('every subtask completed', async () => {
    const { subtasks } = await c.api.ListSubtasks({ jobId: 'j', taskId: 'long' });
    return subtasks.every((s) => s.state === 'completed');
  });
  await c.until('no process of the task left', async () => (await processesMatching(marker)).length === 0, 30_000);
  t.deepEqual(await processesMatching(marker), []);
});

test('a worker killed mid-run fails the attempt and the retry lands on healthy nodes', async (t) => {
  // A short node timeout: the test waits for the killed worker's node to be found offline.
  const c = await mpiCluster(t, 4, { nodeTimeout: '3s' });
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpi' } } });
  const gate = `${c.dir}/gate`;
  await c.api.AddTask({
    jobId: 'j',
    task: gangTask('survivor', 3, sh(`while [ ! -e ${gate} ]; do sleep 0.1; done; echo done on $AZ_BATCH_NODE_ID`), '', { constraints: { maxTaskRetryCount: 2 } }),
  });
  const first = await c.until('the gang running', async () => {
    const r = await c.api.ListSubtasks({ jobId: 'j', taskId: 'survivor' });
    return r.subtasks.length === 3 && r.subtasks.every((s) => s.state === 'running') ? r.subtasks : undefined;
  });
  const victim = first[2]!.nodeId;
  await c.workers.get(victim)!.crash();
  const { writeFile } = await import('node:fs/promises');
  // The gate opens only once no attempt can hold the dead node any more: it is offline and the
  // task is queued or runs elsewhere. A requeue alone is not enough: one for another reason (a
  // healthy node's heartbeats late on a loaded machine) may have placed the current attempt on
  // the victim, and its primary, seeing the gate, would succeed before the node was found offline.
  await c.until('the task back in the queue or retried, off the dead node', async () => {
    const node = await c.api.GetNode({ nodeId: victim });
    if (node.state !== 'offline') return false;
    const task = await c.api.GetTask({ jobId: 'j', taskId: 'survivor' });
    if ((task.executionInfo?.requeueCount ?? 0) + (task.executionInfo?.retryCount ?? 0) < 1) return false;
    if (task.state === 'active') return true;
    const { subtasks } = await c.api.ListSubtasks({ jobId: 'j', taskId: 'survivor' });
    return task.state === 'running' && subtasks.length === 3 && !subtasks.some((s) => s.nodeId === victim);
  }, 60_000);
  await writeFile(gate, '');
  const task = await c.waitForTask('j', 'survivor', 'completed', 90_000);
  t.is(task.executionInfo?.result, 'success', JSON.stringify(task.executionInfo));
  const { subtasks } = await c.api.ListSubtasks({ jobId: 'j', taskId: 'survivor' });
  t.false(subtasks.some((s) => s.nodeId === victim), 'the new attempt avoided the dead node');
});

test('a gang whose instance never finishes setting up fails at the start-up deadline, naming it', async (t) => {
  // The deadline counts from the dispatch: the primary, whose coordination command passes at
  // once, must have reported it by then (or the message names it too), which a loaded machine
  // can take seconds for. 15 s is far more than that; the test waits for it anyway.
  const c = await mpiCluster(t, 3, { coordinatorArgs: ['--mpi-startup-timeout', '15s'] });
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpi' } } });
  await c.api.AddTask({
    jobId: 'j',
    task: gangTask('stuck', 3, ['/bin/true'], `/bin/sh -c 'test "$AZ_BATCH_IS_CURRENT_NODE_MASTER" = true || exec sleep 600'`, { constraints: { maxTaskRetryCount: 0 } }),
  });
  const task = await c.waitForTask('j', 'stuck');
  t.is(task.executionInfo?.failureInfo?.code, 'MultiInstanceStartupTimeout');
  t.regex(task.executionInfo?.failureInfo?.message ?? '', /did not start within 15 s: subtasks 1 \(node .*\), 2 \(node .*\) never finished/);
});

test('a coordinator killed while a gang sets up and runs is replaced, and the gang completes once, released everywhere', async (t) => {
  const c = await mpiCluster(t);
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpi' } } });
  const { writeFile } = await import('node:fs/promises');
  const coordinationGate = `${c.dir}/coordination-gate`;
  const appGate = `${c.dir}/app-gate`;
  await c.api.AddTask({
    jobId: 'j',
    task: gangTask('phoenix', 3, sh(`while [ ! -e ${appGate} ]; do sleep 0.1; done; echo ran once >> ${c.dir}/runs`),
      `/bin/sh -c 'while [ ! -e ${coordinationGate} ]; do sleep 0.1; done'`, { constraints: { maxTaskRetryCount: 0 } }),
  });
  await c.until('every instance set up', async () => {
    const r = await c.api.ListSubtasks({ jobId: 'j', taskId: 'phoenix' });
    return r.subtasks.length === 3 && r.subtasks.every((s) => s.state === 'running');
  });
  // Killed before the coordination commands end: their reports and the go to the primary are
  // the new coordinator's to handle.
  await c.coordinator.crash();
  await writeFile(coordinationGate, '');
  await c.startCoordinator();
  await c.until('the application running', async () => (await c.api.GetTask({ jobId: 'j', taskId: 'phoenix' })).state === 'running'
    && (await c.api.ListSubtasks({ jobId: 'j', taskId: 'phoenix' })).subtasks.every((s) => s.state === 'running'), 90_000);
  await writeFile(appGate, '');
  const task = await c.waitForTask('j', 'phoenix', 'completed', 90_000);
  t.is(task.executionInfo?.result, 'success', JSON.stringify(task.executionInfo));
  await c.until('every subtask released', async () =>
    (await c.api.ListSubtasks({ jobId: 'j', taskId: 'phoenix' })).subtasks.every((s) => s.state === 'completed' && s.result === 'success'));
  const { readFile } = await import('node:fs/promises');
  t.is(await readFile(`${c.dir}/runs`, 'utf8'), 'ran once\n');
});

test("a multi-instance task's resource and output files are the primary's", async (t) => {
  const c = await mpiCluster(t);
  const { StorageApi } = await import('../src/storage/storage-client.ts');
  const storage = new StorageApi(c.apiAddress, c.credentials);
  t.teardown(() => storage.close());
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'mpi' } } });
  await c.api.AddTask({
    jobId: 'j',
    task: gangTask('files', 3, sh('cat input.txt > result.txt; echo "$AZ_BATCH_HOST_LIST" >> result.txt'), '/bin/sh -c "ls input.txt 2>/dev/null; exit 0"', {
      resourceFiles: [{ inlineContent: Buffer.from('from the store\n'), filePath: 'input.txt' }],
      outputFiles: [{ filePattern: 'result.txt', destination: 'mi/result.txt', uploadCondition: 'tasksuccess' }],
    }),
  });
  const task = await c.waitForTask('j', 'files');
  t.is(task.executionInfo?.result, 'success', JSON.stringify(task.executionInfo));
  const parts: Buffer[] = [];
  for await (const m of storage.download('mi/result.txt')) if (m.data?.length) parts.push(m.data);
  const { subtasks } = await c.api.ListSubtasks({ jobId: 'j', taskId: 'files' });
  t.is(Buffer.concat(parts).toString(), `from the store\n${subtasks.map((s) => s.nodeAddress).join(',')}\n`);
  // The coordination command saw the file on the primary only.
  t.is((await c.readOutput('j', 'files', 'coordination-stdout')).trim(), 'input.txt');
  t.is((await c.readOutput('j', 'files', 'stdout', 1)).trim(), '');
});
