// Resolving a user's relative path inside a base directory on this node, so that nothing a user
// or a task arranges (`..`, absolute paths, a symlink a task planted pointing at /etc, a directory
// swapped for a symlink between check and open) reads outside that directory.
//
//   1. the path's text: relativeSegments (no '..', not absolute) — also checked by the coordinator;
//   2. realpath of base and target: the target's real path must be base or below it;
//   3. files are opened with O_NOFOLLOW, and the opened descriptor's real path (/proc/self/fd)
//      is checked again: a swap between 2 and 3 is caught.
import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { relativeSegments } from '../../protocol/nats/node-file-messages.ts';

export class PathNotFoundError extends Error {}
export class PathEscapeError extends Error {}

const inside = (base: string, p: string) => p === base || p.startsWith(base.endsWith(path.sep) ? base : base + path.sep);

export async function realBase(base: string): Promise<string> {
  try {
    return await realpath(base);
  } catch {
    throw new PathNotFoundError(`directory ${base} does not exist`);
  }
}

/** The real path of `rel` under `baseReal`; PathEscapeError when it resolves outside. */
export async function resolveInside(baseReal: string, rel: string, field = 'path'): Promise<string> {
  const segments = relativeSegments(rel, field);
  const target = path.join(baseReal, ...segments);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new PathNotFoundError(`'${rel}' does not exist`);
  }
  if (!inside(baseReal, real)) throw new PathEscapeError(`${field} '${rel}' resolves outside its directory (through a symlink): refused`);
  return real;
}

/** Opens a regular file inside baseReal for reading, re-checking what was actually opened. */
export async function openInside(baseReal: string, rel: string, field = 'path'): Promise<FileHandle> {
  const real = await resolveInside(baseReal, rel, field);
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new PathEscapeError(`${field} '${rel}' is a symlink: refused`);
    throw new PathNotFoundError(`'${rel}' could not be opened: ${code ?? (err as Error).message}`);
  }
  try {
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => real);
    if (!inside(baseReal, opened)) throw new PathEscapeError(`${field} '${rel}' changed into a path outside its directory while being opened: refused`);
    const st = await handle.stat();
    if (st.isDirectory()) throw new PathEscapeError(`${field} '${rel}' is a directory, not a file`);
    if (!st.isFile()) throw new PathEscapeError(`${field} '${rel}' is not a regular file`);
    return handle;
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
}

export interface ListedEntry {
  name: string;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
}

/** Entries under `dirReal` (names relative to baseReal), never following symlinks: a symlink is
 *  listed as itself (not a directory), its target is neither read nor descended into. */
export async function listInside(baseReal: string, dirReal: string, recursive: boolean, maxEntries: number): Promise<{ entries: ListedEntry[]; truncated: boolean }> {
  const entries: ListedEntry[] = [];
  const pending = [dirReal];
  while (pending.length > 0) {
    const dir = pending.shift()!;
    let children: Dirent[];
    try {
      children = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // removed meanwhile
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      if (entries.length >= maxEntries) return { entries, truncated: true };
      const full = path.join(dir, child.name);
      let st;
      try {
        st = await lstat(full);
      } catch {
        continue;
      }
      const isDirectory = st.isDirectory();
      entries.push({ name: path.relative(baseReal, full).split(path.sep).join('/'), isDirectory, size: isDirectory ? 0 : st.size, mtimeMs: st.mtimeMs });
      if (recursive && isDirectory) pending.push(full);
    }
  }
  return { entries, truncated: false };
}
