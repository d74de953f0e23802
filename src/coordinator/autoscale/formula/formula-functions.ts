// The built-in functions of the formula language (Azure Batch's), each with its static check
// (argument count and types, for the checker) and its computation (for the evaluator). A
// "doubleVecList" argument list is any mix of doubles and doubleVecs, flattened.
import { double, doubleVec, timestamp, type Value, type ValueType } from './formula-values.ts';

/** A function's refusal of its arguments: `arg` = the index of the argument at fault. */
export class CallProblem extends Error {
  constructor(message: string, readonly arg?: number) {
    super(message);
  }
}

export interface CallContext {
  now: number;
  random: () => number;
}

export interface FunctionDef {
  /** How it is called, for errors: `avg(doubleVecList)`. */
  signature: string;
  minArgs: number;
  maxArgs: number;
  /** The result type for these argument types (samples already taken as doubles), or why not. */
  check(args: ValueType[]): ValueType | CallProblem;
  call(args: Value[], ctx: CallContext): Value;
}

const numeric = (t: ValueType) => t === 'double' || t === 'doubleVec';

function checkList(args: ValueType[], result: ValueType): ValueType | CallProblem {
  const bad = args.findIndex((t) => !numeric(t));
  return bad >= 0 ? new CallProblem(`takes doubles and doubleVecs, not a ${args[bad]}`, bad) : result;
}

function flatten(args: Value[]): { values: number[]; note?: string } {
  const values: number[] = [];
  let note: string | undefined;
  for (const a of args) {
    if (a.type === 'double') values.push(a.value);
    else if (a.type === 'doubleVec') {
      values.push(...a.value);
      if (a.value.length === 0 && a.note) note = a.note;
    }
  }
  return note === undefined ? { values } : { values, note };
}

/** An aggregate of a doubleVecList that has no value for an empty list. */
function aggregate(name: string, compute: (v: number[]) => number): FunctionDef {
  return {
    signature: `${name}(doubleVecList)`,
    minArgs: 1,
    maxArgs: Infinity,
    check: (args) => checkList(args, 'double'),
    call(args) {
      const { values, note } = flatten(args);
      if (values.length === 0) throw new CallProblem(`${name}() of no values${note ? ` (${note})` : ''}`);
      return double(compute(values));
    },
  };
}

/** An aggregate that is defined for no values (sum = 0, len = 0). */
function total(name: string, compute: (v: number[]) => number): FunctionDef {
  return {
    signature: `${name}(doubleVecList)`,
    minArgs: 1,
    maxArgs: Infinity,
    check: (args) => checkList(args, 'double'),
    call: (args) => double(compute(flatten(args).values)),
  };
}

/** Applied to a double, or to each element of a doubleVecList. */
function elementwise(name: string, f: (x: number) => number): FunctionDef {
  return {
    signature: `${name}(double | doubleVecList)`,
    minArgs: 1,
    maxArgs: Infinity,
    check: (args) => checkList(args, args.length === 1 && args[0] === 'double' ? 'double' : 'doubleVec'),
    call(args) {
      if (args.length === 1 && args[0]!.type === 'double') return double(f(args[0]!.value));
      return doubleVec(flatten(args).values.map(f));
    },
  };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export const FUNCTIONS: Record<string, FunctionDef> = {
  avg: aggregate('avg', mean),
  max: aggregate('max', (v) => v.reduce((a, b) => Math.max(a, b))),
  min: aggregate('min', (v) => v.reduce((a, b) => Math.min(a, b))),
  range: aggregate('range', (v) => v.reduce((a, b) => Math.max(a, b)) - v.reduce((a, b) => Math.min(a, b))),
  // The sample standard deviation (n - 1), as Azure Batch's; one value has none: 0.
  std: aggregate('std', (v) => {
    if (v.length < 2) return 0;
    const m = mean(v);
    return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1));
  }),
  sum: total('sum', (v) => v.reduce((a, b) => a + b, 0)),
  count: total('count', (v) => v.length),
  len: total('len', (v) => v.length),
  norm: total('norm', (v) => Math.sqrt(v.reduce((a, x) => a + x * x, 0))),
  lg: elementwise('lg', Math.log2),
  ln: elementwise('ln', Math.log),
  log: elementwise('log', Math.log10),
  ceil: elementwise('ceil', Math.ceil),
  floor: elementwise('floor', Math.floor),
  round: elementwise('round', Math.round),
  percentile: {
    signature: 'percentile(doubleVec v, double p)',
    minArgs: 2,
    maxArgs: 2,
    check: (args) => (!numeric(args[0]!) ? new CallProblem(`v must be a doubleVec, not a ${args[0]}`, 0)
      : args[1] !== 'double' ? new CallProblem(`p must be a double, not a ${args[1]}`, 1) : 'double'),
    call(args) {
      const { values, note } = flatten([args[0]!]);
      const p = (args[1] as { value: number }).value;
      if (!(p >= 0 && p <= 100)) throw new CallProblem(`p must be 0..100, not ${p}`, 1);
      if (values.length === 0) throw new CallProblem(`percentile() of no values${note ? ` (${note})` : ''}`, 0);
      // Linear interpolation between the closest ranks.
      const sorted = [...values].sort((a, b) => a - b);
      const rank = (p / 100) * (sorted.length - 1);
      const lo = Math.floor(rank);
      const hi = Math.ceil(rank);
      return double(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo));
    },
  },
  rand: {
    signature: 'rand()',
    minArgs: 0,
    maxArgs: 0,
    check: () => 'double',
    call: (_args, ctx) => double(ctx.random()),
  },
  // Ends the evaluation (the evaluator treats the call itself).
  stop: {
    signature: 'stop()',
    minArgs: 0,
    maxArgs: 0,
    check: () => 'double',
    call: () => double(0),
  },
  time: {
    signature: 'time(string dateTime = "")',
    minArgs: 0,
    maxArgs: 1,
    check: (args) => (args.length === 1 && args[0] !== 'string' ? new CallProblem(`dateTime must be a string, not a ${args[0]}`, 0) : 'timestamp'),
    call(args, ctx) {
      const text = args.length === 1 ? (args[0] as { value: string }).value : '';
      if (text === '') return timestamp(ctx.now);
      const ms = parseTime(text);
      if (ms === undefined) throw new CallProblem(`'${text}' is not a date and time (ISO 8601: 2026-01-31T12:00:00Z)`, 0);
      return timestamp(ms);
    },
  },
  val: {
    signature: 'val(doubleVec v, double i)',
    minArgs: 2,
    maxArgs: 2,
    check: (args) => (args[0] !== 'doubleVec' ? new CallProblem(`v must be a doubleVec, not a ${args[0]}`, 0)
      : args[1] !== 'double' ? new CallProblem(`i must be a double, not a ${args[1]}`, 1) : 'double'),
    call(args) {
      const v = args[0] as { value: number[]; note?: string };
      const i = (args[1] as { value: number }).value;
      if (!Number.isInteger(i) || i < 0 || i >= v.value.length) {
        throw new CallProblem(`index ${i} is outside the vector (${v.value.length} elements${v.note && v.value.length === 0 ? `: ${v.note}` : ''}; indexes start at 0)`, 1);
      }
      return double(v.value[i]!);
    },
  },
};

/** A strict ISO 8601 date-time (Date.parse alone takes much that is not one). */
export function parseTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
