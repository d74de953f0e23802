// A promise-based client of troupe.v1.Storage for the CLI, the tests and the benchmarks. Files
// move between disk and the API in chunks with back-pressure on both sides; uploads send the
// file's SHA-256 so the coordinator refuses bytes that changed on the way, and downloads check it
// again on arrival before the file takes its final name.
import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import protobuf from 'protobufjs';
import { DEFAULT_API_ADDRESS } from '../protocol/grpc/api-client.ts';
import { loadStorageProto } from '../protocol/grpc/proto.ts';
import { apiTarget, type ApiCredentials } from '../protocol/grpc/api-credentials.ts';
import { grpcClientSetup } from '../protocol/grpc/grpc-client-setup.ts';
import type { StorageClient as GeneratedStorageClient } from '../protocol/generated/troupe/v1/Storage.ts';
import type { FileInfo__Output } from '../protocol/generated/troupe/v1/FileInfo.ts';
import type { ApplicationPackage__Output } from '../protocol/generated/troupe/v1/ApplicationPackage.ts';
import type { ListFilesResponse__Output } from '../protocol/generated/troupe/v1/ListFilesResponse.ts';
import type { DownloadFileChunk__Output } from '../protocol/generated/troupe/v1/DownloadFileChunk.ts';

const SEND_CHUNK_BYTES = 256 * 1024;

export class StorageApi {
  readonly raw: GeneratedStorageClient;

  constructor(address: string = process.env.TROUPE_API || DEFAULT_API_ADDRESS, creds: ApiCredentials = {}) {
    const target = apiTarget(address);
    const { credentials, options } = grpcClientSetup(target, creds);
    this.raw = new (storageClientConstructor())(target.hostPort, credentials, {
      ...options,
      'grpc.max_receive_message_length': 8 * 1024 * 1024,
      'grpc.max_send_message_length': 8 * 1024 * 1024,
      // A download may send this much before the client's next WINDOW_UPDATE: the default 64 KiB
      // makes a large file a round trip per 64 KiB (the server's side: api-listener.ts).
      'grpc-node.flow_control_window': 8 * 1024 * 1024,
    });
  }

  close(): void {
    this.raw.close();
  }

  /** Uploads a local file, read once: hashed as it is sent, its SHA-256 the closing message, so
   *  the coordinator refuses it whole (the old object stays) if the bytes changed on the way. */
  uploadFile(localPath: string, storePath: string, opts: { ifAbsent?: boolean } = {}): Promise<FileInfo__Output> {
    return this.uploadStream({ header: { path: storePath, ifAbsent: opts.ifAbsent ?? false } }, encodedFileChunks(localPath));
  }

  /** Uploads arbitrary parts under a header: chunks, and optionally a closing { sha256 } (tests send
   *  wrong ones, and wrong orders). */
  uploadStream(first: { header: { path: string; sha256?: string; ifAbsent?: boolean } }, parts: AsyncIterable<UploadPart | EncodedChunk>): Promise<FileInfo__Output> {
    return clientStream<FileInfo__Output>((cb) => this.raw.UploadFile(cb), first, parts);
  }

  uploadApplicationPackage(localPath: string, header: { applicationId: string; version: string; format: string; replace?: boolean }): Promise<ApplicationPackage__Output> {
    return clientStream<ApplicationPackage__Output>((cb) => this.raw.UploadApplicationPackage(cb), { header }, encodedFileChunks(localPath));
  }

  /** Streams an object (or a byte range) as chunks; the first yielded value is its info. */
  async *download(storePath: string, range: { offset?: number; length?: number } = {}): AsyncGenerator<DownloadFileChunk__Output> {
    const call = this.raw.DownloadFile({ path: storePath, offset: range.offset ?? 0, length: range.length ?? 0 });
    try {
      for await (const m of call as AsyncIterable<DownloadFileChunk__Output>) yield m;
    } finally {
      call.cancel();
    }
  }

  /** Downloads an object to a local file (written beside it, checked, then renamed into place). */
  async downloadFile(storePath: string, localPath: string): Promise<FileInfo__Output> {
    await mkdir(path.dirname(localPath), { recursive: true });
    const temp = `${localPath}.troupe-partial`;
    const out = createWriteStream(temp);
    const hash = createHash('sha256');
    let info: FileInfo__Output | undefined;
    try {
      for await (const m of this.download(storePath)) {
        if (m.info) info = m.info;
        if (m.data && m.data.length > 0) {
          hash.update(m.data);
          if (!out.write(m.data)) await once(out, 'drain');
        }
      }
      out.end();
      await once(out, 'close');
      const actual = hash.digest('hex');
      if (!info) throw new Error(`download of '${storePath}' sent no file info`);
      if (actual !== info.sha256) throw new Error(`download of '${storePath}' is corrupt: SHA-256 ${actual}, expected ${info.sha256}`);
      await rename(temp, localPath);
      return info;
    } catch (err) {
      out.destroy();
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** Every object under a prefix, all pages. */
  async listAll(prefix = ''): Promise<FileInfo__Output[]> {
    const files: FileInfo__Output[] = [];
    let pageToken = '';
    do {
      const page = await this.listFiles({ prefix, pageToken });
      files.push(...page.files);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return files;
  }

  listFiles(req: { prefix?: string; maxResults?: number; pageToken?: string }): Promise<ListFilesResponse__Output> {
    return unary((cb) => this.raw.ListFiles(req, cb));
  }

  deleteFile(storePath: string): Promise<{ deleted: number }> {
    return unary((cb) => this.raw.DeleteFile({ path: storePath }, cb));
  }

  listApplicationPackages(applicationId = ''): Promise<ApplicationPackage__Output[]> {
    return unary<{ packages: ApplicationPackage__Output[] }>((cb) => this.raw.ListApplicationPackages({ applicationId }, cb)).then((r) => r.packages);
  }

  getApplicationPackage(applicationId: string, version: string): Promise<ApplicationPackage__Output> {
    return unary((cb) => this.raw.GetApplicationPackage({ applicationId, version }, cb));
  }

  deleteApplicationPackage(applicationId: string, version: string): Promise<unknown> {
    return unary((cb) => this.raw.DeleteApplicationPackage({ applicationId, version }, cb));
  }
}

/** A chunk of content, or the content's SHA-256 after the last chunk. */
export type UploadPart = Uint8Array | { sha256: string };

/** An upload message (UploadFileRequest or UploadApplicationPackageRequest: `chunk` is field 2 of
 *  both) already in its protobuf encoding, which the client's serializer passes on as it is. */
export class EncodedChunk {
  constructor(readonly bytes: Buffer) {}
}

/** Room before a chunk's bytes for its field's tag and length: one byte of tag, and a length
 *  below 2^21 takes at most three. */
const CHUNK_PREFIX_BYTES = 4;
const CHUNK_TAG = (2 << 3) | 2; // field 2, length-delimited

/** A file's chunks, each read straight into the buffer of its encoded message (no copy by the
 *  protobuf encoder, and one buffer a chunk, not two: in a 200 MiB upload the client's own GC and
 *  copies were a third of its CPU), then its SHA-256 as the closing part. */
export async function* encodedFileChunks(localPath: string): AsyncGenerator<EncodedChunk | UploadPart> {
  const hash = createHash('sha256');
  const file = await open(localPath, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_PREFIX_BYTES + SEND_CHUNK_BYTES);
      let filled = 0;
      while (filled < SEND_CHUNK_BYTES) {
        const { bytesRead } = await file.read(buffer, CHUNK_PREFIX_BYTES + filled, SEND_CHUNK_BYTES - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled === 0) break;
      const data = buffer.subarray(CHUNK_PREFIX_BYTES, CHUNK_PREFIX_BYTES + filled);
      hash.update(data);
      yield new EncodedChunk(buffer.subarray(CHUNK_PREFIX_BYTES - writePrefix(buffer, filled), CHUNK_PREFIX_BYTES + filled));
      if (filled < SEND_CHUNK_BYTES) break;
    }
  } finally {
    await file.close();
  }
  yield { sha256: hash.digest('hex') };
}

/** Writes the chunk field's tag and length (protobufjs's varints) so that they end where the
 *  chunk's bytes begin; returns how many bytes they take. */
function writePrefix(buffer: Buffer, length: number): number {
  const prefix = protobuf.Writer.create().uint32(CHUNK_TAG).uint32(length).finish();
  buffer.set(prefix, CHUNK_PREFIX_BYTES - prefix.length);
  return prefix.length;
}

/** The Storage client, its two upload methods taking EncodedChunk messages as they are. */
let storageClient: grpc.ServiceClientConstructor | undefined;
function storageClientConstructor(): new (...args: ConstructorParameters<grpc.ServiceClientConstructor>) => GeneratedStorageClient {
  if (!storageClient) {
    const base = loadStorageProto().troupe.v1.Storage as unknown as grpc.ServiceClientConstructor;
    const service: Record<string, grpc.MethodDefinition<unknown, unknown>> = { ...base.service };
    for (const name of ['UploadFile', 'UploadApplicationPackage']) {
      const method = service[name]!;
      const serialize = method.requestSerialize;
      service[name] = { ...method, requestSerialize: (m: unknown) => (m instanceof EncodedChunk ? m.bytes : serialize(m)) };
    }
    storageClient = grpc.makeGenericClientConstructor(service, 'Storage');
  }
  return storageClient as unknown as new (...args: ConstructorParameters<grpc.ServiceClientConstructor>) => GeneratedStorageClient;
}

function unary<R>(start: (cb: (err: grpc.ServiceError | null, res?: R) => void) => unknown): Promise<R> {
  return new Promise((resolve, reject) => {
    start((err, res) => (err ? reject(err) : resolve(res as R)));
  });
}

/** Sends the first message then every part, waiting for 'drain' when gRPC's buffer is full. */
async function clientStream<R>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  start: (cb: (err: grpc.ServiceError | null, res?: R) => void) => grpc.ClientWritableStream<any>,
  first: unknown,
  parts: AsyncIterable<UploadPart | EncodedChunk>,
): Promise<R> {
  let settle!: { resolve: (r: R) => void; reject: (e: unknown) => void };
  const result = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));
  let finished = false;
  const call = start((err, res) => {
    finished = true;
    if (err) settle.reject(err);
    else settle.resolve(res as R);
  });
  try {
    call.write(first);
    for await (const part of parts) {
      if (finished) break; // the server already answered (an error): stop sending
      const message = part instanceof EncodedChunk ? part : part instanceof Uint8Array ? { chunk: part } : { sha256: part.sha256 };
      if (!call.write(message)) await Promise.race([once(call, 'drain'), result.catch(() => undefined)]);
    }
    call.end();
  } catch (err) {
    call.cancel();
    settle.reject(err);
  }
  return result;
}
