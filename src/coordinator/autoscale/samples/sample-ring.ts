// One sampled variable's history: a fixed-size ring of (time, value) in two typed arrays, so a
// pool's history has a bounded size whatever its age (capacity × 16 bytes per variable) and
// taking a sample allocates nothing. Times only grow (the sampler's clock): a window's samples
// are found by binary search.
import type { SampleSeries } from '../formula/formula-environment.ts';

export class SampleRing implements SampleSeries {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  /** Index of the oldest sample. */
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`SampleRing capacity must be a whole number >= 1, not ${capacity}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Adds a sample; the oldest goes when the ring is full. A time before the newest is
   *  refused (a window search needs them in order). */
  push(time: number, value: number): void {
    if (this.size > 0 && time < this.timeAt(this.size - 1)) throw new RangeError(`sample time ${time} is before the newest (${this.timeAt(this.size - 1)})`);
    const at = (this.head + this.size) % this.capacity;
    this.times[at] = time;
    this.values[at] = value;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
  }

  count(): number {
    return this.size;
  }

  oldestTime(): number | undefined {
    return this.size === 0 ? undefined : this.timeAt(0);
  }

  between(from: number, to: number): number[] {
    const start = this.firstAtOrAfter(from);
    const out: number[] = [];
    for (let i = start; i < this.size && this.timeAt(i) <= to; i++) out.push(this.valueAt(i));
    return out;
  }

  last(n: number): number[] {
    const out: number[] = [];
    for (let i = Math.max(0, this.size - n); i < this.size; i++) out.push(this.valueAt(i));
    return out;
  }

  /** The i-th sample from the oldest. */
  private timeAt(i: number): number {
    return this.times[(this.head + i) % this.capacity]!;
  }

  private valueAt(i: number): number {
    return this.values[(this.head + i) % this.capacity]!;
  }

  private firstAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
