// The HTTP(S) port a daemon serves its Prometheus metrics on (`--metrics HOST:PORT`): GET
// /metrics and nothing else. HTTPS with the daemon's certificate whenever it has one (Prometheus:
// `scheme: https` and `tls_config.ca_file`), as every other link of a troupe daemon; plain HTTP
// only for a daemon started with --plaintext.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../security/daemon-tls.ts';

export interface MetricsSource {
  /** The exposition text (computed at each scrape). */
  render(): string | Promise<string>;
  /** Its Content-Type (the text format's version). */
  readonly contentType: string;
}

export interface MetricsEndpoint {
  /** HOST:PORT as bound (port 0 asked becomes the real one). */
  address: string;
  close(): Promise<void>;
}

/** Serves `source` on `listen` (HOST:PORT, port 0 = any); resolves with the bound address. */
export async function serveMetrics(listen: string, source: MetricsSource, tls?: TlsMaterial): Promise<MetricsEndpoint> {
  const handler: http.RequestListener = (req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end('not found: try GET /metrics\n');
      return;
    }
    Promise.resolve().then(() => source.render()).then(
      (text) => {
        res.writeHead(200, { 'content-type': source.contentType });
        res.end(text);
      },
      (err: Error) => {
        // A collector that fails must not take the daemon down: the scrape fails, saying why.
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics could not be collected: ${err.message}\n`);
      },
    );
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handler) : http.createServer(handler);
  const colon = listen.lastIndexOf(':');
  const host = listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(listen.slice(colon + 1)), host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `${listen.slice(0, colon)}:${port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
