// A task attempt's maxWallClockTime on its node: armed when the process starts, and changed while
// it runs when the task's constraints are updated (UpdateTask): the new limit counts from the
// same start, so a limit already exceeded expires at once.
export class WallClock {
  private timer?: NodeJS.Timeout;
  private startedAt?: number;
  private limitMs?: number;
  /** A limit given before the start (the update came while the attempt was being prepared). */
  private changed = false;
  private onExpire?: (limitMs: number) => void;

  /** `limitMs` from the dispatch, unless an update came first; undefined = unlimited. */
  start(limitMs: number | undefined, onExpire: (limitMs: number) => void): void {
    this.startedAt = Date.now();
    if (!this.changed) this.limitMs = limitMs;
    this.onExpire = onExpire;
    this.arm();
  }

  change(limitMs: number | undefined): void {
    this.limitMs = limitMs;
    this.changed = true;
    if (this.startedAt !== undefined) this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.startedAt = undefined;
    this.onExpire = undefined;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const limit = this.limitMs;
    if (limit === undefined || this.startedAt === undefined || !this.onExpire) return;
    const expire = this.onExpire;
    const left = this.startedAt + limit - Date.now();
    this.timer = setTimeout(() => expire(limit), Math.max(0, Math.min(left, 2 ** 31 - 1)));
  }
}
