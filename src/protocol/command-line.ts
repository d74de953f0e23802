// Task command lines, as Azure Batch runs them: NOT through a shell. The text is split into the
// program and its arguments with POSIX-like quoting, and nothing else happens: no variable
// expansion ($HOME stays "$HOME"), no globbing, no pipes or redirections (|, > are plain
// characters). Who wants a shell writes `/bin/sh -c '...'`.
//
//   'single'   everything literal up to the next '
//   "double"   literal, except that a backslash escapes \ " $ ` (and removes a newline)
//   \x         outside quotes: x literally (backslash + newline is removed: a continuation)
//   blanks     space, tab, newline, CR, VT, FF separate arguments
import { InvalidArgumentError } from './errors.ts';

const BLANKS = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['\\', '"', '$', '`']);

// The characters that end a run of ordinary ones (a BLANKS change must be made here too).
const UNQUOTED_SPECIAL = /[ \t\n\r\v\f'"\\]/g;
const IN_DOUBLE_QUOTES_SPECIAL = /["\\]/g;

/** Where the run of ordinary characters from `i` ends (the first of `special`, or the end).
 *  Words are built a run at a time, not a character at a time: a string grown by one character
 *  8,000 times is a rope of 8,000 pieces, and every later write of it (msgpackr's utf8Write of
 *  the stored record) walked them all: 7,000 tasks of 8 KB spent 3.9 s there, stalling the
 *  coordinator. */
function endOfRun(text: string, i: number, special: RegExp): number {
  special.lastIndex = i;
  return special.test(text) ? special.lastIndex - 1 : text.length;
}

/** Splits a command line into argv. Throws InvalidArgumentError(field, ...) when it cannot. */
export function parseCommandLine(text: string, field: string): string[] {
  if (typeof text !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  if (text.includes('\0')) throw new InvalidArgumentError(field, 'must not contain a NUL character');

  const argv: string[] = [];
  const n = text.length;
  let word = '';
  // A word exists once anything was written, even '' (an empty argument).
  let inWord = false;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new InvalidArgumentError(field, 'has an unterminated quote');
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= n) throw new InvalidArgumentError(field, 'has an unterminated quote');
        const run = endOfRun(text, i, IN_DOUBLE_QUOTES_SPECIAL);
        if (run > i) {
          word += text.slice(i, run);
          i = run;
          continue;
        }
        const d = text[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1]!;
          if (e === '\n') {
            i += 2;
            continue;
          }
          if (ESCAPABLE_IN_DOUBLE_QUOTES.has(e)) {
            word += e;
            i += 2;
            continue;
          }
        }
        word += d;
        i++;
      }
    } else if (c === '\\') {
      if (i + 1 >= n) throw new InvalidArgumentError(field, 'ends with a backslash that escapes nothing');
      const e = text[i + 1]!;
      i += 2;
      if (e === '\n') continue;
      word += e;
      inWord = true;
    } else if (BLANKS.has(c)) {
      if (inWord) {
        argv.push(word);
        word = '';
        inWord = false;
      }
      i++;
    } else {
      const run = endOfRun(text, i + 1, UNQUOTED_SPECIAL);
      word += text.slice(i, run);
      inWord = true;
      i = run;
    }
  }
  if (inWord) argv.push(word);
  if (argv.length === 0) throw new InvalidArgumentError(field, 'must not be empty');
  return argv;
}

/** Arguments made of these characters only are written as they are. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument, quoted with single quotes when it needs it ('' for the empty string). */
export function quoteArg(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * The inverse of parseCommandLine: parseCommandLine(quoteCommandLine(argv)) deep-equals argv for
 * any non-empty argv whose strings contain no NUL character.
 */
export function quoteCommandLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
