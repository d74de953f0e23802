// An autoscale formula from its text: parsed and checked once (when it is set), then evaluated
// as often as the pool's interval says. `compileFormula` never throws on the text: it returns
// the errors, each with its line:column.
import { parseFormula } from './formula-parser.ts';
import { checkFormula, type CheckedFormula } from './formula-checker.ts';
import { FormulaError } from './formula-error.ts';

export type CompiledFormula = { ok: true; checked: CheckedFormula } | { ok: false; errors: FormulaError[] };

export function compileFormula(text: string): CompiledFormula {
  let parsed;
  try {
    parsed = parseFormula(text);
  } catch (err) {
    if (err instanceof FormulaError) return { ok: false, errors: [err] };
    throw err;
  }
  const checked = checkFormula(parsed);
  return checked.errors.length > 0 ? { ok: false, errors: checked.errors } : { ok: true, checked };
}

export { evaluateFormula, type Evaluation, type FormulaTargets } from './formula-evaluator.ts';
export type { FormulaEnvironment, SampleSeries } from './formula-environment.ts';
export { FormulaError } from './formula-error.ts';
