// Autoscale requests: the formula parses and checks (its errors name the field and line:column),
// the interval is within 5 s .. 168 h.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import { formatDuration, parseDuration } from '../../protocol/duration.ts';
import { type AutoScaleSettings, DEFAULT_AUTOSCALE_INTERVAL_MS, MAX_AUTOSCALE_INTERVAL_MS, MIN_AUTOSCALE_INTERVAL_MS } from '../../protocol/records/autoscale-records.ts';
import { compileFormula, type CompiledFormula } from '../autoscale/formula/formula.ts';

/** The formula compiled; an error (every one the checker found, the first named first) refuses it. */
export function validateFormula(text: unknown, field: string): CompiledFormula & { ok: true } {
  if (typeof text !== 'string' || text.trim() === '') throw new InvalidArgumentError(field, 'is required: an autoscale formula such as "$TargetDedicatedNodes = min(10, $PendingTasks);"');
  const compiled = compileFormula(text);
  if (!compiled.ok) {
    const more = compiled.errors.length > 1 ? ` (and ${compiled.errors.length - 1} more: ${compiled.errors.slice(1, 4).map((e) => e.message).join('; ')})` : '';
    throw new InvalidArgumentError(field, `is not a valid formula: ${compiled.errors[0]!.message}${more}`);
  }
  return compiled;
}

/** "" = Azure Batch's default, 15 minutes. */
export function validateEvaluationInterval(text: unknown, field: string): number {
  const ms = parseDuration(typeof text === 'string' ? text : '', field) ?? DEFAULT_AUTOSCALE_INTERVAL_MS;
  if (ms < MIN_AUTOSCALE_INTERVAL_MS || ms > MAX_AUTOSCALE_INTERVAL_MS) {
    throw new InvalidArgumentError(field, `must be ${formatDuration(MIN_AUTOSCALE_INTERVAL_MS)} .. ${formatDuration(MAX_AUTOSCALE_INTERVAL_MS)}, not ${formatDuration(ms)}`);
  }
  return ms;
}

/** A pool created with autoscale: both fields or neither (as Azure Batch). */
export function validatePoolAutoScale(p: { enableAutoScale?: boolean; autoScaleFormula?: string; autoScaleEvaluationInterval?: string }, now: string): { autoScale?: AutoScaleSettings } {
  if (!p.enableAutoScale) {
    if (p.autoScaleFormula) throw new InvalidArgumentError('pool.autoScaleFormula', 'is set but pool.enableAutoScale is false: set both to create the pool with autoscale');
    if (p.autoScaleEvaluationInterval) throw new InvalidArgumentError('pool.autoScaleEvaluationInterval', 'is set but pool.enableAutoScale is false: set both to create the pool with autoscale');
    return {};
  }
  validateFormula(p.autoScaleFormula, 'pool.autoScaleFormula');
  const evaluationIntervalMs = validateEvaluationInterval(p.autoScaleEvaluationInterval, 'pool.autoScaleEvaluationInterval');
  return { autoScale: { formula: p.autoScaleFormula!, evaluationIntervalMs, enabledTime: now } };
}
