// The in-memory form of a record the coordinator keeps packed (a finished task): never stored or
// sent, so it may be as dense as memory wants. Three things make a finished task's 560 stored
// bytes about 130:
// - msgpack records with structures shared by the whole table (the key names of each shape once,
//   not in every record), kept in memory by this codec for as long as it lives;
// - times written by toISOString (24 characters) as msgpack timestamps (10 bytes);
// - canonical UUIDs (36 characters) as 16 bytes.
// Unpacking gives back exactly what was packed: a record that already holds a Date or bytes of
// its own (the folded forms) is written without folding, behind a different first byte.
import { Packr } from 'msgpackr';

const PLAIN = 0;
const FOLDED = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_BYTES = 16;

/** Thrown inside fold() when a value cannot be folded without ambiguity; caught by pack(). */
const UNFOLDABLE = Symbol('unfoldable');

export class PackedRecordCodec {
  /** Shared shapes: every record this codec packed refers to them by id, so they only grow. */
  private readonly packr = new Packr({
    structures: [],
    maxSharedStructures: 8160,
    saveStructures: () => true,
    mapsAsObjects: true,
  });

  /** The packed form, as a first byte and a body that is a view of a buffer the next pack
   *  reuses (copy it before packing again); unpack() reads the two together. */
  pack(value: unknown): [tag: number, body: Uint8Array] {
    let folded: unknown;
    try {
      folded = fold(value);
    } catch (err) {
      if (err !== UNFOLDABLE) throw err;
      return [PLAIN, this.packr.pack(value)];
    }
    return [FOLDED, this.packr.pack(folded)];
  }

  unpack<T>(bytes: Uint8Array): T {
    const value = this.packr.unpack(bytes.subarray(1));
    return (bytes[0] === FOLDED ? unfold(value) : value) as T;
  }
}

function fold(v: unknown): unknown {
  if (typeof v === 'string') return foldString(v);
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Date || ArrayBuffer.isView(v)) throw UNFOLDABLE;
  if (Array.isArray(v)) return v.map(fold);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = fold((v as Record<string, unknown>)[k]);
  return out;
}

function foldString(s: string): unknown {
  if (s.length === 24) {
    const ms = isoTimeMs(s);
    if (ms !== undefined) return new Date(ms);
  }
  if (s.length === 36 && UUID.test(s)) return Buffer.from(s.replaceAll('-', ''), 'hex');
  return s;
}

/** The time of a string toISOString could have written ("2026-12-03T07:14:11.123Z", a year of
 *  four digits), or undefined: then and only then does the Date unfold back to the same string.
 *  Read digit by digit: Date.parse and a toISOString to check were most of a finished task's
 *  packing (8 µs of 13). */
function isoTimeMs(s: string): number | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return undefined; // - - T : : . Z
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const milli = digits(s, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, milli);
  const early = new Date(0); // Date.UTC reads years 0-99 as 1900-1999
  early.setUTCFullYear(year, month - 1, day);
  return early.setUTCHours(hour, minute, second, milli);
}

/** The number of `count` decimal digits at `at`, or -1 if one is not a digit. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function unfold(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v)) return uuidOf(v as Uint8Array);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unfold(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (typeof x === 'object' && x !== null) o[k] = unfold(x);
  }
  return o;
}

function uuidOf(b: Uint8Array): string {
  if (b.length !== UUID_BYTES) throw new Error(`packed record: ${b.length} bytes where a UUID's 16 were folded`);
  const hex = Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
