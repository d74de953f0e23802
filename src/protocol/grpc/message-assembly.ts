// How grpc-js puts a received message together from the pieces the connection delivers. Its own
// decoder (1.14) keeps every piece until the last arrives, then joins them with one Buffer.concat:
// for a 56 MiB AddTaskCollection that single call took 70-120 ms of the coordinator's only thread
// (a fresh 56 MiB buffer, each page of it faulted in during the copy), the longest stall left in
// bench/stall.bench.ts on a million-task coordinator. Here a message's buffer is allocated once a
// quarter of it has arrived (at once for one of up to 256 KiB), what came before is copied in,
// and every later piece is copied into it as it arrives: the copying and the page faults are
// spread over the message's arrival, the longest single copy a quarter of it. Waiting for that
// quarter keeps a client that announces a big message and sends little of it from making the
// process allocate (and V8 count, and collect for) more than four times what it sent. The size
// limit is checked as before, with the same error.
//
// Installed by importing this module (the API server, its clients and the workers' servers do),
// on grpc-js's own StreamDecoder class: the server's and the clients' calls both use it.
import { StreamDecoder } from '@grpc/grpc-js/build/src/stream-decoder.js';

/** A message's 5-byte prefix: the compressed flag, then the length (big-endian u32). */
const PREFIX = 5;
/** Messages up to this size get their buffer as soon as their size is known. */
const ALLOCATE_AT_ONCE = 256 * 1024;

/** The decoder's state as this module keeps it (grpc-js's constructor sets maxReadMessageLength). */
interface Assembly {
  maxReadMessageLength: number;
  assemblyPrefix?: Buffer;
  assemblyPrefixFilled?: number;
  /** The size of the message being received (its body), once its prefix is in. */
  assemblySize?: number;
  /** Its pieces so far, until its buffer is allocated. */
  assemblyPieces?: Buffer[];
  assemblyReceived?: number;
  /** Its buffer, prefix included, and how much of it is filled. */
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
    const pieces = this.assemblyPieces;
    if (pieces) {
      const size = this.assemblySize!;
      const n = Math.min(size - this.assemblyReceived!, data.length - at);
      pieces.push(data.subarray(at, at + n)); // the connection's buffers are not reused
      at += n;
      this.assemblyReceived! += n;
      if (this.assemblyReceived! * 4 >= size) {
        const framed = framedBuffer(this.assemblyPrefix!, size);
        let filled = PREFIX;
        for (const piece of pieces) filled += piece.copy(framed, filled);
        this.assemblyPieces = undefined;
        if (filled === framed.length) complete.push(framed);
        else [this.assemblyMessage, this.assemblyFilled] = [framed, filled];
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
    if (size === 0) {
      complete.push(framedBuffer(prefix, 0));
    } else if (size <= ALLOCATE_AT_ONCE) {
      [this.assemblyMessage, this.assemblyFilled] = [framedBuffer(this.assemblyPrefix!, size), PREFIX];
    } else {
      [this.assemblySize, this.assemblyPieces, this.assemblyReceived] = [size, [], 0];
    }
  }
  return complete;
}

/** A message's buffer with its prefix in place. */
function framedBuffer(prefix: Buffer, size: number): Buffer {
  const framed = Buffer.allocUnsafe(PREFIX + size);
  prefix.copy(framed, 0);
  return framed;
}

const proto = StreamDecoder.prototype as unknown as { write: unknown };
if (typeof proto.write !== 'function') throw new Error('grpc-js has no StreamDecoder.write to replace: check message-assembly.ts against this grpc-js version');
/** grpc-js's own write, for the tests that compare the two. */
export const grpcJsWrite = proto.write as (this: unknown, data: Buffer) => Buffer[];
proto.write = writeFramed;
