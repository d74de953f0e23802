// JetStream publishes that wait for the stream's ack, pipelined: many in flight on one reply
// subscription, each matched to its ack by a token, with one sweeper for time-outs. Measured
// here: ~26 µs of CPU per write against ~114 µs through the generic request path (which arms a
// timer and builds two Error objects per call). It is the hot path of both daemons: every task
// costs the coordinator two or three KV writes and its worker one or two reports.
import { createInbox, headers, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { inboxPrefixOf } from './nats-connection.ts';

/** JetStream's error code for "wrong last sequence": the key changed since the revision we hold. */
export const WRONG_LAST_SEQUENCE = 10071;

export class JetStreamWriteError extends Error {
  override name = 'JetStreamWriteError';
  constructor(message: string, readonly errCode?: number) {
    super(message);
  }
}

interface Pending {
  resolve(seq: number): void;
  reject(err: Error): void;
  deadline: number;
}

export class JetStreamWriter {
  // Under the connection's own inbox prefix: its NATS user may subscribe to no other.
  private readonly prefix: string;
  private readonly pending = new Map<string, Pending>();
  private readonly sub: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private next = 0;
  private readonly decoder = new TextDecoder();

  /** `mayWrite`: asked before every write; a coordinator passes "do I still hold the lease". */
  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 10_000,
    private readonly mayWrite: () => boolean = () => true,
  ) {
    this.prefix = createInbox(inboxPrefixOf(nc));
    this.sub = nc.subscribe(`${this.prefix}.*`, {
      callback: (err, msg) => {
        if (err) return;
        const token = msg.subject.slice(this.prefix.length + 1);
        const p = this.pending.get(token);
        if (!p) return; // timed out meanwhile
        this.pending.delete(token);
        if (msg.headers?.hasError) {
          p.reject(new JetStreamWriteError(`store unavailable: ${msg.headers.code} ${msg.headers.description}`));
          return;
        }
        try {
          const ack = JSON.parse(this.decoder.decode(msg.data)) as { seq?: number; error?: { err_code?: number; description?: string } };
          if (ack.error) p.reject(new JetStreamWriteError(ack.error.description ?? 'write refused', ack.error.err_code));
          else p.resolve(ack.seq!);
        } catch (e) {
          p.reject(new JetStreamWriteError(`unreadable ack: ${(e as Error).message}`));
        }
      },
    });
    this.sweeper = setInterval(() => this.expire(), 500);
  }

  /**
   * Publishes `data` to `subject` and resolves with its stream sequence once stored. With
   * `expectedRevision`, only if the subject's last stored sequence is that (0 = the subject holds
   * nothing yet): a KV write with a revision check.
   */
  write(subject: string, data: Uint8Array, expectedRevision?: number): Promise<number> {
    if (!this.mayWrite()) return Promise.reject(new JetStreamWriteError('this coordinator no longer leads: write refused'));
    const token = (this.next++).toString(36);
    let h: MsgHdrs | undefined;
    if (expectedRevision !== undefined) {
      h = headers();
      h.set('Nats-Expected-Last-Subject-Sequence', String(expectedRevision));
    }
    return new Promise<number>((resolve, reject) => {
      this.pending.set(token, { resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.queued.push({ token, subject, data, headers: h });
      this.flushTimer ??= setImmediate(() => this.flushQueued());
    });
  }

  /** Writes asked during one turn of the event loop, published together after its I/O: the NATS
   *  client writes to its socket once per microtask checkpoint, and writes made one by one (a
   *  write per acknowledgement received) cost a system call each: 1.5 s of 4.9 s adding 100,000
   *  tasks went to socket writes. */
  private queued: { token: string; subject: string; data: Uint8Array; headers?: MsgHdrs }[] = [];
  private flushTimer?: NodeJS.Immediate;

  private flushQueued(): void {
    this.flushTimer = undefined;
    const queued = this.queued;
    this.queued = [];
    const allowed = this.mayWrite();
    for (const q of queued) {
      const p = this.pending.get(q.token);
      if (!p) continue;
      if (!allowed) {
        this.pending.delete(q.token);
        p.reject(new JetStreamWriteError('this coordinator no longer leads: write refused'));
        continue;
      }
      try {
        const reply = `${this.prefix}.${q.token}`;
        this.nc.publish(q.subject, q.data, q.headers ? { reply, headers: q.headers } : { reply });
      } catch (err) {
        this.pending.delete(q.token);
        p.reject(new JetStreamWriteError(`store unavailable: ${(err as Error).message}`));
      }
    }
  }

  close(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    this.queued = [];
    clearInterval(this.sweeper);
    this.sub.unsubscribe();
    this.expire(Number.POSITIVE_INFINITY);
  }

  private expire(now = Date.now()): void {
    for (const [token, p] of this.pending) {
      if (p.deadline > now) continue;
      this.pending.delete(token);
      p.reject(new JetStreamWriteError(`store did not acknowledge within ${this.timeoutMs} ms`));
    }
  }
}
