// The gate in front of every handler of the API's services: the call's bearer token is checked
// (UNAUTHENTICATED when missing or not valid), its role against the call's policy
// (PERMISSION_DENIED naming the call and the role), and for a submitter the job the call is about
// (its own jobs only). Every state-changing call, and every refused one, leaves an audit line:
// who, which call, on what, and how it ended.
//
// Exempt from the gate, by design: the standard health and reflection services (UNGATED_SERVICES;
// api-listener.ts adds them to the server outside it). A load balancer's or Kubernetes' probe and
// a reflection client (grpcurl) hold no token, and neither service tells anything a token
// protects: health says whether this coordinator leads, reflection what proto/ publishes anyway.
// call-policy.ts lists troupe's methods only.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../protocol/log.ts';
import { PermissionDeniedError, TroupeError, UnauthenticatedError } from '../../protocol/errors.ts';
import { grpcCodeName } from '../../protocol/grpc/grpc-codes.ts';
import { detailedStatus, statusWithDetails } from '../../protocol/grpc/error-details.ts';
import { UNSUPPORTED_FIELD } from '../../protocol/grpc/proto-descriptor.ts';
import { CALL_POLICIES, changesState, roleMay, seesAllJobs, type CallPolicy } from './call-policy.ts';
import type { TokenStore } from './token-store.ts';
import type { Role } from './tokens.ts';
import { checkJobScope } from './job-scope.ts';
import { HEALTH_SERVICE } from '../../protocol/grpc/health.ts';
import { REFLECTION_SERVICES } from '../../protocol/grpc/reflection.ts';

/** Who makes a call, as its token says. */
export interface Caller {
  tokenId: string;
  name: string;
  role: Role;
  /** A job-scoped credential's job (job-scope.ts). */
  jobId?: string;
}

/** The services served without a token (see the top of this file). */
export const UNGATED_SERVICES: readonly string[] = [HEALTH_SERVICE, ...REFLECTION_SERVICES];

const callers = new WeakMap<object, Caller>();

/** The caller of a call that went through the gate (always set for the API's handlers). */
export function callerOf(call: object): Caller {
  const caller = callers.get(call);
  if (!caller) throw new TroupeError('INTERNAL', 'call reached its handler without passing authorization');
  return caller;
}

export interface AuthContext {
  tokens: TokenStore;
  /** The owner of a job, undefined when there is no such job (the handler says NOT_FOUND). */
  jobOwner(jobId: string): string | undefined | null;
  /** The same for a job schedule. */
  jobScheduleOwner?(jobScheduleId: string): string | undefined | null;
  /** A job's state, undefined when there is no such job (for job-scoped credentials). */
  jobState(jobId: string): string | undefined;
  log: Logger;
}

type AnyCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown> | grpc.ServerReadableStream<unknown, unknown>;
type Handler = (call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => void;

/** The service's handlers behind the gate. */
export function authorizeService(definition: grpc.ServiceDefinition, handlers: grpc.UntypedServiceImplementation, auth: AuthContext): grpc.UntypedServiceImplementation {
  const gated: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = handlers[name] as unknown as Handler | undefined;
    if (!handler) continue;
    const path = method.path.replace(/^\//, '');
    const policy = CALL_POLICIES[path];
    gated[name] = gate(path, policy, method, handler, auth) as grpc.UntypedHandleCall;
  }
  return gated;
}

function gate(path: string, policy: CallPolicy | undefined, method: grpc.MethodDefinition<unknown, unknown>, handler: Handler, auth: AuthContext): Handler {
  const method_ = path.slice(path.indexOf('/') + 1);
  const audited = policy !== undefined && changesState(policy.access);
  return (call, callback) => {
    const request = method.requestStream ? undefined : (call as grpc.ServerUnaryCall<unknown, unknown>).request as Record<string, unknown>;
    let caller: Caller | undefined;
    try {
      caller = authenticate(call.metadata, auth.tokens);
      if (!policy) throw new PermissionDeniedError(`${method_} is not open to any role`);
      if (caller.jobId !== undefined) checkJobScope(path, policy, request, caller.jobId, auth.jobState);
      if (!roleMay(caller.role, policy.access)) throw new PermissionDeniedError(`${method_} is not allowed for role '${caller.role}' (token '${caller.tokenId}', ${caller.name})`);
      // A field this server does not know (unknown-fields.ts): refused before anything else.
      const unsupported = (request as Record<symbol, unknown> | undefined)?.[UNSUPPORTED_FIELD];
      if (typeof unsupported === 'string') throw new TroupeError('INVALID_ARGUMENT', unsupported);
      const jobId = request && policy.job?.(request);
      if (jobId !== undefined && !seesAllJobs(caller.role) && caller.jobId === undefined) {
        const owner = auth.jobOwner(jobId);
        if (owner !== undefined && owner !== caller.name) throw new PermissionDeniedError(`${method_}: job '${jobId}' is not ${caller.name}'s`);
      }
      const scheduleId = request && policy.jobSchedule?.(request);
      if (scheduleId !== undefined && !seesAllJobs(caller.role)) {
        const owner = auth.jobScheduleOwner?.(scheduleId);
        if (owner !== undefined && owner !== caller.name) throw new PermissionDeniedError(`${method_}: job schedule '${scheduleId}' is not ${caller.name}'s`);
      }
    } catch (err) {
      const e = err as TroupeError;
      audit(auth.log, { caller, call: method_, target: request ? targetOf(request) : undefined, code: e.code ?? 'INTERNAL', error: e.message });
      const status = e instanceof TroupeError ? statusWithDetails(method_, e) : detailedStatus(grpc.status.INTERNAL, `internal error: ${(err as Error)?.message ?? String(err)}`);
      if (callback) callback(status);
      else (call as grpc.ServerWritableStream<unknown, unknown>).emit('error', status);
      return;
    }
    callers.set(call, caller);
    if (!audited) return handler(call, callback);
    // Audited: the outcome is known when the handler answers (unary and client-streaming calls,
    // the only kinds that change state).
    handler(call, (err, value) => {
      const code = err ? grpcCodeName((err as grpc.StatusObject).code ?? grpc.status.UNKNOWN) : 'OK';
      audit(auth.log, {
        caller, call: method_, target: request ? targetOf(request) : targetOf((value ?? {}) as Record<string, unknown>), code,
        ...(err ? { error: (err as grpc.StatusObject).details } : {}),
      });
      callback!(err, value);
    });
  };
}

function authenticate(metadata: grpc.Metadata, tokens: TokenStore): Caller {
  const values = metadata.get('authorization');
  if (values.length === 0) throw new UnauthenticatedError("no credentials: send a token as call metadata 'authorization: Bearer <token>' (troupe --token, TROUPE_TOKEN or the config file)");
  if (values.length > 1) throw new UnauthenticatedError("more than one 'authorization' metadata value");
  const m = /^Bearer\s+(\S+)\s*$/i.exec(String(values[0]));
  if (!m) throw new UnauthenticatedError("the 'authorization' metadata must be 'Bearer <token>'");
  const record = tokens.verify(m[1]!);
  return { tokenId: record.id, name: record.name, role: record.role, ...(record.jobId !== undefined ? { jobId: record.jobId } : {}) };
}

/** What a call acts on, from the usual request (or reply) fields. */
function targetOf(r: Record<string, unknown>): string | undefined {
  const nested = (k: string) => ((r[k] as { id?: unknown } | undefined)?.id as string | undefined);
  const parts: string[] = [];
  const pool = (r.poolId as string) || nested('pool');
  const job = (r.jobId as string) || nested('job');
  if (pool) parts.push(`pool/${pool}`);
  if (job) parts.push(`job/${job}`);
  const schedule = (r.jobScheduleId as string) || nested('jobSchedule');
  if (schedule) parts.push(`jobSchedule/${schedule}`);
  if (r.taskId) parts.push(`task/${r.taskId as string}`);
  if (r.nodeId) parts.push(`node/${r.nodeId as string}`);
  if (r.tokenId) parts.push(`token/${r.tokenId as string}`);
  if (typeof r.name === 'string' && r.name) parts.push(`name/${r.name}`);
  if (parts.length === 0 && Array.isArray(r.tasks)) parts.push(`${r.tasks.length} tasks`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function audit(log: Logger, entry: { caller: Caller | undefined; call: string; target: string | undefined; code: string; error?: string }): void {
  log.info('audit', {
    call: entry.call,
    ...(entry.caller ? { caller: entry.caller.name, role: entry.caller.role, tokenId: entry.caller.tokenId } : { caller: 'unauthenticated' }),
    ...(entry.caller?.jobId !== undefined ? { scope: `job/${entry.caller.jobId}` } : {}),
    ...(entry.target ? { target: entry.target } : {}),
    result: entry.code,
    ...(entry.error ? { error: entry.error } : {}),
  });
}

/** The job check of a call whose job id comes in its first stream message (Terminal's Exec and
 *  Attach), made by its handler once that message is in: the gate could not see it. A submitter
 *  may touch only its own jobs. Refusals are audited as the gate's are. */
export function authorizeStreamJob(call: object, method: string, jobId: string, jobOwner: (jobId: string) => string | undefined | null, log: Logger): Caller {
  const caller = callerOf(call);
  if (!seesAllJobs(caller.role)) {
    const owner = jobOwner(jobId);
    if (owner !== undefined && owner !== caller.name) {
      const error = `${method}: job '${jobId}' is not ${caller.name}'s`;
      audit(log, { caller, call: method, target: `job/${jobId}`, code: 'PERMISSION_DENIED', error });
      throw new PermissionDeniedError(error);
    }
  }
  return caller;
}

/** The audit line of a streaming call that changes state, once its outcome is known. */
export function auditStream(log: Logger, caller: Caller, method: string, target: string, code: string, error?: string): void {
  audit(log, { caller, call: method, target, code, ...(error ? { error } : {}) });
}
