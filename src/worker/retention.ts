// Task directories are kept for the task's retentionTime after it ends (Azure Batch's default:
// 7 days), then removed. The deadline is a marker file in the task directory, so it survives a
// worker restart; a sweeper removes expired directories, never one of a task running here.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../protocol/log.ts';
import type { NodeLayout } from './node-layout.ts';

export const RETAIN_MARKER = '.troupe-retain-until';

/** Records when the task directory may go: `retentionMs` after now. */
export async function markRetention(taskDir: string, retentionMs: number): Promise<void> {
  await writeFile(path.join(taskDir, RETAIN_MARKER), new Date(Date.now() + retentionMs).toISOString());
}

export class RetentionSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly layout: NodeLayout,
    private readonly intervalMs: number,
    /** A task with an attempt running on this node keeps its directory whatever its marker says. */
    private readonly isRunningHere: (jobId: string, taskId: string) => boolean,
    private readonly log: Logger,
  ) {}

  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  sweep(): Promise<void> {
    this.sweeping ??= this.removeExpired()
      .catch((err) => this.log.warn('retention sweep failed', { err }))
      .finally(() => { this.sweeping = undefined; });
    return this.sweeping;
  }

  private async removeExpired(): Promise<void> {
    const now = Date.now();
    for (const jobId of await list(this.layout.workitemsDir)) {
      const jobDir = path.join(this.layout.workitemsDir, jobId, 'job-1');
      for (const taskId of await list(jobDir)) {
        if (this.isRunningHere(jobId, taskId)) continue;
        const taskDir = path.join(jobDir, taskId);
        let until: number;
        try {
          until = Date.parse(await readFile(path.join(taskDir, RETAIN_MARKER), 'utf8'));
        } catch {
          continue; // no marker: running, or not ours to judge (e.g. jobpreparation)
        }
        if (!(until <= now)) continue;
        await rm(taskDir, { recursive: true, force: true });
        this.log.info('task directory removed after its retention time', { jobId, taskId });
      }
    }
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
