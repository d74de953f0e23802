// The API's int64 fields (byte offsets, lengths and sizes) arrive as decimal strings (the
// generated types use --longs=String) and troupe computes with them as JavaScript numbers, exact
// only up to 2^53 - 1. A larger value is refused, naming the field and the limit, rather than
// rounded to a neighbouring offset: no file troupe serves is anywhere near 8 PiB.
import { InvalidArgumentError } from './errors.ts';

/** The largest int64 troupe reads exactly: 9007199254740991 (2^53 - 1). */
export const MAX_INT64_READ = Number.MAX_SAFE_INTEGER;

/** A non-negative int64 field as a number; absent = 0. */
export function nonNegativeInt64(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  let n: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'string' && /^-?[0-9]{1,20}$/.test(value)) n = Number(value);
  if (n === undefined || n < 0) throw new InvalidArgumentError(field, 'must be a non-negative integer');
  // Compared as text too: Number() of a string rounds 2^53 + 1 down to the unsafe 2^53.
  if (!Number.isSafeInteger(n) || (typeof value === 'string' && BigInt(value) > BigInt(MAX_INT64_READ))) {
    throw new InvalidArgumentError(field, `must be at most ${MAX_INT64_READ} (2^53 - 1, the largest integer troupe reads exactly)`);
  }
  return n;
}
