// A promise-based client of the troupe API, shared by the CLI, the tests and the benchmarks.
import * as grpc from '@grpc/grpc-js';
import { loadTroupeProto } from './proto.ts';
import type { BatchClient } from './generated/troupe/v1/Batch.ts';

import { DEFAULT_API_ADDRESS } from './api-address.ts';

export { DEFAULT_API_ADDRESS } from './api-address.ts';

type UnaryMethods = {
  [K in keyof BatchClient as K extends `${Uppercase<string>}${string}`
    ? BatchClient[K] extends (arg: infer _A, cb: grpc.requestCallback<infer _R>) => grpc.ClientUnaryCall
      ? K
      : never
    : never]: BatchClient[K];
};

type ArgOf<F> = F extends (arg: infer A, cb: grpc.requestCallback<infer _R>) => grpc.ClientUnaryCall ? A : never;
type ResultOf<F> = F extends (arg: infer _A, cb: grpc.requestCallback<infer R>) => grpc.ClientUnaryCall ? R : never;

export type TroupeApi = {
  [K in keyof UnaryMethods]: (request: ArgOf<UnaryMethods[K]>, options?: grpc.CallOptions) => Promise<ResultOf<UnaryMethods[K]>>;
} & {
  /** The raw generated client, for streaming calls (Watch, GetTaskOutput). */
  raw: BatchClient;
  close(): void;
};

export function connectApi(address: string = process.env.TROUPE_API || DEFAULT_API_ADDRESS): TroupeApi {
  const proto = loadTroupeProto();
  const raw = new proto.troupe.v1.Batch(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  const api = {
    raw,
    close: () => raw.close(),
  } as Record<string, unknown>;
  for (const name of Object.keys(proto.troupe.v1.Batch.service)) {
    const method = (raw as unknown as Record<string, Function>)[name];
    if (typeof method !== 'function') continue;
    const definition = proto.troupe.v1.Batch.service[name as keyof typeof proto.troupe.v1.Batch.service];
    if (definition.responseStream) continue;
    api[name] = (request: unknown, options: grpc.CallOptions = {}) =>
      new Promise((resolve, reject) => {
        method.call(raw, request, new grpc.Metadata(), options, (err: grpc.ServiceError | null, res: unknown) =>
          err ? reject(err) : resolve(res),
        );
      });
  }
  return api as unknown as TroupeApi;
}
