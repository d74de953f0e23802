// The values of the formula language (Azure Batch's types): double, doubleVec, string,
// timestamp, timeinterval, and troupe's `sample`: a sampled service variable ($PendingTasks)
// itself, which is a double (its value now) wherever a value is needed, and has the sample
// methods (GetSample, Count, ...).

export type ValueType = 'double' | 'doubleVec' | 'string' | 'timestamp' | 'timeinterval' | 'sample';

export type Value =
  | { type: 'double'; value: number }
  /** `note`: why it may be empty (the variable it was sampled from is not measured), for the
   *  error of a function that needs a value. */
  | { type: 'doubleVec'; value: number[]; note?: string }
  | { type: 'string'; value: string }
  /** Milliseconds since the epoch. */
  | { type: 'timestamp'; ms: number }
  | { type: 'timeinterval'; ms: number }
  | { type: 'sample'; variable: string };

export const double = (value: number): Value => ({ type: 'double', value });
export const doubleVec = (value: number[], note?: string): Value => (note === undefined ? { type: 'doubleVec', value } : { type: 'doubleVec', value, note });
export const interval = (ms: number): Value => ({ type: 'timeinterval', ms });
export const timestamp = (ms: number): Value => ({ type: 'timestamp', ms });

/** Whether a value of type `actual` may stand where `wanted` is asked (a sample is a double). */
export function fits(actual: ValueType, wanted: ValueType): boolean {
  return actual === wanted || (wanted === 'double' && actual === 'sample');
}

/** The type a value of `t` has once used as a value (a sample is then a double). */
export function asValueType(t: ValueType): ValueType {
  return t === 'sample' ? 'double' : t;
}

/** How a value is shown in an evaluation's results. */
export function formatValue(v: Value): string {
  switch (v.type) {
    case 'double': return formatNumber(v.value);
    case 'doubleVec': return `[${v.value.map(formatNumber).join(', ')}]`;
    case 'string': return v.value;
    case 'timestamp': return new Date(v.ms).toISOString();
    case 'timeinterval': return formatInterval(v.ms);
    case 'sample': return v.variable;
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

/** ISO 8601 (PT5M, PT0.5S), as Azure Batch writes durations. */
export function formatInterval(ms: number): string {
  if (ms === 0) return 'PT0S';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${formatNumber(seconds)}S` : ''}`;
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
