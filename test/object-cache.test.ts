// The node's cache of store objects: 100 tasks on 2 nodes that take one 10 MiB object as a
// resource file cost at most one download per node; each task gets its own intact copy (one
// that changes it does not change the next one's); a new version of the object is fetched anew.
import test from 'ava';
import { createHash, randomBytes } from 'node:crypto';
import { startCluster } from './helpers/cluster.ts';
import { StorageApi } from '../src/storage/storage-client.ts';

const FETCHED = /"msg":"store object fetched into the node cache"/g;

test('100 tasks on 2 nodes fetch a 10 MiB store object at most once per node and version', async (t) => {
  const c = await startCluster({ workers: 2, slots: 4 });
  t.teardown(() => c.stop());
  const storage = new StorageApi(c.apiAddress, c.credentials);
  t.teardown(() => storage.close());
  const upload = async (content: Buffer) => {
    await storage.uploadStream({ header: { path: 'models/big.bin' } }, (async function* () {
      for (let at = 0; at < content.length; at += 1024 * 1024) yield content.subarray(at, at + 1024 * 1024);
    })());
    return createHash('sha256').update(content).digest('hex');
  };
  const first = await upload(randomBytes(10 * 1024 * 1024));
  await c.api.CreateJob({ job: { id: 'cached', poolInfo: { poolId: 'testpool' } } });
  // Each task checks its copy, then scribbles on it: the next task on that node must not see it.
  const check = (sha: string) => ['/bin/sh', '-c', `[ "$(sha256sum model.bin | cut -c1-64)" = ${sha} ] || exit 3; echo scribble >> model.bin`];
  const tasks = (prefix: string, n: number, sha: string) => Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`, commandArgs: check(sha), resourceFiles: [{ storagePath: 'models/big.bin', filePath: 'model.bin' }], constraints: { maxTaskRetryCount: 0 },
  }));
  await c.api.AddTaskCollection({ jobId: 'cached', tasks: tasks('a', 100, first) });
  const counts = await c.waitForJobTasks('cached', 100, 300_000);
  t.is(counts.succeeded, 100, 'every task had an intact copy');
  const fetches = () => [...c.workers.values()].map((w) => w.logs().match(FETCHED)?.length ?? 0);
  const perNode = fetches();
  t.log('downloads per node', perNode);
  t.true(perNode.every((n) => n <= 1), `at most one download per node: ${perNode}`);
  t.true(perNode.reduce((a, b) => a + b, 0) >= 1);

  // A new version under the same path is a new digest: fetched again, and tasks get it.
  const second = await upload(randomBytes(1024 * 1024));
  await c.api.AddTaskCollection({ jobId: 'cached', tasks: tasks('b', 10, second) });
  const after = await c.waitForJobTasks('cached', 110, 300_000);
  t.is(after.succeeded, 110, 'the new version reached every task');
  const total = fetches().reduce((a, b) => a + b, 0);
  t.true(total <= perNode.reduce((a, b) => a + b, 0) + 2, `one more download per node at most: ${fetches()}`);
});
