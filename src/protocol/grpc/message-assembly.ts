// How grpc-js puts a received message together from the pieces the connection delivers. Its own
// decoder (1.14) keeps every piece until the last arrives, then joins them with one Buffer.concat:
// for a 56 MiB AddTaskCollection that single call took 70-120 ms of the coordinator's only thread
// (a fresh 56 MiB buffer, each page of it faulted in during the copy), the longest stall left in
// bench/stall.bench.ts on a million-task coordinator. Here a message's buffer is allocated when
// its size is known and each piece is copied into it as it arrives, so the copying and the page
// faults are spread over the message's arrival. The buffer's pages are committed by those copies
// only, so memory follows the bytes received, as before; the size limit is checked as before,
// with the same error.
//
// Installed by importing this module (the API server, its clients and the workers' servers do),
// on grpc-js's own StreamDecoder class: the server's and the clients' calls both use it.
import { StreamDecoder } from '@grpc/grpc-js/build/src/stream-decoder.js';

/** A message's 5-byte prefix: the compressed flag, then the length (big-endian u32). */
const PREFIX = 5;

/** The decoder's state as this module keeps it (grpc-js's constructor sets maxReadMessageLength). */
interface Assembly {
  maxReadMessageLength: number;
  assemblyPrefix?: Buffer;
  assemblyPrefixFilled?: number;
  /** The message being received, prefix included, and how much of it has arrived. */
  assemblyMessage?: Buffer;
  assemblyFilled?: number;
}

/** StreamDecoder.write: the framed messages (prefix included, as grpc-js expects) that `data`
 *  completes, in order. */
export function writeFramed(this: Assembly, data: Buffer): Buffer[] {
  const complete: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const message = this.assemblyMessage;
    if (message) {
      const filled = this.assemblyFilled!;
      const n = Math.min(message.length - filled, data.length - at);
      data.copy(message, filled, at, at + n);
      at += n;
      this.assemblyFilled = filled + n;
      if (this.assemblyFilled === message.length) {
        complete.push(message);
        this.assemblyMessage = undefined;
      }
      continue;
    }
    // The prefix, which may itself come in pieces.
    const prefix = (this.assemblyPrefix ??= Buffer.alloc(PREFIX));
    const filled = this.assemblyPrefixFilled ?? 0;
    const n = Math.min(PREFIX - filled, data.length - at);
    data.copy(prefix, filled, at, at + n);
    at += n;
    this.assemblyPrefixFilled = filled + n;
    if (this.assemblyPrefixFilled < PREFIX) break;
    this.assemblyPrefixFilled = 0;
    const size = prefix.readUInt32BE(1);
    if (this.maxReadMessageLength !== -1 && size > this.maxReadMessageLength) {
      throw new Error(`Received message larger than max (${size} vs ${this.maxReadMessageLength})`);
    }
    const framed = Buffer.allocUnsafe(PREFIX + size);
    prefix.copy(framed, 0);
    if (size === 0) {
      complete.push(framed);
    } else {
      this.assemblyMessage = framed;
      this.assemblyFilled = PREFIX;
    }
  }
  return complete;
}

const proto = StreamDecoder.prototype as unknown as { write: unknown };
if (typeof proto.write !== 'function') throw new Error('grpc-js has no StreamDecoder.write to replace: check message-assembly.ts against this grpc-js version');
/** grpc-js's own write, for the tests that compare the two. */
export const grpcJsWrite = proto.write as (this: unknown, data: Buffer) => Buffer[];
proto.write = writeFramed;
