// Big work in slices that yield: the coordinator has one thread, and a loop over 100,000 tasks
// that never gives it back holds up heartbeats, the leadership lease, dispatch and every other
// client (a 5,000-task collection held it for half a second, microtask after microtask, since
// awaiting a write that already completed does not yield to I/O). `await slice.yield()` in such
// a loop returns at once until the slice has run for `budgetMs`, then lets timers and I/O run.
export const SLICE_MS = 5;

export class TimeSlice {
  private started = performance.now();

  constructor(private readonly budgetMs = SLICE_MS) {}

  /** Whether the slice is used up (then `yield()` would wait). */
  get due(): boolean {
    return performance.now() - this.started >= this.budgetMs;
  }

  async yield(): Promise<void> {
    if (!this.due) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}
