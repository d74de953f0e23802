// Address helpers for the local cluster: HOST:PORT strings, and checking a port before a child
// process would fail on it (or, worse, the readiness check would reach someone else's server).
import net from 'node:net';
import { UsageError } from '../cli-errors.ts';

export function splitHostPort(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(address);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || port > 65535) throw new UsageError(`expected HOST:PORT, got '${address}'`);
  return { host: match[1], port };
}

/** Where a client connects to reach a server listening on `listen` (0.0.0.0 is not a destination). */
export function connectAddress(listen: string): string {
  const { host, port } = splitHostPort(listen);
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const bound = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}

export async function assertPortFree(listen: string): Promise<void> {
  const { host, port } = splitHostPort(listen);
  try {
    await listenOnce(host, port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`${listen} is already in use (another 'troupe up'?); choose another address with --listen`);
    }
    throw new Error(`cannot listen on ${listen}: ${(err as Error).message}`);
  }
}

/** A port free right now on `host` (another process could still take it before we do). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return listenOnce(host, 0);
}
