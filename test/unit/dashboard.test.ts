// The dashboard's pure parts: which API call each URL stands for (and what it refuses), and how
// the event stream gathers Watch events so that a page of a huge job stays light. The stream is
// driven by an in-memory stand-in of the in-process API (the same two methods the real one has).
import test from 'ava';
import { routeOf } from '../../src/coordinator/dashboard/dashboard-routes.ts';
import { DashboardEventStream, MAX_TASKS_PER_FLUSH } from '../../src/coordinator/dashboard/dashboard-events.ts';
import type { InProcessApi, StreamSink } from '../../src/coordinator/dashboard/in-process-api.ts';
import { httpStatusOf } from '../../src/coordinator/dashboard/http-status.ts';

const q = (s = '') => new URLSearchParams(s);

test('URLs become the API calls they stand for', (t) => {
  t.deepEqual(routeOf('/', q()), { kind: 'asset', file: 'index.html' });
  t.deepEqual(routeOf('/api/whoami', q()), { kind: 'unary', method: 'WhoAmI', request: {} });
  t.deepEqual(routeOf('/api/jobs/j%201/tasks', q('state=running&pageToken=7')), {
    kind: 'unary', method: 'ListTasks', request: { jobId: 'j 1', state: 'running', pageToken: '7', maxResults: 50 },
  });
  t.deepEqual(routeOf('/api/jobs/j/tasks/t/subtasks', q()), { kind: 'unary', method: 'ListSubtasks', request: { jobId: 'j', taskId: 't' } });
  t.deepEqual(routeOf('/api/jobs/j/tasks/t/output', q('stream=stderr')), { kind: 'output', request: { jobId: 'j', taskId: 't', stream: 'stderr', follow: true } });
  t.deepEqual(routeOf('/api/events', q('job=j')), { kind: 'events', jobId: 'j' });
  t.deepEqual(routeOf('/api/nodes/n1', q()), { kind: 'unary', method: 'GetNode', request: { nodeId: 'n1' } });
});

test('URLs with what they do not take are refused, naming the parameter and the rule', (t) => {
  t.throws(() => routeOf('/api/jobs', q('state=active')), { message: /^state is not a parameter of this path \(it takes none\)/ });
  t.throws(() => routeOf('/api/jobs/j/tasks', q('maxResults=500')), { message: /^maxResults must be an integer 1\.\.200/ });
  t.throws(() => routeOf('/api/jobs/j/tasks', q('maxResults=1e2')), { message: /^maxResults must be/ });
  t.throws(() => routeOf('/api/jobs/j/tasks/t/output', q('stream=coordination')), { message: /^stream must be stdout or stderr/ });
  t.throws(() => routeOf('/api/jobs/j/tasks/t/files', q()), { message: /no dashboard API path/ });
  t.throws(() => routeOf('/etc/passwd', q()), { message: /no dashboard page/ });
  t.throws(() => routeOf('/dashboard.js', q('v=1')), { message: /^v is not a parameter/ });
});

test('gRPC statuses map to HTTP statuses', (t) => {
  t.deepEqual([3, 16, 7, 5, 6, 9, 8, 13, 2].map(httpStatusOf), [400, 401, 403, 404, 409, 409, 429, 500, 500]);
});

/** A Watch that the test feeds, and GetTaskCounts answers counted. */
function fakeApi() {
  let sink: StreamSink | undefined;
  const countCalls: string[] = [];
  const api = {
    stream: (_method: string, _request: object, _token: string, s: StreamSink, signal: AbortSignal) => {
      sink = s;
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    },
    unary: async (_method: string, request: { jobId: string }) => {
      countCalls.push(request.jobId);
      return { active: 1, running: 2, completed: 3, succeeded: 3, failed: 0 };
    },
  };
  return { api: api as unknown as InProcessApi, feed: (e: Record<string, unknown>) => sink!.message(e), countCalls };
}

function recorder() {
  const events: { event: string; data: any }[] = [];
  return { events, sink: { send: (event: string, data: unknown) => (events.push({ event, data }), true), comment: () => {} } };
}

const until = async (what: string, ok: () => boolean) => {
  const deadline = Date.now() + 30_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('many task changes of a job the page does not show become one counts event, not thousands', async (t) => {
  const { api, feed, countCalls } = fakeApi();
  const { events, sink } = recorder();
  const stop = new AbortController();
  const stream = new DashboardEventStream(api, 'tok', '', sink);
  const { opened } = stream.start(stop.signal);
  await opened;
  t.deepEqual(events.shift(), { event: 'ready', data: { jobId: '' } });
  feed({ event: 'taskBatch', taskBatch: { tasks: Array.from({ length: 5000 }, (_, i) => ({ id: `t${i}`, jobId: 'big', state: 'running' })) } });
  feed({ event: 'node', node: { id: 'n1', state: 'running' } });
  feed({ event: 'node', node: { id: 'n1', state: 'idle' } });
  await until('the counts event', () => events.some((e) => e.event === 'counts'));
  t.deepEqual(countCalls, ['big']);
  t.deepEqual(events.map((e) => e.event), ['nodes', 'counts']);
  t.deepEqual(events[0]!.data, [{ id: 'n1', state: 'idle' }], 'a node once, with its latest state');
  t.deepEqual(events[1]!.data, { jobId: 'big', counts: { active: 1, running: 2, completed: 3, succeeded: 3, failed: 0 } });
  stop.abort();
});

test('the shown job gets its changed tasks, each once, at most a bounded number per flush', async (t) => {
  const { api, feed } = fakeApi();
  const { events, sink } = recorder();
  const stop = new AbortController();
  const { opened } = new DashboardEventStream(api, 'tok', 'big', sink).start(stop.signal);
  await opened;
  feed({ event: 'task', task: { id: 'a', jobId: 'big', state: 'running' } });
  feed({ event: 'task', task: { id: 'a', jobId: 'big', state: 'completed' } });
  feed({ event: 'task', task: { id: 'x', jobId: 'other', state: 'running' } });
  await until('the tasks event', () => events.some((e) => e.event === 'tasks'));
  const first = events.find((e) => e.event === 'tasks')!.data;
  t.deepEqual(first, { jobId: 'big', tasks: [{ id: 'a', jobId: 'big', state: 'completed' }], more: false });
  events.length = 0;
  feed({ event: 'taskBatch', taskBatch: { tasks: Array.from({ length: MAX_TASKS_PER_FLUSH + 50 }, (_, i) => ({ id: `t${i}`, jobId: 'big', state: 'active' })) } });
  await until('the second tasks event', () => events.some((e) => e.event === 'tasks'));
  const second = events.find((e) => e.event === 'tasks')!.data;
  t.is(second.tasks.length, MAX_TASKS_PER_FLUSH);
  t.true(second.more, 'the page is told to read its page again');
  stop.abort();
});
