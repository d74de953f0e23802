// Evaluates a checked formula against an environment (the pool's samples and targets now),
// statement by statement. It returns every variable's value and the targets it sets; an error
// (a division by zero, a window with too few samples, a variable troupe does not measure used as
// a value) ends the evaluation with its line:column, and then no target is to be applied.
// `stop()` ends it without an error: the targets set so far hold.
import { startOf, type Expression } from './formula-ast.ts';
import type { CheckedFormula } from './formula-checker.ts';
import type { FormulaEnvironment } from './formula-environment.ts';
import { FormulaError } from './formula-error.ts';
import { CallProblem, FUNCTIONS } from './formula-functions.ts';
import { applyBinary, applyUnary, OperationProblem } from './formula-operators.ts';
import { callSampleMethod } from './formula-sample-methods.ts';
import { double, formatValue, interval, type Value } from './formula-values.ts';
import { isSampledVariable, NODE_DEALLOCATION_OPTIONS, TIME_INTERVALS } from './formula-variables.ts';
import type { NodeDeallocationOption } from '../../../protocol/records/node-deallocation.ts';

/** A target above this is refused: a formula's mistake, not a pool. */
export const MAX_TARGET_NODES = 100_000;

export interface FormulaTargets {
  dedicated: number;
  lowPriority: number;
  deallocation: NodeDeallocationOption;
}

export interface Evaluation {
  /** Every variable set (the three settable ones always, first), as name and shown value. */
  values: { name: string; value: string }[];
  /** What the pool's targets become (unchanged ones as they were); undefined after an error. */
  targets?: FormulaTargets;
  error?: FormulaError;
  /** Whether stop() ended it. */
  stopped: boolean;
}

class Stop extends Error {}

export function evaluateFormula(checked: CheckedFormula, env: FormulaEnvironment): Evaluation {
  if (checked.errors.length > 0) throw new Error('evaluateFormula: the formula has check errors');
  const vars = new Map<string, Value>([
    ['$TargetDedicatedNodes', double(env.targets.dedicated)],
    ['$TargetLowPriorityNodes', double(env.targets.lowPriority)],
    ['$NodeDeallocationOption', { type: 'string', value: env.targets.deallocation }],
  ]);
  const random = env.random ?? Math.random;
  let error: FormulaError | undefined;
  let stopped = false;

  const fail = (at: Expression['at'], rule: string): never => {
    throw new FormulaError('evaluation', at, rule);
  };

  /** A value (a sampled variable becomes its value now). */
  const value = (e: Expression): Value => {
    const v = evaluate(e);
    if (v.type !== 'sample') return v;
    const now = env.current(v.variable);
    if (now === undefined) fail(e.at, `troupe does not measure ${v.variable}: it has no value (it is an empty sample; GetSample returns no values)`);
    return double(now!);
  };

  const evaluate = (e: Expression): Value => {
    switch (e.kind) {
      case 'number': return double(e.value);
      case 'string': return { type: 'string', value: e.value };
      case 'variable': {
        const set = vars.get(e.name);
        if (set) return set;
        if (isSampledVariable(e.name)) return { type: 'sample', variable: e.name };
        return interval(TIME_INTERVALS[e.name]!);
      }
      case 'unary': return applyUnary(e.operator, value(e.operand));
      case 'binary': {
        const l = value(e.left);
        const r = value(e.right);
        try {
          return applyBinary(e.operator, l, r);
        } catch (err) {
          if (err instanceof OperationProblem) return fail(e.at, err.message);
          throw err;
        }
      }
      case 'conditional': {
        const c = value(e.condition) as { value: number };
        return c.value !== 0 ? evaluate(e.then) : evaluate(e.otherwise);
      }
      case 'call': {
        if (e.name === 'stop') throw new Stop();
        const args = e.args.map(value);
        try {
          return FUNCTIONS[e.name]!.call(args, { now: env.now, random });
        } catch (err) {
          return problem(err, e);
        }
      }
      case 'method': {
        const variable = (evaluate(e.target) as { variable: string }).variable;
        const args = e.args.map(value);
        try {
          return callSampleMethod(variable, env.current(variable) !== undefined, e.name, args, env, env.series(variable));
        } catch (err) {
          return problem(err, e);
        }
      }
    }
  };

  const problem = (err: unknown, e: Expression & { args: Expression[] }): never => {
    if (!(err instanceof CallProblem)) throw err;
    return fail(err.arg === undefined ? e.at : startOf(e.args[err.arg]!), err.message);
  };

  try {
    for (const s of checked.formula.statements) {
      const v = value(s.value);
      if (s.name === '$NodeDeallocationOption' && !(NODE_DEALLOCATION_OPTIONS as readonly string[]).includes((v as { value: string }).value)) {
        fail(startOf(s.value), `'$NodeDeallocationOption' must be one of ${NODE_DEALLOCATION_OPTIONS.join(', ')}, not "${(v as { value: string }).value}"`);
      }
      if (s.name === '$TargetDedicatedNodes' || s.name === '$TargetLowPriorityNodes') {
        const n = (v as { value: number }).value;
        if (!(n >= 0 && n <= MAX_TARGET_NODES)) fail(startOf(s.value), `'${s.name}' must be 0..${MAX_TARGET_NODES}, not ${formatValue(v)}`);
      }
      vars.set(s.name, v);
    }
  } catch (err) {
    if (err instanceof Stop) stopped = true;
    else if (err instanceof FormulaError) error = err;
    else throw err;
  }
  const values = [...vars].map(([name, v]) => ({ name, value: formatValue(v) }));
  if (error) return { values, error, stopped };
  const target = (name: string) => Math.round((vars.get(name) as { value: number }).value);
  return {
    values,
    targets: {
      dedicated: target('$TargetDedicatedNodes'),
      lowPriority: target('$TargetLowPriorityNodes'),
      deallocation: (vars.get('$NodeDeallocationOption') as { value: string }).value as NodeDeallocationOption,
    },
    stopped,
  };
}
