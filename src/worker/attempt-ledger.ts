// Which attempts this worker has taken, so a dispatch the coordinator re-sends (it does when
// unsure the first one arrived) never runs twice, and a terminate that overtakes its dispatch is
// not lost. Finished attempts are remembered for a while, then forgotten, so memory stays bounded
// on a worker that runs millions of tasks.
export class AttemptLedger {
  private readonly seen = new Map<string, { attempt: number; finishedAt?: number }>();
  private readonly earlyTerminations = new Map<string, { attempt: number; reason: string; at: number }>();
  private readonly timer: NodeJS.Timeout;

  /** keepMs must exceed how long a finished attempt's report can take to reach the coordinator. */
  constructor(private readonly keepMs = 30 * 60_000) {
    this.timer = setInterval(() => this.prune(Date.now()), Math.min(60_000, keepMs));
    this.timer.unref();
  }

  /** True when the attempt is new here and should run; false for a repeat or an older attempt. */
  accept(taskKey: string, attempt: number): boolean {
    const known = this.seen.get(taskKey);
    if (known && known.attempt >= attempt) return false;
    this.seen.set(taskKey, { attempt });
    return true;
  }

  /** The latest attempt taken here (undefined once forgotten, or never taken). */
  latest(taskKey: string): number | undefined {
    return this.seen.get(taskKey)?.attempt;
  }

  finished(taskKey: string, attempt: number): void {
    const known = this.seen.get(taskKey);
    if (known?.attempt === attempt) known.finishedAt = Date.now();
  }

  /** A terminate for an attempt not dispatched here yet: remembered for when it arrives. */
  terminateBeforeDispatch(taskKey: string, attempt: number, reason: string): void {
    if ((this.seen.get(taskKey)?.attempt ?? 0) < attempt) this.earlyTerminations.set(taskKey, { attempt, reason, at: Date.now() });
  }

  /** The reason to kill this attempt at once, if a terminate overtook its dispatch. */
  takeEarlyTermination(taskKey: string, attempt: number): string | undefined {
    const early = this.earlyTerminations.get(taskKey);
    if (!early || early.attempt !== attempt) return undefined;
    this.earlyTerminations.delete(taskKey);
    return early.reason;
  }

  get size(): number {
    return this.seen.size;
  }

  prune(now: number): void {
    for (const [key, s] of this.seen) if (s.finishedAt !== undefined && now - s.finishedAt > this.keepMs) this.seen.delete(key);
    for (const [key, e] of this.earlyTerminations) if (now - e.at > this.keepMs) this.earlyTerminations.delete(key);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
