// troupe.v1.Storage: files and application packages over gRPC, served by the coordinator next to
// troupe.v1.Batch. Uploads are client streams (a header, then chunks) written straight into the
// object store; downloads are server streams that wait for the client before reading more
// (call.write's back-pressure), so neither side ever holds a whole file.
import { nonNegativeInt64 } from '../protocol/int64.ts';
import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import { storageServerDefinition } from '../protocol/grpc/proto.ts';
import { UNSUPPORTED_FIELD } from '../protocol/grpc/proto-descriptor.ts';
import { InvalidArgumentError, TroupeError } from '../protocol/errors.ts';
import { toStatus as toGrpcStatus, unary as unaryHandler } from '../protocol/grpc/grpc-handlers.ts';
import type { Logger } from '../protocol/log.ts';
import type { StorageHandlers } from '../protocol/generated/troupe/v1/Storage.ts';
import type { FileInfo } from '../protocol/generated/troupe/v1/FileInfo.ts';
import type { ApplicationPackage } from '../protocol/generated/troupe/v1/ApplicationPackage.ts';
import type { UploadFileRequest__Output } from '../protocol/generated/troupe/v1/UploadFileRequest.ts';
import type { UploadApplicationPackageRequest__Output } from '../protocol/generated/troupe/v1/UploadApplicationPackageRequest.ts';
import type { UploadFileHeader__Output } from '../protocol/generated/troupe/v1/UploadFileHeader.ts';
import type { UploadApplicationPackageHeader__Output } from '../protocol/generated/troupe/v1/UploadApplicationPackageHeader.ts';
import type { DownloadFileChunk } from '../protocol/generated/troupe/v1/DownloadFileChunk.ts';
import type { ExpectedDigest, StoredFile, TroupeStore } from './object-store.ts';
import {
  ARCHIVE_FORMATS, applicationObjectName, validateApplicationId, validateApplicationVersion, validateStorePath, type ArchiveFormat,
} from './store-paths.ts';
import { StoredFileExistsError, StoredFileNotFoundError } from './storage-errors.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const DEFAULT_LIST_PAGE = 1000;
const MAX_LIST_PAGE = 10_000;

/** Registers troupe.v1.Storage on a server (the coordinator's API server). */
export const storageServiceDefinition = (): grpc.ServiceDefinition => storageServerDefinition();

export function createStorageHandlers(store: TroupeStore, log: Logger): StorageHandlers {
  const toStatus = (method: string, err: unknown) => toGrpcStatus(log, method, err);
  const unary = <Req, Res>(name: string, handler: (req: Req) => Promise<Res>) => unaryHandler(log, name, handler);

  return {
    UploadFile(call: grpc.ServerReadableStream<UploadFileRequest__Output, FileInfo>, callback: grpc.sendUnaryData<FileInfo>) {
      (async () => {
        const { header, chunks, expected } = await splitUpload<UploadFileHeader__Output>(call);
        if (!header) throw new InvalidArgumentError('header', 'must be the first message of the upload');
        const path = validateStorePath(header.path, 'header.path');
        const stored = await store.files.write(path, chunks, { expected, ifAbsent: header.ifAbsent });
        log.info('file uploaded', { path, size: stored.size });
        return fileInfo(stored);
      })().then((res) => callback(null, res), (err) => callback(toStatus('UploadFile', err)));
    },

    DownloadFile(call) {
      (async () => {
        const req = call.request;
        const path = validateStorePath(req.path, 'path');
        const offset = nonNegativeInt64(req.offset, 'offset');
        const length = nonNegativeInt64(req.length, 'length');
        const { info, chunks } = await store.files.read(path, { offset, length });
        await write(call, { info: fileInfo(info) });
        for await (const data of chunks) {
          if (call.cancelled) return;
          await write(call, { data });
        }
        call.end();
      })().catch((err) => {
        if (!call.cancelled) call.emit('error', toStatus('DownloadFile', err));
      });
    },

    ListFiles: unary('ListFiles', async (req) => {
      const prefix = validateStorePath(req.prefix, 'prefix', { prefix: true, allowEmpty: true });
      const max = pageSize(req.maxResults, 'maxResults');
      const after = req.pageToken ? decodeToken(req.pageToken) : undefined;
      const all = (await store.files.list(prefix)).filter((f) => after === undefined || f.path > after);
      const page = all.slice(0, max);
      const more = all.length > max;
      return { files: page.map(fileInfo), nextPageToken: more ? encodeToken(page[page.length - 1]!.path) : '' };
    }),

    DeleteFile: unary('DeleteFile', async (req) => {
      const path = validateStorePath(req.path, 'path', { prefix: true });
      if (!path.endsWith('/')) {
        if (!(await store.files.delete(path))) throw new StoredFileNotFoundError(`'${path}'`);
        log.info('file deleted', { path });
        return { deleted: 1 };
      }
      let deleted = 0;
      for (const f of await store.files.list(path)) if (await store.files.delete(f.path)) deleted++;
      log.info('files deleted', { prefix: path, deleted });
      return { deleted };
    }),

    UploadApplicationPackage(call: grpc.ServerReadableStream<UploadApplicationPackageRequest__Output, ApplicationPackage>, callback: grpc.sendUnaryData<ApplicationPackage>) {
      (async () => {
        const { header, chunks, expected } = await splitUpload<UploadApplicationPackageHeader__Output>(call);
        if (!header) throw new InvalidArgumentError('header', 'must be the first message of the upload');
        const applicationId = validateApplicationId(header.applicationId, 'header.applicationId');
        const version = validateApplicationVersion(header.version, 'header.version');
        if (!ARCHIVE_FORMATS.includes(header.format as ArchiveFormat)) {
          throw new InvalidArgumentError('header.format', `must be one of ${ARCHIVE_FORMATS.join(', ')}`);
        }
        const name = applicationObjectName(applicationId, version);
        if (!header.replace && (await store.applications.stat(name))) {
          throw new StoredFileExistsError(`application package ${applicationId} version ${version}`, ' (set replace to overwrite it)');
        }
        const stored = await store.applications.write(name, chunks, {
          expected, metadata: { applicationId, version, format: header.format },
        });
        log.info('application package uploaded', { applicationId, version, size: stored.size });
        return applicationPackage(stored);
      })().then((res) => callback(null, res), (err) => callback(toStatus('UploadApplicationPackage', err)));
    },

    ListApplicationPackages: unary('ListApplicationPackages', async (req) => {
      const prefix = req.applicationId ? `${validateApplicationId(req.applicationId, 'applicationId')}/` : '';
      return { packages: (await store.applications.list(prefix)).map(applicationPackage) };
    }),

    GetApplicationPackage: unary('GetApplicationPackage', async (req) => {
      const name = applicationObjectName(validateApplicationId(req.applicationId, 'applicationId'), validateApplicationVersion(req.version, 'version'));
      const stored = await store.applications.stat(name);
      if (!stored) throw new StoredFileNotFoundError(`application package ${req.applicationId} version ${req.version}`);
      return applicationPackage(stored);
    }),

    DeleteApplicationPackage: unary('DeleteApplicationPackage', async (req) => {
      const name = applicationObjectName(validateApplicationId(req.applicationId, 'applicationId'), validateApplicationVersion(req.version, 'version'));
      if (!(await store.applications.delete(name))) throw new StoredFileNotFoundError(`application package ${req.applicationId} version ${req.version}`);
      log.info('application package deleted', { applicationId: req.applicationId, version: req.version });
      return {};
    }),
  };
}

/** Takes the header (first message) of an upload stream; the rest is its content, read only as
 *  fast as the store takes it (the paused stream holds back HTTP/2 flow control). `expected` is
 *  the digest the header gave, or the closing sha256 message, once the content has ended. */
async function splitUpload<H extends { sha256?: string }>(
  call: AsyncIterable<{ header?: H | null; chunk?: Buffer; sha256?: string; part?: string }> & { cancelled?: boolean },
): Promise<{ header?: H; chunks: AsyncIterable<Uint8Array>; expected: () => ExpectedDigest | undefined }> {
  const iterator = call[Symbol.asyncIterator]();
  const first = await iterator.next();
  refuseUnsupported(first.value);
  let expected: ExpectedDigest | undefined;
  const answer = () => expected;
  if (first.done || first.value.part !== 'header' || !first.value.header) return { chunks: emptyChunks(), expected: answer };
  const header = first.value.header;
  const declared = optionalSha256(header.sha256, 'header.sha256');
  if (declared) expected = { sha256: declared, field: 'header.sha256' };
  const chunks = (async function* () {
    let closed = false;
    while (true) {
      const { done, value } = await iterator.next();
      // A cancelled upload must not be stored as if its last chunk had arrived.
      if (call.cancelled) throw new TroupeError('UNAVAILABLE', 'the upload was cancelled by the client');
      if (done) return;
      refuseUnsupported(value);
      if (value.part === 'header') throw new InvalidArgumentError('header', 'must be sent once, as the first message');
      if (closed) throw new InvalidArgumentError('sha256', 'must be the last message of the upload');
      if (value.part === 'sha256') {
        if (declared) throw new InvalidArgumentError('sha256', 'may not follow a header that has sha256 set: give the digest once');
        expected = { sha256: requiredSha256(value.sha256, 'sha256'), field: 'sha256' };
        closed = true;
      } else if (value.chunk && value.chunk.length > 0) yield value.chunk;
    }
  })();
  return { header, chunks, expected: answer };
}

async function* emptyChunks(): AsyncGenerator<Uint8Array> {}

/** An upload's message with a field this server does not know (unknown-fields.ts): the gate sees
 *  only unary and server-stream requests, so a client stream's are refused here, whole. */
function refuseUnsupported(message: unknown): void {
  const unsupported = (message as Record<symbol, unknown> | undefined)?.[UNSUPPORTED_FIELD];
  if (typeof unsupported === 'string') throw new TroupeError('INVALID_ARGUMENT', unsupported);
}

async function write(call: grpc.ServerWritableStream<unknown, DownloadFileChunk>, message: DownloadFileChunk): Promise<void> {
  if (!call.write(message)) await Promise.race([once(call, 'drain'), once(call, 'cancelled')]);
}

function optionalSha256(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return requiredSha256(v, field);
}

function requiredSha256(v: unknown, field: string): string {
  if (typeof v !== 'string' || !SHA256_HEX.test(v)) throw new InvalidArgumentError(field, 'must be 64 lower-case hex digits (a SHA-256)');
  return v;
}


function pageSize(v: unknown, field: string): number {
  const n = Number(v ?? 0);
  if (n === 0) return DEFAULT_LIST_PAGE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST_PAGE) throw new InvalidArgumentError(field, `must be between 1 and ${MAX_LIST_PAGE}`);
  return n;
}

const encodeToken = (path: string) => Buffer.from(path).toString('base64url');
function decodeToken(token: string): string {
  const path = Buffer.from(token, 'base64url').toString();
  if (!path || encodeToken(path) !== token) throw new InvalidArgumentError('pageToken', 'is not a token this API returned');
  return path;
}

function fileInfo(f: StoredFile): FileInfo {
  return { path: f.path, size: String(f.size), sha256: f.sha256, lastModified: f.lastModified };
}

function applicationPackage(f: StoredFile): ApplicationPackage {
  const slash = f.path.indexOf('/');
  return {
    applicationId: f.metadata.applicationId ?? f.path.slice(0, slash),
    version: f.metadata.version ?? f.path.slice(slash + 1),
    format: f.metadata.format ?? '',
    size: String(f.size),
    sha256: f.sha256,
    lastModified: f.lastModified,
  };
}
