// The dashboard's live stream: one Watch call (in process, with the page's token) turned into
// Server-Sent Events, gathered so that a page stays light whatever the cluster does:
//   counts    {jobId, counts}: a job whose tasks changed, its GetTaskCounts (at most once per
//             FLUSH_MS per job, however many of its tasks changed)
//   job       a job's record changed; jobDeleted {jobId}
//   nodes     [node...]: nodes whose state or slots in use changed, each once with its latest
//   tasks     {jobId, tasks, more}: the changed tasks of the job the page shows (`job=`), at
//             most MAX_TASKS_PER_FLUSH (more: true says there were more: read the page again)
//   ready     the Watch is open: what the page reads after it is current
// A page of a million-task job never receives the million: only counts, and the tasks of the job
// it looks at, gathered per flush.
import type { InProcessApi } from './in-process-api.ts';

export const FLUSH_MS = 250;
export const MAX_TASKS_PER_FLUSH = 200;
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export interface EventSink {
  /** One SSE event; false: the client is behind (gathering goes on, nothing is lost but detail). */
  send(event: string, data: unknown): boolean;
  comment(text: string): void;
}

type Row = Record<string, unknown>;

export class DashboardEventStream {
  private readonly dirtyJobs = new Set<string>();
  private readonly nodes = new Map<string, Row>();
  private readonly tasks = new Map<string, Row>();
  private moreTasks = false;
  private timer?: NodeJS.Timeout;
  private keepalive?: NodeJS.Timeout;
  private flushing = false;
  private stopped = false;

  constructor(
    private readonly api: InProcessApi,
    private readonly token: string,
    /** The job whose task changes the page wants ('' = none). */
    private readonly jobId: string,
    private readonly sink: EventSink,
  ) {}

  /** Opens the Watch. Resolves when it is open (its refusal, if any, comes as the rejection of
   *  `ended`, before `opened` resolves: the gate and Watch's checks answer at once). */
  start(signal: AbortSignal): { opened: Promise<void>; ended: Promise<void> } {
    const ended = this.api.stream('Watch', { jobId: this.jobId, includeNodes: true, batch: true }, this.token, {
      message: (event) => {
        this.take(event);
        return true;
      },
      onDrain: () => {},
      pending: () => 0,
    }, signal).finally(() => this.stop());
    const opened = new Promise<void>((resolve, reject) => {
      ended.catch(reject);
      setImmediate(() => {
        this.keepalive = setInterval(() => this.sink.comment('keepalive'), KEEPALIVE_MS);
        this.sink.send('ready', { jobId: this.jobId });
        resolve();
      });
    });
    return { opened, ended };
  }

  private take(event: Row): void {
    switch (event.event) {
      case 'job': {
        const job = event.job as Row;
        this.sink.send('job', job);
        this.dirtyJobs.add(job.id as string);
        break;
      }
      case 'jobDeleted':
        this.dirtyJobs.delete(event.jobDeleted as string);
        this.sink.send('jobDeleted', { jobId: event.jobDeleted });
        break;
      case 'task':
        this.taskChanged(event.task as Row);
        break;
      case 'taskBatch':
        for (const t of (event.taskBatch as { tasks: Row[] }).tasks) this.taskChanged(t);
        break;
      case 'taskDeleted': {
        const d = event.taskDeleted as { jobId: string; taskId: string };
        this.dirtyJobs.add(d.jobId);
        if (d.jobId === this.jobId) this.gatherTask({ id: d.taskId, jobId: d.jobId, deleted: true });
        break;
      }
      case 'node': {
        const n = event.node as Row;
        this.nodes.set(n.id as string, n);
        break;
      }
      default:
        return;
    }
    if (!this.stopped) this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private taskChanged(t: Row): void {
    this.dirtyJobs.add(t.jobId as string);
    if (t.jobId === this.jobId) this.gatherTask(t);
  }

  private gatherTask(t: Row): void {
    const id = t.id as string;
    if (this.tasks.has(id) || this.tasks.size < MAX_TASKS_PER_FLUSH) {
      this.tasks.delete(id);
      this.tasks.set(id, t);
    } else {
      this.moreTasks = true;
    }
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      if (this.nodes.size > 0) {
        this.sink.send('nodes', [...this.nodes.values()]);
        this.nodes.clear();
      }
      if (this.tasks.size > 0 || this.moreTasks) {
        this.sink.send('tasks', { jobId: this.jobId, tasks: [...this.tasks.values()], more: this.moreTasks });
        this.tasks.clear();
        this.moreTasks = false;
      }
      const jobs = [...this.dirtyJobs];
      this.dirtyJobs.clear();
      for (const jobId of jobs) {
        // Through the gate as GetTaskCounts: a job the token may not see sends nothing.
        const counts = await this.api.unary('GetTaskCounts', { jobId }, this.token).catch(() => undefined);
        if (counts && !this.stopped) this.sink.send('counts', { jobId, counts });
      }
    } finally {
      this.flushing = false;
      this.timer = undefined;
      if (!this.stopped && (this.dirtyJobs.size > 0 || this.nodes.size > 0 || this.tasks.size > 0)) this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
    }
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.keepalive);
    this.timer = undefined;
    this.keepalive = undefined;
  }
}
