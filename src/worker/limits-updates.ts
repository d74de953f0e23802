// The coordinator's "this attempt's maxWallClockTime is now N" (UpdateTask on a running task),
// applied to the runner of that very attempt and answered, so the coordinator knows the node has
// it (it re-sends at its start-up otherwise: task-updates.ts).
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decode, encode } from '../protocol/nats/codec.ts';
import type { LimitsMessage, TaskAttemptRef } from '../protocol/nats/messages.ts';
import { limitsSubject, taskKey } from '../protocol/nats/subjects.ts';
import type { Logger } from '../protocol/log.ts';

export interface LimitedRunner {
  readonly ref: TaskAttemptRef;
  changeWallClock(limitMs: number | undefined): void;
  changeRetention(retentionTimeMs: number): void;
}

export function serveLimitUpdates(nc: NatsConnection, nodeId: string, runners: ReadonlyMap<string, LimitedRunner>, log: Logger): Subscription {
  return nc.subscribe(limitsSubject(nodeId), {
    callback: (err, msg) => {
      if (err) return;
      let m: LimitsMessage;
      try {
        m = decode<LimitsMessage>(msg.data);
        if (!m || typeof m.jobId !== 'string' || typeof m.taskId !== 'string') throw new Error('bad shape');
      } catch {
        log.warn('ignored malformed message', { subject: msg.subject });
        return;
      }
      const runner = runners.get(taskKey(m.jobId, m.taskId));
      const applied = runner !== undefined && runner.ref.uid === m.uid && runner.ref.attempt === m.attempt;
      if (applied) {
        const limit = typeof m.maxWallClockTimeMs === 'number' ? m.maxWallClockTimeMs : undefined;
        log.info('task wall clock changed', { jobId: m.jobId, taskId: m.taskId, attempt: m.attempt, maxWallClockTimeMs: limit });
        runner.changeWallClock(limit);
        if (typeof m.retentionTimeMs === 'number') runner.changeRetention(m.retentionTimeMs);
      }
      if (msg.reply) msg.respond(encode({ applied }));
    },
  });
}
