// The files of a task that runs as a user of its own: its directory is that user's, mode 0700,
// so no other task's user can read it; what the worker put there (resource files) is handed
// over; and once a task-scope user is given back, the directory is taken back (root's, 0700)
// before the uid can go to another task, which then cannot even enter it. The worker (root)
// keeps reading everything (output upload, GetTaskOutput, retention).
import { chmod, chown, lchown, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TaskProcessUser } from '../process/process-launch.ts';

/** Creates `dir` and its working directory `wd` (inside it) for `user` (absent: the worker's). */
export async function prepareTaskDir(dir: string, wd: string, user: TaskProcessUser | undefined): Promise<void> {
  if (!user || path.dirname(wd) !== dir) {
    await mkdir(wd, { recursive: true });
    if (user) await chownDown(dir, wd, user);
    if (user) await chmod(dir, 0o700);
    return;
  }
  // The usual case, in as few calls as it takes (they are per task): the task's directory is
  // made 0700 at once (a recursive mkdir would give the job's directory, made with it the first
  // time, that mode too, and lock the job's other users out of it), then wd in it.
  await mkdir(dir, { mode: 0o700 }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') return chmod(dir, 0o700); // a retry on this node: made before
    if (err.code !== 'ENOENT') throw err;
    await mkdir(path.dirname(dir), { recursive: true });
    await mkdir(dir, { mode: 0o700 }).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  });
  await mkdir(wd).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await chownDown(dir, wd, user);
}

/** Every directory from `dir` down to `wd` becomes the user's. */
async function chownDown(dir: string, wd: string, user: TaskProcessUser): Promise<void> {
  for (let d = wd; ; d = path.dirname(d)) {
    // lchown: a task that ran here before as this user may have left a link in place of its
    // working directory, and root must not follow it (the chown would give the user its target).
    await lchown(d, user.uid, user.gid);
    if (d === dir || path.dirname(d) === d) break;
  }
}

/** What the worker wrote under `dir` (resource files, unpacked archives) becomes the user's. */
export async function handOver(dir: string, user: TaskProcessUser | undefined): Promise<void> {
  if (!user) return;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  await lchown(dir, user.uid, user.gid);
  // lchown: a link a resource archive made is not followed out of the directory.
  for (const e of entries) await lchown(path.join(e.parentPath, e.name), user.uid, user.gid);
}

/** The directory goes back to the worker's user, mode 0700: its old user (a uid handed to the
 *  next task) can no longer enter it. Its contents stay as they are: unreachable. */
export async function takeBack(dir: string): Promise<void> {
  await chown(dir, process.getuid?.() ?? 0, process.getgid?.() ?? 0).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await chmod(dir, 0o700).catch(() => {});
}
