import test, { type ExecutionContext } from 'ava';
import {
  DURATION_RULE,
  formatDuration,
  MAX_DURATION_MS,
  parseDuration,
} from '../../src/protocol/duration.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import { prng } from '../helpers/prng.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;


function rejects(t: ExecutionContext, text: unknown, rule: string = DURATION_RULE): void {
  const err = t.throws<InvalidArgumentError>(() => parseDuration(text as string, 'job.constraints.maxWallClockTime'), {
    instanceOf: InvalidArgumentError,
  });
  const shown = typeof text === 'string' ? JSON.stringify(text) : String(text);
  t.is(err.field, 'job.constraints.maxWallClockTime', `for ${shown}`);
  t.is(err.message, `job.constraints.maxWallClockTime ${rule}`, `for ${shown}`);
  t.is(err.code, 'INVALID_ARGUMENT');
}

test('empty string means not set', (t) => {
  t.is(parseDuration('', 'f'), undefined);
});

test('compact durations', (t) => {
  const cases: Array<[string, number]> = [
    ['250ms', 250],
    ['1ms', 1],
    ['30s', 30 * S],
    ['5m', 5 * M],
    ['1h', H],
    ['1h30m', H + 30 * M],
    ['2d', 2 * D],
    ['1d2h3m4s5ms', D + 2 * H + 3 * M + 4 * S + 5],
    ['1m5ms', M + 5],
    ['90m', 90 * M],
    ['1.5h', 90 * M],
    ['0.5s', 500],
    ['1.1s', 1100],
    ['365d', 365 * D],
    ['8760h', 365 * D],
    ['0d1s', S],
  ];
  for (const [text, ms] of cases) t.is(parseDuration(text, 'f'), ms, text);
});

test('ISO 8601 durations', (t) => {
  const cases: Array<[string, number]> = [
    ['PT30S', 30 * S],
    ['PT0.5S', 500],
    ['PT0,5S', 500],
    ['PT1H30M', H + 30 * M],
    ['P1DT2H', D + 2 * H],
    ['P2D', 2 * D],
    ['P1W', 7 * D],
    ['P1DT2H3M4.005S', D + 2 * H + 3 * M + 4 * S + 5],
    ['PT1.5H', 90 * M],
    ['P365D', 365 * D],
    ['PT0.001S', 1],
  ];
  for (const [text, ms] of cases) t.is(parseDuration(text, 'f'), ms, text);
});

test('malformed durations are refused with the field and the expected forms', (t) => {
  for (const text of [
    '30', 's', 'ms', '5 m', ' 30s', '30s ', '-5s', '+5s', '30S', '30sec', '1e3s', '.5s', '1.s', '1,5s',
    '1h1h', '30s1h', '5m5m', '1ms1s', '1h 30m', 'forever', 'infinity', 'NaN', '∞',
    'P', 'PT', 'P1DT', 'PT5', 'P1Y', 'P1M', 'P1Y2M', 'pt30s', 'Pt30S', '-PT30S', 'PT1.5H30M', 'P1.5DT2H',
    'PT30S ', 'T30S', 'P30S', 'PT30', '1h30', '9'.repeat(100) + 's',
  ]) {
    rejects(t, text);
  }
});

test('a duration must be longer than zero', (t) => {
  for (const text of ['0s', '0ms', '0d0h', 'PT0S', 'P0D', '0.1ms', 'PT0.0001S']) {
    rejects(t, text, 'must be longer than 0 (at least 1ms)');
  }
});

test('a duration is at most 365 days', (t) => {
  t.is(parseDuration('365d', 'f'), MAX_DURATION_MS);
  for (const text of ['366d', '365d1ms', '8761h', 'P366D', 'P53W', '99999999999999999999d', 'PT9999999999H']) {
    rejects(t, text, 'must be at most 365 days');
  }
});

test('values of the wrong JS type are refused, never a TypeError', (t) => {
  for (const value of [30, 0, true, {}, [], ['30s'], Symbol('x'), 30n]) rejects(t, value);
  // Absent (not on the wire) is the same as "".
  t.is(parseDuration(undefined as unknown as string, 'f'), undefined);
  t.is(parseDuration(null as unknown as string, 'f'), undefined);
});

test('formatDuration', (t) => {
  const cases: Array<[number, string]> = [
    [90_000, '1m30s'],
    [0, '0s'],
    [250, '250ms'],
    [1500, '1s500ms'],
    [H, '1h'],
    [H + 30 * M, '1h30m'],
    [2 * D, '2d'],
    [D + H + M + S + 1, '1d1h1m1s1ms'],
    [365 * D, '365d'],
    [-1500, '-1s500ms'],
    [1.4, '1ms'],
    [0.4, '0s'],
  ];
  for (const [ms, text] of cases) t.is(formatDuration(ms), text, String(ms));
  t.throws(() => formatDuration(Number.NaN), { instanceOf: RangeError });
  t.throws(() => formatDuration(Number.POSITIVE_INFINITY), { instanceOf: RangeError });
});

test('formatDuration output parses back to the same milliseconds', (t) => {
  const random = prng(20240607);
  for (let i = 0; i < 5000; i++) {
    // Spread over every magnitude, from 1ms to 365 days.
    const scale = [1, S, M, H, D, MAX_DURATION_MS][Math.floor(random() * 6)]!;
    const ms = Math.max(1, Math.min(MAX_DURATION_MS, Math.floor(random() * scale * 3)));
    t.is(parseDuration(formatDuration(ms), 'f'), ms, `${ms} -> ${formatDuration(ms)}`);
  }
});
