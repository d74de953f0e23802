import test from 'ava';
import {
  schedule,
  type Assignment,
  type JobQueue,
  type NodeCapacity,
  type QueuedTask,
  type ScheduleLimits,
  type SchedulingSnapshot,
} from '../../src/coordinator/scheduling/scheduler.ts';
import { prng } from '../helpers/prng.ts';

// --- harness: snapshots from a few lines, no cluster ---

type Fill = 'spread' | 'pack';

function snapshot(pools: Record<string, Fill>, nodes: NodeCapacity[], jobs: JobQueue[]): SchedulingSnapshot {
  return { pools: new Map(Object.entries(pools).map(([id, fill]) => [id, { id, nodeFillType: fill }])), nodes, jobs };
}

/** `count` nodes `<pool>-<i>` (i zero-padded so id order is numeric order). */
function nodes(poolId: string, count: number, totalSlots: number, freeSlots = totalSlots): NodeCapacity[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${poolId}-${String(i).padStart(3, '0')}`, poolId, freeSlots, totalSlots }));
}

function node(id: string, poolId: string, freeSlots: number, totalSlots = 8): NodeCapacity {
  return { id, poolId, freeSlots, totalSlots };
}

/** Tasks `<job>.<i>`: a number makes that many 1-slot tasks, an array gives each task's slots. */
function tasks(jobId: string, slots: number | number[]): QueuedTask[] {
  const list = typeof slots === 'number' ? Array<number>(slots).fill(1) : slots;
  return list.map((requiredSlots, i) => ({ jobId, taskId: `${jobId}.${i}`, requiredSlots }));
}

let nextOrder = 0;
function job(jobId: string, poolId: string, queued: Iterable<QueuedTask> | number | number[], rest: Partial<JobQueue> = {}): JobQueue {
  const q = typeof queued === 'number' || Array.isArray(queued) ? tasks(jobId, queued) : queued;
  return { jobId, poolId, priority: 0, order: nextOrder++, maxParallelTasks: 0, runningTasks: 0, queued: q, ...rest };
}

function slotsByNode(as: Assignment[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of as) out[a.nodeId] = (out[a.nodeId] ?? 0) + a.requiredSlots;
  return out;
}

const ids = (as: Assignment[]) => as.map((a) => `${a.taskId}@${a.nodeId}`);

/** Counts what a lazy queue hands out; `finished` tells whether the consumer closed it. */
function counted(jobId: string, slots: (i: number) => number, limit = Infinity) {
  const probe = { pulled: 0, finished: false };
  function* queue(): Generator<QueuedTask> {
    try {
      for (let i = 0; i < limit; i++) {
        probe.pulled++;
        yield { jobId, taskId: `${jobId}.${i}`, requiredSlots: slots(i) };
      }
    } finally {
      probe.finished = true;
    }
  }
  return Object.assign(probe, { queue: queue() });
}

// --- behaviour ---

test('nodes only serve jobs of their own pool; a pool missing from `pools` spreads', (t) => {
  const s = snapshot({ a: 'pack', b: 'spread' }, [...nodes('a', 2, 2), ...nodes('b', 2, 2), ...nodes('c', 2, 2)], [
    job('ja', 'a', 10),
    job('jb', 'b', 1),
    job('jc', 'c', 2),
    job('jx', 'nowhere', 3),
  ]);
  const as = schedule(s);
  for (const a of as) t.is(a.nodeId.split('-')[0], a.jobId.slice(1));
  t.deepEqual(slotsByNode(as.filter((a) => a.jobId === 'ja')), { 'a-000': 2, 'a-001': 2 });
  t.is(as.filter((a) => a.jobId === 'jb').length, 1);
  t.deepEqual(ids(as.filter((a) => a.jobId === 'jc')), ['jc.0@c-000', 'jc.1@c-001'], 'c spreads');
  t.is(as.filter((a) => a.jobId === 'jx').length, 0);
});

test('higher priority takes every slot it can before lower; ties go to the older job', (t) => {
  const s = snapshot({ p: 'spread' }, nodes('p', 2, 2), [
    job('low', 'p', 3, { priority: -5, order: 0 }),
    job('high', 'p', 3, { priority: 100, order: 9 }),
  ]);
  t.deepEqual(schedule(s).map((a) => a.jobId), ['high', 'high', 'high', 'low']);

  const tie = snapshot({ p: 'spread' }, nodes('p', 1, 3), [
    job('newer', 'p', 3, { priority: 7, order: 2 }),
    job('older', 'p', 2, { priority: 7, order: 1 }),
  ]);
  t.deepEqual(schedule(tie).map((a) => a.jobId), ['older', 'older', 'newer']);
});

test('spread puts each task on the node with the most free slots, evenly', (t) => {
  const s = snapshot({ p: 'spread' }, nodes('p', 4, 8), [job('j', 'p', 8)]);
  t.deepEqual(slotsByNode(schedule(s)), { 'p-000': 2, 'p-001': 2, 'p-002': 2, 'p-003': 2 });

  // Uneven start: the fuller nodes take tasks until free slots level out.
  const uneven = snapshot({ p: 'spread' }, [node('a', 'p', 2), node('b', 'p', 6), node('c', 'p', 4)], [job('j', 'p', 6)]);
  t.deepEqual(slotsByNode(schedule(uneven)), { b: 4, c: 2 });
});

test('spread breaks free-slot ties by fewer tasks placed this pass, then by node id', (t) => {
  // a: 2 free, b: 1 free. The first task goes to a; then both have 1 free and b, with no task yet, wins.
  const s = snapshot({ p: 'spread' }, [node('a', 'p', 2), node('b', 'p', 1)], [job('j', 'p', 3)]);
  t.deepEqual(ids(schedule(s)), ['j.0@a', 'j.1@b', 'j.2@a']);
});

test('pack fills the tightest node that fits before the next', (t) => {
  const s = snapshot({ p: 'pack' }, [node('c', 'p', 8), node('b', 'p', 3), node('a', 'p', 8)], [job('j', 'p', 12)]);
  t.deepEqual(slotsByNode(schedule(s)), { b: 3, a: 8, c: 1 });
  t.deepEqual(ids(schedule(s)).slice(0, 4), ['j.0@b', 'j.1@b', 'j.2@b', 'j.3@a']);

  // A 4-slot task skips b (3 free) for the tightest node that fits it; a 2-slot task then fills b.
  const fit = snapshot({ p: 'pack' }, [node('a', 'p', 8), node('b', 'p', 3), node('c', 'p', 5)], [job('j', 'p', [4, 2])]);
  t.deepEqual(ids(schedule(fit)), ['j.0@c', 'j.1@b']);
});

test('requiredSlots: a task that fits nowhere is skipped and smaller ones backfill', (t) => {
  const s = snapshot({ p: 'spread' }, nodes('p', 2, 4), [job('j', 'p', [3, 3, 3, 1, 2, 1])]);
  const as = schedule(s);
  t.deepEqual(ids(as), ['j.0@p-000', 'j.1@p-001', 'j.3@p-000', 'j.5@p-001']);
  t.true(as.every((a, i) => a.requiredSlots === [3, 3, 1, 1][i]));
  t.deepEqual(slotsByNode(as), { 'p-000': 4, 'p-001': 4 });
});

test('maxSkipsPerJob bounds consecutive skips, and a placement resets the count', (t) => {
  const big = (n: number) => [...Array<number>(n).fill(4), 1];
  const run = (queued: number[], maxSkipsPerJob: number) =>
    schedule(snapshot({ p: 'spread' }, nodes('p', 1, 2), [job('j', 'p', queued)]), { maxSkipsPerJob });
  t.is(run(big(5), 5).length, 0, 'left the job after 5 skips');
  t.is(run(big(5), 6).length, 1);
  t.is(run([4, 4, 1, 4, 4, 1], 3).length, 2, 'counts consecutive skips only');
  t.is(run([4, 1], 0).length, 0, '0 = strict queue order, no backfill');

  const probe = counted('j', () => 99);
  t.deepEqual(schedule(snapshot({ p: 'pack' }, nodes('p', 3, 8), [job('j', 'p', probe.queue)])), []);
  t.is(probe.pulled, 256, 'default bound, on an endless queue of tasks that never fit');
});

test('maxParallelTasks counts running tasks and this pass; 0 is unlimited', (t) => {
  const run = (maxParallelTasks: number, runningTasks: number) =>
    schedule(snapshot({ p: 'spread' }, nodes('p', 4, 4), [job('j', 'p', 20, { maxParallelTasks, runningTasks })])).length;
  t.is(run(5, 3), 2);
  t.is(run(5, 5), 0);
  t.is(run(5, 9), 0);
  t.is(run(0, 100), 16);

  // The slots a capped job cannot use go to the next job.
  const s = snapshot({ p: 'spread' }, nodes('p', 1, 4), [job('a', 'p', 9, { priority: 1, maxParallelTasks: 1 }), job('b', 'p', 9)]);
  t.deepEqual(schedule(s).map((a) => a.jobId), ['a', 'b', 'b', 'b']);
});

test('maxAssignments ends the pass, highest priority first; default 10,000', (t) => {
  const s = snapshot({ p: 'spread' }, nodes('p', 3, 5), [job('low', 'p', 10), job('high', 'p', 10, { priority: 1 })]);
  t.deepEqual(schedule(s, { maxAssignments: 7 }).map((a) => a.jobId), Array<string>(7).fill('high'));
  t.deepEqual(schedule(s, { maxAssignments: 0 }), []);
  const many = snapshot({ p: 'pack' }, nodes('p', 100, 200), [job('j', 'p', counted('j', () => 1).queue)]);
  t.is(schedule(many).length, 10_000);
});

test('no assignment without free slots', (t) => {
  t.deepEqual(schedule(snapshot({ p: 'spread' }, nodes('p', 5, 4, 0), [job('j', 'p', 3)])), []);
  t.deepEqual(schedule(snapshot({ p: 'spread' }, [], [job('j', 'p', 3)])), []);
  t.deepEqual(schedule(snapshot({}, nodes('p', 2, 2), [])), []);
  // A snapshot claiming more free than total slots is held to the total; negative counts as 0.
  const odd = snapshot({ p: 'pack' }, [node('a', 'p', 9, 2), node('b', 'p', -3, 2)], [job('j', 'p', 5)]);
  t.deepEqual(slotsByNode(schedule(odd)), { a: 2 });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

test('the snapshot is never written', (t) => {
  const build = () =>
    snapshot({ p: 'spread', q: 'pack' }, [...nodes('p', 3, 4, 3), ...nodes('q', 2, 8)], [
      job('a', 'p', [1, 5, 2, 1], { priority: 3, order: 1, maxParallelTasks: 3, runningTasks: 1 }),
      job('b', 'q', 9, { order: 2 }),
    ]);
  const s = build();
  for (const n of s.nodes) deepFreeze(n);
  for (const j of s.jobs) deepFreeze(j);
  deepFreeze(s);
  const as = schedule(s); // strict mode: any write to a frozen object throws
  t.true(as.length > 0);
  const fresh = build();
  t.deepEqual(s.nodes, fresh.nodes);
  t.deepEqual(s.jobs.map((j) => ({ ...j, order: 0 })), fresh.jobs.map((j) => ({ ...j, order: 0 })));
  t.deepEqual([...s.pools], [...fresh.pools]);
});

test('a lazy queue is read only as far as the job goes, and closed', (t) => {
  const fill = counted('j', () => 1);
  t.is(schedule(snapshot({ p: 'spread' }, nodes('p', 2, 2), [job('j', 'p', fill.queue)])).length, 4);
  t.is(fill.pulled, 4, 'not one task more than the pool could take');
  t.true(fill.finished);

  const capped = counted('j', () => 1);
  t.is(schedule(snapshot({ p: 'spread' }, nodes('p', 10, 8), [job('j', 'p', capped.queue, { maxParallelTasks: 3 })])).length, 3);
  t.is(capped.pulled, 3);

  // A million-task job behind a full pool is not read at all.
  const idle = counted('k', () => 1, 1_000_000);
  schedule(snapshot({ p: 'spread' }, nodes('p', 2, 2), [job('first', 'p', 9, { priority: 1 }), job('k', 'p', idle.queue)]));
  t.is(idle.pulled, 0);

  const mixed = counted('m', (i) => (i % 2 ? 1 : 3));
  const as = schedule(snapshot({ p: 'pack' }, nodes('p', 2, 2), [job('m', 'p', mixed.queue)]));
  t.is(as.length, 4);
  t.is(mixed.pulled, 8, 'pulled = assignments + skips');
});

// --- random snapshots ---


interface RandomCase {
  snap: SchedulingSnapshot;
  queues: Map<string, QueuedTask[]>;
  limits: ScheduleLimits;
}

function randomCase(seed: number): RandomCase {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const poolIds = Array.from({ length: int(1, 3) }, (_, i) => `p${i}`);
  const pools: Record<string, Fill> = {};
  for (const id of poolIds) if (rnd() < 0.9) pools[id] = rnd() < 0.5 ? 'pack' : 'spread';
  const ns: NodeCapacity[] = [];
  for (const poolId of poolIds) {
    const total = int(1, 8);
    for (let i = int(0, 12); i > 0; i--) ns.push(node(`${poolId}-n${int(0, 99)}-${i}`, poolId, int(0, total), total));
  }
  const queues = new Map<string, QueuedTask[]>();
  const js: JobQueue[] = [];
  for (let j = int(0, 6); j > 0; j--) {
    const jobId = `j${j}`;
    const q = tasks(jobId, Array.from({ length: int(0, 30) }, () => (rnd() < 0.1 ? int(5, 10) : int(1, 4))));
    queues.set(jobId, q);
    js.push({
      jobId, poolId: poolIds[int(0, poolIds.length - 1)]!, priority: int(-2, 2) * 100, order: int(0, 4),
      maxParallelTasks: rnd() < 0.6 ? 0 : int(1, 10), runningTasks: int(0, 5), queued: q,
    });
  }
  const limits: ScheduleLimits = {};
  if (rnd() < 0.3) limits.maxAssignments = int(0, 40);
  if (rnd() < 0.3) limits.maxSkipsPerJob = int(0, 4);
  return { snap: { pools: new Map(Object.entries(pools).map(([id, f]) => [id, { id, nodeFillType: f }])), nodes: ns, jobs: js }, queues, limits };
}

/** The rules as written, by a full scan of the pool's nodes per task: slow, obvious, a reference. */
function reference({ snap, limits }: RandomCase): Assignment[] {
  const maxA = limits.maxAssignments ?? 10_000;
  const maxS = limits.maxSkipsPerJob ?? 256;
  const free = new Map(snap.nodes.map((n) => [n.id, Math.max(0, Math.min(n.freeSlots, n.totalSlots))]));
  const placed = new Map(snap.nodes.map((n) => [n.id, 0]));
  const out: Assignment[] = [];
  const jobs = [...snap.jobs].sort((a, b) => b.priority - a.priority || a.order - b.order || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
  for (const j of jobs) {
    const fill = snap.pools.get(j.poolId)?.nodeFillType ?? 'spread';
    const pool = snap.nodes.filter((n) => n.poolId === j.poolId);
    let allowed = j.maxParallelTasks > 0 ? j.maxParallelTasks - j.runningTasks : Infinity;
    let skips = 0;
    for (const task of j.queued) {
      if (out.length >= maxA || allowed <= 0 || pool.every((n) => free.get(n.id) === 0)) break;
      let best: NodeCapacity | undefined;
      for (const n of pool) {
        const f = free.get(n.id)!;
        if (f < task.requiredSlots) continue;
        if (!best) { best = n; continue; }
        const bf = free.get(best.id)!;
        const better = fill === 'pack'
          ? f < bf || (f === bf && n.id < best.id)
          : f > bf || (f === bf && (placed.get(n.id)! < placed.get(best.id)! || (placed.get(n.id) === placed.get(best.id) && n.id < best.id)));
        if (better) best = n;
      }
      if (!best) { if (++skips >= maxS) break; continue; }
      skips = 0;
      allowed--;
      free.set(best.id, free.get(best.id)! - task.requiredSlots);
      placed.set(best.id, placed.get(best.id)! + 1);
      out.push({ jobId: task.jobId, taskId: task.taskId, nodeId: best.id, requiredSlots: task.requiredSlots });
    }
  }
  return out;
}

test('random snapshots keep every invariant and match the reference', (t) => {
  for (let seed = 1; seed <= 600; seed++) {
    const c = randomCase(seed);
    const { snap, queues, limits } = c;
    const as = schedule(snap, limits);
    const why = `seed ${seed}`;
    const nodeById = new Map(snap.nodes.map((n) => [n.id, n]));
    const jobById = new Map(snap.jobs.map((j) => [j.jobId, j]));

    const free = new Map(snap.nodes.map((n) => [n.id, Math.min(n.freeSlots, n.totalSlots)]));
    const seen = new Set<string>();
    const perJob = new Map<string, number>();
    for (const a of as) {
      const n = nodeById.get(a.nodeId);
      const j = jobById.get(a.jobId)!;
      if (!n || n.poolId !== j.poolId) return t.fail(`${why}: ${a.taskId} on ${a.nodeId}, outside pool ${j.poolId}`);
      free.set(n.id, free.get(n.id)! - a.requiredSlots);
      if (free.get(n.id)! < 0) return t.fail(`${why}: ${n.id} over-committed`);
      const key = `${a.jobId}/${a.taskId}`;
      if (seen.has(key)) return t.fail(`${why}: ${key} assigned twice`);
      seen.add(key);
      perJob.set(a.jobId, (perJob.get(a.jobId) ?? 0) + 1);
    }
    const maxA = limits.maxAssignments ?? 10_000;
    const maxS = limits.maxSkipsPerJob ?? 256;
    if (as.length > maxA) return t.fail(`${why}: more than maxAssignments`);

    // Nothing left waiting that had room, unless a limit cut the pass (free only shrinks during a
    // pass, so room at the end was room when the task was looked at).
    if (as.length < maxA) {
      for (const j of snap.jobs) {
        const used = j.runningTasks + (perJob.get(j.jobId) ?? 0);
        if (j.maxParallelTasks > 0 && used >= j.maxParallelTasks) continue;
        const room = Math.max(0, ...snap.nodes.filter((n) => n.poolId === j.poolId).map((n) => free.get(n.id)!));
        let run = 0;
        for (const task of queues.get(j.jobId)!) {
          if (seen.has(`${j.jobId}/${task.taskId}`)) { run = 0; continue; }
          if (run >= maxS) break; // the job was left after maxSkipsPerJob skips
          if (task.requiredSlots <= room) return t.fail(`${why}: ${task.taskId} left waiting, ${room} slots free`);
          run++;
        }
      }
    }
    t.deepEqual(as, reference(c), why);
  }
});

test('deterministic: the same snapshot, or its nodes in another order, gives the same plan', (t) => {
  for (let seed = 1000; seed < 1100; seed++) {
    const c = randomCase(seed);
    const first = schedule(c.snap, c.limits);
    t.deepEqual(schedule(c.snap, c.limits), first);
    const reversed = { ...c.snap, nodes: [...c.snap.nodes].reverse(), jobs: [...c.snap.jobs].reverse() };
    t.deepEqual(schedule(reversed, c.limits), first, `seed ${seed}`);
  }
});
