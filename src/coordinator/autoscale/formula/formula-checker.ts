// Checks a parsed formula before it is ever evaluated: every name it reads exists (a service
// variable, a constant, or one an earlier statement set), every function and method exists and
// gets the right number and types of arguments, every operator gets types it works on, and the
// settable variables get what they take. It reports every error it finds, each with its
// line:column, not only the first; an expression already at fault reports nothing more.
import { describePosition, startOf, type Assignment, type Expression, type Formula } from './formula-ast.ts';
import { FormulaError } from './formula-error.ts';
import { CallProblem, FUNCTIONS } from './formula-functions.ts';
import { binaryType, unaryType } from './formula-operators.ts';
import { checkSampleMethod } from './formula-sample-methods.ts';
import { asValueType, fits, type ValueType } from './formula-values.ts';
import { isSampledVariable, NODE_DEALLOCATION_OPTIONS, predefinedType, SETTABLE_VARIABLES, TIME_INTERVALS } from './formula-variables.ts';

export interface CheckedFormula {
  formula: Formula;
  /** The type of every variable a statement sets, in the order first set. */
  types: Map<string, ValueType>;
  errors: FormulaError[];
}

export function checkFormula(formula: Formula): CheckedFormula {
  const checker = new Checker(formula);
  for (const s of formula.statements) checker.statement(s);
  return { formula, types: checker.types, errors: checker.errors };
}

class Checker {
  readonly types = new Map<string, ValueType>();
  readonly errors: FormulaError[] = [];
  /** Where each user variable is first set (to say "used before it is set"). */
  private readonly firstSet = new Map<string, Assignment>();

  constructor(formula: Formula) {
    for (const s of formula.statements) if (!this.firstSet.has(s.name)) this.firstSet.set(s.name, s);
  }

  statement(s: Assignment): void {
    const type = this.expression(s.value);
    if (isSampledVariable(s.name) || s.name in TIME_INTERVALS) {
      this.fail(s.at, `'${s.name}' is read-only: a formula sets $TargetDedicatedNodes, $TargetLowPriorityNodes, $NodeDeallocationOption and its own variables`);
      return;
    }
    const wanted = SETTABLE_VARIABLES[s.name];
    if (wanted && type !== undefined && !fits(type, wanted)) {
      this.fail(startOf(s.value), `'${s.name}' takes a ${wanted}, not a ${type}`);
      return;
    }
    if (s.name === '$NodeDeallocationOption' && s.value.kind === 'string' && !(NODE_DEALLOCATION_OPTIONS as readonly string[]).includes(s.value.value)) {
      this.fail(startOf(s.value), `'$NodeDeallocationOption' must be one of ${NODE_DEALLOCATION_OPTIONS.join(', ')}, not "${s.value.value}"`);
    }
    if (type === undefined) return;
    const previous = this.types.get(s.name);
    if (!wanted && previous !== undefined && asValueType(previous) !== asValueType(type)) {
      this.fail(s.at, `'${s.name}' was set to a ${previous} before; it cannot become a ${type}`);
      return;
    }
    if (!wanted || !this.types.has(s.name)) this.types.set(s.name, wanted ?? asValueType(type));
  }

  /** The expression's type, or undefined when it is at fault (already reported). */
  private expression(e: Expression): ValueType | undefined {
    switch (e.kind) {
      case 'number': return 'double';
      case 'string': return 'string';
      case 'variable': return this.variable(e.name, e.at);
      case 'unary': {
        const t = this.expression(e.operand);
        if (t === undefined) return undefined;
        const result = unaryType(e.operator, t);
        if (result === undefined) this.fail(e.at, `'${e.operator}' does not apply to a ${asValueType(t)}`);
        return result;
      }
      case 'binary': {
        const l = this.expression(e.left);
        const r = this.expression(e.right);
        if (l === undefined || r === undefined) return undefined;
        const result = binaryType(e.operator, l, r);
        if (result === undefined) this.fail(e.at, `'${e.operator}' does not apply to a ${asValueType(l)} and a ${asValueType(r)}`);
        return result;
      }
      case 'conditional': {
        const c = this.expression(e.condition);
        const a = this.expression(e.then);
        const b = this.expression(e.otherwise);
        if (c !== undefined && asValueType(c) !== 'double') this.fail(startOf(e.condition), `the condition of '? :' must be a double (0 is false), not a ${c}`);
        if (a === undefined || b === undefined) return undefined;
        if (asValueType(a) !== asValueType(b)) {
          this.fail(startOf(e.otherwise), `both branches of '? :' must have one type: a ${asValueType(a)} and a ${asValueType(b)}`);
          return undefined;
        }
        return asValueType(a);
      }
      case 'call': {
        const args = e.args.map((a) => this.expression(a));
        const def = FUNCTIONS[e.name];
        if (!def) {
          this.fail(e.at, `unknown function '${e.name}': one of ${Object.keys(FUNCTIONS).sort().join(', ')}`);
          return undefined;
        }
        if (args.length < def.minArgs || args.length > def.maxArgs) {
          const wanted = def.minArgs === def.maxArgs ? `${def.minArgs}` : def.maxArgs === Infinity ? `at least ${def.minArgs}` : `${def.minArgs} or ${def.maxArgs}`;
          this.fail(e.at, `${e.name}() takes ${wanted} argument${def.maxArgs === 1 ? '' : 's'}, not ${args.length}: ${def.signature}`);
          return undefined;
        }
        if (args.some((a) => a === undefined)) return undefined;
        return this.outcome(def.check(args.map((a) => asValueType(a!))), e, `${def.signature}: `);
      }
      case 'method': {
        const target = this.expression(e.target);
        const args = e.args.map((a) => this.expression(a));
        if (target === undefined) return undefined;
        if (target !== 'sample') {
          this.fail(e.at, `'.${e.name}()' applies to a sampled service variable ($PendingTasks.${e.name}(...)), not to a ${target}`);
          return undefined;
        }
        if (args.some((a) => a === undefined)) return undefined;
        return this.outcome(checkSampleMethod(e.name, args.map((a) => asValueType(a!))), e, '');
      }
    }
  }

  private outcome(result: ValueType | CallProblem, e: Expression & { args: Expression[] }, prefix: string): ValueType | undefined {
    if (!(result instanceof CallProblem)) return result;
    this.fail(result.arg === undefined ? e.at : startOf(e.args[result.arg]!), prefix + result.message);
    return undefined;
  }

  private variable(name: string, at: { line: number; column: number }): ValueType | undefined {
    const set = this.types.get(name);
    if (set !== undefined) return set;
    const predefined = predefinedType(name);
    if (predefined !== undefined) return predefined;
    const later = this.firstSet.get(name);
    if (later) this.fail(at, `'${name}' is used before it is set (at ${describePosition(later.at)})`);
    else this.fail(at, `unknown variable '${name}': not a service variable ($PendingTasks, $CurrentDedicatedNodes, ...), not a TimeInterval_* constant, and not set by an earlier statement`);
    return undefined;
  }

  private fail(at: { line: number; column: number }, rule: string): void {
    this.errors.push(new FormulaError('check', at, rule));
  }
}
