// Pools' autoscale settings and runs as the API shows them.
import type { AutoScaleRun } from '../../protocol/generated/troupe/v1/AutoScaleRun.ts';
import type { Pool } from '../../protocol/generated/troupe/v1/Pool.ts';
import type { AutoScaleRunRecord } from '../../protocol/records/autoscale-records.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import { formatDuration } from '../../protocol/duration.ts';

export function autoScaleFieldsToApi(p: PoolRecord): Pick<Pool, 'enableAutoScale' | 'autoScaleFormula' | 'autoScaleEvaluationInterval' | 'autoScaleRun'> {
  return {
    enableAutoScale: p.autoScale !== undefined,
    autoScaleFormula: p.autoScale?.formula ?? '',
    autoScaleEvaluationInterval: p.autoScale ? formatDuration(p.autoScale.evaluationIntervalMs) : '',
    autoScaleRun: p.autoScaleRun ? autoScaleRunToApi(p.autoScaleRun) : null,
  };
}

export function autoScaleRunToApi(r: AutoScaleRunRecord): AutoScaleRun {
  return {
    timestamp: r.timestamp,
    // Azure Batch's one-string form of the values.
    results: r.values.map((v) => `${v.name}=${v.value}`).join(';'),
    values: r.values,
    error: r.error ?? null,
    targetDedicatedNodes: r.targets?.dedicated ?? 0,
    targetLowPriorityNodes: r.targets?.lowPriority ?? 0,
    nodeDeallocationOption: r.targets?.deallocation ?? '',
  };
}
