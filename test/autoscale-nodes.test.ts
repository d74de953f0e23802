// Autoscale through real nodes (issue 13's tests): a pool of the local node provider, empty at
// first, with a formula driven by its pending tasks. Tasks added to it make the formula ask for
// nodes, the coordinator starts real workers, the tasks run on them, and once they are done the
// formula asks for none and the workers go (taskcompletion: a running task ends first).
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestCluster } from './helpers/cluster.ts';
import { nodeNames, prepareNodeConfigs, startLocalProviderCluster } from './helpers/elastic-nodes.ts';

let c: TestCluster;
let dir: string;
let stop: (() => Promise<void>) | undefined;
test.before(async () => {
  ({ c, dir, stop } = await startLocalProviderCluster());
});
test.after.always(() => stop?.());

const FORMULA = `$pending = $PendingTasks.GetSample(1);
$TargetDedicatedNodes = len($pending) == 0 ? 0 : min(2, max($pending));
$NodeDeallocationOption = "taskcompletion";`;

test('pending tasks grow an empty pool to real nodes, which run them; done, the pool shrinks back to none', async (t) => {
  await prepareNodeConfigs(c, dir, nodeNames('elastic', 2));
  await c.api.CreatePool({ pool: { id: 'elastic', taskSlotsPerNode: 1, nodeProvider: { kind: 'local' }, enableAutoScale: true, autoScaleFormula: FORMULA, autoScaleEvaluationInterval: '5s' } });
  t.is((await c.api.ListNodes({ poolId: 'elastic' })).nodes.length, 0);
  await c.api.CreateJob({ job: { id: 'burst', poolInfo: { poolId: 'elastic' } } });
  // Each task holds its node until the test has seen both nodes busy.
  const release = path.join(c.dir, 'release-burst');
  await c.api.AddTaskCollection({ jobId: 'burst', tasks: Array.from({ length: 4 }, (_, i) => ({
    id: `t${i}`, commandArgs: ['/bin/sh', '-c', `while [ ! -e ${release} ]; do sleep 0.1; done`],
  })) });
  const grown = await c.until('the pool to grow to 2 running nodes', async () => {
    const { nodes } = await c.api.ListNodes({ poolId: 'elastic' });
    return nodes.filter((n) => n.state === 'running').length === 2 ? nodes : undefined;
  }, 120_000);
  t.deepEqual(grown.map((n) => n.id).sort(), ['elastic-1', 'elastic-2']);
  const pool = await c.api.GetPool({ poolId: 'elastic' });
  t.is(pool.targetDedicatedNodes, 2, 'the formula asked for 2 (min of 2 and the pending tasks)');
  await writeFile(release, '');
  await c.waitForJobTasks('burst', 4, 120_000);
  const counts = await c.api.GetTaskCounts({ jobId: 'burst' });
  t.is(counts.succeeded, 4);
  await c.until('the pool to shrink to no node', async () => {
    const p = await c.api.GetPool({ poolId: 'elastic' });
    const { nodes } = await c.api.ListNodes({ poolId: 'elastic' });
    return p.targetDedicatedNodes === 0 && p.allocationState === 'steady' && nodes.every((n) => n.state === 'leavingpool' || n.state === 'offline') && p.currentDedicatedNodes === 0;
  }, 120_000);
  const after = await c.api.GetPool({ poolId: 'elastic' });
  t.is(after.autoScaleRun?.error ?? null, null);
  t.is(after.currentDedicatedNodes, 0);
});
