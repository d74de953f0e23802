// Writing a stream of chunks to an open file, shared by everything on the node that downloads or
// unpacks: every byte written (a write may take only part of a chunk), and a stop between chunks
// once the work is cancelled.
import type { FileHandle } from 'node:fs/promises';

/** Writes every chunk, whole, in order. */
export async function writeAll(handle: FileHandle, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
  }
}

/** Stops between chunks once the signal is aborted. */
export async function* abortable(chunks: AsyncIterable<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (signal.aborted) throw signal.reason;
    yield chunk;
  }
}
