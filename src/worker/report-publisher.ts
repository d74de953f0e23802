// Publishes task reports to JetStream and waits for the stream's ack, retrying until they are
// stored (NATS may be restarting). As Nagle's algorithm does: with nothing awaiting its ack, a
// report leaves at once (with whatever else was handed over in the same turn of the event loop),
// since on an idle node every millisecond here is a millisecond before the next task (a
// dependent, the next of a queue) can start; while a batch awaits its ack, reports handed over
// within BATCH_WINDOW_MS leave together in one message: under load that is one publish and one
// ack for many task exits, instead of one each. Order between batches does not matter: the coordinator finds any report that arrives
// after its task moved on stale (by attempt and state), so a retried batch is harmless too.
import { encode } from '../protocol/nats/codec.ts';
import type { JetStreamWriter } from '../protocol/nats/jetstream-writer.ts';
import type { ReportBatch, TaskReport } from '../protocol/nats/messages.ts';
import { reportSubject } from '../protocol/nats/subjects.ts';
import type { Logger } from '../protocol/log.ts';

const BATCH_WINDOW_MS = 2;
const MAX_BATCH = 256;

interface Waiting {
  report: TaskReport;
  stored: () => void;
}

export class ReportPublisher {
  private queue: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly writer: Pick<JetStreamWriter, 'write'>,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  /** Resolves once the report is stored in the stream. */
  publish(report: TaskReport): Promise<void> {
    return new Promise((stored) => {
      this.queue.push({ report, stored });
      if (this.queue.length >= MAX_BATCH) this.sendQueued();
      else if (this.inFlight.size === 0) this.immediate ??= setImmediate(() => this.sendQueued());
      else this.timer ??= setTimeout(() => this.sendQueued(), BATCH_WINDOW_MS);
    });
  }

  /** Sends what is queued and waits for everything handed over (used on a clean shutdown). */
  async flush(): Promise<void> {
    this.sendQueued();
    await Promise.all(this.inFlight);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
  }

  private sendQueued(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const sending = this.send(batch).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  private async send(batch: Waiting[]): Promise<void> {
    const message: ReportBatch = { reports: batch.map((w) => w.report) };
    const data = encode(message);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.writer.write(reportSubject(this.nodeId), data);
        for (const w of batch) w.stored();
        return;
      } catch (err) {
        if (this.closed) return;
        const delay = Math.min(2000, 50 * 2 ** Math.min(attempt, 6));
        if (attempt % 10 === 0) this.log.warn('reports not stored yet, retrying', { reports: batch.length, err });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
