// Publishes task reports to JetStream and waits for the stream's ack, retrying until it is stored
// (NATS may be restarting). Reports of one task keep their order (started before exited).
import type { JetStreamClient } from '@nats-io/jetstream';
import { encode } from '../protocol/codec.ts';
import type { TaskReport } from '../protocol/messages.ts';
import { reportSubject, taskKey } from '../protocol/subjects.ts';
import type { Logger } from '../protocol/log.ts';

export class ReportPublisher {
  private readonly chains = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  publish(report: TaskReport): Promise<void> {
    const key = taskKey(report.jobId, report.taskId);
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.send(report));
    this.chains.set(key, next);
    next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  /** Waits for every report already handed over (used on a clean shutdown). */
  async flush(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  close(): void {
    this.closed = true;
  }

  private async send(report: TaskReport): Promise<void> {
    const data = encode(report);
    // No message id for de-duplication: a duplicate report (a retry after a lost ack) is
    // harmless, the coordinator finds it stale by its attempt and state.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.js.publish(reportSubject(this.nodeId), data, { timeout: 5000 });
        return;
      } catch (err) {
        if (this.closed) return;
        const delay = Math.min(2000, 50 * 2 ** Math.min(attempt, 6));
        if (attempt % 10 === 0) this.log.warn('report not stored yet, retrying', { jobId: report.jobId, taskId: report.taskId, kind: report.kind, err });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
