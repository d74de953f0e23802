// What an evaluation reads from the world: the clock, the sampled variables' values now and
// their history, and the pool's current targets. The autoscale loop gives the live pool's;
// tests give fixed ones. Nothing here is changed by an evaluation.
import type { NodeDeallocationOption } from '../../../protocol/records/node-deallocation.ts';

/** The history of one sampled variable, oldest first. */
export interface SampleSeries {
  /** How many samples it holds. */
  count(): number;
  /** When its oldest sample was taken (ms since the epoch), undefined when it holds none. */
  oldestTime(): number | undefined;
  /** The values of the samples taken at `from` <= time <= `to`, oldest first. */
  between(from: number, to: number): number[];
  /** The values of the last `n` samples, oldest first. */
  last(n: number): number[];
}

export interface FormulaEnvironment {
  now: number;
  /** How often samples are taken (ms). */
  samplePeriodMs: number;
  /** The value now of a sampled variable; undefined for one troupe does not measure. */
  current(variable: string): number | undefined;
  /** The history of a sampled variable (empty for one troupe does not measure). */
  series(variable: string): SampleSeries;
  /** The pool's targets before this evaluation (what $TargetDedicatedNodes reads until set). */
  targets: { dedicated: number; lowPriority: number; deallocation: NodeDeallocationOption };
  /** rand()'s source; Math.random unless a test fixes it. */
  random?: () => number;
}

/** A series with no samples: a variable troupe does not measure. */
export const EMPTY_SERIES: SampleSeries = {
  count: () => 0,
  oldestTime: () => undefined,
  between: () => [],
  last: () => [],
};
