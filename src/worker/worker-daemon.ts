// `troupe worker`: the node agent. It heartbeats (which is also how it joins its pool), takes
// dispatched attempts, runs each through a TaskRunner, and reports durably. A dispatch it has
// already seen is ignored (the coordinator re-sends when unsure); a terminate for an attempt it
// has not seen yet is remembered, so a late dispatch of that attempt does not run.
import os from 'node:os';
import { mkdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { JetStreamWriter } from '../protocol/jetstream-writer.ts';
import { decode, encode } from '../protocol/codec.ts';
import { incarnationKey, type DispatchMessage, type Heartbeat, type TerminateMessage } from '../protocol/messages.ts';
import { dispatchSubject, heartbeatSubject, taskKey, terminateSubject } from '../protocol/subjects.ts';
import { ensureReportStream } from '../protocol/report-stream.ts';
import { createLogger, type Logger } from '../protocol/log.ts';
import { NodeLayout, safeSegment } from './node-layout.ts';
import { createFileHooks } from './file-hooks.ts';
import { ReportPublisher } from './report-publisher.ts';
import { TaskRunner } from './task-runner.ts';
import { createProcessLauncher } from './process-launcher.ts';
import { serveTaskOutput } from './output-server.ts';
import { RetentionKeeper } from './retention.ts';
import { AttemptLedger } from './attempt-ledger.ts';

export const AGENT_VERSION = '0.1.0';

export interface WorkerOptions {
  natsUrl: string;
  poolId: string;
  /** Task slots; 0 or undefined = the pool's taskSlotsPerNode. */
  slots?: number;
  nodeId?: string;
  /** The node's root directory (AZ_BATCH_NODE_ROOT_DIR). */
  root: string;
  /** The address other nodes reach this one at (an IP). Default 127.0.0.1. */
  address?: string;
  heartbeatIntervalMs?: number;
  /** How often expired task directories are looked for. Default 60 s. */
  retentionSweepIntervalMs?: number;
  /** SIGTERM -> SIGKILL grace when a task is killed. Default 5 s. */
  killGraceMs?: number;
  logger?: Logger;
}

export interface RunningWorker {
  nodeId: string;
  stop(): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const nodeId = safeSegment(opts.nodeId ?? `${os.hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${process.pid}`);
  safeSegment(opts.poolId);
  const log = opts.logger ?? createLogger({ component: 'worker', nodeId });
  const layout = new NodeLayout(opts.root);
  for (const dir of [layout.startupDir, layout.sharedDir, layout.applicationsDir, layout.workitemsDir, layout.tmpDir]) {
    await mkdir(dir, { recursive: true });
  }
  const nc: NatsConnection = await connect({ servers: opts.natsUrl, name: `troupe-worker-${nodeId}`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  const jsm = await jetstreamManager(nc);
  await ensureReportStream(jsm);
  const writer = new JetStreamWriter(nc, 5000);
  const publisher = new ReportPublisher(writer, nodeId, log);

  const bootId = randomUUID();
  const startTime = new Date().toISOString();
  const runners = new Map<string, TaskRunner>();
  const ledger = new AttemptLedger();
  const baseEnv = taskBaseEnv(layout.tmpDir);
  const launcher = await createProcessLauncher(log);
  const retention = new RetentionKeeper(layout, opts.retentionSweepIntervalMs ?? 60_000, (jobId, taskId) => runners.has(taskKey(jobId, taskId)), log);
  await retention.start();
  const hooks = await createFileHooks(nc, layout, log);
  const runnerContext = { nodeId, layout, baseEnv, killGraceMs: opts.killGraceMs ?? 5000, launcher, retention, report: (r: Parameters<ReportPublisher['publish']>[0]) => publisher.publish(r), log, hooks };

  const onDispatch = (d: DispatchMessage) => {
    const key = taskKey(d.jobId, d.taskId);
    const incarnation = incarnationKey(d);
    if (!ledger.accept(incarnation, d.attempt)) return;
    const older = runners.get(key);
    if (older) older.kill('TaskSuperseded', 'a newer attempt of this task was dispatched');
    const runner = new TaskRunner(d, runnerContext);
    const early = ledger.takeEarlyTermination(incarnation, d.attempt);
    if (early) runner.kill('TaskTerminated', early);
    runners.set(key, runner);
    runner.done.then(() => {
      ledger.finished(incarnation, d.attempt);
      if (runners.get(key) === runner) runners.delete(key);
    });
  };

  const onTerminate = (t: TerminateMessage) => {
    const key = taskKey(t.jobId, t.taskId);
    const runner = runners.get(key);
    if (runner && runner.ref.uid === t.uid && runner.ref.attempt === t.attempt) {
      log.info('terminating task', { jobId: t.jobId, taskId: t.taskId, attempt: t.attempt, reason: t.reason });
      runner.kill('TaskTerminated', t.reason);
    } else {
      ledger.terminateBeforeDispatch(incarnationKey(t), t.attempt, t.reason);
    }
  };

  const subs: Subscription[] = [
    subscribeDecoded<DispatchMessage>(nc, dispatchSubject(nodeId), onDispatch, log),
    subscribeDecoded<TerminateMessage>(nc, terminateSubject(nodeId), onTerminate, log),
    serveTaskOutput(nc, nodeId, layout),
  ];

  const heartbeat = (leaving = false) => {
    const hb: Heartbeat = {
      nodeId, poolId: opts.poolId, address: opts.address ?? '127.0.0.1', hostName: os.hostname(),
      slots: opts.slots ?? 0, bootId, agentVersion: AGENT_VERSION, agentStartTime: startTime,
      running: [...runners.values()].map((r) => r.ref), leaving,
    };
    nc.publish(heartbeatSubject(nodeId), encode(hb));
  };
  heartbeat();
  const interval = setInterval(heartbeat, opts.heartbeatIntervalMs ?? 1000);

  log.info('worker started', { poolId: opts.poolId, address: opts.address ?? '127.0.0.1', root: layout.root, slots: opts.slots ?? 0, bootId });

  let stopping: Promise<void> | undefined;
  return {
    nodeId,
    stop() {
      stopping ??= (async () => {
        clearInterval(interval);
        await retention.stop();
        for (const s of subs) s.unsubscribe();
        // Leaving: the coordinator requeues our tasks now; their exit reports will be stale.
        heartbeat(true);
        await nc.flush().catch(() => {});
        for (const r of runners.values()) r.kill('NodeLeaving', 'the worker is shutting down', 'servererror');
        await Promise.race([Promise.all([...runners.values()].map((r) => r.done)), new Promise((r) => setTimeout(r, 10_000))]);
        await launcher.close();
        await Promise.race([publisher.flush(), new Promise((r) => setTimeout(r, 5000))]);
        publisher.close();
        writer.close();
        ledger.close();
        await nc.drain().catch(() => nc.close());
        log.info('worker stopped');
      })();
      return stopping;
    },
  };
}

function subscribeDecoded<T>(nc: NatsConnection, subject: string, handler: (msg: T) => void, log: Logger): Subscription {
  return nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return;
      let value: T;
      try {
        value = decode<T>(msg.data);
        if (!value || typeof (value as { jobId?: unknown }).jobId !== 'string') throw new Error('bad shape');
      } catch {
        log.warn('ignored malformed message', { subject });
        return;
      }
      try {
        handler(value);
      } catch (err) {
        log.error('message handler failed', { subject, err });
      }
    },
  });
}

/** What every task inherits from the agent: enough to find programs, nothing of the agent's own. */
function taskBaseEnv(tmpDir: string): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', TMPDIR: tmpDir };
  for (const name of ['HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'SHELL']) {
    const v = process.env[name];
    if (v !== undefined) env[name] = v;
  }
  return env;
}
