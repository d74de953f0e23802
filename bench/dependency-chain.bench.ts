// The gap between a task's completion and the start of the task that depends on it (issue 12's
// figure; Azure Batch users report about 7 s): a chain of N tasks (each depends on the previous,
// /bin/true) on a local cluster of one worker with one slot, and, as the baseline in the same
// run, the same gap between consecutive tasks of an independent N-task queue on that slot.
// Two views of each gap:
//   node      the dependent's startTime − the parent's endTime, both from the worker's clock
//             (millisecond precision: what a user of the API sees)
//   watch     a Watch client's receipt of the parent's `completed` event → of the dependent's
//             `preparing` (dispatched) event: the coordinator's part, in microseconds
// and the node view split in three by the same clock (one machine): the parent's endTime → the
// watch's `completed` (the worker's report, JetStream, the coordinator storing the completion),
// then the watch view, then `preparing` → the dependent's startTime (the dispatch stored, sent,
// and the worker starting the process).
// BENCH_CHAIN (default 1,000; --quick 200).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import type { Task__Output } from '../src/protocol/generated/troupe/v1/Task.ts';
import type { WatchEvent__Output } from '../src/protocol/generated/troupe/v1/WatchEvent.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_CHAIN ?? (QUICK ? 200 : 1000));
const GOAL_P50_MS = 5;

/** Receipt times (performance.now) of each task's first `preparing` and `completed` events. */
function watchTimes(api: TroupeApi, jobId: string) {
  const dispatched = new Map<string, number>();
  const completed = new Map<string, number>();
  const call = api.raw.Watch({ jobId, waitForJob: true });
  call.on('data', (e: WatchEvent__Output) => {
    const now = performance.timeOrigin + performance.now();
    const t = e.task;
    if (!t) return;
    if (t.state === 'preparing' && !dispatched.has(t.id)) dispatched.set(t.id, now);
    if (t.state === 'completed' && !completed.has(t.id)) completed.set(t.id, now);
  });
  call.on('error', () => {});
  return { dispatched, completed, stop: () => call.cancel() };
}

async function waitCompleted(api: TroupeApi, jobId: string, count: number): Promise<void> {
  for (;;) {
    const c = await api.GetTaskCounts({ jobId });
    if (c.completed >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function allTasks(api: TroupeApi, jobId: string): Promise<Map<string, Task__Output>> {
  const out = new Map<string, Task__Output>();
  let pageToken = '';
  do {
    const page = await api.ListTasks({ jobId, maxResults: 1000, pageToken });
    for (const t of page.tasks) out.set(t.id, t);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(gaps: number[], digits: number): string {
  const s = [...gaps].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(digits);
  return `p50 ${f(percentile(s, 50))}  p90 ${f(percentile(s, 90))}  p99 ${f(percentile(s, 99))}  max ${f(s[s.length - 1]!)} ms  (${s.length} gaps)`;
}

/** Runs N tasks in one job; `pairs` are (parent, dependent) ids; returns both views' gaps. */
async function measure(api: TroupeApi, jobId: string, tasks: object[], pairs: [string, string][], job: Record<string, unknown>) {
  const watch = watchTimes(api, jobId);
  await api.CreateJob({ job: { id: jobId, poolInfo: { poolId: 'local' }, ...job } });
  const t0 = performance.now();
  await api.AddTaskCollection({ jobId, tasks });
  await waitCompleted(api, jobId, tasks.length);
  const wallMs = performance.now() - t0;
  // The last events may still be on their way to the watch.
  for (let i = 0; i < 100 && watch.completed.size < tasks.length; i++) await new Promise((r) => setTimeout(r, 20));
  watch.stop();
  const byId = await allTasks(api, jobId);
  const failed = [...byId.values()].filter((t) => t.executionInfo?.result !== 'success').length;
  if (failed) throw new Error(`${failed} task(s) of ${jobId} did not succeed`);
  const node: number[] = [];
  const coordinator: number[] = [];
  const report: number[] = [];
  const start: number[] = [];
  for (const [parent, child] of pairs) {
    const p = byId.get(parent)!.executionInfo!;
    const c = byId.get(child)!.executionInfo!;
    node.push(Date.parse(c.startTime) - Date.parse(p.endTime));
    const done = watch.completed.get(parent);
    const sent = watch.dispatched.get(child);
    if (done !== undefined && sent !== undefined) {
      coordinator.push(sent - done);
      report.push(done - Date.parse(p.endTime));
      start.push(Date.parse(c.startTime) - sent);
    }
  }
  return { node, coordinator, report, start, wallMs };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-chain-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 1, slots: 1, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  try {
    const ids = Array.from({ length: N }, (_, i) => `c${i}`);
    const pairs = ids.slice(1).map((id, i): [string, string] => [ids[i]!, id]);
    // Warm-up: the first tasks of a fresh cluster pay for JIT and first connections.
    await measure(api, 'warmup', ids.slice(0, 50).map((id) => ({ id, commandArgs: ['/bin/true'] })), [], {});

    const chain = await measure(api, 'chain', ids.map((id, i) => ({ id, commandArgs: ['/bin/true'], ...(i > 0 ? { dependsOn: { taskIds: [ids[i - 1]] } } : {}) })), pairs, { usesTaskDependencies: true });
    const queue = await measure(api, 'queue', ids.map((id) => ({ id, commandArgs: ['/bin/true'] })), pairs, {});

    console.log(`dependency chain: ${N} tasks (/bin/true), each depending on the previous, on one worker with one slot`);
    console.log(`  chain  node view   ${summary(chain.node, 0)}`);
    console.log(`  chain  watch view  ${summary(chain.coordinator, 2)}`);
    console.log(`    end -> completed  ${summary(chain.report, 2)}`);
    console.log(`    dispatched -> start ${summary(chain.start, 2)}`);
    console.log(`  chain  wall        ${(chain.wallMs / 1000).toFixed(2)} s, ${(chain.wallMs / N).toFixed(2)} ms per task`);
    console.log(`baseline: ${N} independent tasks queued on the same slot`);
    console.log(`  queue  node view   ${summary(queue.node, 0)}`);
    console.log(`  queue  watch view  ${summary(queue.coordinator, 2)}`);
    console.log(`    end -> completed  ${summary(queue.report, 2)}`);
    console.log(`    dispatched -> start ${summary(queue.start, 2)}`);
    console.log(`  queue  wall        ${(queue.wallMs / 1000).toFixed(2)} s, ${(queue.wallMs / N).toFixed(2)} ms per task`);
    const p50 = percentile([...chain.node].sort((a, b) => a - b), 50);
    console.log(`goal p50 < ${GOAL_P50_MS} ms (node view): ${p50 < GOAL_P50_MS ? 'met' : 'MISSED'} (${p50} ms)`);
  } finally {
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
