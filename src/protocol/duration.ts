// Durations as users write them ("30s", "5m", "1h30m", "250ms", "2d") or as Azure Batch writes them
// (ISO 8601: "PT30S", "P1DT2H", "PT0.5S"), resolved once to milliseconds at validation time.
import { InvalidArgumentError } from './errors.ts';

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
/** The longest duration troupe accepts anywhere. */
export const MAX_DURATION_MS = 365 * MS_PER_DAY;

export const DURATION_RULE = 'must be a duration such as "30s", "5m", "1h30m" or ISO 8601 "PT30S"';

/** Longer texts are refused before any parsing: no real duration needs them. */
const MAX_TEXT_LENGTH = 64;

const NUMBER = String.raw`\d+(?:\.\d+)?`;
/** Compact form: one or more <number><unit>, units in decreasing size, each at most once. */
const COMPACT = new RegExp(`^(?:${NUMBER}(?:ms|d|h|m|s))+$`);
const COMPACT_PART = new RegExp(`(${NUMBER})(ms|d|h|m|s)`, 'g');
const COMPACT_UNITS: Record<string, number> = {
  d: MS_PER_DAY,
  h: MS_PER_HOUR,
  m: MS_PER_MINUTE,
  s: MS_PER_SECOND,
  ms: 1,
};

/**
 * ISO 8601 duration without years and months (their length depends on the calendar):
 * P[nW][nD][T[nH][nM][nS]]. A decimal fraction ("." or ",") is allowed on the last component only.
 */
const ISO_NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const ISO = new RegExp(
  `^P(?!$)(?:${ISO_NUMBER}W)?(?:${ISO_NUMBER}D)?(?:T(?=\\d)(?:${ISO_NUMBER}H)?(?:${ISO_NUMBER}M)?(?:${ISO_NUMBER}S)?)?$`,
);
const ISO_FACTORS = [7 * MS_PER_DAY, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND];

/**
 * Parses a duration into whole milliseconds (rounded to the nearest). "" means "not set" and gives
 * undefined. Anything else must be greater than zero and at most 365 days.
 */
export function parseDuration(text: string, field: string): number | undefined {
  if (text === '' || text === undefined || text === null) return undefined;
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH) {
    throw new InvalidArgumentError(field, DURATION_RULE);
  }
  const ms = text.startsWith('P') ? parseIso(text) : parseCompact(text);
  if (ms === undefined) throw new InvalidArgumentError(field, DURATION_RULE);
  const rounded = Math.round(ms);
  if (!(rounded > 0)) throw new InvalidArgumentError(field, 'must be longer than 0 (at least 1ms)');
  if (rounded > MAX_DURATION_MS) throw new InvalidArgumentError(field, 'must be at most 365 days');
  return rounded;
}

function parseCompact(text: string): number | undefined {
  if (!COMPACT.test(text)) return undefined;
  let total = 0;
  let previousSize = Infinity;
  for (const [, amount, unit] of text.matchAll(COMPACT_PART)) {
    const size = COMPACT_UNITS[unit!]!;
    // "30s1h" and "5m5m" are refused: units go from the largest to the smallest, once each.
    if (size >= previousSize) return undefined;
    previousSize = size;
    total += Number(amount) * size;
  }
  return total;
}

function parseIso(text: string): number | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const parts = match.slice(1);
  let last = -1;
  parts.forEach((p, i) => {
    if (p !== undefined) last = i;
  });
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === undefined) continue;
    const fractional = p.includes('.') || p.includes(',');
    if (fractional && i !== last) return undefined;
    total += Number(p.replace(',', '.')) * ISO_FACTORS[i]!;
  }
  return total;
}

/**
 * Milliseconds as a compact duration that parseDuration reads back: 90000 -> "1m30s",
 * 250 -> "250ms", 0 -> "0s". Fractions of a millisecond are rounded.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`formatDuration: not a finite number: ${ms}`);
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  let out = ms < 0 ? '-' : '';
  for (const [unit, size] of Object.entries(COMPACT_UNITS)) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
