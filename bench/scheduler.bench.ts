// Times schedule() against a naive scheduler on the same snapshot, in the same run:
//   node --import tsx bench/scheduler.bench.ts
// 10,000 nodes x 8 slots in two pools (spread and pack), 100,000 queued tasks in 20 jobs, mixed
// requiredSlots (some fit no node, so the pass skips and backfills). Figures are ratios against
// the baseline measured here, never absolute targets: machines differ.
import { performance } from 'node:perf_hooks';
import {
  schedule,
  type Assignment,
  type JobQueue,
  type NodeCapacity,
  type QueuedTask,
  type ScheduleLimits,
  type SchedulingSnapshot,
} from '../src/coordinator/scheduling/scheduler.ts';
import { prng } from '../test/helpers/prng.ts';

const NODES = 10_000;
const SLOTS = 8;
const JOBS = 20;
const TASKS = 100_000;


function buildSnapshot(): SchedulingSnapshot {
  const rnd = prng(42);
  const pools = new Map([
    ['spread-pool', { id: 'spread-pool', nodeFillType: 'spread' as const }],
    ['pack-pool', { id: 'pack-pool', nodeFillType: 'pack' as const }],
  ]);
  const poolIds = [...pools.keys()];
  const nodes: NodeCapacity[] = [];
  for (let i = 0; i < NODES; i++) {
    const poolId = poolIds[i % 2]!;
    // A cluster in use: most nodes empty, some partly busy.
    const freeSlots = rnd() < 0.8 ? SLOTS : Math.floor(rnd() * SLOTS);
    nodes.push({ id: `node-${String(i).padStart(5, '0')}`, poolId, freeSlots, totalSlots: SLOTS });
  }
  const jobs: JobQueue[] = [];
  for (let j = 0; j < JOBS; j++) {
    const jobId = `job-${j}`;
    const queued: QueuedTask[] = [];
    for (let t = 0; t < TASKS / JOBS; t++) {
      const r = rnd();
      const requiredSlots = r < 0.7 ? 1 : r < 0.9 ? 2 : r < 0.99 ? 4 : 16; // 1% fit no node
      queued.push({ jobId, taskId: `${jobId}-task-${t}`, requiredSlots });
    }
    jobs.push({
      jobId, poolId: poolIds[j % 2]!, priority: Math.floor(rnd() * 5) * 100, order: j,
      maxParallelTasks: j % 5 === 0 ? 2_000 : 0, runningTasks: j % 5 === 0 ? 100 : 0, queued,
    });
  }
  return { pools, nodes, jobs };
}

/** The baseline: same rules, but a linear scan of every node for every task. */
function naiveSchedule(snap: SchedulingSnapshot, limits: ScheduleLimits = {}): Assignment[] {
  const maxAssignments = limits.maxAssignments ?? 10_000;
  const maxSkips = limits.maxSkipsPerJob ?? 256;
  const free = snap.nodes.map((n) => Math.max(0, Math.min(n.freeSlots, n.totalSlots)));
  const placed = snap.nodes.map(() => 0);
  const poolFree = new Map<string, number>();
  snap.nodes.forEach((n, i) => poolFree.set(n.poolId, (poolFree.get(n.poolId) ?? 0) + free[i]!));
  const jobs = [...snap.jobs].sort(
    (a, b) => b.priority - a.priority || a.order - b.order || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0),
  );
  const out: Assignment[] = [];
  for (const job of jobs) {
    const pack = snap.pools.get(job.poolId)?.nodeFillType === 'pack';
    let allowance = job.maxParallelTasks > 0 ? job.maxParallelTasks - job.runningTasks : Infinity;
    let skips = 0;
    for (const task of job.queued) {
      if (out.length >= maxAssignments || allowance <= 0 || !(poolFree.get(job.poolId)! > 0)) break;
      let best = -1;
      for (let i = 0; i < snap.nodes.length; i++) {
        const n = snap.nodes[i]!;
        if (n.poolId !== job.poolId || free[i]! < task.requiredSlots) continue;
        if (best < 0) { best = i; continue; }
        const b = snap.nodes[best]!;
        const better = pack
          ? free[i]! < free[best]! || (free[i] === free[best] && n.id < b.id)
          : free[i]! > free[best]! ||
            (free[i] === free[best] && (placed[i]! < placed[best]! || (placed[i] === placed[best] && n.id < b.id)));
        if (better) best = i;
      }
      if (best < 0) {
        if (++skips >= maxSkips) break;
        continue;
      }
      skips = 0;
      allowance--;
      free[best]! -= task.requiredSlots;
      placed[best]!++;
      poolFree.set(job.poolId, poolFree.get(job.poolId)! - task.requiredSlots);
      out.push({ jobId: task.jobId, taskId: task.taskId, nodeId: snap.nodes[best]!.id, requiredSlots: task.requiredSlots });
    }
  }
  return out;
}

function time(fn: () => Assignment[], runs: number): { ms: number; result: Assignment[] } {
  let result = fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, result };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const snap = buildSnapshot();
console.log(`scheduler bench: ${fmt(NODES)} nodes x ${SLOTS} slots, ${fmt(TASKS)} queued tasks in ${JOBS} jobs`);
const scenarios: [string, ScheduleLimits, number][] = [
  ['one pass, default limits', {}, 3],
  ['full pass, maxAssignments 100,000', { maxAssignments: 100_000 }, 1],
];
for (const [name, limits, naiveRuns] of scenarios) {
  const fast = time(() => schedule(snap, limits), 9);
  const slow = time(() => naiveSchedule(snap, limits), naiveRuns);
  const same = JSON.stringify(fast.result) === JSON.stringify(slow.result);
  const rate = (r: { ms: number; result: Assignment[] }) => (r.result.length / r.ms) * 1000;
  console.log(`\n${name}: ${fmt(fast.result.length)} assignments (same plan as baseline: ${same ? 'yes' : 'NO'})`);
  console.log(`  schedule()  ${fast.ms.toFixed(1).padStart(9)} ms  ${fmt(rate(fast)).padStart(12)} assignments/s`);
  console.log(`  naive scan  ${slow.ms.toFixed(1).padStart(9)} ms  ${fmt(rate(slow)).padStart(12)} assignments/s`);
  console.log(`  speed-up    ${(slow.ms / fast.ms).toFixed(1)}x`);
}

// GPUs (scheduling/gpu-index.ts): the same snapshot with 1 node in 20 offering 4 devices and one
// more job of 5,000 tasks asking for 1 or 2 of them. The slot-only figures above are the ones to
// hold against main's (a task without GPUs never touches the GPU index); this shows what the GPU
// tasks' linear scan over their pool's GPU nodes costs.
{
  const rnd = prng(7);
  const nodes = snap.nodes.map((n, i) => (i % 20 === 0 ? { ...n, freeGpus: 4 } : n));
  const gpuJob: JobQueue = {
    jobId: 'gpu-job', poolId: 'spread-pool', priority: 1000, order: JOBS, maxParallelTasks: 0, runningTasks: 0,
    queued: Array.from({ length: 5_000 }, (_, t) => ({ jobId: 'gpu-job', taskId: `gpu-task-${t}`, requiredSlots: 1, requiredGpus: rnd() < 0.7 ? 1 : 2 })),
  };
  const withGpus: SchedulingSnapshot = { ...snap, nodes, jobs: [gpuJob, ...snap.jobs] };
  const gpuNodes = nodes.filter((n) => n.freeGpus).length;
  const run = time(() => schedule(withGpus, { maxAssignments: 100_000 }), 5);
  const gpuPlaced = run.result.filter((a) => a.gpus).length;
  console.log(`\nwith GPUs: ${fmt(gpuNodes)} GPU nodes x 4 devices, 5,000 GPU tasks first, then the rest (maxAssignments 100,000)`);
  console.log(`  schedule()  ${run.ms.toFixed(1).padStart(9)} ms  ${fmt(run.result.length)} assignments, ${fmt(gpuPlaced)} of them GPU tasks`);
}
