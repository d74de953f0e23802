// Paths a user gave, resolved under the directory they belong to. The API already refused '..',
// absolute paths and empty segments; what only the node can see is symlinks (left by an earlier
// attempt, by the task itself, or by an archive). Every directory on the way is checked with
// lstat and, when it is a symlink, by its real path; files are then opened with O_NOFOLLOW.
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export class PathEscapeError extends Error {
  override name = 'PathEscapeError';
}

/** Whether `candidate` (an absolute real path) is `root` or below it. */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The absolute path of `rel` under `root`, creating missing directories on the way and refusing
 *  any component that is, or leads through, a symlink to outside `root`. The last component is
 *  not created; when it exists as a symlink it is refused too. */
export async function resolveForWrite(root: string, rel: string): Promise<string> {
  await assertRealDirectory(root);
  const realRoot = await realpath(root);
  const segments = rel.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw new PathEscapeError(`'${rel}' contains '..'`);
  let current = realRoot;
  for (let i = 0; i < segments.length; i++) {
    const next = path.join(current, segments[i]!);
    const last = i === segments.length - 1;
    const st = await lstat(next).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
    if (!st) {
      if (!last) await mkdir(next);
      current = next;
      continue;
    }
    if (st.isSymbolicLink()) {
      if (last) throw new PathEscapeError(`'${rel}' is a symlink; troupe does not write through it`);
      const target = await realpath(next);
      if (!isInside(realRoot, target)) throw new PathEscapeError(`'${segments.slice(0, i + 1).join('/')}' is a symlink to outside its directory (${target})`);
      current = target;
      continue;
    }
    if (!last && !st.isDirectory()) throw new PathEscapeError(`'${segments.slice(0, i + 1).join('/')}' is not a directory`);
    current = next;
  }
  return current;
}

/** Opens a file for writing (created or truncated) without following a symlink at its name. */
export function openNoFollow(file: string, mode = 0o644): Promise<FileHandle> {
  return open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode);
}

/** A directory troupe made (a working or task directory) that a task may have replaced, between
 *  attempts or before its outputs are collected, with a symlink to somewhere else: then every
 *  path "inside" it would be inside that somewhere. */
export async function assertRealDirectory(dir: string): Promise<void> {
  const st = await lstat(dir);
  if (st.isSymbolicLink()) throw new PathEscapeError(`the directory ${dir} was replaced by a symlink; refused`);
  if (!st.isDirectory()) throw new PathEscapeError(`${dir} is not a directory`);
}
