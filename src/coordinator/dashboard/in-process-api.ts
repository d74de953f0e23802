// The dashboard's way into the API: the Batch service's own handlers, behind the same gate
// (authorize.ts: the bearer token, the role, a submitter's own jobs only), called in this process
// with the request and response going through the service's codecs as a gRPC call's would. So a
// dashboard call is validated, authorized and audited exactly as the gRPC call it stands for,
// with no network hop to ourselves and no second copy of any rule.
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { TroupeError } from '../../protocol/errors.ts';

/** A failed call: the gRPC status its gRPC form would have ended with. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(readonly code: grpc.status, message: string) {
    super(message);
  }
}

type Handler = (call: object, callback?: grpc.sendUnaryData<unknown>) => void;

/** What a streaming call's consumer gives: where messages go, and whether it is ready for more. */
export interface StreamSink {
  /** One response message, decoded as a client would get it. False: wait for drain. */
  message(value: Record<string, unknown>): boolean;
  /** Emitted by the sink when it can take more after message() said false. */
  onDrain(listener: () => void): void;
  /** Bytes (or messages) written and not yet taken by the client. */
  pending(): number;
}

export class InProcessApi {
  constructor(
    private readonly definition: grpc.ServiceDefinition,
    private readonly handlers: grpc.UntypedServiceImplementation,
  ) {}

  /** A unary call with `token` (the bearer secret, as the page sends it). */
  unary<T = Record<string, unknown>>(method: string, request: object, token: string | undefined): Promise<T> {
    const { def, handler } = this.method(method, false);
    const call = Object.assign(new EventEmitter(), { request: def.requestDeserialize(def.requestSerialize(request)), metadata: metadataOf(token), cancelled: false });
    return new Promise<T>((resolve, reject) => {
      try {
        handler(call, (err, value) => {
          if (err) reject(asCallError(err));
          else resolve(def.responseDeserialize(def.responseSerialize(value as object)) as T);
        });
      } catch (err) {
        reject(asCallError(err));
      }
    });
  }

  /** A server-streaming call (Watch, GetTaskOutput): messages go to `sink` until the call ends
   *  (resolves) or fails (rejects with its status); `signal` cancels it as a client would. */
  stream(method: string, request: object, token: string | undefined, sink: StreamSink, signal: AbortSignal): Promise<void> {
    const { def, handler } = this.method(method, true);
    const call = new InProcessServerStream(def.requestDeserialize(def.requestSerialize(request)), metadataOf(token), (value) =>
      sink.message(def.responseDeserialize(def.responseSerialize(value)) as Record<string, unknown>), sink);
    const done = new Promise<void>((resolve, reject) => {
      call.once('finish', resolve);
      call.once('error', (err: unknown) => reject(asCallError(err)));
    });
    const cancel = () => call.cancel();
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
    try {
      handler(call);
    } catch (err) {
      call.emit('error', err);
    }
    return done.finally(() => signal.removeEventListener('abort', cancel));
  }

  private method(name: string, streaming: boolean): { def: grpc.MethodDefinition<object, object>; handler: Handler } {
    const def = this.definition[name] as grpc.MethodDefinition<object, object> | undefined;
    const handler = this.handlers[name] as unknown as Handler | undefined;
    if (!def || !handler || def.responseStream !== streaming || def.requestStream) throw new Error(`no ${streaming ? 'server-streaming' : 'unary'} method ${name}`);
    return { def, handler };
  }
}

/** What a server-streaming handler uses of grpc-js's call: request, metadata, write (with
 *  back-pressure), end, cancellation, and 'error' for a status. */
class InProcessServerStream extends EventEmitter {
  cancelled = false;
  private ended = false;

  constructor(
    readonly request: object,
    readonly metadata: grpc.Metadata,
    private readonly deliver: (value: object) => boolean,
    private readonly sink: StreamSink,
  ) {
    super();
    sink.onDrain(() => this.emit('drain'));
  }

  get writableLength(): number {
    return this.sink.pending();
  }

  write(value: object): boolean {
    if (this.ended || this.cancelled) return false;
    return this.deliver(value);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.emit('finish');
    this.emit('close');
  }

  cancel(): void {
    if (this.cancelled || this.ended) return;
    this.cancelled = true;
    this.emit('cancelled');
    this.end();
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    // An 'error' (a status from the handler) ends the call; one with no listener must not throw.
    if (event === 'error') {
      if (this.ended) return false;
      this.ended = true;
      const delivered = super.emit('error', ...args);
      super.emit('close');
      return delivered;
    }
    return super.emit(event, ...args);
  }
}

function metadataOf(token: string | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

function asCallError(err: unknown): ApiCallError {
  if (err instanceof ApiCallError) return err;
  if (err instanceof TroupeError) return new ApiCallError(err.grpcStatus, err.message);
  const status = err as Partial<grpc.StatusObject> | undefined;
  if (status && typeof status.code === 'number') return new ApiCallError(status.code, status.details ?? 'failed');
  return new ApiCallError(grpc.status.INTERNAL, `internal error: ${(err as Error)?.message ?? String(err)}`);
}
