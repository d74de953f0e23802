// The durable stream of worker reports. Both sides make sure it exists (idempotently), so it
// does not matter whether the coordinator or a worker starts first.
import type { JetStreamManager } from '@nats-io/jetstream';
import { RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { REPORT_SUBJECTS, STREAM_REPORTS } from './subjects.ts';

export async function ensureReportStream(jsm: JetStreamManager): Promise<void> {
  const config = {
    name: STREAM_REPORTS,
    subjects: [REPORT_SUBJECTS],
    // A report is removed once the coordinator acked it (after storing its effect).
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
  };
  try {
    await jsm.streams.info(STREAM_REPORTS);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (err) {
      // Another process created it between our look and our add.
      if (!/already in use|exists/i.test((err as Error).message)) throw err;
    }
  }
}
