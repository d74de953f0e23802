// How the CLI reports failure: a usage mistake (exit 2, with the command's synopsis) or an error
// from the API (exit 1, as `CODE_NAME: message`, the gRPC status name the server chose).
import { grpcCodeName } from '../protocol/grpc/grpc-codes.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The command line itself is wrong: nothing was sent to the server. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}

/** An input file (e.g. for `task add-many`) is malformed; the message names the line or index. */
export class InputFileError extends UsageError {
  override name = 'InputFileError';
}

interface GrpcLikeError {
  code: number;
  details?: string;
  message: string;
}

export function isGrpcError(err: unknown): err is GrpcLikeError {
  return typeof err === 'object' && err !== null && typeof (err as GrpcLikeError).code === 'number'
    && 'details' in err;
}

/** The gRPC status name for a numeric code: 5 -> NOT_FOUND. */
export function statusName(code: number): string {
  return grpcCodeName(code);
}

/** `NOT_FOUND: job 'j1' does not exist` for API errors, the plain message for anything else. */
export function describeError(err: unknown): string {
  if (isGrpcError(err)) {
    // grpc-js appends an empty "Resolution note: " to connection errors.
    const details = (err.details || err.message).replace(/\s*Resolution note:\s*$/, '');
    return `${statusName(err.code)}: ${details}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

export function isStatus(err: unknown, code: number): boolean {
  return isGrpcError(err) && err.code === code;
}
