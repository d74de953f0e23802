// The web dashboard (`troupe coordinator --dashboard HOST:PORT`): its own HTTP(S) listener that
// serves the page's static files (dashboard/ in the package: plain JS and CSS, no build step)
// and a small JSON API under /api/ whose every answer is one or more of the Batch service's
// calls made in this process with the page's bearer token (in-process-api.ts): the same
// validation, authorization (reader may read, a submitter sees its own jobs) and audit as gRPC.
// The token travels only in the Authorization header, never in a URL (so in no server's log).
// HTTPS with the coordinator's certificate when the API has one.
import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import type { TlsMaterial } from '../../security/daemon-tls.ts';
import type { Logger } from '../../protocol/log.ts';
import { packagePath } from '../../protocol/package-root.ts';
import { TroupeError } from '../../protocol/errors.ts';
import { ApiCallError, type InProcessApi } from './in-process-api.ts';
import { ASSETS, routeOf, type Route } from './dashboard-routes.ts';
import { DashboardEventStream } from './dashboard-events.ts';
import { errorBody, httpStatusOf } from './http-status.ts';

/** Pools' nodes and jobs are read page by page up to these (a heatmap of more is not a screen). */
const MAX_NODES = 10_000;
const MAX_JOBS = 2_000;

const SECURITY_HEADERS = {
  // The page loads only its own script and style, and talks only to its own origin.
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface RunningDashboard {
  /** HOST:PORT it is bound to. */
  address: string;
  close(): Promise<void>;
}

export async function serveDashboard(api: InProcessApi, listen: string, tls: TlsMaterial | undefined, log: Logger): Promise<RunningDashboard> {
  const streams = new Set<AbortController>();
  const handler: http.RequestListener = (req, res) => {
    void answer(api, req, res, streams, log).catch((err) => {
      log.error('dashboard request failed unexpectedly', { url: req.url, err });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(errorBody(grpc.status.INTERNAL, `internal error: ${(err as Error).message}`));
    });
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
    close: () => {
      for (const s of streams) s.abort();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(api: InProcessApi, req: http.IncomingMessage, res: http.ServerResponse, streams: Set<AbortController>, log: Logger): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dashboard');
  let route: Route;
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new TroupeError('INVALID_ARGUMENT', `method ${req.method} is not served: the dashboard only reads (GET)`);
    route = routeOf(url.pathname, url.searchParams);
  } catch (err) {
    return fail(res, err);
  }
  if (route.kind === 'asset') return sendAsset(res, route.file);
  const token = bearerOf(req.headers.authorization);
  if (token === undefined) {
    return fail(res, new ApiCallError(grpc.status.UNAUTHENTICATED, "no credentials: send the API token as the header 'Authorization: Bearer <token>'"));
  }
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  try {
    switch (route.kind) {
      case 'unary':
        return sendJson(res, await api.unary(route.method, route.request, token));
      case 'pools':
        return sendJson(res, await poolsWithNodes(api, token));
      case 'jobs':
        return sendJson(res, await jobsWithCounts(api, token));
      case 'output':
        return await followOutput(api, token, route.request, res, gone.signal);
      case 'events':
        streams.add(gone);
        try {
          return await events(api, token, route.jobId, res, gone.signal, log);
        } finally {
          streams.delete(gone);
        }
    }
  } catch (err) {
    return fail(res, err);
  }
}

function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

async function sendAsset(res: http.ServerResponse, file: string): Promise<void> {
  const type = Object.values(ASSETS).find((a) => a.file === file)!.type;
  const body = await readFile(packagePath('dashboard', file));
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
  res.end(body);
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(JSON.stringify(value));
}

function fail(res: http.ServerResponse, err: unknown): void {
  const e = err instanceof ApiCallError ? err
    : err instanceof TroupeError ? new ApiCallError(err.grpcStatus, err.message)
      : new ApiCallError(grpc.status.INTERNAL, `internal error: ${(err as Error)?.message ?? String(err)}`);
  if (res.headersSent) {
    // A stream already under way: its end says so in its own words.
    res.end(`\n[${errorBody(e.code, e.message)}]\n`);
    return;
  }
  res.writeHead(httpStatusOf(e.code), {
    'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS,
    ...(e.code === grpc.status.UNAUTHENTICATED ? { 'www-authenticate': 'Bearer realm="troupe"' } : {}),
  });
  res.end(errorBody(e.code, e.message));
}

type Row = Record<string, unknown>;

async function allPages(api: InProcessApi, method: string, request: Row, field: string, token: string, max: number): Promise<{ items: Row[]; truncated: boolean }> {
  const items: Row[] = [];
  let pageToken = '';
  do {
    const page = await api.unary(method, { ...request, pageToken, maxResults: 1000 }, token);
    items.push(...(page[field] as Row[]));
    pageToken = page.nextPageToken as string;
  } while (pageToken && items.length < max);
  return { items, truncated: pageToken !== '' };
}

async function poolsWithNodes(api: InProcessApi, token: string): Promise<unknown> {
  const { pools } = await api.unary<{ pools: Row[] }>('ListPools', {}, token);
  const nodes = await allPages(api, 'ListNodes', {}, 'nodes', token, MAX_NODES);
  return { pools, nodes: nodes.items, nodesTruncated: nodes.truncated };
}

async function jobsWithCounts(api: InProcessApi, token: string): Promise<unknown> {
  const jobs = await allPages(api, 'ListJobs', {}, 'jobs', token, MAX_JOBS);
  const withCounts = [];
  for (const job of jobs.items) {
    const counts = await api.unary('GetTaskCounts', { jobId: job.id }, token).catch(() => undefined);
    withCounts.push({ ...job, counts });
  }
  return { jobs: withCounts, truncated: jobs.truncated };
}

/** GetTaskOutput with follow, as text/plain: the page reads it as it comes. The status is known
 *  before the first byte (refusals answer at once), so a refusal is an HTTP error, not text. */
async function followOutput(api: InProcessApi, token: string, request: Row, res: http.ServerResponse, signal: AbortSignal): Promise<void> {
  let drainListener: (() => void) | undefined;
  res.on('drain', () => drainListener?.());
  const started = () => {
    if (res.headersSent) return;
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.flushHeaders();
  };
  const call = api.stream('GetTaskOutput', request, token, {
    message: (m) => {
      started();
      return res.write(m.data as Buffer);
    },
    onDrain: (listener) => { drainListener = listener; },
    pending: () => res.writableLength,
  }, signal);
  // The gate and the follower's first checks answer before a turn of the event loop passes.
  const early = await Promise.race([call.then(() => 'ended' as const), new Promise<'open'>((r) => setTimeout(() => r('open'), 50))]);
  if (early === 'open') started();
  await call;
  started();
  res.end();
}

async function events(api: InProcessApi, token: string, jobId: string, res: http.ServerResponse, signal: AbortSignal, log: Logger): Promise<void> {
  // Headers go out only once the Watch is open, so that a refused token or job is an HTTP error;
  // what comes before that waits in `queued`.
  let queued: string[] | undefined = [];
  const write = (text: string): boolean => (queued ? (queued.push(text), true) : res.write(text));
  const stream = new DashboardEventStream(api, token, jobId, {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    comment: (text) => void write(`: ${text}\n\n`),
  });
  const { opened, ended } = stream.start(signal);
  await opened;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no', ...SECURITY_HEADERS });
  for (const text of queued) res.write(text);
  queued = undefined;
  log.debug('dashboard stream opened', { jobId });
  await ended.catch((err) => {
    const e = err as ApiCallError;
    write(`event: error\ndata: ${errorBody(e.code, e.message)}\n\n`);
  });
  res.end();
}
