// Durations as people type them ("250ms", "30s", "5m", "1h30m", or ISO 8601 "PT1H30M").
// API commands pass duration strings through untouched (the server validates them); only the
// daemons' own flags (--node-timeout, --heartbeat) need milliseconds here.
import { UsageError } from './cli-errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string, flag: string): number {
  const trimmed = text.trim();
  const iso = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(trimmed);
  if (iso && (iso[1] || iso[2] || iso[3])) {
    const [h, m, s] = [iso[1], iso[2], iso[3]].map((v) => Number(v ?? 0));
    return Math.round(h * UNIT_MS.h + m * UNIT_MS.m + s * UNIT_MS.s);
  }
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    consumed = part.lastIndex;
  }
  if (consumed === 0 || consumed !== trimmed.length) {
    throw new UsageError(`${flag} expects a duration like 500ms, 30s, 5m or 1h30m, got '${text}'`);
  }
  return Math.round(total);
}
