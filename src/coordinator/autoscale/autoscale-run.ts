// An evaluation as the pool record keeps it, and the targets a formula starts from.
import type { PoolRecord } from '../../protocol/records/records.ts';
import type { AutoScaleRunRecord } from '../../protocol/records/autoscale-records.ts';
import type { Evaluation, FormulaTargets } from './formula/formula.ts';
import { measurePools, type MetricsSource } from './samples/pool-metrics.ts';

export function runRecord(now: number, evaluation: Evaluation): AutoScaleRunRecord {
  const run: AutoScaleRunRecord = { timestamp: new Date(now).toISOString(), values: evaluation.values };
  if (evaluation.error) {
    const e = evaluation.error;
    run.error = { code: 'FormulaError', message: e.message, line: e.at.line, column: e.at.column };
  }
  if (evaluation.targets) run.targets = evaluation.targets;
  return run;
}

/** What $TargetDedicatedNodes and the others read before a statement sets them: the pool's
 *  targets as recorded (the last decision), else the nodes it has now. */
export function currentTargets(pool: PoolRecord, state: MetricsSource): FormulaTargets {
  const nodes = pool.targetDedicatedNodes === undefined || pool.targetLowPriorityNodes === undefined ? measurePools(state).get(pool.id) : undefined;
  return {
    dedicated: pool.targetDedicatedNodes ?? nodes?.$CurrentDedicatedNodes ?? 0,
    lowPriority: pool.targetLowPriorityNodes ?? nodes?.$CurrentLowPriorityNodes ?? 0,
    deallocation: pool.autoScaleRun?.targets?.deallocation ?? 'requeue',
  };
}
