// What the node's file hooks tell whoever counts their work (the worker's metrics): each resource
// file fetched or not, each output file uploaded or not, with bytes and time. An interface, so the
// hooks know nothing of Prometheus.

/** Where a resource file came from (Azure Batch's three kinds of source). */
export type ResourceSource = 'store' | 'http' | 'inline';

export interface TransferObserver {
  /** One resource file (or, for a store prefix, every object of it) written into place. */
  resourceFetched(source: ResourceSource, bytes: number, seconds: number): void;
  /** A resource file that could not be fetched (the attempt fails with ResourceFileDownloadError). */
  resourceFailed(source: ResourceSource, seconds: number): void;
  /** One output file stored. */
  outputUploaded(bytes: number, seconds: number): void;
  /** An output file pattern whose upload failed (the attempt fails with FileUploadError). */
  outputFailed(): void;
}

/** Passes chunks through, adding their sizes to `counter.bytes`. */
export async function* countBytes(chunks: AsyncIterable<Uint8Array>, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    counter.bytes += chunk.length;
    yield chunk;
  }
}
