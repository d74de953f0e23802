// Memory sizes as people write them (--max-memory 512M, "2G" in a task file): a whole number of
// MiB, with an optional K, M or G suffix (binary: 1G = 1024 MiB; "MiB", "MB" and lower case are
// the same). A plain number is MiB, as the API field (maxMemoryMib) counts. The server checks the
// range; this only turns text into MiB, or says what is wrong.

const UNIT_KIB: Record<string, number> = { k: 1, m: 1024, g: 1024 * 1024 };

/** MiB, or an error message naming `what` (the flag or field). */
export function parseMemoryMib(text: string, what: string): number | { error: string } {
  const m = /^\s*(\d+)\s*(?:([kmg])(?:i?b)?)?\s*$/i.exec(text);
  const bad = { error: `${what} expects a memory size like 512M, 2G or 65536K (a plain number is MiB), got '${text}'` };
  if (!m) return bad;
  const kib = Number(m[1]) * UNIT_KIB[(m[2] ?? 'm').toLowerCase()]!;
  if (!Number.isSafeInteger(kib)) return bad;
  if (kib % 1024 !== 0) return { error: `${what} must be a whole number of MiB, got '${text}' (${kib} KiB)` };
  return kib / 1024;
}
