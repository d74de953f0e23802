import test, { type ExecutionContext } from 'ava';
import { parseCommandLine, quoteArg, quoteCommandLine } from '../../src/protocol/command-line.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import { prng } from '../helpers/prng.ts';

const FIELD = 'tasks[3].commandLine';
const parse = (text: string) => parseCommandLine(text, FIELD);


function rejects(t: ExecutionContext, text: unknown, rule: string): void {
  const err = t.throws<InvalidArgumentError>(() => parseCommandLine(text as string, FIELD), {
    instanceOf: InvalidArgumentError,
  });
  t.is(err.field, FIELD);
  t.is(err.message, `${FIELD} ${rule}`, `for ${typeof text === 'string' ? JSON.stringify(text) : String(text)}`);
}

test('splits on blanks', (t) => {
  t.deepEqual(parse('echo hello world'), ['echo', 'hello', 'world']);
  t.deepEqual(parse('  echo \t hello\n\nworld  '), ['echo', 'hello', 'world']);
  t.deepEqual(parse('a\rb\vc\fd'), ['a', 'b', 'c', 'd']);
  t.deepEqual(parse('python3'), ['python3']);
});

test('non-ASCII blanks are ordinary characters', (t) => {
  t.deepEqual(parse('a\u00a0b c'), ['a\u00a0b', 'c']);
  t.deepEqual(parse('héllo wörld 日本 🎉'), ['héllo', 'wörld', '日本', '🎉']);
});

test('single quotes keep everything literal', (t) => {
  t.deepEqual(parse(`echo 'hello   world'`), ['echo', 'hello   world']);
  t.deepEqual(parse(`echo '\\n \\\\ "x" $HOME \`id\`'`), ['echo', '\\n \\\\ "x" $HOME `id`']);
  t.deepEqual(parse(`echo 'line1\nline2'`), ['echo', 'line1\nline2']);
});

test('double quotes: backslash escapes only \\ " $ ` and newline', (t) => {
  t.deepEqual(parse(`echo "hello   world"`), ['echo', 'hello   world']);
  t.deepEqual(parse(`echo "a\\\\b"`), ['echo', 'a\\b']);
  t.deepEqual(parse(`echo "say \\"hi\\""`), ['echo', 'say "hi"']);
  t.deepEqual(parse(`echo "\\$HOME \\\`id\\\`"`), ['echo', '$HOME `id`']);
  // A backslash before anything else stays.
  t.deepEqual(parse(`echo "a\\nb \\x \\'"`), ['echo', "a\\nb \\x \\'"]);
  // Backslash + newline is removed (a line continuation), a bare newline is kept.
  t.deepEqual(parse(`echo "a\\\nb" "c\nd"`), ['echo', 'ab', 'c\nd']);
  t.deepEqual(parse(`echo "it's"`), ['echo', "it's"]);
});

test('backslash outside quotes escapes the next character', (t) => {
  t.deepEqual(parse('echo a\\ b'), ['echo', 'a b']);
  t.deepEqual(parse(`echo \\'x\\' \\"y\\" \\\\`), ['echo', "'x'", '"y"', '\\']);
  t.deepEqual(parse('echo \\$HOME \\n'), ['echo', '$HOME', 'n']);
  // Backslash + newline continues the line without making an argument.
  t.deepEqual(parse('echo a \\\n b'), ['echo', 'a', 'b']);
  t.deepEqual(parse('echo a\\\nb'), ['echo', 'ab']);
});

test('adjacent quoted and unquoted parts make one argument', (t) => {
  t.deepEqual(parse(`a'b'"c"d\\ e`), ['ab' + 'cd e']);
  t.deepEqual(parse(`--name="my task" -x`), ['--name=my task', '-x']);
});

test('empty quotes make empty arguments', (t) => {
  t.deepEqual(parse(`prog '' "" x`), ['prog', '', '', 'x']);
  t.deepEqual(parse(`prog ''`), ['prog', '']);
});

test('no shell: no expansion, no globbing, no operators', (t) => {
  t.deepEqual(parse('echo $HOME ${PATH} $(id) `id` ~ *.txt a?b [ab]'), [
    'echo', '$HOME', '${PATH}', '$(id)', '`id`', '~', '*.txt', 'a?b', '[ab]',
  ]);
  t.deepEqual(parse('a | b > c && d; e & # comment'), ['a', '|', 'b', '>', 'c', '&&', 'd;', 'e', '&', '#', 'comment']);
  t.deepEqual(parse('FOO=1 prog'), ['FOO=1', 'prog']);
});

test('unterminated quotes are refused', (t) => {
  for (const text of [`echo 'abc`, `echo "abc`, `echo "abc\\"`, `'`, `"`, `echo "it's`, `echo 'say "hi"`]) {
    rejects(t, text, 'has an unterminated quote');
  }
});

test('a trailing lone backslash is refused', (t) => {
  rejects(t, 'echo \\', 'ends with a backslash that escapes nothing');
});

test('empty command lines are refused', (t) => {
  for (const text of ['', ' ', '\t\n  ', '\\\n']) rejects(t, text, 'must not be empty');
});

test('NUL characters are refused', (t) => {
  for (const text of ['echo \0', "echo '\0'", 'echo "a\0b"', '\0']) rejects(t, text, 'must not contain a NUL character');
});

test('values of the wrong JS type are refused, never a TypeError', (t) => {
  for (const value of [42, null, undefined, {}, ['echo'], true]) rejects(t, value, 'must be a string');
});

test('quoteArg quotes only what needs it', (t) => {
  t.is(quoteArg('plain'), 'plain');
  t.is(quoteArg('--opt=a,b:c/d.e@f%g+h_i-j'), '--opt=a,b:c/d.e@f%g+h_i-j');
  t.is(quoteArg(''), "''");
  t.is(quoteArg('a b'), "'a b'");
  t.is(quoteArg("it's"), `'it'\\''s'`);
  t.is(quoteArg('$HOME'), "'$HOME'");
  t.is(quoteArg('*'), "'*'");
  t.is(quoteArg('é'), "'é'");
  t.is(quoteCommandLine(['python3', '-c', 'print("hi")', '']), `python3 -c 'print("hi")' ''`);
});

test('quoted command lines parse back to the same argv', (t) => {
  const fixed: string[][] = [
    ['echo', "it's", 'a "test"', '\\', '\\\\', "'", '"', '$HOME', '`id`'],
    ['prog', '', ' ', '\n', '\t', '\\\n', "''", '""'],
    ['a b', 'c\nd', '🎉 日本', '\u00a0', '#', '~', '*'],
  ];
  for (const argv of fixed) t.deepEqual(parse(quoteCommandLine(argv)), argv);
});

test('random argv round-trip through quoteCommandLine and parseCommandLine', (t) => {
  const random = prng(0x7209e);
  // Every character with a meaning to the parser, plus ordinary and non-ASCII ones.
  const alphabet = [
    ..."'\"\\$`  \t\n\r\v\f#;|&<>*?~=,:./-_@%+!(){}[]",
    ...'abcXYZ019',
    'é', '日', '🎉', '\u00a0', '\u2028',
  ];
  for (let i = 0; i < 3000; i++) {
    const argc = 1 + Math.floor(random() * 8);
    const argv: string[] = [];
    for (let a = 0; a < argc; a++) {
      // Some empty arguments, mostly short ones, a few long ones.
      const len = random() < 0.08 ? 0 : Math.floor(random() * (random() < 0.1 ? 200 : 12));
      let s = '';
      for (let c = 0; c < len; c++) s += alphabet[Math.floor(random() * alphabet.length)];
      argv.push(s);
    }
    const line = quoteCommandLine(argv);
    t.deepEqual(parse(line), argv, `case ${i}: ${JSON.stringify(argv)} -> ${JSON.stringify(line)}`);
  }
});

/** The parser as it was before words were built a run at a time: one character at a time, in
 *  the rules' plainest form. The two must agree on every text, including refused ones. */
function referenceParse(text: string): string[] | string {
  const blanks = ' \t\n\r\v\f';
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return 'has an unterminated quote';
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      for (i++; ; ) {
        if (i >= text.length) return 'has an unterminated quote';
        const d = text[i]!;
        if (d === '"') { i++; break; }
        if (d === '\\' && i + 1 < text.length && text[i + 1] === '\n') { i += 2; continue; }
        if (d === '\\' && i + 1 < text.length && '\\"$`'.includes(text[i + 1]!)) { word += text[i + 1]; i += 2; continue; }
        word += d;
        i++;
      }
    } else if (c === '\\') {
      if (i + 1 >= text.length) return 'ends with a backslash that escapes nothing';
      const e = text[i + 1]!;
      i += 2;
      if (e === '\n') continue;
      word += e;
      inWord = true;
    } else if (blanks.includes(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) argv.push(word);
  return argv.length === 0 ? 'must not be empty' : argv;
}

test('random command lines, valid or not: the same argv or the same refusal as the character-at-a-time rules', (t) => {
  const random = prng(0x5eed);
  const alphabet = [..."'\"\\$`\n \t", ...'ab\\"\\', 'é', '\u00a0'];
  for (let i = 0; i < 5000; i++) {
    const len = Math.floor(random() * (random() < 0.1 ? 400 : 24));
    let text = '';
    for (let c = 0; c < len; c++) text += random() < 0.5 ? 'x' : alphabet[Math.floor(random() * alphabet.length)];
    const expected = referenceParse(text);
    let actual: string[] | string;
    try {
      actual = parse(text);
    } catch (err) {
      actual = (err as InvalidArgumentError).message.slice(FIELD.length + 1);
    }
    t.deepEqual(actual, expected, `case ${i}: ${JSON.stringify(text)}`);
  }
});
