// A task's directories for a user of its own (task-dirs.ts), on a real directory (the suite runs
// as root): the task's directory is the user's and 0700, its working directory the user's, and
// the job's directory made on the way stays enterable by the job's other users.
import test from 'ava';
import { mkdtemp, mkdir, rm, stat, chown } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareTaskDir, takeBack } from '../../src/worker/users/task-dirs.ts';

const user = { uid: 23456, gid: 23456 };

async function root(t: import('ava').ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-task-dirs-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test("the first task of a job: the job's directory is made enterable, the task's is the user's alone", async (t) => {
  const base = await root(t);
  const dir = path.join(base, 'workitems/job/job-1/t1');
  await prepareTaskDir(dir, path.join(dir, 'wd'), user);
  const job = await stat(path.dirname(dir));
  t.is(job.mode & 0o005, 0o005, "others may enter the job's directory");
  t.is(job.uid, 0);
  const own = await stat(dir);
  t.is(own.mode & 0o777, 0o700);
  t.deepEqual([own.uid, own.gid], [user.uid, user.gid]);
  const wd = await stat(path.join(dir, 'wd'));
  t.deepEqual([wd.uid, wd.gid], [user.uid, user.gid]);
});

test('a retry on the same node: a directory taken back is the new user\'s again, 0700', async (t) => {
  const base = await root(t);
  const dir = path.join(base, 'job-1/t2');
  await prepareTaskDir(dir, path.join(dir, 'wd'), user);
  await takeBack(dir);
  t.is((await stat(dir)).uid, 0);
  const next = { uid: 23457, gid: 23457 };
  await prepareTaskDir(dir, path.join(dir, 'wd'), next);
  const own = await stat(dir);
  t.deepEqual([own.uid, own.mode & 0o777], [next.uid, 0o700]);
  t.is((await stat(path.join(dir, 'wd'))).uid, next.uid);
});

test('a working directory deeper than dir/wd, and no user: every level made, ownership as asked', async (t) => {
  const base = await root(t);
  const dir = path.join(base, 'n/t3');
  await prepareTaskDir(dir, path.join(dir, 'a/b'), user);
  for (const d of [dir, path.join(dir, 'a'), path.join(dir, 'a/b')]) t.is((await stat(d)).uid, user.uid, d);
  t.is((await stat(dir)).mode & 0o777, 0o700);
  const plain = path.join(base, 'n/t4');
  await mkdir(plain, { recursive: true });
  await chown(plain, 0, 0);
  await prepareTaskDir(plain, path.join(plain, 'wd'), undefined);
  t.is((await stat(path.join(plain, 'wd'))).uid, 0);
});
