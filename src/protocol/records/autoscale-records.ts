// A pool's autoscale settings and the result of its last evaluation, as stored in its record.
import type { NodeDeallocationOption } from './node-deallocation.ts';

/** Azure Batch's bounds are 5 minutes .. 168 hours; troupe evaluates down to 5 seconds. */
export const MIN_AUTOSCALE_INTERVAL_MS = 5000;
export const MAX_AUTOSCALE_INTERVAL_MS = 168 * 3_600_000;
/** Azure Batch's default: 15 minutes. */
export const DEFAULT_AUTOSCALE_INTERVAL_MS = 15 * 60_000;

export interface AutoScaleSettings {
  /** Checked when set (it parsed and checked then: formula/formula.ts). */
  formula: string;
  evaluationIntervalMs: number;
  /** When it was enabled or last changed: evaluations are counted from here until a run exists. */
  enabledTime: string;
}

export interface AutoScaleRunRecord {
  timestamp: string;
  /** Every variable the formula set, with its value (the three settable ones first). */
  values: { name: string; value: string }[];
  /** Why the evaluation failed (then no target was applied). line/column 0 = not in the formula
   *  (the targets could not be applied). */
  error?: { code: string; message: string; line: number; column: number };
  /** What the formula decided (absent after an error). */
  targets?: { dedicated: number; lowPriority: number; deallocation: NodeDeallocationOption };
}
