// Prometheus metrics of one worker (`troupe worker --metrics HOST:PORT`), with prom-client: its
// slots, what runs in them, how long tasks take and wait to start, and the files moved for them.
// Histograms are why a client library is used here (buckets, _sum, _count, +Inf kept right by
// it); the coordinator's gauges, read from the cluster state at each scrape, stay hand-written
// (coordinator/metrics.ts).
//
// Fed from two places only: the attempts' reports as the worker publishes them (task-runner.ts and
// instance-runner.ts know nothing of metrics) and the file hooks' TransferObserver.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DispatchMessage, TaskReport } from '../protocol/nats/messages.ts';
import type { ResourceSource, TransferObserver } from './files/transfer-observer.ts';

/** What the worker is asked about at each scrape. */
export interface WorkerMetricsSource {
  /** The node's task slots (undefined while the pool that gives them is not known). */
  slots(): Promise<number | undefined> | number | undefined;
  /** Slots held by the attempts running now (their requiredSlots). */
  slotsInUse(): number;
  /** Attempts running now (preparing included: they hold their slots). */
  tasksRunning(): number;
}

/** Seconds: from a quick /bin/true to a day-long simulation. */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];
/** Seconds: a spawn takes milliseconds; resource files or a job preparation make it minutes. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

type Result = 'success' | 'failure';

export class WorkerMetrics implements TransferObserver {
  readonly registry = new Registry();
  /** When each attempt's dispatch arrived (Date.now(): start times travel as wall-clock times in
   *  the reports), until it started or ended. */
  private readonly received = new Map<string, number>();
  private readonly taskDuration: Histogram<'result'>;
  private readonly launchLatency: Histogram;
  private readonly exits: Counter<'result' | 'code'>;
  private readonly fetches: Counter<'source'>;
  private readonly fetchFailures: Counter<'source'>;
  private readonly fetchBytes: Counter<'source'>;
  private readonly fetchDuration: Histogram<'source'>;
  private readonly uploads: Counter;
  private readonly uploadFailures: Counter;
  private readonly uploadBytes: Counter;
  private readonly uploadDuration: Histogram;

  constructor(source: WorkerMetricsSource) {
    const registers = [this.registry];
    new Gauge({
      name: 'troupe_worker_task_slots', help: "The node's task slots.", registers,
      async collect() {
        const slots = await source.slots();
        if (slots === undefined) this.reset();
        else this.set(slots);
      },
    });
    new Gauge({ name: 'troupe_worker_task_slots_used', help: 'Task slots held by the attempts running on the node.', registers, collect() { this.set(source.slotsInUse()); } });
    new Gauge({ name: 'troupe_worker_tasks_running', help: 'Attempts running on the node (preparing included).', registers, collect() { this.set(source.tasksRunning()); } });
    this.taskDuration = new Histogram({
      name: 'troupe_worker_task_duration_seconds', help: "Tasks' run time on this node, from process start to exit, by result.",
      labelNames: ['result'], buckets: DURATION_BUCKETS, registers,
    });
    this.launchLatency = new Histogram({
      name: 'troupe_worker_task_launch_latency_seconds', help: "From a task's dispatch reaching the node to its process started (resource files, packages and job preparation included).",
      buckets: LATENCY_BUCKETS, registers,
    });
    this.exits = new Counter({
      name: 'troupe_worker_task_exits_total', help: "Attempts ended on this node, by result and failure code ('ExitCode' for a non-zero exit, '' for success).",
      labelNames: ['result', 'code'], registers,
    });
    this.fetches = new Counter({ name: 'troupe_worker_resource_file_fetches_total', help: 'Resource files fetched, by source (store, http, inline).', labelNames: ['source'], registers });
    this.fetchFailures = new Counter({ name: 'troupe_worker_resource_file_fetch_failures_total', help: 'Resource files that could not be fetched, by source.', labelNames: ['source'], registers });
    this.fetchBytes = new Counter({ name: 'troupe_worker_resource_file_bytes_total', help: 'Bytes of resource files written, by source.', labelNames: ['source'], registers });
    this.fetchDuration = new Histogram({ name: 'troupe_worker_resource_file_fetch_duration_seconds', help: 'Time to fetch one resource file, by source.', labelNames: ['source'], buckets: LATENCY_BUCKETS, registers });
    this.uploads = new Counter({ name: 'troupe_worker_output_file_uploads_total', help: 'Output files stored.', registers });
    this.uploadFailures = new Counter({ name: 'troupe_worker_output_file_upload_failures_total', help: 'Output file patterns whose upload failed.', registers });
    this.uploadBytes = new Counter({ name: 'troupe_worker_output_file_bytes_total', help: 'Bytes of output files stored.', registers });
    this.uploadDuration = new Histogram({ name: 'troupe_worker_output_file_upload_duration_seconds', help: 'Time to store one output file.', buckets: LATENCY_BUCKETS, registers });
    for (const result of ['success', 'failure'] as const) this.taskDuration.zero({ result });
    for (const source of ['store', 'http', 'inline'] as const) {
      this.fetches.inc({ source }, 0);
      this.fetchFailures.inc({ source }, 0);
      this.fetchBytes.inc({ source }, 0);
    }
  }

  readonly contentType = this.registry.contentType;

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** A dispatch was taken (not a duplicate): the launch latency runs from now. */
  dispatched(d: DispatchMessage): void {
    this.received.set(attemptKey(d), Date.now());
  }

  /** The attempt is over on this node, whether or not it ever reported (a job preparation that
   *  failed keeps it from running at all). */
  settled(ref: { jobId: string; taskId: string; uid: string; attempt: number }): void {
    this.received.delete(attemptKey(ref));
  }

  /** A report the worker publishes for one of its attempts. */
  reported(r: TaskReport): void {
    const key = attemptKey(r);
    if (r.kind === 'started') {
      // A multi-instance task's later 'started' (the application command) is not a launch.
      if (r.application) return;
      this.launched(key, Date.parse(r.time));
      return;
    }
    if (r.kind !== 'exited') return;
    // A short task reports only its exit, which carries its start.
    if (r.startTime !== undefined) this.launched(key, Date.parse(r.startTime));
    this.received.delete(key);
    const result: Result = !r.failure && r.exitCode === 0 ? 'success' : 'failure';
    this.exits.inc({ result, code: r.failure?.code ?? (r.exitCode === 0 ? '' : 'ExitCode') });
    if (r.startTime !== undefined) this.taskDuration.observe({ result }, Math.max(0, Date.parse(r.time) - Date.parse(r.startTime)) / 1000);
  }

  private launched(key: string, startedAtMs: number): void {
    const received = this.received.get(key);
    if (!received) return; // already counted (its 'started', then its 'exited')
    this.received.delete(key);
    // Never below zero when the clock stepped back.
    this.launchLatency.observe(Math.max(0, startedAtMs - received) / 1000);
  }

  resourceFetched(source: ResourceSource, bytes: number, seconds: number): void {
    this.fetches.inc({ source });
    this.fetchBytes.inc({ source }, bytes);
    this.fetchDuration.observe({ source }, seconds);
  }

  resourceFailed(source: ResourceSource, seconds: number): void {
    this.fetchFailures.inc({ source });
    this.fetchDuration.observe({ source }, seconds);
  }

  outputUploaded(bytes: number, seconds: number): void {
    this.uploads.inc();
    this.uploadBytes.inc(bytes);
    this.uploadDuration.observe(seconds);
  }

  outputFailed(): void {
    this.uploadFailures.inc();
  }
}

function attemptKey(r: { jobId: string; taskId: string; uid: string; attempt: number }): string {
  return `${r.jobId}\u0000${r.taskId}\u0000${r.uid}\u0000${r.attempt}`;
}
