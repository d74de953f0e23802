// Consumes the workers' reports from JetStream. A report is acked only after its effect is stored,
// so a coordinator killed at any point loses none: unacked reports are redelivered, and a
// redelivered report finds its task already moved on and is recorded as stale.
import type { JetStreamClient, JetStreamManager, JsMsg, ConsumerMessages } from '@nats-io/jetstream';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { ClusterState } from './state/cluster-state.ts';
import { applyReport } from './lifecycle/task-lifecycle.ts';
import { MPI_NODE_LOST_CODE } from './lifecycle/task-attempt.ts';
import { decode } from '../protocol/nats/codec.ts';
import type { ReportBatch, TaskReport } from '../protocol/nats/messages.ts';
import { nowIso } from '../protocol/records/records.ts';
import { CONSUMER_REPORTS, reportSubject, STREAM_REPORTS, taskKey } from '../protocol/nats/subjects.ts';

const REPORT_SUBJECT_PREFIX = reportSubject('');
import type { Logger } from '../protocol/log.ts';

export class ReportConsumer {
  private messages?: ConsumerMessages;
  private done?: Promise<void>;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly state: ClusterState,
    private readonly log: Logger,
    /** Told the id of a node a gang's primary found gone (see NodeRegistry.reportedLost). */
    private readonly peerLost?: (nodeId: string) => void,
  ) {}

  async start(): Promise<void> {
    // The stream exists (the coordinator created it at start); its durable consumer follows the
    // stream's replica count.
    try {
      await this.jsm.consumers.info(STREAM_REPORTS, CONSUMER_REPORTS);
    } catch {
      await this.jsm.consumers.add(STREAM_REPORTS, {
        durable_name: CONSUMER_REPORTS,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: 30_000_000_000, // 30 s in nanoseconds
        max_ack_pending: 20_000,
      });
    }
    const consumer = await this.js.consumers.get(STREAM_REPORTS, CONSUMER_REPORTS);
    // A callback, not an async iterator: the reports of one socket read are handled in one go,
    // so their store writes leave in one batch instead of one socket write each.
    // Pulls that expire after 2 s (the server sends a heartbeat every second meanwhile): when
    // the NATS cluster member leading this consumer dies, nats-server 2.9 drops our pending pull
    // without a word, and only missed heartbeats make the client pull again, from the new
    // leader. With the default 30 s expiry every report waited ~35 s after such a kill; now the
    // reports flow again ~2 s after the new leader is elected (~5-6 s after the kill).
    this.messages = await consumer.consume({ max_messages: 2000, expires: 2000, callback: (m) => this.handle(m) });
    this.done = this.messages.closed().then(() => undefined, (err) => this.log.error('report consumer stopped', { err }));
  }

  async stop(): Promise<void> {
    this.messages?.stop();
    await this.done;
  }

  private handle(m: JsMsg): void {
    let reports: TaskReport[];
    try {
      reports = decode<ReportBatch>(m.data)?.reports;
      if (!Array.isArray(reports) || !reports.every(isReport)) throw new Error('bad shape');
    } catch {
      this.log.warn('dropped malformed report', { subject: m.subject, seq: m.seq });
      m.term();
      return;
    }
    // A node speaks for itself only: NATS lets a worker publish on its own report subject alone
    // (security/nats-permissions.ts), and a report naming another node there is refused whole.
    const sender = m.subject.slice(REPORT_SUBJECT_PREFIX.length);
    const foreign = reports.find((r) => r.nodeId !== sender);
    if (foreign) {
      this.log.warn('dropped reports naming another node than their subject', { subject: m.subject, seq: m.seq, nodeId: foreign.nodeId });
      m.term();
      return;
    }
    // All of the batch is stored, or it comes again (each report is idempotent: a redelivered
    // one finds its task moved on and is stale).
    Promise.all(reports.map((r) => this.apply(r))).then(
      () => m.ack(),
      (err) => {
        this.log.warn('could not store reports, will retry', { reports: reports.length, err });
        m.nak(1000);
      },
    );
  }

  private async apply(report: TaskReport): Promise<void> {
    const now = nowIso();
    // A gang's primary found another instance's node gone: it gets no new work until heard
    // again. Told before the requeue below is stored, which wakes the scheduler.
    if (report.kind === 'exited' && report.failure?.code === MPI_NODE_LOST_CODE && typeof report.lostNodeId === 'string') this.peerLost?.(report.lostNodeId);
    let outcome = 'stale';
    const result = await this.state.mutateTask(taskKey(report.jobId, report.taskId), (t) => {
      const r = applyReport(t, report, now);
      outcome = r.outcome;
      return r.next;
    });
    if (!result) outcome = 'unknown task';
    const fields = { jobId: report.jobId, taskId: report.taskId, attempt: report.attempt, nodeId: report.nodeId, report: report.kind };
    if (outcome === 'stale' || outcome === 'unknown task') this.log.info(`stale report ignored (${outcome})`, fields);
    else if (outcome === 'retried' || outcome === 'failed' || outcome === 'requeued') this.log.info(`task ${outcome}`, { ...fields, exitCode: result?.after?.exec.exitCode, failure: result?.after?.exec.failureInfo?.code });
    else this.log.debug(`task ${outcome}`, { ...fields, exitCode: result?.after?.exec.exitCode });
  }
}

function isReport(r: unknown): r is TaskReport {
  const x = r as TaskReport;
  return typeof x?.jobId === 'string' && typeof x.taskId === 'string' && typeof x.attempt === 'number'
    && typeof x.nodeId === 'string' && (x.kind === 'started' || x.kind === 'exited' || x.kind === 'coordinated')
    && (x.instance === undefined || Number.isSafeInteger(x.instance));
}
