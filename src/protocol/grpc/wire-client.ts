// The CLI's client of troupe's API (troupe.v1.Batch and the services beside it, api-services.ts): gRPC over node:http2 (protocol/grpc-wire.ts) with the
// messages encoded by protobufjs (proto-descriptor.ts), no @grpc/grpc-js. A command runs once and
// makes a call or two; loading and starting grpc-js (a 560 KB bundle to compile, its resolvers,
// balancers and channel machinery) was the largest part of `troupe pool list`'s start-up after
// Node's own (profiled, bench/cli-startup.bench.ts). Same BatchApi as the grpc-js client
// (api-client.ts), which the tests and benchmarks use; the CLI's tests run this one against the
// real coordinator and against a grpc-js fake server.
//
// What it does not do, since the CLI needs none of it: compression, retries, keepalive pings,
// load balancing across addresses. One HTTP/2 connection per client, opened at the first call.
import http2 from 'node:http2';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import type { ApiCallOptions, BatchApi, ResponseStream } from './batch-api.ts';
import { GRPC_CODES, grpcCodeName } from './grpc-codes.ts';
import { openWireCall, type WireCall } from './grpc-wire.ts';
import { serviceMethods, type MethodInfo } from './proto-descriptor.ts';
import { API_CLIENT_SERVICES } from './api-services.ts';
import { apiTarget, bearer, type ApiCredentials } from './api-credentials.ts';

/** An error as grpc-js shapes it (code, details, `CODE NAME: details`), which the CLI reports. */
export class WireCallError extends Error {
  override name = 'WireCallError';
  /** `connectionFailed`: no server answered (refused, DNS, TLS, reset); else the status is the
   *  server's own. */
  constructor(readonly code: number, readonly details: string, readonly connectionFailed = false) {
    super(`${code} ${grpcCodeName(code)}: ${details}`);
  }
}

/** `address`: HOST:PORT (TLS, checked against `creds.ca` or the system's CAs) or
 *  http://HOST:PORT (plaintext); every call carries `creds.token`. */
export function connectWireApi(address: string, creds: ApiCredentials = {}): BatchApi {
  const target = apiTarget(address);
  const headers: http2.OutgoingHttpHeaders = creds.token ? { authorization: bearer(creds.token) } : {};
  let session: http2.ClientHttp2Session | undefined;
  let closed = false;
  const open = (): http2.ClientHttp2Session => {
    if (closed) throw new WireCallError(GRPC_CODES.CANCELLED, 'the client was closed');
    if (!session || session.closed || session.destroyed) {
      const s = target.plaintext
        ? http2.connect(`http://${target.hostPort}`)
        // No SNI for an IP address (RFC 6066; Node warns): the certificate is still checked
        // against the address.
        : http2.connect(`https://${target.hostPort}`, { ...(creds.ca ? { ca: creds.ca } : {}), ...(isIP(hostOf(target.hostPort)) ? { servername: '' } : {}) });
      // Each call learns of a failed connection through its own stream (grpc-wire.ts); this keeps
      // the session's own 'error' from being unhandled.
      s.on('error', () => {});
      s.on('close', () => { if (session === s) session = undefined; });
      session = s;
    }
    return session;
  };

  const api: Record<string, unknown> = {
    close() {
      closed = true;
      session?.close();
      session = undefined;
    },
  };
  const streams: Record<string, unknown> = {};
  for (const method of API_CLIENT_SERVICES.flatMap((service) => serviceMethods(service))) {
    if (method.requestStream) continue;
    if (method.responseStream) streams[method.name] = (request: object) => serverStream(open, method, request, headers);
    else api[method.name] = (request: object, options: ApiCallOptions = {}) => unary(open, method, request, options, headers);
  }
  api.raw = streams;
  return api as unknown as BatchApi;
}

/** HOST of HOST:PORT ([v6]:PORT too). */
const hostOf = (hostPort: string) => hostPort.slice(0, hostPort.lastIndexOf(':')).replace(/^\[|\]$/g, '');

/** A call's end as an error: the server's status, or UNAVAILABLE when the connection failed. */
function failure(code: number, details: string): WireCallError {
  return code === -1 ? new WireCallError(GRPC_CODES.UNAVAILABLE, details, true) : new WireCallError(code, details);
}

function unary(open: () => http2.ClientHttp2Session, method: MethodInfo, request: object, options: ApiCallOptions, headers: http2.OutgoingHttpHeaders): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let reply: Buffer | undefined;
    let timer: NodeJS.Timeout | undefined;
    let call: WireCall;
    try {
      const payload = method.request.encode(request);
      call = openWireCall(open(), method.path, {
        onMessage: (message) => { reply = message; },
        onEnd(code, details) {
          clearTimeout(timer);
          if (code !== GRPC_CODES.OK) return reject(failure(code, details));
          if (!reply) return reject(new WireCallError(GRPC_CODES.INTERNAL, `${method.name}: the server sent no reply message`));
          try {
            resolve(method.response.decode(reply));
          } catch (err) {
            reject(new WireCallError(GRPC_CODES.INTERNAL, `${method.name}: unreadable reply: ${(err as Error).message}`));
          }
        },
      }, { ...headers, ...timeoutHeader(options) });
      call.write(payload);
      call.end();
    } catch (err) {
      return reject(asCallError(method, err));
    }
    const ms = remainingMs(options);
    if (ms !== undefined) {
      timer = setTimeout(() => {
        call.cancel();
        reject(new WireCallError(GRPC_CODES.DEADLINE_EXCEEDED, 'Deadline exceeded'));
      }, ms);
    }
  });
}

function serverStream(open: () => http2.ClientHttp2Session, method: MethodInfo, request: object, headers: http2.OutgoingHttpHeaders): ResponseStream<unknown> {
  let call: WireCall | undefined;
  const stream = new Readable({
    objectMode: true,
    highWaterMark: 16,
    read: () => call?.resume(),
  }) as Readable & { cancel(): void };
  stream.cancel = () => {
    call?.cancel();
    stream.destroy();
  };
  try {
    call = openWireCall(open(), method.path, {
      onMessage(message) {
        if (stream.destroyed) return;
        let decoded: unknown;
        try {
          decoded = method.response.decode(message);
        } catch (err) {
          call?.cancel();
          stream.destroy(new WireCallError(GRPC_CODES.INTERNAL, `${method.name}: unreadable message: ${(err as Error).message}`));
          return;
        }
        if (!stream.push(decoded)) call?.pause();
      },
      onEnd(code, details) {
        if (stream.destroyed) return;
        if (code === GRPC_CODES.OK) stream.push(null);
        else stream.destroy(failure(code, details));
      },
    }, headers);
    call.write(method.request.encode(request));
    call.end();
  } catch (err) {
    process.nextTick(() => stream.destroy(asCallError(method, err)));
  }
  return stream as unknown as ResponseStream<unknown>;
}

/** A call that failed on this side before it was sent (a request protobufjs cannot encode...). */
function asCallError(method: MethodInfo, err: unknown): WireCallError {
  return err instanceof WireCallError ? err : new WireCallError(GRPC_CODES.INTERNAL, `${method.name}: ${(err as Error).message}`);
}

function remainingMs(options: ApiCallOptions): number | undefined {
  if (options.deadline === undefined) return undefined;
  const at = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
  return Math.max(0, at - Date.now());
}

/** grpc-timeout, so the server gives up too (milliseconds, at most 8 digits). */
function timeoutHeader(options: ApiCallOptions): http2.OutgoingHttpHeaders {
  const ms = remainingMs(options);
  return ms === undefined ? {} : { 'grpc-timeout': `${Math.min(ms, 99_999_999)}m` };
}
