// The pool's start task on this node (Azure Batch semantics): it runs every time this worker
// starts (a node joining the pool, or its worker restarting), in startup/ (startup/wd is its
// working directory, startup/stdout.txt and stderr.txt its output).
//
// The worker reads the pool's record itself from the JetStream KV bucket at start, rather than
// waiting for the coordinator to send it: the start task then runs at once, even while no
// coordinator leads (a restart, a fail-over), and joining stays one path (the heartbeat). The
// state reaches the coordinator in every heartbeat (Heartbeat.startTask), from which the node
// registry sets the node's state: with waitForSuccess, `waitingforstarttask` while it runs and
// `starttaskfailed` if it failed after its retries, taking no tasks in either.
// A pool that does not exist yet is looked for again every few seconds.
import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PoolRecord } from '../../protocol/records/records.ts';
import type { StartTaskStatus } from '../../protocol/records/node-task-records.ts';
import { readPoolRecord } from '../pool-record.ts';
import type { NodeLayout } from '../node-layout.ts';
import { runNodeTask, type NodeTaskContext, type NodeTaskHandle } from './node-task-process.ts';

const POOL_LOOKUP_RETRY_MS = 2000;

export interface StartTaskContext extends NodeTaskContext {
  nc: NatsConnection;
  poolId: string;
  nodeId: string;
  layout: NodeLayout;
  baseEnv: Record<string, string>;
  /** Called when the status changed (the worker heartbeats at once). */
  onChange(): void;
}

export class StartTask {
  private current?: StartTaskStatus;
  private handle?: NodeTaskHandle;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly ctx: StartTaskContext) {}

  /** What the heartbeat carries: undefined while no start task is known. */
  get status(): StartTaskStatus | undefined {
    return this.current;
  }

  /** Looks the pool up and starts its start task; resolves once the first look-up is done, so
   *  the first heartbeat already says whether the node waits for it. */
  async begin(): Promise<void> {
    await this.lookUp();
  }

  private async lookUp(): Promise<void> {
    if (this.stopped) return;
    let pool: PoolRecord | undefined;
    try {
      pool = await readPoolRecord(this.ctx.nc, this.ctx.poolId);
    } catch (err) {
      this.ctx.log.debug('pool look-up failed', { err });
    }
    if (!pool) {
      this.retry = setTimeout(() => void this.lookUp(), POOL_LOOKUP_RETRY_MS);
      return;
    }
    if (!pool.startTask) return;
    const { layout, nodeId, poolId } = this.ctx;
    const spec = pool.startTask;
    const dir = layout.startupDir;
    this.ctx.log.info('start task starting', { waitForSuccess: spec.waitForSuccess });
    this.handle = runNodeTask({
      what: 'start task',
      dir,
      command: spec,
      // Azure Batch installs the pool's application packages before its start task runs.
      applicationPackageReferences: pool.applicationPackageReferences ?? [],
      env: {
        ...this.ctx.baseEnv,
        AZ_BATCH_POOL_ID: poolId,
        AZ_BATCH_NODE_ID: nodeId,
        AZ_BATCH_NODE_ROOT_DIR: layout.root,
        AZ_BATCH_NODE_SHARED_DIR: layout.sharedDir,
        AZ_BATCH_NODE_STARTUP_DIR: layout.startupDir,
        AZ_BATCH_TASK_DIR: dir,
        AZ_BATCH_TASK_WORKING_DIR: path.join(dir, 'wd'),
        AZ_BATCH_NODE_IS_DEDICATED: String(layout.dedicated),
      },
      onChange: (info) => {
        this.current = { waitForSuccess: spec.waitForSuccess, info };
        this.ctx.onChange();
      },
    }, this.ctx);
    void this.handle.done.then((info) => this.ctx.log.info('start task ended', { result: info.result, exitCode: info.exitCode, retryCount: info.retryCount }));
  }

  /** Kills a start task still running (the worker is stopping). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    if (!this.handle) return;
    this.handle.kill('the worker is shutting down');
    await Promise.race([this.handle.done, new Promise((r) => setTimeout(r, 10_000))]);
  }
}
