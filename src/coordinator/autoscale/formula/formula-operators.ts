// What the operators do to each pair of types, for the checker (the result type, or none: a type
// error) and the evaluator (the value). Arithmetic works on doubles, element by element on
// doubleVecs, and on time: timestamp ± timeinterval, timestamp - timestamp, timeinterval × double.
// Comparisons, `&&`, `||` and `!` give 1 or 0 (Azure Batch's formulas have no boolean type).
import type { BinaryOperator, UnaryOperator } from './formula-ast.ts';
import { asValueType, double, doubleVec, interval, timestamp, type Value, type ValueType } from './formula-values.ts';

/** An operation refused at evaluation (a division by zero, vectors of different lengths). */
export class OperationProblem extends Error {}

const ARITHMETIC = new Set<BinaryOperator>(['+', '-', '*', '/']);
const ORDER = new Set<BinaryOperator>(['<', '<=', '>', '>=']);

export function binaryType(op: BinaryOperator, l: ValueType, r: ValueType): ValueType | undefined {
  const a = asValueType(l);
  const b = asValueType(r);
  if (op === '&&' || op === '||') return a === 'double' && b === 'double' ? 'double' : undefined;
  if (op === '==' || op === '!=') return a === b && a !== 'doubleVec' ? 'double' : undefined;
  if (ORDER.has(op)) return a === b && (a === 'double' || a === 'timeinterval' || a === 'timestamp') ? 'double' : undefined;
  if (!ARITHMETIC.has(op)) return undefined;
  const numeric = (t: ValueType) => t === 'double' || t === 'doubleVec';
  if (numeric(a) && numeric(b)) return a === 'double' && b === 'double' ? 'double' : 'doubleVec';
  const key = `${a}${op}${b}`;
  return TIME_RESULTS[key];
}

const TIME_RESULTS: Record<string, ValueType> = {
  'timeinterval+timeinterval': 'timeinterval',
  'timeinterval-timeinterval': 'timeinterval',
  'timeinterval*double': 'timeinterval',
  'double*timeinterval': 'timeinterval',
  'timeinterval/double': 'timeinterval',
  'timeinterval/timeinterval': 'double',
  'timestamp+timeinterval': 'timestamp',
  'timeinterval+timestamp': 'timestamp',
  'timestamp-timeinterval': 'timestamp',
  'timestamp-timestamp': 'timeinterval',
};

export function unaryType(op: UnaryOperator, t: ValueType): ValueType | undefined {
  const a = asValueType(t);
  if (op === '!') return a === 'double' ? 'double' : undefined;
  return a === 'double' || a === 'doubleVec' || a === 'timeinterval' ? a : undefined;
}

/** Both operands are values (no samples), of types binaryType accepted. */
export function applyBinary(op: BinaryOperator, l: Value, r: Value): Value {
  if (op === '&&') return truth(num(l) !== 0 && num(r) !== 0);
  if (op === '||') return truth(num(l) !== 0 || num(r) !== 0);
  if (op === '==' || op === '!=') return truth((scalar(l) === scalar(r)) === (op === '=='));
  if (ORDER.has(op)) return truth(compare(op, scalar(l) as number, scalar(r) as number));
  if (l.type === 'doubleVec' || r.type === 'doubleVec') return vectorArithmetic(op, l, r);
  if (l.type === 'double' && r.type === 'double') return double(arithmetic(op, l.value, r.value));
  return timeArithmetic(op, l, r);
}

export function applyUnary(op: UnaryOperator, v: Value): Value {
  if (op === '!') return truth(num(v) === 0);
  if (v.type === 'doubleVec') return doubleVec(v.value.map((x) => -x));
  if (v.type === 'timeinterval') return interval(-v.ms);
  return double(-num(v));
}

export function truth(b: boolean): Value {
  return double(b ? 1 : 0);
}

function num(v: Value): number {
  return (v as { value: number }).value;
}

function scalar(v: Value): number | string {
  if (v.type === 'timestamp' || v.type === 'timeinterval') return v.ms;
  return (v as { value: number | string }).value;
}

function compare(op: BinaryOperator, a: number, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    default: return a >= b;
  }
}

function arithmetic(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default:
      if (b === 0) throw new OperationProblem('division by zero');
      return a / b;
  }
}

function vectorArithmetic(op: BinaryOperator, l: Value, r: Value): Value {
  const lv = l.type === 'doubleVec' ? l.value : undefined;
  const rv = r.type === 'doubleVec' ? r.value : undefined;
  if (lv && rv && lv.length !== rv.length) throw new OperationProblem(`'${op}' of doubleVecs of different lengths (${lv.length} and ${rv.length})`);
  const n = (lv ?? rv)!.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = arithmetic(op, lv ? lv[i]! : num(l), rv ? rv[i]! : num(r));
  return doubleVec(out);
}

function timeArithmetic(op: BinaryOperator, l: Value, r: Value): Value {
  const ms = (v: Value) => (v.type === 'timestamp' || v.type === 'timeinterval' ? v.ms : num(v));
  if (op === '*') return interval(ms(l) * ms(r));
  if (op === '/') {
    if (ms(r) === 0) throw new OperationProblem('division by zero');
    return r.type === 'timeinterval' ? double(ms(l) / ms(r)) : interval(ms(l) / ms(r));
  }
  const value = op === '+' ? ms(l) + ms(r) : ms(l) - ms(r);
  if (l.type === 'timestamp' && r.type === 'timestamp') return interval(value);
  return l.type === 'timestamp' || r.type === 'timestamp' ? timestamp(value) : interval(value);
}
