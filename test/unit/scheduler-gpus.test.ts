// GPUs as a resource beside slots (scheduling/gpu-index.ts): a task asking for GPUs goes only to
// a node with that many devices and its slots free, takes both, and never more devices than a
// node has; tasks without GPUs are scheduled as before.
import test from 'ava';
import { schedule, type JobQueue, type NodeCapacity, type QueuedTask, type SchedulingSnapshot } from '../../src/coordinator/scheduling/scheduler.ts';
import { scheduleAvoiding } from '../../src/coordinator/scheduling/excluded-nodes.ts';
import { prng } from '../helpers/prng.ts';

function snapshot(nodes: NodeCapacity[], jobs: JobQueue[], fill: 'spread' | 'pack' = 'spread'): SchedulingSnapshot {
  return { pools: new Map([['p', { id: 'p', nodeFillType: fill }]]), nodes, jobs };
}
const node = (id: string, freeSlots: number, freeGpus?: number, rest: Partial<NodeCapacity> = {}): NodeCapacity =>
  ({ id, poolId: 'p', freeSlots, totalSlots: freeSlots, ...(freeGpus !== undefined ? { freeGpus } : {}), ...rest });
const task = (taskId: string, requiredGpus = 0, requiredSlots = 1, rest: Partial<QueuedTask> = {}): QueuedTask =>
  ({ jobId: 'j', taskId, requiredSlots, ...(requiredGpus ? { requiredGpus } : {}), ...rest });
const job = (queued: QueuedTask[], rest: Partial<JobQueue> = {}): JobQueue =>
  ({ jobId: 'j', poolId: 'p', priority: 0, order: 0, maxParallelTasks: 0, runningTasks: 0, queued, ...rest });

test('a GPU task goes only to a node with enough free devices, and takes them', (t) => {
  const as = schedule(snapshot([node('cpu', 8), node('one', 8, 1), node('two', 8, 2)], [job([task('a', 2), task('b', 1), task('c', 1), task('d', 1)])]));
  t.deepEqual(as.map((a) => `${a.taskId}@${a.nodeId}:${a.gpus}`), ['a@two:2', 'b@one:1']);
});

test('a task wanting more devices than any node has is never placed, and the ones behind it still are', (t) => {
  const as = schedule(snapshot([node('g', 4, 2)], [job([task('big', 3), task('small', 1), task('plain')])]));
  t.deepEqual(as.map((a) => a.taskId), ['small', 'plain']);
});

test('a GPU task needs its slots too on the node of its devices', (t) => {
  const as = schedule(snapshot([node('full', 0, 2), node('g', 1, 1)], [job([task('two-slots', 1, 2), task('one-slot', 1, 1)])]));
  // 'full' has devices but no slot (it is not even in the index); 'g' has one slot.
  t.deepEqual(as.map((a) => `${a.taskId}@${a.nodeId}`), ['one-slot@g']);
});

test('spread takes the node with the most free devices, pack the tightest fit', (t) => {
  const nodes = [node('a', 8, 4), node('b', 8, 1), node('c', 8, 2)];
  t.is(schedule(snapshot(nodes, [job([task('x', 1)])], 'spread'))[0]!.nodeId, 'a');
  t.is(schedule(snapshot(nodes, [job([task('x', 1)])], 'pack'))[0]!.nodeId, 'b');
  t.is(schedule(snapshot(nodes, [job([task('x', 2)])], 'pack'))[0]!.nodeId, 'c');
});

test('a GPU task with a memory limit goes only to a GPU node that enforces limits', (t) => {
  const nodes = [node('plain', 8, 2), node('limits', 8, 1, { enforcesMemoryLimits: true })];
  const as = schedule(snapshot(nodes, [job([task('m', 1, 1, { needsMemoryLimit: true }), task('m2', 1, 1, { needsMemoryLimit: true })])]));
  t.deepEqual(as.map((a) => `${a.taskId}@${a.nodeId}`), ['m@limits']);
});

test('slots a GPU task takes are gone for the tasks after it (one pass never double-books)', (t) => {
  const as = schedule(snapshot([node('g', 2, 2)], [job([task('a', 1), task('b'), task('c'), task('d', 1)])]));
  t.deepEqual(as.map((a) => a.taskId), ['a', 'b']);
});

test('with excluded nodes, devices taken in the first plan are not offered again', (t) => {
  const other: JobQueue = { ...job([task('o1', 1)]), jobId: 'other', order: 1, queued: [{ jobId: 'other', taskId: 'o1', requiredSlots: 1, requiredGpus: 1 }] };
  const first = job([task('a', 1)]);
  const as = scheduleAvoiding(snapshot([node('g', 4, 1), node('h', 4, 0)], [first, other]), (id) => (id === 'other' ? new Set(['h']) : undefined));
  t.deepEqual(as.map((a) => `${a.jobId}/${a.taskId}@${a.nodeId}`), ['j/a@g']);
});

test('random pools: no node is ever given more devices or slots than it has free', (t) => {
  const rand = prng(13);
  for (let round = 0; round < 200; round++) {
    const nodes = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, i) => node(`n${i}`, Math.floor(rand() * 5), Math.floor(rand() * 4)));
    const queued = Array.from({ length: Math.floor(rand() * 20) }, (_, i) => task(`t${i}`, Math.floor(rand() * 3), 1 + Math.floor(rand() * 2)));
    const as = schedule(snapshot(nodes, [job(queued)], rand() < 0.5 ? 'pack' : 'spread'));
    for (const n of nodes) {
      const mine = as.filter((a) => a.nodeId === n.id);
      t.true(mine.reduce((s, a) => s + (a.gpus ?? 0), 0) <= (n.freeGpus ?? 0), `round ${round} ${n.id} gpus`);
      t.true(mine.reduce((s, a) => s + a.requiredSlots, 0) <= n.freeSlots, `round ${round} ${n.id} slots`);
    }
    for (const a of as) t.is(a.gpus ?? 0, queued.find((q) => q.taskId === a.taskId)!.requiredGpus ?? 0);
  }
});
