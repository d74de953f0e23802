// A gRPC status as the dashboard's HTTP answer: the same refusal, in HTTP's words, with the
// API's message (which names the field and the rule) in a JSON body.
import * as grpc from '@grpc/grpc-js';
import { grpcCodeName } from '../../protocol/grpc/grpc-codes.ts';

const HTTP_OF: Partial<Record<grpc.status, number>> = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.OUT_OF_RANGE]: 400,
  [grpc.status.UNAUTHENTICATED]: 401,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.ALREADY_EXISTS]: 409,
  [grpc.status.FAILED_PRECONDITION]: 409,
  [grpc.status.ABORTED]: 409,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.UNIMPLEMENTED]: 501,
  [grpc.status.UNAVAILABLE]: 503,
  [grpc.status.DEADLINE_EXCEEDED]: 504,
};

export function httpStatusOf(code: grpc.status): number {
  return HTTP_OF[code] ?? 500;
}

/** The JSON body of a refusal: `{"code": "NOT_FOUND", "message": "job 'x' not found"}`. */
export function errorBody(code: grpc.status, message: string): string {
  return JSON.stringify({ code: grpcCodeName(code), message });
}
