// A task's stdout or stderr, streamed from its node through the coordinator (GetTaskOutput).
import type { BatchApi } from '../protocol/grpc/batch-api.ts';
import type { OutputChunk__Output } from '../protocol/generated/troupe/v1/OutputChunk.ts';

export interface TaskOutputRequest {
  jobId: string;
  taskId: string;
  stream?: 'stdout' | 'stderr' | 'coordination-stdout' | 'coordination-stderr';
  /** Multi-instance: whose output (unset = the primary's). */
  subtaskId?: number;
  /** Keep streaming until the task completes. */
  follow?: boolean;
}

const outputRequest = (req: TaskOutputRequest) => ({
  jobId: req.jobId, taskId: req.taskId, stream: req.stream ?? 'stdout',
  ...(req.subtaskId !== undefined ? { subtaskId: req.subtaskId } : {}),
  follow: req.follow === true,
});

/** Writes the raw bytes to `sink` as they arrive, pausing the stream when the sink is full. */
export function pipeTaskOutput(api: BatchApi, req: TaskOutputRequest, sink: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const call = api.raw.GetTaskOutput(outputRequest(req));
    call.on('data', (chunk: OutputChunk__Output) => {
      bytes += chunk.data.length;
      if (!sink.write(chunk.data)) {
        call.pause();
        sink.once('drain', () => call.resume());
      }
    });
    call.on('error', reject);
    call.on('end', () => resolve(bytes));
  });
}

/** The whole output in memory: for small outputs the CLI itself parses (the demo's results). */
export function readTaskOutput(api: BatchApi, req: TaskOutputRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const call = api.raw.GetTaskOutput(outputRequest(req));
    call.on('data', (chunk: OutputChunk__Output) => chunks.push(chunk.data));
    call.on('error', reject);
    call.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
