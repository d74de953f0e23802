// The methods of a sampled variable ($PendingTasks.GetSample(...)), as Azure Batch defines them:
//   GetSample(double n)                               the last n samples
//   GetSample(start [, double percent])               the samples from `start` until now
//   GetSample(start, end [, double percent])          the samples between the two
//   GetSamplePercent(start [, end])                   the share (0..100) of the expected samples held
//   GetSamplePeriod()                                 how often samples are taken
//   Count()                                           how many samples the history holds
//   HistoryBeginTime()                                when the oldest one was taken
// `start` and `end` are timestamps, or timeintervals counted back from now
// (GetSample(TimeInterval_Minute * 10, TimeInterval_Minute * 5): from 10 to 5 minutes ago).
// With `percent`, a window holding fewer than that share of the samples it should is an error,
// rather than a decision made on too little data.
import { CallProblem } from './formula-functions.ts';
import type { FormulaEnvironment, SampleSeries } from './formula-environment.ts';
import { double, doubleVec, interval, timestamp, type Value, type ValueType } from './formula-values.ts';

export const SAMPLE_METHODS = ['GetSample', 'GetSamplePercent', 'GetSamplePeriod', 'Count', 'HistoryBeginTime'] as const;

const isTime = (t: ValueType) => t === 'timestamp' || t === 'timeinterval';

/** The result type of a method call with these argument types, or why not. */
export function checkSampleMethod(name: string, args: ValueType[]): ValueType | CallProblem {
  switch (name) {
    case 'GetSample': {
      if (args.length < 1 || args.length > 3) return new CallProblem(`GetSample takes 1 to 3 arguments (n | start [, percent] | start, end [, percent]), not ${args.length}`);
      if (args.length === 1) return args[0] === 'double' || isTime(args[0]!) ? 'doubleVec' : new CallProblem(`the first argument must be a count (double), a timestamp or a timeinterval, not a ${args[0]}`, 0);
      if (!isTime(args[0]!)) return new CallProblem(`start must be a timestamp or a timeinterval, not a ${args[0]}`, 0);
      if (args.length === 2) return args[1] === 'double' || isTime(args[1]!) ? 'doubleVec' : new CallProblem(`the second argument must be an end (timestamp or timeinterval) or a percent (double), not a ${args[1]}`, 1);
      if (!isTime(args[1]!)) return new CallProblem(`end must be a timestamp or a timeinterval, not a ${args[1]}`, 1);
      return args[2] === 'double' ? 'doubleVec' : new CallProblem(`percent must be a double, not a ${args[2]}`, 2);
    }
    case 'GetSamplePercent': {
      if (args.length < 1 || args.length > 2) return new CallProblem(`GetSamplePercent takes 1 or 2 arguments (start [, end]), not ${args.length}`);
      const bad = args.findIndex((t) => !isTime(t));
      return bad >= 0 ? new CallProblem(`${bad === 0 ? 'start' : 'end'} must be a timestamp or a timeinterval, not a ${args[bad]}`, bad) : 'double';
    }
    case 'GetSamplePeriod':
    case 'Count':
    case 'HistoryBeginTime':
      if (args.length > 0) return new CallProblem(`${name} takes no argument, not ${args.length}`);
      return name === 'GetSamplePeriod' ? 'timeinterval' : name === 'Count' ? 'double' : 'timestamp';
    default:
      return new CallProblem(`unknown method '${name}' of a sampled variable: one of ${SAMPLE_METHODS.join(', ')}`);
  }
}

/** `args` passed checkSampleMethod. `measured`: whether troupe measures the variable. */
export function callSampleMethod(variable: string, measured: boolean, name: string, args: Value[], env: FormulaEnvironment, series: SampleSeries): Value {
  const note = measured ? `${variable} has no samples in that window yet` : `troupe does not measure ${variable}: it has no samples`;
  switch (name) {
    case 'GetSample': {
      if (args.length === 1 && args[0]!.type === 'double') {
        const n = args[0]!.value;
        if (!Number.isInteger(n) || n < 1) throw new CallProblem(`n must be a whole number >= 1, not ${n}`, 0);
        const values = series.last(n);
        return doubleVec(values, values.length === 0 ? note : undefined);
      }
      const from = instant(args[0]!, env.now);
      const withEnd = args.length >= 2 && args[1]!.type !== 'double';
      const to = withEnd ? instant(args[1]!, env.now) : env.now;
      const percentArg = args.length === 3 ? args[2] : args.length === 2 && !withEnd ? args[1] : undefined;
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      const values = series.between(lo, hi);
      if (percentArg) {
        const wanted = (percentArg as { value: number }).value;
        if (!(wanted >= 0 && wanted <= 100)) throw new CallProblem(`percent must be 0..100, not ${wanted}`, args.length - 1);
        const held = samplePercent(values.length, hi - lo, env.samplePeriodMs);
        if (held < wanted) {
          throw new CallProblem(`${variable} holds ${round(held)}% of the samples of the window (${values.length} of ${expectedSamples(hi - lo, env.samplePeriodMs)}), ${wanted}% required${measured ? '' : `: ${note}`}`);
        }
      }
      return doubleVec(values, values.length === 0 ? note : undefined);
    }
    case 'GetSamplePercent': {
      const from = instant(args[0]!, env.now);
      const to = args.length === 2 ? instant(args[1]!, env.now) : env.now;
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      return double(samplePercent(series.between(lo, hi).length, hi - lo, env.samplePeriodMs));
    }
    case 'GetSamplePeriod':
      return interval(env.samplePeriodMs);
    case 'Count':
      return double(series.count());
    default: {
      const oldest = series.oldestTime();
      if (oldest === undefined) throw new CallProblem(`HistoryBeginTime() of a history with no samples (${note})`);
      return timestamp(oldest);
    }
  }
}

/** A timestamp as it is, a timeinterval counted back from now. */
function instant(v: Value, now: number): number {
  return v.type === 'timestamp' ? v.ms : now - (v as { ms: number }).ms;
}

/** How many samples a window of this length should hold (at least one). */
export function expectedSamples(windowMs: number, periodMs: number): number {
  return Math.max(1, Math.floor(windowMs / periodMs));
}

export function samplePercent(held: number, windowMs: number, periodMs: number): number {
  return Math.min(100, (100 * held) / expectedSamples(windowMs, periodMs));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
