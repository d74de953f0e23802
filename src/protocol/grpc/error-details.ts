// The rich error model of gRPC (AIP-193): every error a troupe call ends with carries, besides
// its code and message, a google.rpc.Status in the `grpc-status-details-bin` trailer, and a field
// error (INVALID_ARGUMENT naming a field) a google.rpc.BadRequest in it whose FieldViolation
// names the field by its proto path (field-paths.ts), so a client in any language maps an error
// to its field without parsing the message. The message stays the one people read.
import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError, TroupeError } from '../errors.ts';
import { messageType, requestTypeOf } from './proto-descriptor.ts';
import { protoFieldPath } from './field-paths.ts';

export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
const TYPE_URL_PREFIX = 'type.googleapis.com/';
export const BAD_REQUEST_TYPE = 'google.rpc.BadRequest';

export interface FieldViolation {
  field: string;
  description: string;
}

/** What a client finds in `grpc-status-details-bin`. */
export interface StatusDetails {
  code: number;
  message: string;
  /** The BadRequest's violations, when the details hold one. */
  fieldViolations?: FieldViolation[];
}

/** A call's final status for `err`, with its google.rpc.Status. `method` is the call's method
 *  name (AddTask), whose request type the field paths are read in. */
export function statusWithDetails(method: string, err: TroupeError): Partial<grpc.StatusObject> {
  const path = err instanceof InvalidArgumentError ? protoFieldPath(requestTypeOf(method), err.field).path : '';
  // The whole request (path '') is no field: the status alone says it.
  const violations = path === '' ? [] : [{ field: path, description: (err as InvalidArgumentError).rule }];
  return detailedStatus(err.grpcStatus, err.message, violations);
}

/** A status (code, message) with its google.rpc.Status, and a BadRequest when `violations`. */
export function detailedStatus(code: number, message: string, violations: readonly FieldViolation[] = []): Partial<grpc.StatusObject> {
  // google.protobuf.Any keeps its proto field names in protobufjs (type_url), unlike our files.
  const details = violations.length === 0 ? [] : [{
    type_url: TYPE_URL_PREFIX + BAD_REQUEST_TYPE,
    value: encode(BAD_REQUEST_TYPE, { fieldViolations: violations }),
  }];
  const metadata = new grpc.Metadata();
  metadata.set(STATUS_DETAILS_KEY, encode('google.rpc.Status', { code, message, details }));
  return { code, details: message, metadata };
}

/** Reads `grpc-status-details-bin` (a client's side): undefined when the trailer is absent. */
export function readStatusDetails(metadata: grpc.Metadata | undefined): StatusDetails | undefined {
  const value = metadata?.get(STATUS_DETAILS_KEY)[0];
  if (!(value instanceof Buffer)) return undefined;
  const status = messageType('google.rpc.Status').decode(value) as unknown as { code: number; message: string; details: { type_url: string; value: Uint8Array }[] };
  const badRequest = status.details.find((d) => d.type_url === TYPE_URL_PREFIX + BAD_REQUEST_TYPE);
  return {
    code: status.code,
    message: status.message,
    ...(badRequest ? { fieldViolations: (messageType(BAD_REQUEST_TYPE).decode(badRequest.value) as unknown as { fieldViolations: FieldViolation[] }).fieldViolations.map((v) => ({ field: v.field, description: v.description })) } : {}),
  };
}

function encode(type: string, value: object): Buffer {
  const t = messageType(type);
  return Buffer.from(t.encode(t.fromObject(value)).finish());
}
