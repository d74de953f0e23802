// A promise-based client of the troupe API through grpc-js, for the tests, the benchmarks and other
// TypeScript programs (the CLI has its own, lighter one: wire-client.ts; both are a BatchApi).
import * as grpc from '@grpc/grpc-js';
import { loadAutoScaleProto, loadTroupeProto } from './proto.ts';
import type { AutoScaleApi } from './autoscale-api.ts';
import type { BatchClient } from '../generated/troupe/v1/Batch.ts';
import type { BatchApi, UnaryApi } from './batch-api.ts';

import { DEFAULT_API_ADDRESS } from './api-address.ts';
import { apiTarget, type ApiCredentials } from './api-credentials.ts';
import { grpcClientSetup } from './grpc-client-setup.ts';

export { DEFAULT_API_ADDRESS } from './api-address.ts';

/** The Batch API through grpc-js; `raw` is the generated client itself (every call form). */
export type TroupeApi = UnaryApi & { raw: BatchClient; close(): void };

// A TroupeApi serves wherever a BatchApi is asked for (the CLI's functions, in tests).
const _isBatchApi = (api: TroupeApi): BatchApi => api;
void _isBatchApi;

/** `address`: HOST:PORT (TLS, checked against `creds.ca`) or http://HOST:PORT (plaintext). */
export function connectApi(address: string = process.env.TROUPE_API || DEFAULT_API_ADDRESS, creds: ApiCredentials = {}): TroupeApi {
  const proto = loadTroupeProto();
  const target = apiTarget(address);
  const { credentials, options } = grpcClientSetup(target, creds);
  const raw = new proto.troupe.v1.Batch(target.hostPort, credentials, {
    ...options,
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

/** troupe.v1.AutoScale through grpc-js, its unary methods as promises. */
export function connectAutoScaleApi(address: string = process.env.TROUPE_API || DEFAULT_API_ADDRESS, creds: ApiCredentials = {}): AutoScaleApi {
  const Client = loadAutoScaleProto().AutoScale;
  const target = apiTarget(address);
  const { credentials, options } = grpcClientSetup(target, creds);
  const raw = new Client(target.hostPort, credentials, options) as unknown as Record<string, Function> & { close(): void };
  const api: Record<string, unknown> = { close: () => raw.close() };
  for (const name of Object.keys(Client.service)) {
    api[name] = (request: unknown, callOptions: grpc.CallOptions = {}) =>
      new Promise((resolve, reject) => {
        raw[name]!.call(raw, request, new grpc.Metadata(), callOptions, (err: grpc.ServiceError | null, res: unknown) => (err ? reject(err) : resolve(res)));
      });
  }
  return api as unknown as AutoScaleApi;
}
