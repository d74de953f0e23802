// The scheduler and memory limits (coordinator/scheduling/pool-slots.ts): a task with a memory
// limit goes only to a node that enforces limits, never to one that would run it unlimited; one
// without a limit leaves those nodes to the tasks that need them when it can.
import test from 'ava';
import { schedule, type JobQueue, type NodeCapacity, type QueuedTask } from '../../src/coordinator/scheduling/scheduler.ts';

const pools = new Map([['p', { id: 'p', nodeFillType: 'spread' as const }]]);
const node = (id: string, freeSlots: number, enforcesMemoryLimits: boolean): NodeCapacity => ({ id, poolId: 'p', freeSlots, totalSlots: 4, enforcesMemoryLimits });
const job = (queued: QueuedTask[]): JobQueue => ({ jobId: 'j', poolId: 'p', priority: 0, order: 0, maxParallelTasks: 0, runningTasks: 0, queued });
const task = (taskId: string, more: Partial<QueuedTask> = {}): QueuedTask => ({ jobId: 'j', taskId, requiredSlots: 1, ...more });
const placed = (nodes: NodeCapacity[], queued: QueuedTask[]) =>
  Object.fromEntries(schedule({ pools, nodes, jobs: [job(queued)] }).map((a) => [a.taskId, a.instances ? a.instances.map((i) => i.nodeId) : a.nodeId]));

test('a task with a memory limit waits rather than go to a node that cannot enforce it', (t) => {
  t.deepEqual(placed([node('plain', 4, false)], [task('limited', { needsMemoryLimit: true }), task('free')]), { free: 'plain' });
});

test('in a mixed pool limited tasks go to the enforcing nodes, the others first elsewhere', (t) => {
  const nodes = [node('plain', 2, false), node('enforcing', 2, true)];
  t.deepEqual(placed(nodes, [task('a'), task('l1', { needsMemoryLimit: true }), task('b'), task('l2', { needsMemoryLimit: true }), task('c', { needsMemoryLimit: true })]), {
    a: 'plain', l1: 'enforcing', b: 'plain', l2: 'enforcing',
  });
  t.deepEqual(placed(nodes, [task('a'), task('b'), task('c')]), { a: 'plain', b: 'plain', c: 'enforcing' }, 'the enforcing nodes take the rest');
});

test('a gang with a memory limit takes only enforcing nodes', (t) => {
  const nodes = [node('plain-1', 4, false), node('plain-2', 4, false), node('enforcing-1', 4, true), node('enforcing-2', 4, true)];
  const gang = task('mpi', { instances: 2, wholeNodes: true, needsMemoryLimit: true });
  t.deepEqual(placed(nodes, [gang]), { mpi: ['enforcing-1', 'enforcing-2'] });
  t.deepEqual(placed(nodes.slice(0, 3), [gang]), {}, 'one enforcing node is not enough');
});

test('nodes that say nothing (older workers) enforce nothing; an all-enforcing pool schedules as before', (t) => {
  t.deepEqual(placed([{ id: 'old', poolId: 'p', freeSlots: 4, totalSlots: 4 }], [task('l', { needsMemoryLimit: true })]), {});
  t.deepEqual(placed([node('e1', 1, true), node('e2', 2, true)], [task('a'), task('b', { needsMemoryLimit: true }), task('c')]), { a: 'e2', b: 'e1', c: 'e2' });
});
