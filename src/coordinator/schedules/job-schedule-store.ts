// The job schedules' KV table (troupe_job_schedules): records written with revision checks, like
// every table of the coordinator (state/kv-table.ts), loaded whole at start-up, and an event for
// each change so that a caller can wait for one (a delete finishing).
import { EventEmitter } from 'node:events';
import type { NatsConnection } from '@nats-io/transport-node';
import { KvTable } from '../state/kv-table.ts';
import { JetStreamWriter } from '../../protocol/nats/jetstream-writer.ts';
import { openKv } from '../../protocol/nats/jetstream-resources.ts';
import { BUCKET_JOB_SCHEDULES } from '../../protocol/nats/subjects.ts';
import type { JobScheduleRecord } from './job-schedule-record.ts';

export interface JobScheduleEvents {
  changed: [record: JobScheduleRecord];
  removed: [id: string];
}

export class JobScheduleStore {
  readonly events = new EventEmitter<JobScheduleEvents>();

  private constructor(private readonly table: KvTable<JobScheduleRecord>, private readonly writer: JetStreamWriter) {
    this.events.setMaxListeners(0);
    table.refreshed = (_key, _before, after) => this.events.emit('changed', after);
  }

  /** Opens the bucket (createJetStreamResources made it) and loads every record. `mayWrite`
   *  guards every write (the leadership lease). */
  static async open(nc: NatsConnection, mayWrite: () => boolean): Promise<JobScheduleStore> {
    const writer = new JetStreamWriter(nc, 10_000, mayWrite);
    const table = new KvTable<JobScheduleRecord>(await openKv(nc, BUCKET_JOB_SCHEDULES), writer, BUCKET_JOB_SCHEDULES, 'job schedule');
    await table.load();
    return new JobScheduleStore(table, writer);
  }

  get(id: string): JobScheduleRecord | undefined {
    return this.table.get(id);
  }

  ids(): string[] {
    return [...this.table.rows.keys()];
  }

  *all(): Generator<JobScheduleRecord> {
    for (const row of this.table.rows.values()) yield row.value;
  }

  /** ALREADY_EXISTS when the id is taken. */
  async create(record: JobScheduleRecord): Promise<JobScheduleRecord> {
    await this.table.create(record.id, record);
    this.events.emit('changed', record);
    return record;
  }

  /** Applies `change` (undefined: leave it) with a revision check; the record after, or as it
   *  is when nothing changed; undefined when it does not exist. */
  async mutate(id: string, change: (r: JobScheduleRecord) => JobScheduleRecord | undefined): Promise<JobScheduleRecord | undefined> {
    const result = await this.table.mutate(id, change);
    const after = result?.[1];
    if (after) this.events.emit('changed', after);
    return after ?? result?.[0];
  }

  async remove(id: string): Promise<void> {
    await this.table.remove(id);
    this.events.emit('removed', id);
  }

  close(): void {
    this.writer.close();
  }
}
