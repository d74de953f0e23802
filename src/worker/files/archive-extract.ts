// Unpacks an application package (tar.gz with node-tar, zip with yauzl) into an empty directory,
// refusing the whole archive when any entry could land outside it: an absolute name, a '..'
// segment, or a symlink or hard link whose target leaves the directory. tar archives are checked
// entry by entry before anything is written; zip entries are checked as they are read, and the
// caller discards the directory on any error (it is a temporary one).
import { once } from 'node:events';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import * as yauzl from 'yauzl';
import type { ArchiveFormat } from '../../storage/store-paths.ts';
import { writeAll } from './chunk-writes.ts';
import { openNoFollow, resolveForWrite } from './safe-write-paths.ts';

export class UnsafeArchiveError extends Error {
  override name = 'UnsafeArchiveError';
}

/** The entry's normalized relative path, or throws when it could leave the target directory. */
export function checkedEntryName(name: string): string {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) {
    throw new UnsafeArchiveError(`entry '${name}' has an absolute path`);
  }
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new UnsafeArchiveError(`entry '${name}' contains '..'`);
  return segments.join('/');
}

/** A symlink's target must stay inside the directory, resolved from the link's own directory.
 *  '..' may only lead the target: after a name it could climb out of a directory that is itself
 *  a symlink (a/s -> .., then a/s/..), which a lexical check cannot see. */
export function checkLinkTarget(entryName: string, target: string, kind: 'symlink' | 'hard link'): void {
  if (target.startsWith('/')) throw new UnsafeArchiveError(`${kind} '${entryName}' points to an absolute path (${target})`);
  const parts = target.split('/').filter((p) => p !== '' && p !== '.');
  const firstName = parts.findIndex((p) => p !== '..');
  if (firstName >= 0 && parts.slice(firstName).includes('..')) {
    throw new UnsafeArchiveError(`${kind} '${entryName}' has '..' after a name in its target (${target})`);
  }
  const from = kind === 'symlink' ? path.posix.dirname(entryName) : '.';
  const resolved = path.posix.normalize(path.posix.join(from, target));
  if (resolved === '..' || resolved.startsWith('../')) throw new UnsafeArchiveError(`${kind} '${entryName}' points outside the package (${target})`);
}

/** Refuses entries placed below a symlink of the same archive (written through it, they would
 *  land wherever it points, and their own links would be checked from the wrong place). */
class SymlinkTracker {
  private readonly links = new Set<string>();
  check(name: string): void {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (this.links.has(prefix)) throw new UnsafeArchiveError(`entry '${name}' lies below the symlink '${prefix}'`);
    }
  }
  add(name: string): void {
    this.links.add(name);
  }
}

export async function extractArchive(format: ArchiveFormat, archive: string, dest: string): Promise<void> {
  if (format === 'tar.gz') return extractTarGz(archive, dest);
  return extractZip(archive, dest);
}

async function extractTarGz(archive: string, dest: string): Promise<void> {
  // First pass: every entry checked, nothing written.
  let problem: Error | undefined;
  const symlinks = new SymlinkTracker();
  await tar.t({
    file: archive,
    strict: true,
    onReadEntry: (entry) => {
      if (problem) return;
      try {
        const name = checkedEntryName(entry.path);
        symlinks.check(name);
        if (entry.type === 'SymbolicLink') {
          checkLinkTarget(name, entry.linkpath ?? '', 'symlink');
          symlinks.add(name);
        }
        if (entry.type === 'Link') {
          const target = checkedEntryName(entry.linkpath ?? '');
          symlinks.check(target);
          checkLinkTarget(name, target, 'hard link');
        }
        if (!['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link'].includes(entry.type)) {
          throw new UnsafeArchiveError(`entry '${entry.path}' is a ${entry.type}, which packages may not contain`);
        }
      } catch (err) {
        problem = err as Error;
      }
    },
  });
  if (problem) throw problem;
  // node-tar on its own also refuses '..', strips absolute paths and never writes through a
  // symlink; strict turns any such warning into an error rather than a skipped entry.
  await tar.x({ file: archive, cwd: dest, strict: true, preservePaths: false, noChmod: false });
}

async function extractZip(archive: string, dest: string): Promise<void> {
  // yauzl refuses absolute and '..' names itself (decodeStrings); checked again for symlinks.
  const zip = await yauzl.openPromise(archive, { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: true });
  const symlinks = new SymlinkTracker();
  try {
    const ended = once(zip, 'end');
    const failed = once(zip, 'error').then(([err]) => Promise.reject(err));
    failed.catch(() => {});
    while (true) {
      const next = once(zip, 'entry').then(([e]) => e as yauzl.Entry);
      zip.readEntry();
      const entry = await Promise.race([next, ended.then(() => undefined), failed]);
      if (!entry) return;
      const name = checkedEntryName(entry.fileName);
      symlinks.check(name);
      const mode = (entry.externalFileAttributes >>> 16) & 0o177777;
      const type = mode & 0o170000;
      if (entry.fileName.endsWith('/') || type === 0o040000) {
        if (name) await resolveForWrite(dest, `${name}/.`).then((p) => mkdir(p, { recursive: true }));
        continue;
      }
      const stream = await zip.openReadStreamPromise(entry);
      if (type === 0o120000) {
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        const target = Buffer.concat(chunks).toString('utf8');
        checkLinkTarget(name, target, 'symlink');
        symlinks.add(name);
        await symlink(target, await resolveForWrite(dest, name));
        continue;
      }
      const file = await resolveForWrite(dest, name);
      const handle = await openNoFollow(file, 0o644);
      try {
        await writeAll(handle, stream as AsyncIterable<Buffer>);
      } finally {
        await handle.close();
      }
      if (mode & 0o777) await chmod(file, mode & 0o777);
    }
  } finally {
    zip.close();
  }
}
