// troupe demo (what `npm start` runs): a throw-away local cluster estimates pi with 200 Monte
// Carlo tasks, each with its own seed, and sums their stdout. Exit 0 only if every task
// succeeded and the estimate is close to pi, so it doubles as an end-to-end smoke test.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BatchApi } from '../../protocol/grpc/batch-api.ts';
import type { TaskSpec } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import type { Command } from '../command.ts';
import { waitForJob } from '../job-waiter.ts';
import { freePort } from '../local-cluster/ports.ts';
import { ProgressDisplay } from '../progress.ts';
import { readTaskOutput } from '../task-output.ts';
import { addTaskCollection, TASK_COLLECTION_CHUNK } from './task.ts';
import { renderCounts } from './job.ts';

const TOLERANCE = 0.05;
const OUTPUT_READ_CONCURRENCY = 16;

// mawk (Debian's /usr/bin/awk) and gawk both accept this program: `c n` on one line.
const PI_PROGRAM = 'BEGIN{srand(seed); c=0; for(i=0;i<n;i++){x=rand();y=rand(); if(x*x+y*y<=1)c++} print c, n}';

export function piTasks(count: number, samplesPerTask: number, awk: string): TaskSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `pi-${String(i + 1).padStart(3, '0')}`,
    commandArgs: [awk, '-v', `seed=${i + 1}`, '-v', `n=${samplesPerTask}`, PI_PROGRAM],
  }));
}

/** Sums `hits samples` lines; returns null for output that is not exactly that. */
export function parsePiOutput(text: string): { hits: number; samples: number } | null {
  const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!match) return null;
  const hits = Number(match[1]);
  const samples = Number(match[2]);
  return samples > 0 && hits <= samples ? { hits, samples } : null;
}

function findAwk(): string {
  const found = ['/usr/bin/awk', '/bin/awk', '/usr/bin/mawk', '/usr/bin/gawk'].find((p) => existsSync(p));
  if (!found) throw new Error('no awk found (looked in /usr/bin and /bin); the demo tasks need one');
  return found;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function collectEstimate(api: BatchApi, jobId: string, taskIds: readonly string[]) {
  const outputs = await mapLimit(taskIds, OUTPUT_READ_CONCURRENCY, async (taskId) => {
    try {
      return parsePiOutput((await readTaskOutput(api, { jobId, taskId })).toString('utf8'));
    } catch {
      return null;
    }
  });
  let hits = 0;
  let samples = 0;
  let unreadable = 0;
  for (const o of outputs) {
    if (!o) unreadable++;
    else {
      hits += o.hits;
      samples += o.samples;
    }
  }
  return { hits, samples, unreadable };
}

export const demoCommand: Command = {
  path: ['demo'],
  opensApiClients: true,
  summary: 'start a throw-away local cluster and estimate pi with 200 tasks',
  synopsis: '[--tasks N] [--samples N] [--workers N] [--slots S] [--keep]',
  options: {
    tasks: { type: 'string', value: 'N', default: '200', help: 'Monte Carlo tasks' },
    samples: { type: 'string', value: 'N', default: '50000', help: 'random points per task' },
    workers: { type: 'string', value: 'N', default: '2', help: 'worker processes' },
    slots: { type: 'string', value: 'S', default: '4', help: 'task slots per worker' },
    keep: { type: 'boolean', help: 'keep the data directory (logs, task directories) afterwards' },
  },
  async run(ctx) {
    const a = ctx.args;
    const taskCount = a.integer('tasks', { min: 1, max: TASK_COLLECTION_CHUNK })!;
    const samples = a.integer('samples', { min: 1 })!;
    const workers = a.integer('workers', { min: 1, max: 254 })!;
    const slots = a.integer('slots', { min: 1, max: 256 })!;
    const awk = findAwk();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-demo-'));
    const logDir = path.join(dataDir, 'logs');
    const say = (line: string) => ctx.out(line);

    say(`Starting a local cluster: nats-server, a coordinator, ${workers} workers x ${slots} slots (logs in ${logDir})`);
    const startedAt = Date.now();
    const { startLocalCluster } = await import('../local-cluster/local-cluster.ts');
    const cluster = await startLocalCluster({
      dataDir, logDir, workers, slots, poolId: 'local',
      listen: `127.0.0.1:${await freePort()}`,
      onProgress: (m) => say(`  ${m}`),
    });
    let ok = false;
    try {
      const api = ctx.apiAt(cluster.apiAddress, cluster.credentials);
      const jobId = `pi-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}`;
      await api.CreateJob({ job: { id: jobId, poolInfo: { poolId: cluster.poolId } } });
      const tasks = piTasks(taskCount, samples, awk);
      const jobStart = Date.now();
      const added = await addTaskCollection(api, jobId, tasks);
      say(`Job '${jobId}': added ${added.added} tasks (${samples} samples each, ${awk})`);
      for (const f of added.failures) ctx.err(`${f.taskId}: ${f.code}: ${f.message}`);

      const progress = new ProgressDisplay(ctx.io.stdout);
      const result = await Promise.race([
        waitForJob(api, jobId, { onProgress: (c) => progress.update(c) }),
        cluster.unexpectedExit.then((death) => Promise.reject(new Error(`${death} during the demo`))),
      ]);
      progress.finish(result.counts);
      const elapsedMs = Date.now() - jobStart;

      const estimate = await collectEstimate(api, jobId, tasks.map((t) => t.id!));
      const pi = estimate.samples > 0 ? (4 * estimate.hits) / estimate.samples : NaN;
      const error = Math.abs(pi - Math.PI);
      say('');
      say(`pi ~ ${pi.toFixed(6)} from ${estimate.samples.toLocaleString('en-US')} points (Math.PI ${Math.PI.toFixed(6)}, error ${error.toFixed(6)})`);
      say(renderCounts(result.counts));
      say(`${result.counts.completed} tasks in ${(elapsedMs / 1000).toFixed(1)} s on ${workers * slots} slots`
        + ` (cluster start-up ${((jobStart - startedAt) / 1000).toFixed(1)} s)`);
      if (estimate.unreadable > 0) say(`${estimate.unreadable} task outputs could not be read or parsed`);
      ok = result.allSucceeded && added.failures.length === 0 && estimate.unreadable === 0 && error <= TOLERANCE;
      say(ok ? 'demo succeeded' : `demo FAILED (every task must succeed and the error be <= ${TOLERANCE})`);
    } finally {
      await cluster.stop();
      if (ok && !a.flag('keep')) await rm(dataDir, { recursive: true, force: true });
      else say(`data directory kept: ${dataDir}`);
    }
    return ok ? 0 : 1;
  },
};
