// troupe.v1.Terminal (terminal.proto): exec and attach, relayed to the task's node. The gate
// (auth/authorize.ts) has checked the token and the role (submit: they run code as the task's
// user); the job is known only from the first message, so its check is made here, before anything
// reaches a node. Then messages go both ways as they are, with back-pressure, and the node's
// status becomes the client's.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../protocol/log.ts';
import { TroupeError } from '../../protocol/errors.ts';
import { UNSUPPORTED_FIELD } from '../../protocol/grpc/proto-descriptor.ts';
import { validateAttachStart, validateExecStart } from '../../protocol/terminal-start.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { TerminalRelay } from '../terminal/terminal-relay.ts';
import { auditStream, authorizeStreamJob, type Caller } from '../auth/authorize.ts';
import type { ExecInput__Output } from '../../protocol/generated/troupe/v1/ExecInput.ts';
import type { AttachInput__Output } from '../../protocol/generated/troupe/v1/AttachInput.ts';
import type { TerminalOutput, TerminalOutput__Output } from '../../protocol/generated/troupe/v1/TerminalOutput.ts';

type ClientSide<In> = grpc.ServerDuplexStream<In, TerminalOutput>;
type NodeSide = grpc.ClientDuplexStream<object, TerminalOutput__Output>;

export function terminalHandlers(relay: TerminalRelay, state: ClusterState, log: Logger) {
  const owner = (jobId: string) => {
    const job = state.jobs.get(jobId);
    return job ? job.owner ?? null : undefined;
  };
  return {
    Exec(call: ClientSide<ExecInput__Output>) {
      opening(call, log, 'Exec', (first) => {
        const req = validateExecStart(first as ExecInput__Output);
        const caller = authorizeStreamJob(call, 'Exec', req.jobId, owner, log);
        return { caller, target: `job/${req.jobId} task/${req.taskId}`, node: relay.exec(req.jobId, req.taskId) as unknown as NodeSide, detail: { command: req.command[0], tty: req.tty } };
      });
    },
    Attach(call: ClientSide<AttachInput__Output>) {
      opening(call, log, 'Attach', (first) => {
        const req = validateAttachStart(first as AttachInput__Output);
        const caller = authorizeStreamJob(call, 'Attach', req.jobId, owner, log);
        return { caller, target: `job/${req.jobId} task/${req.taskId}`, node: relay.attach(req.jobId, req.taskId) as unknown as NodeSide, detail: {} };
      });
    },
  };
}

function opening<In extends object>(
  call: ClientSide<In>, log: Logger, method: string,
  open: (first: In) => { caller: Caller; target: string; node: NodeSide; detail: Record<string, unknown> },
): void {
  let settled = false;
  const fail = (code: number, details: string) => {
    if (settled) return;
    settled = true;
    call.emit('error', { code, details });
  };
  call.on('error', () => {});
  call.once('end', () => {
    if (!opened) fail(grpc.status.INVALID_ARGUMENT, 'start must be the first message');
  });
  let opened = false;
  call.once('data', (first: In) => {
    opened = true;
    let relay: ReturnType<typeof open>;
    try {
      relay = open(first);
    } catch (err) {
      const e = err as TroupeError;
      return fail(e.grpcStatus ?? grpc.status.INTERNAL, e.message);
    }
    const { caller, target, node } = relay;
    auditStream(log, caller, method, target, 'OK');
    log.info('terminal relayed', { method, target, ...relay.detail });
    node.on('data', (out: TerminalOutput__Output) => {
      if (settled || call.writableEnded) return;
      if (!call.write(out)) node.pause();
    });
    call.on('drain', () => node.resume());
    node.on('error', (err: grpc.ServiceError) => {
      const details = err.code === grpc.status.UNAVAILABLE ? `the task's node could not be reached: ${err.details}` : err.details;
      fail(err.code ?? grpc.status.INTERNAL, details);
    });
    node.on('end', () => {
      if (settled) return;
      settled = true;
      call.end();
    });
    call.on('data', (input: In) => {
      const unsupported = (input as Record<symbol, unknown>)[UNSUPPORTED_FIELD];
      if (typeof unsupported === 'string') {
        node.cancel();
        return fail(grpc.status.INVALID_ARGUMENT, unsupported);
      }
      node.write(input);
    });
    call.on('end', () => node.end());
    call.on('cancelled', () => {
      settled = true;
      node.cancel();
    });
    node.write(first);
  });
}
