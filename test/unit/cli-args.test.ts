import test from 'ava';
import { parseCommandArgs, type OptionSpecs } from '../../src/cli/args.ts';
import { UsageError } from '../../src/cli/cli-errors.ts';
import { parseDurationMs } from '../../src/cli/duration.ts';

const SPECS: OptionSpecs = {
  job: { type: 'string', help: '' },
  retries: { type: 'string', help: '' },
  env: { type: 'string', multiple: true, help: '' },
  output: { type: 'string', short: 'o', default: 'table', help: '' },
  verbose: { type: 'boolean', help: '' },
};
const shape = { usage: 'troupe x', allowRest: true, maxPositionals: 1 };

test('words after -- are kept verbatim, even ones that look like options', (t) => {
  const a = parseCommandArgs(['pos', '--job', 'j', '--', 'cmd', '--job', '-o', '--'], SPECS, shape);
  t.is(a.required('job'), 'j');
  t.deepEqual(a.positionals, ['pos']);
  t.deepEqual(a.rest, ['cmd', '--job', '-o', '--']);
});

test('negative numbers are values, not flags', (t) => {
  const a = parseCommandArgs(['--retries', '-1', '-o', 'json'], SPECS, shape);
  t.is(a.integer('retries', { min: -1 }), -1);
  t.is(a.string('output'), 'json');
});

test('defaults apply, repeated options collect, K=V keeps later equals signs', (t) => {
  const a = parseCommandArgs(['--env', 'A=1', '--env', 'B=x=y', '--env', 'C='], SPECS, shape);
  t.is(a.string('output'), 'table');
  t.deepEqual(a.environment(), [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }, { name: 'C', value: '' }]);
  t.false(a.flag('verbose'));
});

test('mistakes become UsageErrors that carry the synopsis', (t) => {
  const cases: [string[], RegExp][] = [
    [['--nope'], /^unknown option --nope$/],
    [['--job'], /^option --job needs a value$/],
    [['-o'], /^option --output needs a value$/],
    [['a', 'b'], /^unexpected argument 'b'$/],
  ];
  for (const [argv, message] of cases) {
    const err = t.throws(() => parseCommandArgs(argv, SPECS, shape), { instanceOf: UsageError });
    t.regex(err!.message, message);
    t.is((err as UsageError).usage, 'troupe x');
  }
  const a = parseCommandArgs(['--retries', '1.5', '--env', 'novalue'], SPECS, shape);
  t.throws(() => a.integer('retries'), { message: "--retries expects an integer, got '1.5'" });
  t.throws(() => a.environment(), { message: "--env expects NAME=VALUE, got 'novalue'" });
  t.throws(() => a.required('job'), { message: 'missing required option --job' });
  t.throws(() => parseCommandArgs(['--', 'x'], SPECS, { usage: 'u' }), { message: /no arguments after '--'/ });
});

test('choice names the allowed values', (t) => {
  const a = parseCommandArgs(['-o', 'yaml'], SPECS, shape);
  t.throws(() => a.choice('output', ['table', 'json']), { message: "--output must be one of table, json, got 'yaml'" });
});

test('durations: compound, ISO 8601, and rejections', (t) => {
  t.is(parseDurationMs('250ms', '--x'), 250);
  t.is(parseDurationMs('30s', '--x'), 30_000);
  t.is(parseDurationMs('1h30m', '--x'), 5_400_000);
  t.is(parseDurationMs('1.5s', '--x'), 1500);
  t.is(parseDurationMs('PT1M30S', '--x'), 90_000);
  for (const bad of ['', '10', 's', '5 m', '1h-2m', 'PT']) {
    t.throws(() => parseDurationMs(bad, '--heartbeat'), { instanceOf: UsageError, message: /^--heartbeat expects a duration/ });
  }
});
