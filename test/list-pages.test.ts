// List pages are bounded by bytes as well as by count: a stock gRPC client (4 MiB receive limit)
// lists a job whose default page of 1,000 tasks would be 8 MiB, page by page, every task once
// and in order; jobs and nodes are paged too, by tokens that survive changes in between.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { apiTarget } from '../src/protocol/grpc/api-credentials.ts';
import { grpcClientSetup } from '../src/protocol/grpc/grpc-client-setup.ts';
import { loadTroupeProto } from '../src/protocol/grpc/proto.ts';
import type { BatchClient } from '../src/protocol/generated/troupe/v1/Batch.ts';

let cluster: TestCluster;
let stock: BatchClient;
test.before(async () => {
  cluster = await startCluster({ workers: 3, slots: 1 });
  const proto = loadTroupeProto();
  // A stock client: grpc-js's defaults (4 MiB receive limit), with the cluster's CA and a token.
  const { credentials, options } = grpcClientSetup(apiTarget(cluster.apiAddress), cluster.credentials);
  stock = new proto.troupe.v1.Batch(cluster.apiAddress, credentials, options) as unknown as BatchClient;
  // A pool without nodes: its tasks stay queued.
  await cluster.api.CreatePool({ pool: { id: 'nowhere' } });
});
test.after.always(async () => {
  stock?.close();
  await cluster?.stop();
});

function call<Req, Res>(method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    (stock as unknown as Record<string, Function>)[method]!.call(stock, request, (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)));
  });
}

test.serial('1,000 tasks of 8 KB command lines: a stock client lists them all, in pages that fit its limit', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'wide', poolInfo: { poolId: 'nowhere' } } });
  const ids = Array.from({ length: 1000 }, (_, i) => `t${String(i).padStart(4, '0')}`);
  for (let i = 0; i < ids.length; i += 100) {
    await cluster.api.AddTaskCollection({
      jobId: 'wide', tasks: ids.slice(i, i + 100).map((id) => ({ id, commandArgs: ['/bin/echo', 'x'.repeat(8 * 1024)] })),
    });
  }
  for (const state of ['', 'active']) {
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await call<object, { tasks: { id: string }[]; nextPageToken: string }>('ListTasks', { jobId: 'wide', state, pageToken });
      t.true(page.tasks.length > 0, 'no empty page before the end');
      seen.push(...page.tasks.map((x) => x.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    t.true(pages >= 4, `8 MiB of tasks in pages of at most 2 MiB (${pages} pages)`);
    t.deepEqual(seen, ids, `state '${state}': every task once, in the order added`);
  }
  // maxResults still bounds a page.
  const small = await call<object, { tasks: unknown[]; nextPageToken: string }>('ListTasks', { jobId: 'wide', maxResults: 7 });
  t.is(small.tasks.length, 7);
});

test.serial('jobs and nodes are listed in pages; a page token survives a job added in between', async (t) => {
  for (const id of ['p-a', 'p-b', 'p-c', 'p-d']) await cluster.api.CreateJob({ job: { id, poolInfo: { poolId: 'nowhere' } } });
  const all = (await cluster.api.ListJobs({})).jobs.map((j) => j.id);
  const seen: string[] = [];
  let pageToken = '';
  let first = true;
  do {
    const page = await call<object, { jobs: { id: string }[]; nextPageToken: string }>('ListJobs', { maxResults: 2, pageToken });
    t.true(page.jobs.length <= 2);
    seen.push(...page.jobs.map((j) => j.id));
    pageToken = page.nextPageToken;
    if (first) await cluster.api.CreateJob({ job: { id: 'p-late', poolInfo: { poolId: 'nowhere' } } });
    first = false;
  } while (pageToken);
  t.deepEqual(seen, [...all, 'p-late'], 'every job once, by creation time, the late one last');

  const nodes: string[] = [];
  pageToken = '';
  do {
    const page = await call<object, { nodes: { id: string }[]; nextPageToken: string }>('ListNodes', { maxResults: 1, pageToken });
    nodes.push(...page.nodes.map((n) => n.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  t.deepEqual(nodes, ['node-1', 'node-2', 'node-3']);

  for (const method of ['ListJobs', 'ListNodes']) {
    const err = await t.throwsAsync(call(method, { pageToken: 'bm90IGEgdG9rZW4' })) as grpc.ServiceError;
    t.is(err.code, grpc.status.INVALID_ARGUMENT);
    t.regex(err.details, /pageToken is not a token this server issued/);
  }
});

test.serial('a rare state in a big job: found at once through the state index; an unindexed filter scans a bounded stretch per page', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'huge', poolInfo: { poolId: 'nowhere' } } });
  const total = 120_000;
  for (let i = 0; i < total; i += 20_000) {
    await cluster.api.AddTaskCollection({ jobId: 'huge', tasks: Array.from({ length: 20_000 }, (_, k) => ({ id: `h${i + k}`, commandArgs: ['/bin/true'] })) });
  }
  // The last task alone ends (terminated while queued): the only completed one.
  await cluster.api.TerminateTask({ jobId: 'huge', taskId: `h${total - 1}` });
  const follow = async (query: { state?: string; filter?: string }) => {
    const found: string[] = [];
    let pageToken = '';
    let calls = 0;
    do {
      const page = await cluster.api.ListTasks({ jobId: 'huge', ...query, pageToken });
      found.push(...page.tasks.map((x) => x.id));
      pageToken = page.nextPageToken;
      calls++;
    } while (pageToken && calls < 100);
    return { found, calls };
  };
  t.deepEqual(await follow({ state: 'completed' }), { found: [`h${total - 1}`], calls: 1 });
  t.deepEqual(await follow({ filter: "executionInfo/result eq 'failure'" }), { found: [`h${total - 1}`], calls: 1 });
  // Not indexed: each page evaluates a bounded stretch, the tokens go on from there.
  const scanned = await follow({ filter: `id eq 'h${total - 1}'` });
  t.deepEqual(scanned.found, [`h${total - 1}`]);
  t.true(scanned.calls > 1, `the scan went on over several calls (${scanned.calls})`);
  // A state no task is in: answered at once, with no token.
  const none = await cluster.api.ListTasks({ jobId: 'huge', state: 'running' });
  t.deepEqual([none.tasks.length, none.nextPageToken], [0, '']);
  await cluster.api.DeleteJob({ jobId: 'huge' });
});
