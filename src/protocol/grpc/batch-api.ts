// What a client of troupe's API offers (troupe.v1.Batch and the services beside it,
// api-services.ts), whichever does the calls: every unary method as a promise, and the server-streaming ones (Watch, GetTaskOutput, GetTaskFile, GetNodeFile) as
// event streams. api-client.ts implements it with grpc-js (the tests, the benchmarks, other
// TypeScript programs); wire-client.ts over node:http2 alone (the CLI, which starts once per
// command). Types only: importing this loads nothing.
import type * as grpc from '@grpc/grpc-js';
import type { BatchClient } from '../generated/troupe/v1/Batch.ts';
import type { ApiServiceClients } from './api-services.ts';

type UnaryMethods = {
  [K in keyof ApiServiceClients as K extends `${Uppercase<string>}${string}`
    ? ApiServiceClients[K] extends (arg: infer _A, cb: grpc.requestCallback<infer _R>) => grpc.ClientUnaryCall
      ? K
      : never
    : never]: ApiServiceClients[K];
};
type ArgOf<F> = F extends (arg: infer A, cb: grpc.requestCallback<infer _R>) => grpc.ClientUnaryCall ? A : never;
type ResultOf<F> = F extends (arg: infer _A, cb: grpc.requestCallback<infer R>) => grpc.ClientUnaryCall ? R : never;

export interface ApiCallOptions {
  /** When the call gives up with DEADLINE_EXCEEDED: a time, or milliseconds since the epoch. */
  deadline?: Date | number;
}

export type UnaryApi = {
  [K in keyof UnaryMethods]: (request: ArgOf<UnaryMethods[K]>, options?: ApiCallOptions) => Promise<ResultOf<UnaryMethods[K]>>;
};

/** A server stream as both clients give it: 'data' per message, then 'end', or 'error' with the
 *  status (code, details) and no 'end'. */
export interface ResponseStream<T> {
  on(event: 'data', listener: (message: T) => void): this;
  on(event: 'error', listener: (err: Error & { code?: number; details?: string }) => void): this;
  on(event: 'end' | 'close', listener: () => void): this;
  pause(): this;
  resume(): this;
  /** Ends the call (the server sees it cancelled); no 'error' or 'end' follows. */
  cancel(): void;
}

type StreamingMethodName = 'Watch' | 'GetTaskOutput' | 'GetTaskFile' | 'GetNodeFile';
type StreamArg<K extends StreamingMethodName> = BatchClient[K] extends (arg: infer A, options?: grpc.CallOptions) => grpc.ClientReadableStream<infer _R> ? A : never;
type StreamMessage<K extends StreamingMethodName> = BatchClient[K] extends (arg: infer _A, options?: grpc.CallOptions) => grpc.ClientReadableStream<infer R> ? R : never;

export type BatchStreams = {
  [K in StreamingMethodName]: (request: StreamArg<K>) => ResponseStream<StreamMessage<K>>;
};

export type BatchApi = UnaryApi & {
  /** The server-streaming calls. */
  raw: BatchStreams;
  close(): void;
};
