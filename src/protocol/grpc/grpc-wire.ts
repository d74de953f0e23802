// gRPC over node:http2, without a gRPC library: the message framing (a 5-byte prefix, no
// compression), the status a call ends with (in the trailers, or in the headers of a reply that
// has no body), and one call on a session. Used where loading @grpc/grpc-js would cost more than
// the work itself: the MPI launcher (once per remote daemon, mpi/launch-wire.ts) and the CLI
// (once per command, wire-client.ts). Servers stay grpc-js, and the tests run these clients
// against them, so the two cannot drift apart unnoticed.
import http2 from 'node:http2';

export function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(0, 0); // not compressed
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Splits a body into messages, across DATA frames of any size. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const messages: Buffer[] = [];
    while (this.pending.length >= 5) {
      if (this.pending[0] !== 0) throw new Error('compressed gRPC messages are not supported');
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < 5 + length) break;
      messages.push(this.pending.subarray(5, 5 + length));
      this.pending = this.pending.subarray(5 + length);
    }
    return messages;
  }
}

/** The call's status when these headers or trailers carry one (grpc-message is percent-encoded). */
export function statusOf(headers: http2.IncomingHttpHeaders): { code: number; details: string } | undefined {
  const status = headers['grpc-status'];
  if (status === undefined) return undefined;
  const message = headers['grpc-message'];
  let details = typeof message === 'string' ? message : '';
  try {
    details = decodeURIComponent(details);
  } catch {
    // left as sent
  }
  return { code: Number(status), details };
}

export interface WireCallEvents {
  onMessage(message: Buffer): void;
  /** The call ended with a gRPC status from the server, or -1 with why the connection failed. */
  onEnd(code: number, details: string): void;
}

export interface WireCall {
  /** false when the stream's buffer is full: wait for onDrain. */
  write(message: Buffer): boolean;
  /** No more messages from this side (a unary or server-streaming request is one message). */
  end(): void;
  onDrain(listener: () => void): void;
  pause(): void;
  resume(): void;
  /** RST_STREAM CANCEL: the server sees the call cancelled. onEnd is not called after it. */
  cancel(): void;
}

/** Opens one call on `session`; every outcome, including a lost connection, reaches onEnd once. */
export function openWireCall(session: http2.ClientHttp2Session, path: string, events: WireCallEvents, headers: http2.OutgoingHttpHeaders = {}): WireCall {
  let ended = false;
  const end = (code: number, details: string) => {
    if (ended) return;
    ended = true;
    events.onEnd(code, details);
    if (!req.closed) req.close();
  };
  const req = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
  const frames = new FrameReader();
  req.on('response', (h) => {
    // A call refused before any message comes back as headers only, status included.
    if (h[':status'] !== 200) return end(-1, `HTTP status ${h[':status']}`);
    const status = statusOf(h);
    if (status) end(status.code, status.details);
  });
  req.on('data', (chunk: Buffer) => {
    if (ended) return;
    try {
      for (const message of frames.push(chunk)) events.onMessage(message);
    } catch (err) {
      end(-1, `unreadable reply: ${(err as Error).message}`);
      req.close(http2.constants.NGHTTP2_CANCEL);
    }
  });
  req.on('trailers', (t) => {
    const status = statusOf(t);
    end(status?.code ?? -1, status?.details ?? 'the reply ended without a gRPC status');
  });
  // A connection that failed cancels its pending streams; the cause says why (ECONNREFUSED...).
  req.on('error', (err) => end(-1, (err.cause as Error | undefined)?.message ?? err.message));
  req.on('close', () => end(-1, 'the connection closed before the call ended'));
  return {
    write: (message) => (ended ? true : req.write(frame(message))),
    end: () => req.end(),
    onDrain: (listener) => req.once('drain', listener),
    pause: () => req.pause(),
    resume: () => req.resume(),
    cancel() {
      ended = true;
      if (!req.closed) req.close(http2.constants.NGHTTP2_CANCEL);
    },
  };
}
