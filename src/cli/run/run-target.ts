// Where `troupe run` and `troupe submit` put their task: the job named with --job, or a job of
// their own. Such a job is named like its task, `run-<UTC time>-<4 hex>` (e.g.
// run-20261202-112135-a3f0), and made with onAllTasksComplete terminatejob, so it completes with
// its one task and runs never pile up active jobs. Its pool: --pool, TROUPE_POOL, the config
// file's "pool", else the cluster's only pool; several pools and none named is a usage error
// listing them.
import { randomBytes } from 'node:crypto';
import type { BatchApi } from '../../protocol/grpc/batch-api.ts';
import type { CommandArgs } from '../args.ts';
import { UsageError } from '../cli-errors.ts';

export interface RunTarget {
  jobId: string;
  taskId: string;
  /** The job was made for this task alone (and is removed if the task cannot be added). */
  ownJob: boolean;
  /** The pool of a job of our own. */
  poolId?: string;
}

/** `run-20261202-112135-a3f0`: sorts by time, unique enough for one user's runs. */
export function runId(now: Date, random: Buffer = randomBytes(2)): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `run-${stamp}-${random.toString('hex')}`;
}

export async function resolveRunTarget(api: BatchApi, a: CommandArgs, defaultPool: string | undefined, now = new Date()): Promise<RunTarget> {
  const jobId = a.string('job');
  const taskId = a.string('id') || runId(now);
  if (jobId !== undefined) {
    if (a.string('pool') !== undefined) throw a.usageError('--pool is for the job troupe makes when none is named: the job given with --job has its own pool');
    if (jobId === '') throw a.usageError('--job needs a job id');
    return { jobId, taskId, ownJob: false };
  }
  return { jobId: taskId, taskId, ownJob: true, poolId: a.string('pool') || defaultPool || await onlyPool(api, a.usage) };
}

async function onlyPool(api: BatchApi, usage: string): Promise<string> {
  const { pools } = await api.ListPools({});
  if (pools.length === 1) return pools[0]!.id;
  if (pools.length === 0) throw new UsageError("no pool exists to run on: create one ('troupe pool create --id P') or start a cluster with 'troupe up'", usage);
  const names = pools.map((p) => p.id).sort().slice(0, 10).join(', ');
  throw new UsageError(`${pools.length} pools exist (${names}${pools.length > 10 ? ', ...' : ''}): name one with --pool, TROUPE_POOL or "pool" in the config file`, usage);
}

/** Makes the job of a target that needs its own. */
export async function createRunJob(api: BatchApi, target: RunTarget): Promise<void> {
  if (!target.ownJob) return;
  await api.CreateJob({ job: { id: target.jobId, poolInfo: { poolId: target.poolId! }, onAllTasksComplete: 'terminatejob' } });
}

/** After the task could not be added: the job made for it would stay active with no task. */
export async function removeRunJob(api: BatchApi, target: RunTarget): Promise<void> {
  if (!target.ownJob) return;
  try {
    await api.DeleteJob({ jobId: target.jobId });
  } catch {
    // The error the user sees is the AddTask one; an empty job left over is the lesser harm.
  }
}
