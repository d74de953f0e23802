// Coordinator -> worker requests for files on the node (request/reply on nodeFilesSubject), and
// the relative-path rule both sides apply: a user path never leaves the directory it names.
import { InvalidArgumentError } from '../errors.ts';

/** Which directory a path is relative to: one task's directory, or the node's root. */
export type FileScope = { kind: 'task'; jobId: string; taskId: string } | { kind: 'node' };

export type NodeFileRequest =
  | { op: 'list'; scope: FileScope; path: string; recursive: boolean }
  | { op: 'read'; scope: FileScope; path: string; offset: number; length: number };

export interface NodeFileEntry {
  name: string;
  isDirectory: boolean;
  size: number;
  mtime: string;
}

export type NodeFileReply =
  | { ok: true; files: NodeFileEntry[]; truncated: boolean }
  | { ok: true; data: Uint8Array; size: number }
  | { ok: false; code: 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'INTERNAL'; message: string };

export const MAX_FILE_PATH_CHARS = 1024;

/** The path's segments, or InvalidArgumentError naming `field`: absolute paths, `..` segments,
 *  NUL and backslashes are refused before anything touches the disk. Symlinks are the worker's
 *  check (resolved on the node). "" and "." mean the directory itself. */
export function relativeSegments(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  if (value.length > MAX_FILE_PATH_CHARS) throw new InvalidArgumentError(field, `must be at most ${MAX_FILE_PATH_CHARS} characters`);
  if (value.includes('\0')) throw new InvalidArgumentError(field, 'must not contain NUL characters');
  if (value.includes('\\')) throw new InvalidArgumentError(field, "must use '/' as separator (no backslashes)");
  if (value.startsWith('/') || value.startsWith('~')) throw new InvalidArgumentError(field, `must be relative (got '${value}'): absolute paths are refused`);
  const segments = value.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new InvalidArgumentError(field, `must not contain '..' (got '${value}'): it would leave its directory`);
  return segments;
}
