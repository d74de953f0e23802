// How a running job looks while `job wait` or `demo` waits for it: on a terminal, one line
// redrawn in place; in a log or a pipe, a plain line at most once per interval (and only when
// something changed), so CI logs stay readable.
import type { TaskCountsJson } from './json/json-form.ts';

const BAR_WIDTH = 20;

/** `[#####...............] 120/300 running 8 active 172 failed 0` */
export function formatProgress(c: TaskCountsJson): string {
  const total = c.active + c.running + c.completed;
  const filled = total === 0 ? 0 : Math.floor((c.completed / total) * BAR_WIDTH);
  const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
  return `[${bar}] ${c.completed}/${total} running ${c.running} active ${c.active} failed ${c.failed}`;
}

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class ProgressDisplay {
  private lastLine = '';
  private lastWrite = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    opts: { tty?: boolean; intervalMs?: number; now?: () => number } = {},
  ) {
    this.tty = opts.tty ?? sink.isTTY === true;
    // A terminal redraw is cheap, a log line is not: throttle plain output harder.
    this.intervalMs = opts.intervalMs ?? (this.tty ? 100 : 1000);
    this.now = opts.now ?? Date.now;
  }

  update(counts: TaskCountsJson): void {
    const line = formatProgress(counts);
    if (line === this.lastLine) return;
    // A throttled update is not lost: the waiter reports again at least once a second, and
    // finish() always draws the final state.
    if (this.now() - this.lastWrite < this.intervalMs) return;
    this.draw(line);
  }

  /** Shows the final state (even if throttled away) and ends the line. */
  finish(counts: TaskCountsJson): void {
    const line = formatProgress(counts);
    if (line !== this.lastLine || !this.drawn) this.draw(line);
    if (this.tty && this.drawn) this.sink.write('\n');
    this.drawn = false;
  }

  private draw(line: string): void {
    this.sink.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
    this.lastLine = line;
    this.lastWrite = this.now();
    this.drawn = true;
  }
}
