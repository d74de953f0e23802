// How a server handler's outcome becomes a gRPC status, shared by every service troupe serves
// (Batch, its node-file calls, Storage): a TroupeError keeps its code and message; anything else is
// a bug, logged, and reaches the client as INTERNAL. Either way with its google.rpc.Status.
import * as grpc from '@grpc/grpc-js';
import { TroupeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { detailedStatus, statusWithDetails } from './error-details.ts';

/** The codes that say something went wrong on our side: logged as warnings when a call ends so. */
const SERVER_SIDE_CODES = new Set(['INTERNAL', 'UNAVAILABLE', 'DATA_LOSS']);

/** The status a call ends with, a google.rpc.Status in its trailers (error-details.ts).
 *  `method` is the method's name (AddTask). */
export function toStatus(log: Logger, method: string, err: unknown): Partial<grpc.StatusObject> {
  if (err instanceof TroupeError) {
    if (SERVER_SIDE_CODES.has(err.code)) log.warn('request failed', { method, code: err.code, err });
    return statusWithDetails(method, err);
  }
  log.error('request failed unexpectedly', { method, err });
  return detailedStatus(grpc.status.INTERNAL, `internal error: ${(err as Error)?.message ?? String(err)}`);
}

/** Wraps a unary handler: its result, or its error as a status (see toStatus). The handler gets
 *  the call too, for who makes it (coordinator/auth/authorize.ts callerOf). */
export function unary<Req, Res>(log: Logger, name: string, handler: (req: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res> | Res) {
  return (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
    Promise.resolve()
      .then(() => handler(call.request, call))
      .then((res) => callback(null, res), (err) => callback(toStatus(log, name, err)));
  };
}

/** Ends a server stream with an error status (grpc-js turns an 'error' event into the status). */
export function failStream(call: grpc.ServerWritableStream<unknown, unknown>, status: Partial<grpc.StatusObject>): void {
  call.emit('error', status);
}
