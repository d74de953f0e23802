// What each dashboard URL asks of the API: a pure mapping from a GET's path and query to the
// Batch call(s) it stands for, so that every dashboard read is one of the API's reads (same
// validation, same authorization). Query parameters a route does not know are refused, naming
// them, as the API refuses fields it does not know.
import { InvalidArgumentError, TroupeError } from '../../protocol/errors.ts';

export type Route =
  | { kind: 'asset'; file: string }
  | { kind: 'unary'; method: string; request: Record<string, unknown> }
  /** Pools with all their nodes (ListPools, then ListNodes page after page). */
  | { kind: 'pools' }
  /** Jobs (ListJobs page after page), each with its GetTaskCounts. */
  | { kind: 'jobs' }
  /** A task's live output (GetTaskOutput with follow), as text. */
  | { kind: 'output'; request: Record<string, unknown> }
  /** The live event stream (Watch), as Server-Sent Events. */
  | { kind: 'events'; jobId: string };

export const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
};

/** The largest task page the dashboard asks for (ListTasks allows more; a screen shows less). */
export const MAX_TASK_PAGE = 200;

export function routeOf(pathname: string, query: URLSearchParams): Route {
  if (ASSETS[pathname]) return only(query, [], { kind: 'asset', file: ASSETS[pathname]!.file });
  const parts = pathname.split('/').slice(1).map((p) => decodeURIComponent(p));
  if (parts[0] !== 'api') throw new TroupeError('NOT_FOUND', `no dashboard page ${pathname}: the page is /, its API under /api/`);
  const [, what, id, sub, subId, leaf] = parts;
  if (what === 'whoami' && parts.length === 2) return only(query, [], { kind: 'unary', method: 'WhoAmI', request: {} });
  if (what === 'events' && parts.length === 2) return only(query, ['job'], { kind: 'events', jobId: query.get('job') ?? '' });
  if (what === 'pools' && parts.length === 2) return only(query, [], { kind: 'pools' });
  if (what === 'nodes' && parts.length === 3) return only(query, [], { kind: 'unary', method: 'GetNode', request: { nodeId: id } });
  if (what === 'jobs') {
    if (parts.length === 2) return only(query, [], { kind: 'jobs' });
    if (parts.length === 3) return only(query, [], { kind: 'unary', method: 'GetJob', request: { jobId: id } });
    if (sub === 'tasks' && parts.length === 4) {
      const maxResults = query.has('maxResults') ? pageSize(query.get('maxResults')!) : 50;
      return only(query, ['state', 'pageToken', 'maxResults'], {
        kind: 'unary', method: 'ListTasks', request: { jobId: id, state: query.get('state') ?? '', pageToken: query.get('pageToken') ?? '', maxResults },
      });
    }
    if (sub === 'tasks' && parts.length === 5) return only(query, [], { kind: 'unary', method: 'GetTask', request: { jobId: id, taskId: subId } });
    if (sub === 'tasks' && parts.length === 6 && leaf === 'subtasks') return only(query, [], { kind: 'unary', method: 'ListSubtasks', request: { jobId: id, taskId: subId } });
    if (sub === 'tasks' && parts.length === 6 && leaf === 'output') {
      const stream = query.get('stream') ?? 'stdout';
      if (stream !== 'stdout' && stream !== 'stderr') throw new InvalidArgumentError('stream', 'must be stdout or stderr');
      return only(query, ['stream'], { kind: 'output', request: { jobId: id, taskId: subId, stream, follow: true } });
    }
  }
  throw new TroupeError('NOT_FOUND', `no dashboard API path ${pathname}`);
}

function pageSize(text: string): number {
  const n = Number(text);
  if (!/^[0-9]{1,4}$/.test(text) || n < 1 || n > MAX_TASK_PAGE) throw new InvalidArgumentError('maxResults', `must be an integer 1..${MAX_TASK_PAGE}`);
  return n;
}

function only<R extends Route>(query: URLSearchParams, allowed: readonly string[], route: R): R {
  for (const key of query.keys()) {
    if (!allowed.includes(key)) throw new InvalidArgumentError(key, allowed.length ? `is not a parameter of this path (it takes ${allowed.join(', ')})` : 'is not a parameter of this path (it takes none)');
  }
  return route;
}
