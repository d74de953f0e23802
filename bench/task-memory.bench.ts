// What the coordinator keeps in memory per task (issue 10's goal: at most 300 bytes per finished
// task), measured on the coordinator's own state: N tasks run to completion through simulated
// nodes (so their records carry everything a real finished task's does), then the task table
// loaded as a restarted coordinator loads it (ClusterState.open, in this process, with nothing
// else of a coordinator around it), with the heap and the buffers outside it measured after full
// GCs before and after. Then the same for N more tasks left queued (no node of their pool), and,
// as the baseline of the same run, the records' own size in JetStream (what a finished task
// costs if it were kept exactly as stored).
// BENCH_MEMORY_TASKS (default 100,000; --quick 20,000).
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { ClusterState } from '../src/coordinator/state/cluster-state.ts';
import { BUCKET_TASKS } from '../src/protocol/nats/subjects.ts';
import { addTrueTasks, startSimulatedCluster, waitForCompleted } from './simulated-cluster.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_MEMORY_TASKS ?? (QUICK ? 20_000 : 100_000));
const GOAL_FINISHED_BYTES = 300;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function used(): { heap: number; buffers: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

const sim = await startSimulatedCluster({ name: 'memory', pool: 'p', nodes: 20, slots: 8 });
try {
  const { api, cluster } = sim;
  await api.CreateJob({ job: { id: 'finished', poolInfo: { poolId: 'p' } } });
  await addTrueTasks(api, 'finished', N);
  await waitForCompleted(api, 'finished', N);
  sim.stopNodes();

  const nc = await connect({ servers: cluster.natsUrl, ...(await cluster.natsClientOptions()) });
  const stream = await (await jetstreamManager(nc)).streams.info(`KV_${BUCKET_TASKS}`);
  const storedBytesPerTask = stream.state.bytes / stream.state.messages;

  /** Bytes per task of a loaded ClusterState, over `tasks` tasks. */
  const measure = async (tasks: number) => {
    const before = used();
    const state = await ClusterState.open(nc, () => false);
    const after = used();
    const heap = (after.heap - before.heap) / tasks;
    const buffers = (after.buffers - before.buffers) / tasks;
    state.close();
    return { heap, buffers, total: heap + buffers, state };
  };
  const finished = await measure(N);
  const held = finished.state.tasks.rows.size;
  if (held !== N) throw new Error(`loaded ${held} tasks, expected ${N}`);

  await api.CreatePool({ pool: { id: 'empty' } });
  await api.CreateJob({ job: { id: 'queued', poolInfo: { poolId: 'empty' } } });
  await addTrueTasks(api, 'queued', N);
  const both = await measure(2 * N);
  const queuedTotal = 2 * both.total - finished.total;

  console.log(`coordinator memory per task: ${N} finished tasks (run through simulated nodes), then ${N} more queued`);
  console.log(`  finished task  ${finished.total.toFixed(0)} B  (heap ${finished.heap.toFixed(0)}, buffers outside it ${finished.buffers.toFixed(0)})`);
  console.log(`  queued task    ${queuedTotal.toFixed(0)} B`);
  console.log(`baseline: a task's record as JetStream stores it (the KV stream's bytes per message, headers included): ${storedBytesPerTask.toFixed(0)} B`);
  console.log(`  ratio finished/stored ${(finished.total / storedBytesPerTask).toFixed(2)}`);
  console.log(`goal <= ${GOAL_FINISHED_BYTES} B per finished task: ${finished.total <= GOAL_FINISHED_BYTES ? 'met' : 'MISSED'}`);
  await nc.close();
} finally {
  await sim.close();
}
