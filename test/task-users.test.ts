// Tasks run unprivileged (Azure Batch's userIdentity) on real workers running as root: the
// default auto-user (pool scope, nonadmin) is neither root nor the worker's user; task-scope
// users cannot read each other's files, not even when the uid goes to the next task; a named
// account runs with its uid and gid; admin elevation is root on a pool that allows it and is
// refused on one that does not; the start task and job preparation follow the same rules.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCluster, type TestCluster } from './helpers/cluster.ts';

const ID = `/bin/sh -c 'echo "$(id -u) $(id -g) $(id -G)"'`;

/** "uid gid groups..." as the task printed it. */
async function identityOf(c: TestCluster, jobId: string, taskId: string): Promise<{ uid: number; gid: number; groups: number[] }> {
  const task = await c.waitForTask(jobId, taskId);
  if (task.executionInfo!.result !== 'success') throw new Error(`${taskId} failed: ${JSON.stringify(task.executionInfo)}\n${await c.readOutput(jobId, taskId, 'stderr')}`);
  const [uid, gid, ...groups] = (await c.readOutput(jobId, taskId)).trim().split(/\s+/).map(Number);
  return { uid: uid!, gid: gid!, groups };
}

async function refused(t: import('ava').ExecutionContext, call: Promise<unknown>, code: grpc.status, message: RegExp) {
  const err = (await t.throwsAsync(call)) as grpc.ServiceError;
  t.is(err.code, code, `${grpc.status[code]} expected, got ${grpc.status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
}

test.serial('a default task runs as the pool auto-user: not root, not the worker, its own gid, no other groups; its directory is its own, mode 0700', async (t) => {
  t.is(process.getuid!(), 0, 'the workers must run as root for this test');
  const c = await startCluster({ workers: 1, slots: 2, pool: 'plain' });
  t.teardown(() => c.stop());
  t.is((await c.api.GetNode({ nodeId: 'node-1' })).taskUserIsolation, 'per-task-user');
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'plain' } } });
  await c.api.AddTask({ jobId: 'j', task: { id: 'a', commandLine: ID } });
  await c.api.AddTask({
    jobId: 'j',
    task: {
      id: 'b', commandLine: `/bin/sh -c 'echo "$(id -u) $(id -g) $(id -G)"; stat -c "%u %a" given.txt >&2'`,
      resourceFiles: [{ inlineContent: Buffer.from('hi'), filePath: 'given.txt' }],
    },
  });
  const a = await identityOf(c, 'j', 'a');
  const b = await identityOf(c, 'j', 'b');
  t.not(a.uid, 0);
  t.not(a.uid, process.getuid!());
  t.is(a.gid, a.uid);
  t.deepEqual(a.groups, [a.gid]);
  t.true(a.uid >= 20000 && a.uid <= 29999, `${a.uid} is in the default range`);
  t.is(b.uid, a.uid, 'pool scope: one user for the pool on a node');
  // The resource file the worker fetched is the task's.
  t.regex(await c.readOutput('j', 'b', 'stderr'), new RegExp(`^${a.uid} `));
  const dir = path.join(c.nodeRoot('node-1'), 'workitems/j/job-1/a');
  const st = await stat(dir);
  t.is(st.uid, a.uid);
  t.is(st.mode & 0o777, 0o700);
  t.is((await stat(path.join(dir, 'stdout.txt'))).uid, a.uid);
  t.is((await stat(path.join(dir, 'wd'))).uid, a.uid);
  // Shown as given: nothing (the default).
  t.is((await c.api.GetTask({ jobId: 'j', taskId: 'a' })).userIdentity, null);
});

test.serial('task-scope users cannot read each other\'s files, while running or after, even when the next task gets the same uid', async (t) => {
  // One uid in the range: the second task-scope task gets the uid the first gave back.
  const c = await startCluster({ workers: 0, slots: 2, pool: 'scoped' });
  t.teardown(() => c.stop());
  await c.startWorker('node-1', ['--task-uid-range', '27777-27778']);
  await c.waitForNodes(1, 'idle');
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'scoped' } } });
  const shared = path.join(c.nodeRoot('node-1'), 'shared');
  const taskUser = { autoUser: { scope: 'task' } };
  const aWd = path.join(c.nodeRoot('node-1'), 'workitems/j/job-1/a/wd');
  // a: writes a secret and waits (while the test looks) until told to end.
  await c.api.AddTask({ jobId: 'j', task: {
    id: 'a', userIdentity: taskUser,
    commandLine: `/bin/sh -c 'id -u; echo secret > secret.txt; cat secret.txt; touch "$AZ_BATCH_NODE_SHARED_DIR/a-ready"; while [ ! -e "$AZ_BATCH_NODE_SHARED_DIR/a-go" ]; do sleep 0.05; done'`,
  } });
  await c.until('a to be ready', async () => stat(path.join(shared, 'a-ready')).then(() => true, () => false));
  // b, meanwhile: its own file yes, a's no.
  await c.api.AddTask({ jobId: 'j', task: {
    id: 'b', userIdentity: taskUser,
    commandLine: `/bin/sh -c 'id -u; echo mine > mine.txt; cat mine.txt; cat ${aWd}/secret.txt; cat ${aWd}/../stdout.txt; exit 0'`,
  } });
  await c.waitForTask('j', 'b');
  const [bUid, bOwn] = (await c.readOutput('j', 'b')).trim().split('\n');
  t.is(bOwn, 'mine');
  t.regex(await c.readOutput('j', 'b', 'stderr'), /secret\.txt: Permission denied[\s\S]*stdout\.txt: Permission denied/);
  await writeFile(path.join(shared, 'a-go'), '');
  await c.waitForTask('j', 'a');
  const [aUid, aOwn] = (await c.readOutput('j', 'a')).trim().split('\n');
  t.is(aOwn, 'secret');
  t.not(aUid, bUid, 'each task-scope task has a uid of its own');
  // The worker still reads a's files (GetTaskOutput did); a's uid is back in the range.
  // c gets a's uid or b's (both were given back): either way, it cannot read a's or b's files.
  const bWd = path.join(c.nodeRoot('node-1'), 'workitems/j/job-1/b/wd');
  await c.api.AddTask({ jobId: 'j', task: {
    id: 'c', userIdentity: taskUser,
    commandLine: `/bin/sh -c 'id -u; cat ${aWd}/secret.txt; cat ${bWd}/mine.txt; exit 0'`,
  } });
  await c.waitForTask('j', 'c');
  const cUid = (await c.readOutput('j', 'c')).trim();
  t.true(cUid === aUid || cUid === bUid, `c (${cUid}) reuses a uid of the range (${aUid}, ${bUid})`);
  t.regex(await c.readOutput('j', 'c', 'stderr'), /secret\.txt: Permission denied[\s\S]*mine\.txt: Permission denied/);
  // Taken back: root's, 0700.
  const aDir = await stat(path.dirname(aWd));
  t.is(aDir.uid, 0);
  t.is(aDir.mode & 0o777, 0o700);
});

test.serial('a named account runs with its uid and gid; admin elevation runs as root where the pool allows it and is refused where it does not', async (t) => {
  const c = await startCluster({
    workers: 1, slots: 2, pool: 'accounts',
    poolFields: {
      userAccounts: [
        { name: 'alice', linuxUserConfiguration: { uid: 31001, gid: 31002 } },
        { name: 'boss', elevationLevel: 'admin', linuxUserConfiguration: { uid: 31003, gid: 31003 } },
      ],
      allowAdminTasks: true,
    },
  });
  t.teardown(() => c.stop());
  await c.api.CreatePool({ pool: { id: 'strict', userAccounts: [{ name: 'boss', elevationLevel: 'admin', linuxUserConfiguration: { uid: 31003, gid: 31003 } }] } });
  await c.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'accounts' } } });
  await c.api.CreateJob({ job: { id: 'k', poolInfo: { poolId: 'strict' } } });
  await c.api.AddTask({ jobId: 'j', task: { id: 'alice', commandLine: ID, userIdentity: { userName: 'alice' } } });
  await c.api.AddTask({ jobId: 'j', task: { id: 'admin', commandLine: ID, userIdentity: { autoUser: { elevationLevel: 'admin' } } } });
  await c.api.AddTask({ jobId: 'j', task: { id: 'boss', commandLine: ID, userIdentity: { userName: 'boss' } } });
  t.deepEqual(await identityOf(c, 'j', 'alice'), { uid: 31001, gid: 31002, groups: [31002] });
  t.is((await identityOf(c, 'j', 'admin')).uid, 0);
  t.is((await identityOf(c, 'j', 'boss')).uid, 0);
  t.deepEqual((await c.api.GetTask({ jobId: 'j', taskId: 'alice' })).userIdentity, { userName: 'alice', autoUser: null });
  const pool = await c.api.GetPool({ poolId: 'accounts' });
  t.true(pool.allowAdminTasks);
  t.deepEqual(pool.userAccounts[0], { name: 'alice', elevationLevel: 'nonadmin', linuxUserConfiguration: { uid: 31001, gid: 31002 } });

  const { FAILED_PRECONDITION, INVALID_ARGUMENT } = grpc.status;
  await refused(t, c.api.AddTask({ jobId: 'k', task: { id: 'x', commandLine: ID, userIdentity: { autoUser: { elevationLevel: 'admin' } } } }),
    FAILED_PRECONDITION, /task\.userIdentity\.autoUser\.elevationLevel 'admin': pool 'strict' does not allow admin tasks/);
  await refused(t, c.api.AddTask({ jobId: 'k', task: { id: 'x', commandLine: ID, userIdentity: { userName: 'boss' } } }),
    FAILED_PRECONDITION, /task\.userIdentity\.userName 'boss' \(an admin account\): pool 'strict' does not allow admin tasks/);
  await refused(t, c.api.AddTask({ jobId: 'k', task: { id: 'x', commandLine: ID, userIdentity: { userName: 'alice' } } }),
    INVALID_ARGUMENT, /task\.userIdentity\.userName must name one of pool 'strict''s userAccounts: boss/);
  const many = await c.api.AddTaskCollection({ jobId: 'k', tasks: [{ id: 'ok', commandLine: ID }, { id: 'no', commandLine: ID, userIdentity: { autoUser: { elevationLevel: 'admin' } } }] });
  t.deepEqual(many.results.map((r) => [r.taskId, r.status, r.error?.code ?? '']), [['ok', 'success', ''], ['no', 'clienterror', 'FAILED_PRECONDITION']]);
  t.regex(many.results[1]!.error!.message, /tasks\[1\]\.userIdentity\.autoUser\.elevationLevel 'admin': pool 'strict'/);
  await refused(t, c.api.CreateJob({ job: { id: 'kp', poolInfo: { poolId: 'strict' }, jobPreparationTask: { commandLine: ID, userIdentity: { autoUser: { elevationLevel: 'admin' } } } } }),
    FAILED_PRECONDITION, /job\.jobPreparationTask\.userIdentity\.autoUser\.elevationLevel 'admin': pool 'strict' does not allow admin tasks/);
  await refused(t, c.api.CreatePool({ pool: { id: 'strict2', startTask: { commandLine: ID, userIdentity: { autoUser: { elevationLevel: 'admin' } } } } }),
    FAILED_PRECONDITION, /pool\.startTask\.userIdentity\.autoUser\.elevationLevel 'admin': pool 'strict2' does not allow admin tasks/);
  await refused(t, c.api.GetPool({ poolId: 'strict2' }), grpc.status.NOT_FOUND, /strict2/);
});

test.serial('the start task and the job preparation task run as their users, in directories of their own', async (t) => {
  const c = await startCluster({
    workers: 1, slots: 1, pool: 'prepared',
    poolStartTask: { commandLine: `/bin/sh -c 'id -u; id -u > "$AZ_BATCH_NODE_SHARED_DIR/start-uid"'`, waitForSuccess: true },
  });
  t.teardown(() => c.stop());
  await c.waitForNodes(1, 'idle');
  const root = c.nodeRoot('node-1');
  const startUid = Number((await readFile(path.join(root, 'startup/stdout.txt'), 'utf8')).trim());
  t.not(startUid, 0);
  const startup = await stat(path.join(root, 'startup'));
  t.is(startup.uid, startUid);
  t.is(startup.mode & 0o777, 0o700);
  // The shared directory: every task's user may write there.
  t.is((await stat(path.join(root, 'shared'))).mode & 0o7777, 0o1777);
  await c.api.CreateJob({ job: {
    id: 'j', poolInfo: { poolId: 'prepared' },
    jobPreparationTask: { commandLine: `/bin/sh -c 'id -u'`, userIdentity: { autoUser: { scope: 'task' } } },
  } });
  await c.api.AddTask({ jobId: 'j', task: { id: 't', commandLine: ID } });
  const task = await identityOf(c, 'j', 't');
  t.is(task.uid, startUid, 'the default task and the default start task share the pool auto-user');
  const prepUid = Number((await readFile(path.join(root, 'workitems/j/job-1/jobpreparation/stdout.txt'), 'utf8')).trim());
  t.not(prepUid, 0);
  t.not(prepUid, startUid, 'a task-scope preparation task has a user of its own');
  // Given back when it ended: its directory is root's again.
  t.is((await stat(path.join(root, 'workitems/j/job-1/jobpreparation'))).uid, 0);
});
