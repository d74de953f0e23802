// A worker's gRPC server bound and closable the same way for each of its services (remote
// launch, terminal): TLS with the daemon's identity (client certificates required where only
// other daemons may call), port 0 for any free port, and a close that lets calls end for a
// second, then cuts them, safe to call twice.
import './message-assembly.ts'; // messages put together as they arrive (message-assembly.ts says why)
import * as grpc from '@grpc/grpc-js';
import type { TlsMaterial } from '../../security/daemon-tls.ts';

export interface ListeningServer {
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Absent: plaintext (a trusted network, `--plaintext`). */
  tls?: TlsMaterial;
  /** Only callers with a certificate of the cluster's CA (other daemons). */
  requireClientCertificate?: boolean;
  /** Names the server in a failure to listen: "terminal server could not listen on ...". */
  what: string;
}

export async function listen(server: grpc.Server, opts: ListenOptions): Promise<ListeningServer> {
  const address = `${opts.host}:${opts.port ?? 0}`;
  const credentials = opts.tls
    ? grpc.ServerCredentials.createSsl(opts.tls.ca, [{ cert_chain: opts.tls.cert, private_key: opts.tls.key }], opts.requireClientCertificate === true)
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, credentials, (err, bound) => (err ? reject(new Error(`${opts.what} could not listen on ${address}: ${err.message}`)) : resolve(bound)));
  });
  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      });
      return closing;
    },
  };
}
