// Names for a multi-instance task's directories that are the same on every node, whatever each
// node's --root: a symbolic link <links dir>/<hash of task uid and attempt> on every node,
// pointing at that node's own task directory. The instance's AZ_BATCH_TASK_DIR, AZ_BATCH_TASK_SHARED_DIR,
// AZ_BATCH_TASK_WORKING_DIR, TMPDIR and PWD name paths through it.
//
// Why: both mpiexecs send the directory they run in to every node, named as $PWD names it when
// $PWD is the same directory as getcwd() (Open MPI's opal_getcwd and Hydra's HYDU_getcwd both do
// that check), and each remote daemon chdirs there before it starts a rank. Where that path does
// not exist (nodes with different roots), Open MPI silently starts the ranks in $HOME and
// Hydra's proxy fails with `assert (!closed)`. Scripts written for Azure Batch, whose nodes all
// have one layout, also hand mpiexec paths like $AZ_BATCH_TASK_SHARED_DIR/app, expanded on the
// primary. Through the link, each of those names resolves on every node to that node's own
// directory, as on Azure Batch.
//
// Not used when every host of the task is a loopback address (one machine): the workers share
// one /tmp, where one name can point at one node only, and every node's real path exists anyway.
//
// The links directory is in /tmp by default, which anyone can write: like tmux's socket
// directory, it is made by the worker's user, and refused (with a warning: the task's own paths
// are used instead) when it is not a directory of that user that nobody else may write.
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../protocol/log.ts';

export function defaultTaskLinksDir(): string {
  return `/tmp/troupe-${process.geteuid?.() ?? 0}/tasks`;
}

/** The link's name: the attempt's, the same on every node of the gang. Short, since Open MPI's
 *  session directory (and its Unix sockets, 107 bytes at most) goes under TMPDIR, named through
 *  the link. */
export function taskLinkName(uid: string, attempt: number): string {
  return createHash('sha256').update(`${uid}.${attempt}`).digest('hex').slice(0, 16);
}

export class TaskLinks {
  private constructor(readonly dir: string, private readonly log: Logger) {}

  /** Opens (creating it when missing) the links directory; undefined, with a warning, when it is
   *  not safe to use. */
  static async open(dir: string, log: Logger): Promise<TaskLinks | undefined> {
    const resolved = path.resolve(dir);
    try {
      await mkdir(resolved, { recursive: true, mode: 0o711 });
      const problem = await unsafeDirectory(resolved, false) ?? await unsafeDirectory(path.dirname(resolved), true);
      if (problem) throw new Error(problem);
    } catch (err) {
      log.warn('task links directory unusable: multi-instance tasks name their directories by this node\'s own paths, which exist on other nodes only when every node has the same --root', { dir: resolved, err });
      return undefined;
    }
    return new TaskLinks(resolved, log);
  }

  /** Removes the links a run of a worker with this root left behind (it was killed). */
  async sweep(root: string): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const link = path.join(this.dir, name);
      const target = await readlink(link).catch(() => undefined);
      if (target === undefined || !isInside(target, root)) continue;
      await unlink(link).then(() => removed++, () => {});
    }
    return removed;
  }

  /** Points <dir>/<name> at `target` and returns the link's path. A link of that name to
   *  another existing directory (another worker on this machine holds it) is left as it is:
   *  its path still names a directory of this task here, with a warning. */
  async create(name: string, target: string): Promise<string> {
    const link = path.join(this.dir, name);
    for (let tries = 0; ; tries++) {
      try {
        await symlink(target, link);
        return link;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw err;
      }
      const existing = await readlink(link).catch(() => undefined);
      if (existing === target) return link;
      const pointsAtSomething = existing !== undefined && await lstat(existing).then(() => true, () => false);
      if (pointsAtSomething) {
        this.log.warn('another worker on this machine holds the task link: ranks here use its directory', { link, existing, own: target });
        return link;
      }
      await unlink(link).catch(() => {});
    }
  }

  /** Removes <dir>/<name> if it still points at `target`. */
  async remove(name: string, target: string): Promise<void> {
    const link = path.join(this.dir, name);
    if (await readlink(link).catch(() => undefined) === target) await unlink(link).catch(() => {});
  }
}

/** Why `dir` may not hold the links (or be their directory's parent), or undefined: it must be a
 *  real directory of this user or root that no one else may write; a parent may also be a
 *  sticky one such as /tmp, where no one may rename or remove what is not theirs. */
async function unsafeDirectory(dir: string, parent: boolean): Promise<string | undefined> {
  const st = await lstat(dir);
  const euid = process.geteuid?.() ?? 0;
  if (!st.isDirectory()) return `${dir} is not a directory`;
  if (st.uid !== euid && st.uid !== 0) return `${dir} belongs to uid ${st.uid}, not to this worker's user (${euid})`;
  const othersMayWrite = (st.mode & 0o022) !== 0;
  const sticky = (st.mode & 0o1000) !== 0;
  if (othersMayWrite && !(parent && sticky)) return `${dir} may be written by other users (mode ${(st.mode & 0o7777).toString(8)})`;
  return undefined;
}

function isInside(target: string, root: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
