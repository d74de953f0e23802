// The launcher's side of troupe.internal.v1.RemoteLaunch/Launch, spoken directly over node:http2 (gRPC's
// framing and status: protocol/grpc-wire.ts) with the protobuf encoding of the four small
// messages of proto/troupe/internal/v1/remote_launch.proto, by hand.
//
// Why not @grpc/grpc-js and its proto loader, as everywhere else: the launcher starts once per
// remote MPI daemon, on the critical path of mpiexec's start-up, and loading them costs more than
// Node's own start (measured: ~0.25 s of module loading and proto parsing per launch, on this
// 2-core machine, against ~0.03 s for node:http2). The server stays grpc-js; the tests run this
// client against it, so the two cannot drift apart unnoticed. Field numbers below must follow
// remote_launch.proto.
import http2 from 'node:http2';
import { openWireCall } from '../protocol/grpc/grpc-wire.ts';

export { frame, FrameReader } from '../protocol/grpc/grpc-wire.ts';

export interface WireStart { jobId: string; taskId: string; uid: string; attempt: number; token: string; host: string; command: string }
export type WireInput = { start: WireStart } | { stdin: Buffer } | { stdinClosed: true };
export type WireOutput = { stdout: Buffer } | { stderr: Buffer } | { exit: { exitCode: number; signal: string } } | {};

export const LAUNCH_PATH = '/troupe.internal.v1.RemoteLaunch/Launch';

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

/** TLS towards the remote worker: the CA its certificate is checked against, and this side's
 *  certificate and key when it has them (the worker's relay does; a launcher in a task does not). */
export interface LaunchTls {
  ca: Buffer | string;
  cert?: Buffer;
  key?: Buffer;
}

/** The variable that carries the CA (PEM) into multi-instance tasks for the Node launcher. */
export const LAUNCH_CA_VARIABLE = 'TROUPE_MPI_TLS_CA';

export function openLaunchCall(target: string, events: LaunchCallEvents, tls?: LaunchTls): LaunchCall {
  let ended = false;
  const end = (code: number, details: string) => {
    if (ended) return;
    ended = true;
    events.onEnd(code, code === -1 && details.startsWith('HTTP status') ? `${details} from ${target}` : details);
    session.close();
  };
  // No SNI: targets are IP addresses (RFC 6066 has no SNI for them); the certificate is still
  // checked against the address.
  const session = tls
    ? http2.connect(`https://${target}`, { ca: tls.ca, ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}), servername: '' })
    : http2.connect(`http://${target}`);
  session.on('error', (err) => end(-1, err.message));
  const call = openWireCall(session, LAUNCH_PATH, { onMessage: (message) => events.onOutput(decodeOutput(message)), onEnd: end });
  return {
    write: (input) => (ended ? true : call.write(encodeInput(input))),
    onDrain: (listener) => call.onDrain(listener),
    pause: () => call.pause(),
    resume: () => call.resume(),
    cancel() {
      ended = true;
      call.cancel();
      session.destroy();
    },
  };
}
