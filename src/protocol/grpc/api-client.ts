// A promise-based client of the troupe API through grpc-js, for the tests, the benchmarks and other
// TypeScript programs (the CLI has its own, lighter one: wire-client.ts; both are a BatchApi).
import * as grpc from '@grpc/grpc-js';
import { loadServiceClient } from './proto.ts';
import { API_CLIENT_SERVICES } from './api-services.ts';
import type { BatchClient } from '../generated/troupe/v1/Batch.ts';
import type { BatchApi, UnaryApi } from './batch-api.ts';

import { DEFAULT_API_ADDRESS } from './api-address.ts';
import { apiTarget, type ApiCredentials } from './api-credentials.ts';
import { grpcClientSetup } from './grpc-client-setup.ts';

export { DEFAULT_API_ADDRESS } from './api-address.ts';

/** The API through grpc-js (api-services.ts); `raw` is Batch's generated client itself (every call
 *  form, its streams). */
export type TroupeApi = UnaryApi & { raw: BatchClient; close(): void };

// A TroupeApi serves wherever a BatchApi is asked for (the CLI's functions, in tests).
const _isBatchApi = (api: TroupeApi): BatchApi => api;
void _isBatchApi;

/** `address`: HOST:PORT (TLS, checked against `creds.ca`) or http://HOST:PORT (plaintext). */
export function connectApi(address: string = process.env.TROUPE_API || DEFAULT_API_ADDRESS, creds: ApiCredentials = {}): TroupeApi {
  const target = apiTarget(address);
  const { credentials, options } = grpcClientSetup(target, creds);
  const channelOptions = {
    ...options,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  };
  // One client per service; with the same target and options they share one connection.
  const clients = API_CLIENT_SERVICES.map((service) => {
    const Client = loadServiceClient(service);
    return { client: new Client(target.hostPort, credentials, channelOptions), methods: Client.service };
  });
  const raw = clients[0]!.client as unknown as BatchClient;
  const api = {
    raw,
    close: () => { for (const { client } of clients) client.close(); },
  } as Record<string, unknown>;
  for (const { client, methods } of clients) {
    for (const [name, definition] of Object.entries(methods)) {
      const method = (client as unknown as Record<string, Function>)[name];
      if (typeof method !== 'function' || definition.responseStream || definition.requestStream) continue;
      api[name] = (request: unknown, options: grpc.CallOptions = {}) =>
        new Promise((resolve, reject) => {
          method.call(client, request, new grpc.Metadata(), options, (err: grpc.ServiceError | null, res: unknown) =>
            err ? reject(err) : resolve(res),
          );
        });
    }
  }
  return api as unknown as TroupeApi;
}
