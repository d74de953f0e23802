// The grpc-js side of api-credentials.ts: channel credentials and the token on every call.
import './message-assembly.ts'; // messages put together as they arrive (message-assembly.ts says why)
import * as grpc from '@grpc/grpc-js';
import { bearer, type ApiCredentials, type ApiTarget } from './api-credentials.ts';

/** Channel credentials and options for a grpc-js client of the API: TLS (or plaintext), and an
 *  interceptor that puts the token on every call, whatever form the caller uses (`raw` too). */
export function grpcClientSetup(target: ApiTarget, creds: ApiCredentials): { credentials: grpc.ChannelCredentials; options: grpc.ClientOptions } {
  const credentials = target.plaintext ? grpc.credentials.createInsecure() : grpc.credentials.createSsl(creds.ca ?? null);
  const token = creds.token;
  const interceptors: grpc.Interceptor[] = token
    ? [(options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', bearer(token));
        next(metadata, listener);
      },
    })]
    : [];
  return { credentials, options: { interceptors } };
}
