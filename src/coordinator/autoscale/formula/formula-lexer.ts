// Splits a formula into tokens: numbers (`3`, `0.5`, `1e3`), strings (`"requeue"`, with `\"` and
// `\\` escapes), names (`$PendingTasks`, `$x`, `x`, `TimeInterval_Minute`), operators and
// punctuation. `//` starts a comment to the end of the line (Azure's formulas may hold comments).
import type { Position } from './formula-ast.ts';
import { FormulaError } from './formula-error.ts';

export type TokenKind = 'number' | 'string' | 'name' | 'operator' | 'end';

export interface Token {
  kind: TokenKind;
  /** The text (a string token: its value, escapes resolved). */
  text: string;
  at: Position;
}

/** Longest first, so `<=` is not read as `<` then `=`. */
const OPERATORS = ['&&', '||', '<=', '>=', '==', '!=', '+', '-', '*', '/', '<', '>', '=', '!', '?', ':', '(', ')', ',', ';', '.'];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): Position => ({ line, column: i - lineStart + 1 });
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const at = here();
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], at });
      i += match[0].length;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length || text[i] === '\n') throw new FormulaError('syntax', at, 'unterminated string: a string ends with " on the same line');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: value, at });
      continue;
    }
    if (c === '$' || isNameStart(c)) {
      let j = i + 1;
      while (j < text.length && isNamePart(text[j]!)) j++;
      if (c === '$' && j === i + 1) throw new FormulaError('syntax', at, "'$' must be followed by a variable name");
      tokens.push({ kind: 'name', text: text.slice(i, j), at });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new FormulaError('syntax', at, `unexpected character '${c}'`);
    tokens.push({ kind: 'operator', text: op, at });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', at: here() });
  return tokens;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNamePart(c: string): boolean {
  return isNameStart(c) || isDigit(c);
}
