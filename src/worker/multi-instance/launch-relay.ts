// The worker's launch relay: the local end of the native MPI launcher (native/troupe-mpi-launch.c).
// mpiexec (or an orted, with tree spawn) runs that launcher once per remote daemon; it connects
// here over a Unix socket (TROUPE_MPI_RELAY in every instance's environment), and this relay makes
// the RemoteLaunch call to the target host's worker that the Node launcher (src/mpi/launcher.ts)
// would make itself, relaying stdin, stdout, stderr and the exit both ways. Why: the launcher is
// on the critical path of mpiexec's start-up, and Node's start-up per launch cost more than the
// whole launch; the worker is running anyway.
//
// Socket: on Linux an abstract name, '@troupe-launch-<nodeId>-<random>' (no file, no path length
// limit to hit in deep directories); elsewhere a socket file in the temporary directory.
// Frames, both ways: u8 type, u32 big-endian payload length, payload.
//   launcher -> relay  'H' header: host NUL command NUL TROUPE_MPI_CONTEXT's raw value (first frame)
//                      'I' stdin bytes      'C' stdin closed (empty)      'K' cancel (empty)
//   relay -> launcher  'O' stdout bytes     'E' stderr bytes
//                      'X' exit: i32 big-endian exit status (last frame)
//                      'F' failed: message text; the launcher prints it and exits 255 (last frame)
// The launcher disconnecting before 'X'/'F' cancels the call as 'K' does (the remote worker then
// kills the command's group), after a short wait for the call's last output: see `orphan` below.
// Bad input gets an 'F' frame and the connection closed.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../protocol/log.ts';
import { openLaunchCall, type LaunchCall, type LaunchTls } from '../../mpi/launch-wire.ts';
import { GRPC_CODES } from '../../protocol/grpc/grpc-codes.ts';
import { parseMpiLaunchContext, reservedTarget, type LaunchRef } from '../../mpi/mpi-environment.ts';
import { DaemonStderr } from './daemon-stderr.ts';

export const RELAY_VARIABLE = 'TROUPE_MPI_RELAY';
/** Header: host and context are small; the command is at most 256 KiB (remote-launch-server.ts). */
const MAX_FRAME = 1024 * 1024;
const MAX_MESSAGE = 65536;

export interface LaunchRelay {
  /** The value of TROUPE_MPI_RELAY: '@name' (abstract) or a socket path. */
  readonly name: string;
  /** Launches relayed so far (calls opened). */
  readonly launches: number;
  /** What the attempt's remote daemons wrote to stderr (daemon-stderr.ts). */
  readonly daemonStderr: DaemonStderr;
  close(): Promise<void>;
}

/** A relayed launch's target node stopped answering: the node of that instance is lost. */
export type RemoteLost = (ref: LaunchRef, host: string, details: string) => void;

/** How long a launch whose launcher went away may still deliver its output before it is
 *  cancelled. Its remote command has usually exited already: mpiexec ended its launchers because
 *  that daemon's control connection closed, which outruns the daemon's last stderr through the
 *  relay (Hydra's proxy: 'unable to change wdir', while mpiexec says only `assert (!closed)`). */
// 5 s: a clean-clone run under full load cut a proxy's line after its first write at 2 s.
const LATE_OUTPUT_MS = 5000;

/** `tls`: the worker's identity, presented to the remote workers it calls (mutual TLS). */
export async function startLaunchRelay(opts: { nodeId: string; log: Logger; lost?: RemoteLost; tls?: LaunchTls }): Promise<LaunchRelay> {
  const random = randomBytes(6).toString('hex');
  const abstract = process.platform === 'linux';
  // 107 bytes is the limit of an abstract name; node ids are shortened to stay well below it.
  const name = abstract
    ? `@troupe-launch-${opts.nodeId.slice(0, 64)}-${random}`
    : path.join(os.tmpdir(), `troupe-launch-${random}.sock`);
  const connections = new Set<net.Socket>();
  let launches = 0;
  const daemonStderr = new DaemonStderr();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    relayConnection(socket, {
      log: opts.log,
      launched: () => launches++,
      lost: opts.lost ?? (() => {}),
      daemonStderr,
      closing: () => closing !== undefined,
      ...(opts.tls ? { tls: opts.tls } : {}),
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`launch relay could not listen on ${name}: ${err.message}`)));
    server.listen(abstract ? `\0${name.slice(1)}` : name, () => resolve());
  });
  server.on('error', (err) => opts.log.warn('launch relay error', { err }));
  let closing: Promise<void> | undefined;
  return {
    name,
    get launches() {
      return launches;
    },
    daemonStderr,
    close() {
      // Open connections are cut: their calls are cancelled, as when a launcher dies.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of connections) socket.destroy();
        if (!abstract) rmSync(name, { force: true });
      });
      return closing;
    },
  };
}

/** Splits a byte stream into frames; throws on a frame type or size the protocol does not allow. */
export class RelayFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { type: string; payload: Buffer }[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: { type: string; payload: Buffer }[] = [];
    while (this.pending.length >= 5) {
      const type = String.fromCharCode(this.pending[0]!);
      if (!'HICK'.includes(type)) throw new Error(`unknown frame type ${this.pending[0]}`);
      const length = this.pending.readUInt32BE(1);
      if (length > MAX_FRAME) throw new Error(`frame '${type}' of ${length} bytes exceeds ${MAX_FRAME}`);
      if (this.pending.length < 5 + length) break;
      frames.push({ type, payload: this.pending.subarray(5, 5 + length) });
      this.pending = this.pending.subarray(5 + length);
    }
    return frames;
  }
}

export function relayFrame(type: 'O' | 'E' | 'X' | 'F', payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/** The header's three fields; throws when it is not host NUL command NUL context. */
export function parseHeader(payload: Buffer): { host: string; command: string; context: string } {
  const first = payload.indexOf(0);
  const second = first < 0 ? -1 : payload.indexOf(0, first + 1);
  if (second < 0) throw new Error('the header frame must hold host, command and context separated by NUL bytes');
  return {
    host: payload.subarray(0, first).toString('utf8'),
    command: payload.subarray(first + 1, second).toString('utf8'),
    context: payload.subarray(second + 1).toString('utf8'),
  };
}

interface ConnectionDeps {
  log: Logger;
  launched: () => void;
  lost: RemoteLost;
  daemonStderr: DaemonStderr;
  /** The relay is closing (the worker stops): launches are cancelled at once. */
  closing: () => boolean;
  tls?: LaunchTls;
}

function relayConnection(socket: net.Socket, deps: ConnectionDeps): void {
  const frames = new RelayFrameReader();
  let call: LaunchCall | undefined;
  let done = false; // 'X' or 'F' sent, or the launcher gone
  let exitCode: number | undefined;
  let host = '';
  /** Set once the launcher is gone while the call is open. */
  let orphaned = false;
  let kept: ReturnType<DaemonStderr['open']> | undefined;
  let callEnded = () => {};
  const ended = new Promise<void>((resolve) => {
    callEnded = () => {
      kept?.end();
      resolve();
    };
  });

  const finish = (frame: Buffer) => {
    if (done) return;
    done = true;
    socket.end(frame);
    socket.resume(); // paused for stdin backpressure: read on to the launcher's close
  };
  const failWith = (message: string) => finish(relayFrame('F', Buffer.from(message.slice(0, MAX_MESSAGE), 'utf8')));
  const cancel = () => {
    if (done) return;
    done = true;
    socket.destroy();
    if (call) orphan(call);
  };
  /** The launcher is gone (cancelled, killed by mpiexec, exited): the call still gets a moment
   *  to deliver what its command wrote last (kept in daemonStderr), and is cancelled then
   *  (the remote worker kills the command's group). */
  const orphan = (open: LaunchCall) => {
    const stop = () => {
      open.cancel();
      callEnded();
    };
    if (deps.closing()) return stop();
    orphaned = true;
    open.write({ stdinClosed: true });
    const timer = setTimeout(stop, LATE_OUTPUT_MS);
    void ended.then(() => clearTimeout(timer));
  };

  // Output backpressure: stop reading the call while the launcher's socket is full.
  let outputPaused = false;
  const toLauncher = (frame: Buffer) => {
    if (done) return;
    if (!socket.write(frame) && call && !outputPaused) {
      outputPaused = true;
      call.pause();
      socket.once('drain', () => {
        outputPaused = false;
        call?.resume();
      });
    }
  };

  const start = (payload: Buffer) => {
    const header = parseHeader(payload);
    host = header.host;
    let context;
    try {
      context = parseMpiLaunchContext(header.context || undefined);
    } catch (err) {
      failWith((err as Error).message);
      return;
    }
    const reserved = reservedTarget(context, host);
    if ('refused' in reserved) {
      failWith(reserved.refused);
      return;
    }
    const target = reserved.target;
    const launchRef = context.ref;
    deps.launched();
    kept = deps.daemonStderr.open(launchRef, host);
    call = openLaunchCall(target, {
      onOutput(out) {
        if ('stderr' in out) kept?.write(out.stderr);
        if (orphaned) return;
        if ('stdout' in out) toLauncher(relayFrame('O', out.stdout));
        else if ('stderr' in out) toLauncher(relayFrame('E', out.stderr));
        else if ('exit' in out) exitCode = out.exit.exitCode;
      },
      onEnd(code, details) {
        callEnded();
        if (code === GRPC_CODES.OK && exitCode !== undefined) {
          const status = Buffer.alloc(4);
          status.writeInt32BE(exitCode, 0);
          finish(relayFrame('X', status));
        } else if (code === GRPC_CODES.OK) failWith(`the worker for ${host} ended the launch without an exit status`);
        else if (code === GRPC_CODES.PERMISSION_DENIED || code === GRPC_CODES.INVALID_ARGUMENT || code === GRPC_CODES.FAILED_PRECONDITION) {
          failWith(`launch on ${host} refused: ${details}`);
        } else if (code === -1 || code === GRPC_CODES.UNAVAILABLE) {
          deps.lost(context.ref, host, details);
          failWith(`connection to the troupe worker for ${host} (${target}) failed or was lost: ${details}`);
        } else failWith(`launch on ${host} (${target}) failed: gRPC status ${code}: ${details}`);
      },
    }, deps.tls);
    call.write({ start: { ...context.ref, host, command: header.command } });
  };

  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    try {
      for (const { type, payload } of frames.push(chunk)) {
        if (done) return;
        if (type === 'H') {
          if (call) throw new Error('the header must be sent only once');
          start(payload);
          continue;
        }
        const open = call;
        if (!open) throw new Error(`the first frame must be the header, got '${type}'`);
        if (type === 'I') {
          if (!open.write({ stdin: Buffer.from(payload) })) {
            socket.pause();
            open.onDrain(() => socket.resume());
          }
        } else if (type === 'C') open.write({ stdinClosed: true });
        else if (type === 'K') cancel();
      }
    } catch (err) {
      deps.log.warn('launch relay: bad input from a launcher', { err, host });
      call?.cancel();
      callEnded();
      failWith(`bad request to the launch relay: ${(err as Error).message}`);
    }
  });
  socket.on('error', () => {}); // the launcher went away: 'close' follows
  socket.on('close', () => cancel());
}
