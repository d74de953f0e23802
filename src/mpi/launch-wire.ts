// The launcher's side of troupe.v1.RemoteLaunch/Launch, spoken directly over node:http2: gRPC
// framing (a 5-byte prefix per message, status in the trailers) and the protobuf encoding of the
// four small messages of proto/troupe/v1/remote_launch.proto, by hand.
//
// Why not @grpc/grpc-js and its proto loader, as everywhere else: the launcher starts once per
// remote MPI daemon, on the critical path of mpiexec's start-up, and loading them costs more than
// Node's own start (measured: ~0.25 s of module loading and proto parsing per launch, on this
// 2-core machine, against ~0.03 s for node:http2). The server stays grpc-js; the tests run this
// client against it, so the two cannot drift apart unnoticed. Field numbers below must follow
// remote_launch.proto.
import http2 from 'node:http2';

export interface WireStart { jobId: string; taskId: string; uid: string; attempt: number; token: string; host: string; command: string }
export type WireInput = { start: WireStart } | { stdin: Buffer } | { stdinClosed: true };
export type WireOutput = { stdout: Buffer } | { stderr: Buffer } | { exit: { exitCode: number; signal: string } } | {};

export const LAUNCH_PATH = '/troupe.v1.RemoteLaunch/Launch';

// --- protobuf, the subset these messages need -----------------------------------------------

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

function stringField(field: number, value: string): Buffer {
  return value ? lengthDelimited(field, Buffer.from(value, 'utf8')) : Buffer.alloc(0);
}

export function encodeInput(input: WireInput): Buffer {
  if ('start' in input) {
    const s = input.start;
    const start = Buffer.concat([
      stringField(1, s.jobId),
      stringField(2, s.taskId),
      stringField(3, s.uid),
      s.attempt ? Buffer.concat([varint((4 << 3) | 0), varint(s.attempt)]) : Buffer.alloc(0),
      stringField(5, s.token),
      stringField(6, s.host),
      stringField(7, s.command),
    ]);
    return lengthDelimited(1, start);
  }
  if ('stdin' in input) return lengthDelimited(2, input.stdin);
  return Buffer.from([(3 << 3) | 0, 1]);
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  /** The low 32 bits of a varint, as a signed int32 (protobuf's int32 sign-extends to 10 bytes). */
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const byte = this.buf[this.pos++]!;
      if (shift < 32) result |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result | 0;
      if (shift > 70) throw new Error('varint too long');
    }
  }
  bytes(): Buffer {
    const length = this.varint();
    if (length < 0 || this.pos + length > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

export function decodeOutput(buf: Buffer): WireOutput {
  const r = new Reader(buf);
  let out: WireOutput = {};
  while (!r.done) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1 && wireType === 2) out = { stdout: r.bytes() };
    else if (field === 2 && wireType === 2) out = { stderr: r.bytes() };
    else if (field === 3 && wireType === 2) out = { exit: decodeExit(r.bytes()) };
    else r.skip(wireType);
  }
  return out;
}

function decodeExit(buf: Buffer): { exitCode: number; signal: string } {
  const r = new Reader(buf);
  const exit = { exitCode: 0, signal: '' };
  while (!r.done) {
    const tag = r.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 0) exit.exitCode = r.varint();
    else if (tag >>> 3 === 2 && (tag & 7) === 2) exit.signal = r.bytes().toString('utf8');
    else r.skip(tag & 7);
  }
  return exit;
}

// --- gRPC framing ----------------------------------------------------------------------------

export function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(0, 0); // not compressed
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Splits the response body into messages, across DATA frames of any size. */
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

// --- the call --------------------------------------------------------------------------------

export interface LaunchCallEvents {
  onOutput(out: WireOutput): void;
  /** The call ended with a gRPC status (from the server), or -1 with why the connection failed. */
  onEnd(code: number, details: string): void;
}

export interface LaunchCall {
  /** false when the stream's buffer is full: wait for onDrain. */
  write(input: WireInput): boolean;
  onDrain(listener: () => void): void;
  pause(): void;
  resume(): void;
  /** RST_STREAM CANCEL, then the connection closes: the server kills the command's group. */
  cancel(): void;
}

export function openLaunchCall(target: string, events: LaunchCallEvents): LaunchCall {
  let ended = false;
  const end = (code: number, details: string) => {
    if (ended) return;
    ended = true;
    events.onEnd(code, details);
    if (!req.closed) req.close();
    session.close();
  };
  const session = http2.connect(`http://${target}`);
  session.on('error', (err) => end(-1, err.message));
  const req = session.request({
    ':method': 'POST',
    ':path': LAUNCH_PATH,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  const frames = new FrameReader();
  const statusFrom = (headers: http2.IncomingHttpHeaders) => {
    const status = headers['grpc-status'];
    if (status === undefined) return false;
    const message = headers['grpc-message'];
    let details = typeof message === 'string' ? message : '';
    try {
      details = decodeURIComponent(details);
    } catch {
      // left as sent
    }
    end(Number(status), details);
    return true;
  };
  req.on('response', (headers) => {
    // A call refused before any message comes back as headers only, status included.
    if (headers[':status'] !== 200) end(-1, `HTTP status ${headers[':status']} from ${target}`);
    else statusFrom(headers);
  });
  req.on('data', (chunk: Buffer) => {
    try {
      for (const message of frames.push(chunk)) events.onOutput(decodeOutput(message));
    } catch (err) {
      end(-1, `unreadable reply: ${(err as Error).message}`);
      req.close(http2.constants.NGHTTP2_CANCEL);
    }
  });
  req.on('trailers', (trailers) => statusFrom(trailers));
  req.on('error', (err) => end(-1, err.message));
  req.on('close', () => end(-1, 'the connection closed before the call ended'));
  return {
    write: (input) => (ended ? true : req.write(frame(encodeInput(input)))),
    onDrain: (listener) => req.once('drain', listener),
    pause: () => req.pause(),
    resume: () => req.resume(),
    cancel() {
      ended = true;
      req.close(http2.constants.NGHTTP2_CANCEL);
      session.destroy();
    },
  };
}
