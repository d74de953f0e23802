// Gang (multi-instance) scheduling: all N nodes or none, whole nodes by default, a gang that does
// not fit holds back the nodes it needs from later tasks, and no pair of gangs can deadlock.
import test from 'ava';
import { schedule, type Assignment, type JobQueue, type NodeCapacity, type QueuedTask, type SchedulingSnapshot } from '../../src/coordinator/scheduling/scheduler.ts';
import { prng } from '../helpers/prng.ts';

const node = (id: string, freeSlots: number, totalSlots = 4, poolId = 'p'): NodeCapacity => ({ id, poolId, freeSlots, totalSlots });
const gang = (jobId: string, taskId: string, instances: number, wholeNodes = true, requiredSlots = 1): QueuedTask => ({ jobId, taskId, requiredSlots, instances, wholeNodes });
const single = (jobId: string, taskId: string, requiredSlots = 1): QueuedTask => ({ jobId, taskId, requiredSlots });

let order = 0;
const job = (jobId: string, queued: QueuedTask[], rest: Partial<JobQueue> = {}): JobQueue =>
  ({ jobId, poolId: 'p', priority: 0, order: order++, maxParallelTasks: 0, runningTasks: 0, queued, ...rest });
const snap = (nodes: NodeCapacity[], jobs: JobQueue[], fill: 'spread' | 'pack' = 'spread'): SchedulingSnapshot =>
  ({ pools: new Map([['p', { id: 'p', nodeFillType: fill }]]), nodes, jobs });

test('a gang takes N distinct whole nodes at once, its primary first', (t) => {
  const out = schedule(snap([node('a', 4), node('b', 4), node('c', 4)], [job('j', [gang('j', 'mpi', 3)])]));
  t.is(out.length, 1);
  const a = out[0]!;
  t.deepEqual(a.instances?.map((i) => i.slots), [4, 4, 4], 'whole nodes: every slot of each');
  t.is(new Set(a.instances?.map((i) => i.nodeId)).size, 3);
  t.is(a.nodeId, a.instances![0]!.nodeId);
});

test('a gang never takes part of its nodes: with one node busy it takes none', (t) => {
  const out = schedule(snap([node('a', 4), node('b', 4), node('c', 3)], [job('j', [gang('j', 'mpi', 3)])]));
  t.deepEqual(out, [], 'node c is not wholly free, so no gang of 3 whole nodes now');
});

test('with requiredSlots a gang takes that many slots on each of N nodes, sharing them with others', (t) => {
  const out = schedule(snap([node('a', 2), node('b', 3), node('c', 1)], [job('j', [gang('j', 'mpi', 2, false, 2), single('j', 's1')])]));
  const g = out.find((a) => a.taskId === 'mpi')!;
  t.deepEqual(g.instances?.map((i) => i.nodeId).sort(), ['a', 'b']);
  t.true(g.instances!.every((i) => i.slots === 2));
  t.truthy(out.find((a) => a.taskId === 's1'), 'the single task still finds a slot');
});

test('a gang that does not fit holds back the nodes it needs from later, smaller tasks', (t) => {
  // a and b are idle, c is half busy: the gang of 3 whole nodes waits; later single tasks must not
  // take a or b (they would keep the gang waiting forever), but may use c's free slots.
  const out = schedule(snap([node('a', 4), node('b', 4), node('c', 2)], [
    job('first', [gang('first', 'mpi', 3)]),
    job('later', Array.from({ length: 10 }, (_, i) => single('later', `s${i}`))),
  ]));
  t.false(out.some((a) => a.taskId === 'mpi'));
  t.deepEqual([...new Set(out.map((a) => a.nodeId))], [], 'the reservation takes the 3 nodes with the most free slots: all of them');
});

test('the reservation covers only N nodes: the rest of the pool backfills', (t) => {
  const out = schedule(snap([node('a', 4), node('b', 4), node('c', 3), node('d', 1)], [
    job('first', [gang('first', 'mpi', 3)]),
    job('later', Array.from({ length: 10 }, (_, i) => single('later', `s${i}`))),
  ]));
  t.false(out.some((a) => a.taskId === 'mpi'));
  t.deepEqual([...new Set(out.map((a) => a.nodeId))], ['d'], 'only d, outside the reservation (a, b, c), takes work');
});

test('two gangs wanting the same nodes: one runs now, the other waits whole (no partial holds, no deadlock)', (t) => {
  const nodes = [node('a', 4), node('b', 4), node('c', 4)];
  const out = schedule(snap(nodes, [job('x', [gang('x', 'g1', 2)]), job('y', [gang('y', 'g2', 2)])]));
  t.deepEqual(out.map((a) => a.taskId), ['g1']);
  t.is(out[0]!.instances!.length, 2);
});

test('random pools and queues: gangs are all-or-none, never share a node with themselves, never over-commit', (t) => {
  const rnd = prng(20261127);
  for (let round = 0; round < 300; round++) {
    const nodes = Array.from({ length: 1 + Math.floor(rnd() * 8) }, (_, i) => {
      const total = 1 + Math.floor(rnd() * 4);
      return node(`n${i}`, Math.floor(rnd() * (total + 1)), total);
    });
    const jobs = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, j) =>
      job(`j${j}`, Array.from({ length: Math.floor(rnd() * 6) }, (_, k) =>
        rnd() < 0.4 ? gang(`j${j}`, `g${k}`, 1 + Math.floor(rnd() * 4), rnd() < 0.5, 1 + Math.floor(rnd() * 2)) : single(`j${j}`, `s${k}`, 1 + Math.floor(rnd() * 2)))));
    const out: Assignment[] = schedule(snap(nodes, jobs, rnd() < 0.5 ? 'spread' : 'pack'));
    const used = new Map<string, number>();
    for (const a of out) {
      const parts = a.instances ?? [{ nodeId: a.nodeId, slots: a.requiredSlots }];
      const queued = jobs.flatMap((j) => [...j.queued]).find((q) => q.taskId === a.taskId && q.jobId === a.jobId)!;
      if (queued.instances !== undefined) {
        t.is(parts.length, queued.instances, 'all instances or no assignment');
        t.is(new Set(parts.map((p) => p.nodeId)).size, parts.length, 'one instance per node');
        for (const p of parts) {
          const n = nodes.find((x) => x.id === p.nodeId)!;
          if (queued.wholeNodes) t.true(n.freeSlots === n.totalSlots && p.slots === n.totalSlots, 'whole node only when wholly free');
        }
      }
      for (const p of parts) used.set(p.nodeId, (used.get(p.nodeId) ?? 0) + p.slots);
    }
    for (const [id, slots] of used) t.true(slots <= nodes.find((n) => n.id === id)!.freeSlots, `node ${id} over-committed in round ${round}`);
  }
});
