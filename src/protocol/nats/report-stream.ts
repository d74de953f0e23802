// The durable stream of worker reports (created by the coordinator, see jetstream-resources.ts).
import { RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { REPORT_SUBJECTS, STREAM_REPORTS } from './subjects.ts';

export function reportStreamConfig(replicas: number): Partial<StreamConfig> & { name: string } {
  return {
    name: STREAM_REPORTS,
    subjects: [REPORT_SUBJECTS],
    // A report is removed once the coordinator acked it (after storing its effect).
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: replicas,
  };
}
