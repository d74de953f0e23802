// The API handlers for files on nodes (issue 4): ListTaskFiles, GetTaskFile, ListNodeFiles,
// GetNodeFile. Reads are server streams of chunks, written with back-pressure.
import type * as grpc from '@grpc/grpc-js';
import type { BatchHandlers } from '../../protocol/generated/troupe/v1/Batch.ts';
import type { Logger } from '../../protocol/log.ts';
import type { NodeFiles, FileListing } from '../files/node-files.ts';
import { validateGetNodeFile, validateGetTaskFile, validateListNodeFiles, validateListTaskFiles } from '../validation/node-file-validation.ts';
import { failStream, toStatus, unary } from '../../protocol/grpc/grpc-handlers.ts';

type FileHandlers = Pick<BatchHandlers, 'ListTaskFiles' | 'GetTaskFile' | 'ListNodeFiles' | 'GetNodeFile'>;

const listingToApi = (l: FileListing) => ({
  files: l.files.map((f) => ({ name: f.name, isDirectory: f.isDirectory, size: String(f.size), mtime: f.mtime })),
  truncated: l.truncated,
});

/** Streams `chunks` to the call (pausing when the client is slow); errors end it with a status. */
export function streamChunks(log: Logger, method: string, call: grpc.ServerWritableStream<unknown, { data: Uint8Array }>, chunks: () => AsyncGenerator<Uint8Array>): void {
  (async () => {
    const source = chunks();
    const stop = () => void source.return(undefined).catch(() => {});
    call.on('cancelled', stop);
    for await (const data of source) {
      if (call.cancelled) return;
      if (!call.write({ data })) await new Promise((r) => call.once('drain', r));
    }
    call.end();
  })().catch((err) => failStream(call, toStatus(log, method, err)));
}

export function nodeFileHandlers(files: NodeFiles, log: Logger): FileHandlers {
  return {
    ListTaskFiles: unary(log, 'ListTaskFiles', async (req) => {
      const q = validateListTaskFiles(req);
      return listingToApi(await files.listTaskFiles(q.jobId, q.taskId, q.path, q.recursive));
    }),
    ListNodeFiles: unary(log, 'ListNodeFiles', async (req) => {
      const q = validateListNodeFiles(req);
      return listingToApi(await files.listNodeFiles(q.nodeId, q.path, q.recursive));
    }),
    GetTaskFile: (call) => {
      streamChunks(log, 'GetTaskFile', call, () => {
        const q = validateGetTaskFile(call.request);
        return files.taskFile(q.jobId, q.taskId, q.path, q.offset, q.length);
      });
    },
    GetNodeFile: (call) => {
      streamChunks(log, 'GetNodeFile', call, () => {
        const q = validateGetNodeFile(call.request);
        return files.nodeFile(q.nodeId, q.path, q.offset, q.length);
      });
    },
  };
}
