// The tokens of Azure Batch's $filter (its OData subset): property paths (`executionInfo/exitCode`),
// string literals in single quotes ('' is a quote), numbers, datetime literals as Azure writes
// them (`datetime'2024-01-01T00:00:00Z'`, or bare ISO 8601 as OData v4 does), true/false/null,
// parentheses, commas. Operators (eq, and, not, ...) are words: the parser tells them apart from
// property names. Every token keeps its position (0-based offset) for the errors.
import { TroupeError } from '../../protocol/errors.ts';

export type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'datetime'; value: number; text: string; at: number }
  | { kind: '(' | ')' | ','; at: number }
  | { kind: 'end'; at: number };

/** Longer filters are refused (Azure Batch's URLs cap them too): a parse stays cheap. */
export const MAX_FILTER_LENGTH = 4096;

/** A filter (or select) that cannot be understood: INVALID_ARGUMENT naming where. */
export class FilterSyntaxError extends TroupeError {
  override name = 'FilterSyntaxError';
  constructor(field: 'filter' | 'select' | 'taskSelect', rule: string, at?: number) {
    super('INVALID_ARGUMENT', `${field}: ${rule}${at === undefined ? '' : ` at ${at}`}`);
  }
}

const WORD_START = /[A-Za-z_]/;
const WORD = /[A-Za-z0-9_/]/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;

export function tokenize(source: string): Token[] {
  if (source.length > MAX_FILTER_LENGTH) throw new FilterSyntaxError('filter', `is longer than ${MAX_FILTER_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const at = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, at });
      i++;
    } else if (c === "'") {
      const { value, end } = readQuoted(source, i);
      tokens.push({ kind: 'string', value, at });
      i = end;
    } else if (/[0-9-]/.test(c)) {
      const rest = source.slice(i);
      const date = ISO_DATETIME.exec(rest);
      if (date) {
        tokens.push({ kind: 'datetime', value: parseDate(date[0], at), text: date[0], at });
        i += date[0].length;
        continue;
      }
      const num = NUMBER.exec(rest);
      if (!num) throw new FilterSyntaxError('filter', `unexpected '${c}'`, at);
      tokens.push({ kind: 'number', value: Number(num[0]), text: num[0], at });
      i += num[0].length;
      if (i < source.length && WORD.test(source[i]!)) throw new FilterSyntaxError('filter', `malformed number '${source.slice(at, i + 1)}'`, at);
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < source.length && WORD.test(source[end]!)) end++;
      const text = source.slice(i, end);
      // datetime'...' (OData v3, as Azure Batch's documentation writes it)
      if (text.toLowerCase() === 'datetime' && source[end] === "'") {
        const { value, end: after } = readQuoted(source, end);
        tokens.push({ kind: 'datetime', value: parseDate(value, end + 1), text: value, at });
        i = after;
        continue;
      }
      tokens.push({ kind: 'word', text, at });
      i = end;
    } else {
      throw new FilterSyntaxError('filter', `unexpected '${c}'`, at);
    }
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}

/** A quoted string from the quote at `start`; '' inside is one quote. */
function readQuoted(source: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const q = source.indexOf("'", i);
    if (q < 0) throw new FilterSyntaxError('filter', 'unterminated string literal', start);
    value += source.slice(i, q);
    if (source[q + 1] === "'") {
      value += "'";
      i = q + 2;
      continue;
    }
    return { value, end: q + 1 };
  }
}

export function parseDate(text: string, at: number): number {
  const ms = ISO_DATETIME.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new FilterSyntaxError('filter', `malformed datetime '${text}' (write 2024-01-31T12:00:00Z)`, at);
  return ms;
}
