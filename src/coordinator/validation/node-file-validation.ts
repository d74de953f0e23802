// Validation of the node file requests (ListTaskFiles, GetTaskFile, ListNodeFiles, GetNodeFile):
// ids as everywhere, paths by the relative-path rule (no '..', not absolute), byte ranges >= 0.
import { nonNegativeInt64 } from '../../protocol/int64.ts';
import { InvalidArgumentError } from '../../protocol/errors.ts';
import { relativeSegments } from '../../protocol/nats/node-file-messages.ts';
import type { GetNodeFileRequest__Output } from '../../protocol/generated/troupe/v1/GetNodeFileRequest.ts';
import type { GetTaskFileRequest__Output } from '../../protocol/generated/troupe/v1/GetTaskFileRequest.ts';
import type { ListNodeFilesRequest__Output } from '../../protocol/generated/troupe/v1/ListNodeFilesRequest.ts';
import type { ListTaskFilesRequest__Output } from '../../protocol/generated/troupe/v1/ListTaskFilesRequest.ts';
import { validateId } from './validation.ts';

type Untrusted<T> = { [K in keyof T]?: unknown };

function request<T>(req: T | null | undefined): Untrusted<T> {
  if (req === null || req === undefined || typeof req !== 'object') throw new InvalidArgumentError('request', 'is required');
  return req as Untrusted<T>;
}

/** The path as segments joined with '/': '' for the directory itself. */
function relativePath(value: unknown, field: string, required: boolean): string {
  const segments = relativeSegments(value, field);
  if (required && segments.length === 0) throw new InvalidArgumentError(field, 'is required (a file path relative to its directory)');
  return segments.join('/');
}

function flag(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(field, 'must be true or false');
  return value;
}


export function validateListTaskFiles(req: ListTaskFilesRequest__Output | null | undefined) {
  const r = request(req);
  return {
    jobId: validateId('job', r.jobId, 'jobId'),
    taskId: validateId('task', r.taskId, 'taskId'),
    path: relativePath(r.path, 'path', false),
    recursive: flag(r.recursive, 'recursive'),
  };
}

export function validateGetTaskFile(req: GetTaskFileRequest__Output | null | undefined) {
  const r = request(req);
  return {
    jobId: validateId('job', r.jobId, 'jobId'),
    taskId: validateId('task', r.taskId, 'taskId'),
    path: relativePath(r.path, 'path', true),
    offset: nonNegativeInt64(r.offset, 'offset'),
    length: nonNegativeInt64(r.length, 'length'),
  };
}

export function validateListNodeFiles(req: ListNodeFilesRequest__Output | null | undefined) {
  const r = request(req);
  return { nodeId: validateId('node', r.nodeId, 'nodeId'), path: relativePath(r.path, 'path', false), recursive: flag(r.recursive, 'recursive') };
}

export function validateGetNodeFile(req: GetNodeFileRequest__Output | null | undefined) {
  const r = request(req);
  return {
    nodeId: validateId('node', r.nodeId, 'nodeId'),
    path: relativePath(r.path, 'path', true),
    offset: nonNegativeInt64(r.offset, 'offset'),
    length: nonNegativeInt64(r.length, 'length'),
  };
}

export function validateFollow(value: unknown): boolean {
  return flag(value, 'follow');
}
