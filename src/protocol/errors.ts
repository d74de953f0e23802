// Every way a troupe call fails, in one place. Each error carries its gRPC status code so the API
// layer maps it without guessing, and the same code + message cross NATS (see toWire/fromWire).
import { GRPC_CODES } from './grpc/grpc-codes.ts';

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'UNAVAILABLE'
  | 'DATA_LOSS'
  | 'INTERNAL';

export class TroupeError extends Error {
  override name = 'TroupeError';
  constructor(readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  get grpcStatus(): number {
    return GRPC_CODES[this.code];
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }

  static fromWire(w: WireError): TroupeError {
    return w.code === 'INVALID_ARGUMENT' && typeof w.field === 'string' && typeof w.rule === 'string'
      ? new InvalidArgumentError(w.field, w.rule)
      : new TroupeError(w.code, w.message);
  }
}

/** An error as it crosses NATS; a field error keeps its field and rule (for the API's BadRequest). */
export interface WireError {
  code: ErrorCode;
  message: string;
  field?: string;
  rule?: string;
}

/** A request field that breaks a rule. `field` is its path as the request's JSON form names it
 *  (camelCase, zero-based indexes: `tasks[3].resourceFiles[0].filePath`); the API's edge gives
 *  clients the proto path too (grpc/field-paths.ts). */
export class InvalidArgumentError extends TroupeError {
  override name = 'InvalidArgumentError';
  constructor(readonly field: string, readonly rule: string) {
    super('INVALID_ARGUMENT', `${field} ${rule}`);
  }

  override toWire(): WireError {
    return { code: this.code, message: this.message, field: this.field, rule: this.rule };
  }
}

export class NotFoundError extends TroupeError {
  override name = 'NotFoundError';
  constructor(kind: 'pool' | 'job' | 'task' | 'node' | 'job schedule', id: string) {
    super('NOT_FOUND', `${kind} '${id}' does not exist`);
  }
}

export class AlreadyExistsError extends TroupeError {
  override name = 'AlreadyExistsError';
  constructor(kind: 'pool' | 'job' | 'task' | 'job schedule', id: string) {
    super('ALREADY_EXISTS', `${kind} '${id}' already exists`);
  }
}

export class FailedPreconditionError extends TroupeError {
  override name = 'FailedPreconditionError';
  constructor(message: string) {
    super('FAILED_PRECONDITION', message);
  }
}

/** No credentials, or credentials the coordinator does not know (wrong, revoked). */
export class UnauthenticatedError extends TroupeError {
  override name = 'UnauthenticatedError';
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/** Known credentials whose role may not make this call, or a job that is not the caller's. */
export class PermissionDeniedError extends TroupeError {
  override name = 'PermissionDeniedError';
  constructor(message: string) {
    super('PERMISSION_DENIED', message);
  }
}

/** Someone else changed the record between our read and our write (KV revision mismatch). */
export class ConflictError extends TroupeError {
  override name = 'ConflictError';
  constructor(key: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', `concurrent update of ${key}, retry`, options);
  }
}

/** A state machine was asked for a transition it does not have: a bug, never user input. */
export class IllegalStateError extends TroupeError {
  override name = 'IllegalStateError';
  constructor(kind: string, from: string, to: string) {
    super('INTERNAL', `illegal ${kind} transition ${from} -> ${to}`);
  }
}
