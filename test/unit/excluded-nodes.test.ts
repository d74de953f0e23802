import test from 'ava';
import { scheduleAvoiding } from '../../src/coordinator/scheduling/excluded-nodes.ts';
import type { JobQueue, NodeCapacity, SchedulingSnapshot } from '../../src/coordinator/scheduling/scheduler.ts';

const node = (id: string, free: number, poolId = 'p'): NodeCapacity => ({ id, poolId, freeSlots: free, totalSlots: 4 });
const job = (jobId: string, tasks: number, priority = 0, order = 0): JobQueue => ({
  jobId, poolId: 'p', priority, order, maxParallelTasks: 0, runningTasks: 0,
  queued: Array.from({ length: tasks }, (_, i) => ({ jobId, taskId: `${jobId}-${i}`, requiredSlots: 1 })),
});
const snapshot = (nodes: NodeCapacity[], jobs: JobQueue[]): SchedulingSnapshot => ({ pools: new Map([['p', { id: 'p', nodeFillType: 'spread' }]]), nodes, jobs });

test('a job never lands on a node it must avoid, even when that node has the most free slots', (t) => {
  const plan = scheduleAvoiding(snapshot([node('big', 4), node('small', 1)], [job('j', 3)]), (j) => (j === 'j' ? new Set(['big']) : undefined));
  t.deepEqual(plan.map((a) => a.nodeId), ['small']);
});

test('jobs without exclusions are planned as usual, and no slot is booked twice across the plans', (t) => {
  const plan = scheduleAvoiding(
    snapshot([node('a', 2), node('b', 2)], [job('free', 3, 10), job('avoids-a', 4, 0)]),
    (j) => (j === 'avoids-a' ? new Set(['a']) : undefined),
  );
  const perNode = new Map<string, number>();
  for (const a of plan) perNode.set(a.nodeId, (perNode.get(a.nodeId) ?? 0) + a.requiredSlots);
  t.true((perNode.get('a') ?? 0) <= 2 && (perNode.get('b') ?? 0) <= 2);
  t.is(plan.filter((a) => a.jobId === 'free').length, 3);
  t.false(plan.some((a) => a.jobId === 'avoids-a' && a.nodeId === 'a'));
  t.is(plan.filter((a) => a.jobId === 'avoids-a').length, 1, 'only the slot left on b');
});

test('without exclusions the plan is exactly the scheduler\'s', (t) => {
  const plan = scheduleAvoiding(snapshot([node('a', 2), node('b', 2)], [job('j', 3)]), () => undefined);
  t.is(plan.length, 3);
  const empty = scheduleAvoiding(snapshot([node('a', 2)], [job('j', 1)]), () => new Set());
  t.is(empty.length, 1);
});
