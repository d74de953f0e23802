// A pool's autoscale fields and runs in the CLI's stable JSON form.
import type { AutoScaleRun__Output } from '../../protocol/generated/troupe/v1/AutoScaleRun.ts';

export interface AutoScaleRunJson {
  timestamp: string;
  results: string;
  values: { name: string; value: string }[];
  error: { code: string; message: string; line: number; column: number } | null;
  targetDedicatedNodes: number;
  targetLowPriorityNodes: number;
  nodeDeallocationOption: string | null;
}

export function autoScaleRunJson(r: AutoScaleRun__Output | null | undefined): AutoScaleRunJson | null {
  if (!r) return null;
  return {
    timestamp: r.timestamp,
    results: r.results,
    values: (r.values ?? []).map((v) => ({ name: v.name, value: v.value })),
    error: r.error ? { code: r.error.code, message: r.error.message, line: r.error.line, column: r.error.column } : null,
    targetDedicatedNodes: r.targetDedicatedNodes,
    targetLowPriorityNodes: r.targetLowPriorityNodes,
    nodeDeallocationOption: r.nodeDeallocationOption || null,
  };
}
