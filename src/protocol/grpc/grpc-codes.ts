// The gRPC status codes by name, without loading @grpc/grpc-js: the CLI names and tests codes on
// paths (usage errors, --help, the messages it prints) that must not pay for importing gRPC. The
// numbers are fixed by the gRPC protocol (doc/statuscodes.md), the same as grpc-js's `status`.
export const GRPC_CODES = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcCodeName = keyof typeof GRPC_CODES;

const NAMES = new Map<number, GrpcCodeName>(Object.entries(GRPC_CODES).map(([name, code]) => [code, name as GrpcCodeName]));

/** The status name for a numeric code: 5 -> NOT_FOUND. */
export function grpcCodeName(code: number): string {
  return NAMES.get(code) ?? `STATUS_${code}`;
}
