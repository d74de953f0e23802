// The worker's side of exec and attach (troupe.internal.v1.NodeTerminal): the coordinator relays a
// client's Terminal call here, message for message. Mutual TLS, and only the coordinator's
// certificate (CN=coordinator, as `troupe up` and the deployment guide issue it) is answered: a
// task or another node must not be able to run commands in someone else's task. A worker without
// TLS serves no terminals (the coordinator then refuses exec and attach, naming why).
//
//   Exec:   start ─► validate ─► the attempt's target (running here?) ─► exec-session.ts
//   Attach: start ─► validate ─► the attempt's pty terminal ─► attach (one client at a time)
//           stdin ─► the terminal; resize ─► the terminal; call ends ─► detach (the task goes on)
import * as grpc from '@grpc/grpc-js';
import type { TlsMaterial } from '../../security/daemon-tls.ts';
import type { Logger } from '../../protocol/log.ts';
import { loadNodeTerminalProto } from '../../protocol/grpc/proto.ts';
import { listen } from '../../protocol/grpc/listening-server.ts';
import { TroupeError } from '../../protocol/errors.ts';
import { validateAttachStart, validateExecStart } from '../../protocol/terminal-start.ts';
import type { ExecInput__Output } from '../../protocol/generated/troupe/v1/ExecInput.ts';
import type { AttachInput__Output } from '../../protocol/generated/troupe/v1/AttachInput.ts';
import type { TerminalOutput } from '../../protocol/generated/troupe/v1/TerminalOutput.ts';
import { runExec, type ExecCall } from './exec-session.ts';
import { loadPty, ptyRefusal } from './pty-loader.ts';
import type { TerminalTargetLookup } from './terminal-target.ts';
import { windowSize } from '../../protocol/terminal-start.ts';

/** The common name of the only client certificate this server answers. */
export const COORDINATOR_CERT_NAME = 'coordinator';

export interface TerminalServer { readonly port: number; close(): Promise<void> }

export interface TerminalServerOptions {
  host: string;
  port?: number;
  nodeId: string;
  tls: TlsMaterial;
  target(jobId: string, taskId: string): TerminalTargetLookup;
  killGraceMs: number;
  log: Logger;
}

type AttachCall = grpc.ServerDuplexStream<AttachInput__Output, TerminalOutput>;

export async function startTerminalServer(opts: TerminalServerOptions): Promise<TerminalServer> {
  const server = new grpc.Server();
  const proto = loadNodeTerminalProto();
  server.addService(proto.NodeTerminal.service, {
    Exec: (call: ExecCall) => firstMessage(call, opts, (input) => exec(call, input as ExecInput__Output, opts)),
    Attach: (call: AttachCall) => firstMessage(call, opts, (input) => attach(call, input as AttachInput__Output, opts)),
  });
  return listen(server, { host: opts.host, ...(opts.port !== undefined ? { port: opts.port } : {}), tls: opts.tls, requireClientCertificate: true, what: 'terminal server' });
}

type AnyCall = ExecCall | AttachCall;

/** Checks the caller, then hands the first message on; later messages go to what it starts. */
function firstMessage(call: AnyCall, opts: TerminalServerOptions, start: (input: unknown) => void): void {
  call.on('error', () => {});
  const peer = call.getAuthContext?.()?.sslPeerCertificate?.subject?.CN;
  if (peer !== COORDINATOR_CERT_NAME) {
    opts.log.warn('terminal call refused: not the coordinator', { peer: peer ?? null });
    call.emit('error', { code: grpc.status.PERMISSION_DENIED, details: `only the coordinator may open terminals on node '${opts.nodeId}'` });
    return;
  }
  let started = false;
  call.once('data', (input: unknown) => {
    started = true;
    try {
      start(input);
    } catch (err) {
      const e = err as TroupeError;
      call.emit('error', { code: e.grpcStatus ?? grpc.status.INTERNAL, details: e.message });
    }
  });
  call.once('end', () => {
    if (!started) call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'start must be the first message' });
  });
}

function lookup(opts: TerminalServerOptions, jobId: string, taskId: string) {
  const target = opts.target(jobId, taskId);
  if ('refused' in target) throw new TroupeError('FAILED_PRECONDITION', target.refused);
  return target;
}

function exec(call: ExecCall, input: ExecInput__Output, opts: TerminalServerOptions): void {
  const req = validateExecStart(input);
  const target = lookup(opts, req.jobId, req.taskId);
  const log = opts.log.child({ jobId: req.jobId, taskId: req.taskId });
  const fail = (code: grpc.status, details: string) => call.emit('error', { code, details });
  // Input sent before the command is up is held, not lost.
  const early: ExecInput__Output[] = [];
  const hold = (m: ExecInput__Output) => early.push(m);
  call.on('data', hold);
  const go = (tty: Parameters<typeof runExec>[1]['tty']) => {
    call.off('data', hold);
    runExec(call, { command: req.command, stdin: req.stdin, ...(tty ? { tty } : {}) }, target, { killGraceMs: opts.killGraceMs, log, fail });
    for (const m of early) call.emit('data', m);
  };
  if (!req.tty) return go(undefined);
  void loadPty().then((loaded) => {
    if ('unavailable' in loaded) return fail(grpc.status.FAILED_PRECONDITION, ptyRefusal(opts.nodeId, loaded.unavailable));
    try {
      go({ pty: loaded.pty, size: req.window });
    } catch (err) {
      fail(grpc.status.FAILED_PRECONDITION, `could not start '${req.command[0]}' under a pseudo-terminal: ${(err as Error).message}`);
    }
  });
}

function attach(call: AttachCall, input: AttachInput__Output, opts: TerminalServerOptions): void {
  const req = validateAttachStart(input);
  const target = lookup(opts, req.jobId, req.taskId);
  if (!target.terminal) throw new TroupeError('FAILED_PRECONDITION', `task '${req.taskId}' has no terminal to attach to: add it with pty (troupe task add --pty), or use troupe task exec`);
  let ended = false;
  const attachment = target.terminal.attach({
    output: (data) => !ended && call.write({ stdout: data }),
    exit: (exit) => {
      if (ended) return;
      ended = true;
      call.write({ exit: { exitCode: exit.exitCode, signal: exit.signal ?? '' } });
      call.end();
    },
  }, req.window, req.replay);
  if ('refused' in attachment) throw new TroupeError('FAILED_PRECONDITION', attachment.refused);
  opts.log.info('terminal attached', { jobId: req.jobId, taskId: req.taskId });
  call.on('drain', () => attachment.resume());
  call.on('data', (m: AttachInput__Output) => {
    if (m.input === 'stdin' && m.stdin) attachment.input(m.stdin);
    else if (m.input === 'resize') {
      try {
        const size = windowSize(m.resize, 'resize');
        if (size) attachment.resize(size);
      } catch {
        // an unusable size is ignored: the terminal keeps its own
      }
    }
  });
  const detach = () => {
    if (ended) return;
    ended = true;
    attachment.detach();
    opts.log.info('terminal detached', { jobId: req.jobId, taskId: req.taskId });
    if (!call.cancelled && !call.writableEnded) call.end();
  };
  call.on('end', detach);
  call.on('cancelled', detach);
}
