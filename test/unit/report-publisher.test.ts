// The worker's report publisher: a report on an idle node leaves at once (with what came in the
// same turn); while a batch awaits its ack, what comes in leaves together in one message; a
// report is stored once its batch is acked, and a failed write is retried.
import test from 'ava';
import { ReportPublisher } from '../../src/worker/report-publisher.ts';
import { decode } from '../../src/protocol/nats/codec.ts';
import { silentLogger } from '../../src/protocol/log.ts';
import type { ReportBatch, TaskReport } from '../../src/protocol/nats/messages.ts';

/** A JetStream writer whose acks the test gives, one write at a time. */
class HeldWriter {
  readonly writes: { subject: string; ids: string[]; ack: () => void; fail: (err: Error) => void }[] = [];
  private waiters: (() => void)[] = [];
  write(subject: string, data: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      const ids = decode<ReportBatch>(data).reports.map((r) => r.taskId);
      this.writes.push({ subject, ids, ack: () => resolve(1), fail: reject });
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async writeCount(n: number): Promise<void> {
    while (this.writes.length < n) await new Promise<void>((r) => this.waiters.push(r));
  }
}

const report = (taskId: string) => ({ jobId: 'j', taskId, attempt: 1 } as unknown as TaskReport);

test('idle: a report leaves at once, with those handed over in the same turn; busy: the rest wait for the window and leave as one', async (t) => {
  const writer = new HeldWriter();
  const publisher = new ReportPublisher(writer, 'n1', silentLogger);
  const stored: string[] = [];
  const publish = (id: string) => publisher.publish(report(id)).then(() => stored.push(id));
  const first = [publish('a'), publish('b')];
  // No batch window on an idle node: written by the next turn of the event loop, no timer.
  await new Promise((r) => setImmediate(r));
  t.is(writer.writes.length, 1);
  t.deepEqual(writer.writes[0]!.ids, ['a', 'b']);
  t.is(writer.writes[0]!.subject.includes('n1'), true);
  // Batch 1 awaits its ack: these three go together, in one message.
  const more = [publish('c'), publish('d'), publish('e')];
  await writer.writeCount(2);
  t.deepEqual(writer.writes[1]!.ids, ['c', 'd', 'e']);
  t.deepEqual(stored, [], 'nothing is stored before its ack');
  writer.writes[1]!.ack();
  await Promise.all(more);
  t.deepEqual(stored, ['c', 'd', 'e']);
  writer.writes[0]!.ack();
  await Promise.all(first);
  t.deepEqual(stored.slice(3).sort(), ['a', 'b']);
  // Idle again: the next report leaves at once, alone.
  const last = publish('f');
  await writer.writeCount(3);
  t.deepEqual(writer.writes[2]!.ids, ['f']);
  writer.writes[2]!.ack();
  await last;
  publisher.close();
});

test('a write that fails is retried until the batch is stored', async (t) => {
  const writer = new HeldWriter();
  const publisher = new ReportPublisher(writer, 'n1', silentLogger);
  const done = publisher.publish(report('x'));
  await writer.writeCount(1);
  writer.writes[0]!.fail(new Error('nats-server restarting'));
  await writer.writeCount(2);
  t.deepEqual(writer.writes[1]!.ids, ['x']);
  writer.writes[1]!.ack();
  await done;
  t.pass();
  publisher.close();
});
