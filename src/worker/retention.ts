// Task directories are kept for the task's retentionTime after it ends (Azure Batch's default:
// 7 days), then removed by a sweeper, never while an attempt of that task runs here. Deadlines
// live in memory and in an append-only journal under the node root (one buffered line per
// attempt: a file per task cost a thread-pool round trip per task, ~10% of the worker's CPU on
// short tasks), so they survive a worker restart. Each sweep rewrites the journal compactly.
//
// A directory goes in one step for its readers: it is first renamed into the node's trash
// (`.removing/`, same file system), then deleted there. A file request during the removal finds
// either the whole directory or none of it (then NOT_FOUND says the retention time removed it),
// never a directory half emptied. What a killed worker left in the trash goes at its next start.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Logger } from '../protocol/log.ts';
import type { NodeLayout } from './node-layout.ts';

interface Deadline {
  jobId: string;
  taskId: string;
  until: number;
}

export class RetentionKeeper {
  private readonly deadlines = new Map<string, Deadline>();
  private readonly file: string;
  private journal?: WriteStream;
  /** Lines recorded while the journal is being rewritten. */
  private held: string[] | undefined;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private readonly trash: string;
  private trashed = 0;

  constructor(
    private readonly layout: NodeLayout,
    private readonly intervalMs: number,
    /** A task with an attempt running on this node keeps its directory whatever its deadline. */
    private readonly isRunningHere: (jobId: string, taskId: string) => boolean,
    private readonly log: Logger,
  ) {
    this.file = path.join(layout.root, 'retention.journal');
    this.trash = path.join(layout.root, '.removing');
  }

  async start(): Promise<void> {
    try {
      for (const line of (await readFile(this.file, 'utf8')).split('\n')) {
        const [until, jobId, taskId] = line.split(' ');
        if (jobId && taskId && Number.isFinite(Number(until))) {
          this.deadlines.set(`${jobId}/${taskId}`, { jobId, taskId, until: Number(until) });
        }
      }
    } catch {
      // no journal yet
    }
    await rm(this.trash, { recursive: true, force: true }).catch((err) => this.log.warn('could not empty the retention trash', { err }));
    this.journal = createWriteStream(this.file, { flags: 'a' });
    this.journal.on('error', (err) => this.log.warn('retention journal write failed', { err }));
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
  }

  /** The task's attempt just ended here: its directory may go `retentionMs` from now. */
  record(jobId: string, taskId: string, retentionMs: number): void {
    const until = Date.now() + retentionMs;
    this.deadlines.set(`${jobId}/${taskId}`, { jobId, taskId, until });
    const line = `${until} ${jobId} ${taskId}\n`;
    if (this.held) this.held.push(line);
    else this.journal?.write(line);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
    if (this.journal) {
      this.journal.end();
      await once(this.journal, 'close').catch(() => {});
    }
  }

  sweep(): Promise<void> {
    this.sweeping ??= this.removeExpired()
      .catch((err) => this.log.warn('retention sweep failed', { err }))
      .finally(() => { this.sweeping = undefined; });
    return this.sweeping;
  }

  private async removeExpired(): Promise<void> {
    const now = Date.now();
    let removed = 0;
    for (const [key, d] of this.deadlines) {
      if (d.until > now || this.isRunningHere(d.jobId, d.taskId)) continue;
      await this.remove(this.layout.taskDir(d.jobId, d.taskId));
      // Recorded again meanwhile (a new attempt ended): keep the new deadline.
      if (this.deadlines.get(key) === d) this.deadlines.delete(key);
      removed++;
      this.log.info('task directory removed after its retention time', { jobId: d.jobId, taskId: d.taskId });
    }
    if (removed > 0) await this.compact();
  }

  /** Renames the directory into the trash, then deletes it there. */
  private async remove(dir: string): Promise<void> {
    const doomed = path.join(this.trash, `${process.pid}-${++this.trashed}`);
    await mkdir(this.trash, { recursive: true });
    try {
      await rename(dir, doomed);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // never made here, or gone
      // Cannot move it (a mount of its own, say): delete it where it is.
      await rm(dir, { recursive: true, force: true });
      return;
    }
    await rm(doomed, { recursive: true, force: true });
  }

  /** Rewrites the journal with only the live deadlines (atomically: write, then rename). */
  private async compact(): Promise<void> {
    if (!this.journal) return;
    this.held = [];
    try {
      this.journal.end();
      await once(this.journal, 'close');
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, [...this.deadlines.values()].map((d) => `${d.until} ${d.jobId} ${d.taskId}\n`).join(''));
      await rename(tmp, this.file);
    } finally {
      this.journal = createWriteStream(this.file, { flags: 'a' });
      this.journal.on('error', (err) => this.log.warn('retention journal write failed', { err }));
      const held = this.held;
      this.held = undefined;
      for (const line of held) this.journal.write(line);
    }
  }
}
