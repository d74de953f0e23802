// Evaluating autoscale formulas against fixed environments: values, time arithmetic, sample
// windows and percentages, unmeasured variables, targets, stop(), and each evaluation error's
// position.
import test from 'ava';
import { compileFormula, evaluateFormula, type Evaluation, type FormulaEnvironment } from '../../src/coordinator/autoscale/formula/formula.ts';
import { SampleRing } from '../../src/coordinator/autoscale/samples/sample-ring.ts';
import { EMPTY_SERIES } from '../../src/coordinator/autoscale/formula/formula-environment.ts';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const PERIOD = 5000;

/** An environment where $PendingTasks was sampled every 5 s for `history` ms with the values
 *  `values` (oldest first, the last one now), and the other task variables are as given. */
function env(opts: { pending?: number[]; current?: Record<string, number>; targets?: Partial<FormulaEnvironment['targets']> } = {}): FormulaEnvironment {
  const ring = new SampleRing(1000);
  const pending = opts.pending ?? [];
  pending.forEach((v, i) => ring.push(NOW - (pending.length - 1 - i) * PERIOD, v));
  const current: Record<string, number> = { $PendingTasks: pending.at(-1) ?? 0, $ActiveTasks: 0, $CurrentDedicatedNodes: 0, ...opts.current };
  return {
    now: NOW,
    samplePeriodMs: PERIOD,
    current: (v) => current[v],
    series: (v) => (v === '$PendingTasks' ? ring : EMPTY_SERIES),
    targets: { dedicated: 0, lowPriority: 0, deallocation: 'requeue', ...opts.targets },
    random: () => 0.25,
  };
}

function run(text: string, environment = env()): Evaluation {
  const compiled = compileFormula(text);
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('\n'));
  return evaluateFormula(compiled.checked, environment);
}

function value(text: string, name = '$x', environment = env()): string {
  const result = run(text, environment);
  if (result.error) throw result.error;
  return result.values.find((v) => v.name === name)!.value;
}

test('arithmetic, comparisons and logic on doubles (1 is true, 0 is false)', (t) => {
  t.is(value('$x = 1 + 2 * 3 - 4 / 2;'), '5');
  t.is(value('$x = -(2 - 5);'), '3');
  t.is(value('$x = 0.1 + 0.2;'), '0.3');
  t.is(value('$x = 3 > 2;'), '1');
  t.is(value('$x = 3 <= 2;'), '0');
  t.is(value('$x = 2 == 2 && 1 != 1;'), '0');
  t.is(value('$x = 0 || 5;'), '1');
  t.is(value('$x = !0 + !7;'), '1');
  t.is(value('$x = 1 ? 10 : 20;'), '10');
  t.is(value('$x = 0 ? 10 : 1 ? 30 : 40;'), '30');
  t.is(value('$x = "a" == "a";'), '1');
  t.is(value('$x = 1.5e2;'), '150');
});

test('only the branch taken of ? : is evaluated', (t) => {
  t.is(value('$x = 1 ? 2 : 1 / 0;'), '2');
  t.is(value('$x = 0 ? val($PendingTasks.GetSample(1), 9) : 4;', '$x', env({ pending: [1] })), '4');
});

test('functions', (t) => {
  t.is(value('$x = avg(1, 2, 3, 6);'), '3');
  t.is(value('$x = min(4, 2, 8);'), '2');
  t.is(value('$x = max(4, 2, 8);'), '8');
  t.is(value('$x = sum(4, 2, 8);'), '14');
  t.is(value('$x = range(4, 2, 8);'), '6');
  t.is(value('$x = count(4, 2, 8);'), '3');
  t.is(value('$x = len(4, 2);'), '2');
  t.is(value('$x = norm(3, 4);'), '5');
  t.is(value('$x = std(2, 4, 4, 4, 5, 5, 7, 9);'), '2.1380899353');
  t.is(value('$x = std(5);'), '0');
  t.is(value('$x = lg(8);'), '3');
  t.is(value('$x = ln(1);'), '0');
  t.is(value('$x = log(1000);'), '3');
  t.is(value('$x = ceil(1.2) + floor(1.8) + round(2.5);'), '6');
  t.is(value('$x = lg($PendingTasks.GetSample(2));', '$x', env({ pending: [2, 4] })), '[1, 2]');
  t.is(value('$x = percentile($PendingTasks.GetSample(5), 50);', '$x', env({ pending: [5, 1, 4, 2, 3] })), '3');
  t.is(value('$x = percentile($PendingTasks.GetSample(4), 90);', '$x', env({ pending: [10, 20, 30, 40] })), '37');
  t.is(value('$x = val($PendingTasks.GetSample(3), 1);', '$x', env({ pending: [7, 8, 9] })), '8');
  t.is(value('$x = rand();'), '0.25');
  t.is(value('$x = time("2026-01-31T12:00:00Z");'), '2026-01-31T12:00:00.000Z');
  t.is(value('$x = time();'), '2026-12-02T12:00:00.000Z');
  t.is(value('$x = time("");'), '2026-12-02T12:00:00.000Z');
  // A doubleVecList mixes doubles and vectors.
  t.is(value('$x = sum(1, $PendingTasks.GetSample(2), 10);', '$x', env({ pending: [3, 4] })), '18');
});

test('vectors: arithmetic element by element, with a double or a vector of the same length', (t) => {
  const e = env({ pending: [1, 2, 3] });
  t.is(value('$x = $PendingTasks.GetSample(3) * 2;', '$x', e), '[2, 4, 6]');
  t.is(value('$x = 10 - $PendingTasks.GetSample(3);', '$x', e), '[9, 8, 7]');
  t.is(value('$x = $PendingTasks.GetSample(3) + $PendingTasks.GetSample(3);', '$x', e), '[2, 4, 6]');
  t.is(value('$x = -$PendingTasks.GetSample(2);', '$x', e), '[-2, -3]');
  const r = run('$x = $PendingTasks.GetSample(3) + $PendingTasks.GetSample(2);', e);
  t.is(r.error?.message, "1:33: '+' of doubleVecs of different lengths (3 and 2)");
});

test('time: intervals, timestamps and their arithmetic', (t) => {
  t.is(value('$x = TimeInterval_Minute * 5;'), 'PT5M');
  t.is(value('$x = 2 * TimeInterval_Hour + TimeInterval_Second / 2;'), 'PT2H0.5S');
  t.is(value('$x = TimeInterval_Week - TimeInterval_Day;'), 'P6D');
  t.is(value('$x = TimeInterval_Hour / TimeInterval_Minute;'), '60');
  t.is(value('$x = TimeInterval_Zero;'), 'PT0S');
  t.is(value('$x = -TimeInterval_Minute;'), '-PT1M');
  t.is(value('$x = time() - TimeInterval_Day;'), '2026-12-01T12:00:00.000Z');
  t.is(value('$x = TimeInterval_Hour + time("2026-01-01T00:00:00Z");'), '2026-01-01T01:00:00.000Z');
  t.is(value('$x = time() - time("2026-12-01T12:00:00Z");'), 'P1D');
  t.is(value('$x = TimeInterval_Minute < TimeInterval_Hour;'), '1');
  t.is(value('$x = time("2026-01-01") < time();'), '1');
  t.is(value('$x = TimeInterval_Millisecond * 1500;'), 'PT1.5S');
});

test('a sampled variable used as a value is its value now', (t) => {
  const e = env({ pending: [1, 5], current: { $PendingTasks: 7, $CurrentDedicatedNodes: 2 } });
  t.is(value('$x = $PendingTasks + $CurrentDedicatedNodes;', '$x', e), '9');
  t.is(value('$x = max($PendingTasks, 3);', '$x', e), '7');
});

test('GetSample(n): the last n samples, oldest first', (t) => {
  const e = env({ pending: [1, 2, 3, 4, 5] });
  t.is(value('$x = $PendingTasks.GetSample(1);', '$x', e), '[5]');
  t.is(value('$x = $PendingTasks.GetSample(3);', '$x', e), '[3, 4, 5]');
  t.is(value('$x = $PendingTasks.GetSample(50);', '$x', e), '[1, 2, 3, 4, 5]');
  t.is(run('$x = $PendingTasks.GetSample(0);', e).error?.message, '1:30: n must be a whole number >= 1, not 0');
  t.is(run('$x = $PendingTasks.GetSample(1.5);', e).error?.message, '1:30: n must be a whole number >= 1, not 1.5');
});

test('GetSample(start[, end]): windows counted back from now, or between timestamps', (t) => {
  // Samples at now-20s .. now: 1 2 3 4 5.
  const e = env({ pending: [1, 2, 3, 4, 5] });
  t.is(value('$x = $PendingTasks.GetSample(TimeInterval_Second * 10);', '$x', e), '[3, 4, 5]');
  t.is(value('$x = $PendingTasks.GetSample(TimeInterval_Second * 15, TimeInterval_Second * 5);', '$x', e), '[2, 3, 4]');
  // The order of the two bounds does not matter (Azure's examples write them both ways).
  t.is(value('$x = $PendingTasks.GetSample(TimeInterval_Second * 5, TimeInterval_Second * 15);', '$x', e), '[2, 3, 4]');
  t.is(value('$x = $PendingTasks.GetSample(time() - TimeInterval_Second * 5);', '$x', e), '[4, 5]');
  t.is(value('$x = $PendingTasks.GetSample(time() - 20 * TimeInterval_Second, time() - 15 * TimeInterval_Second);', '$x', e), '[1, 2]');
  t.is(value('$x = $PendingTasks.GetSample(TimeInterval_Hour * 2, TimeInterval_Hour);', '$x', e), '[]');
  t.is(value('$x = $PendingTasks.Count();', '$x', e), '5');
  t.is(value('$x = $PendingTasks.GetSamplePeriod();', '$x', e), 'PT5S');
  t.is(value('$x = $PendingTasks.HistoryBeginTime();', '$x', e), '2026-12-02T11:59:40.000Z');
});

test('sample percentages: GetSamplePercent, and GetSample refusing a window too empty', (t) => {
  // 5 samples over the last 20 s, sampled every 5 s.
  const e = env({ pending: [1, 2, 3, 4, 5] });
  t.is(value('$x = $PendingTasks.GetSamplePercent(TimeInterval_Second * 20);', '$x', e), '100');
  t.is(value('$x = $PendingTasks.GetSamplePercent(TimeInterval_Second * 50);', '$x', e), '50');
  t.is(value('$x = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 10, TimeInterval_Minute * 5);', '$x', e), '0');
  t.is(value('$x = $PendingTasks.GetSample(TimeInterval_Second * 50, 50);', '$x', e), '[1, 2, 3, 4, 5]');
  const refused = run('$x = $PendingTasks.GetSample(TimeInterval_Second * 50, 60);', e);
  t.is(refused.error?.message, '1:20: $PendingTasks holds 50% of the samples of the window (5 of 10), 60% required');
  t.is(refused.targets, undefined);
  const windowed = run('$x = $PendingTasks.GetSample(TimeInterval_Minute, TimeInterval_Second * 30, 70);', e);
  t.is(windowed.error?.message, '1:20: $PendingTasks holds 0% of the samples of the window (0 of 6), 70% required');
  t.is(run('$x = $PendingTasks.GetSample(TimeInterval_Minute, 101);', e).error?.message, '1:51: percent must be 0..100, not 101');
});

test('a variable troupe does not measure: an empty sample, and a clear error where a value is needed', (t) => {
  t.is(value('$x = $CPUPercent.GetSample(TimeInterval_Minute);'), '[]');
  t.is(value('$x = $CPUPercent.Count();'), '0');
  t.is(value('$x = $CPUPercent.GetSamplePercent(TimeInterval_Minute);'), '0');
  t.is(run('$x = $CPUPercent + 1;').error?.message, '1:6: troupe does not measure $CPUPercent: it has no value (it is an empty sample; GetSample returns no values)');
  t.is(run('$x = avg($CPUPercent.GetSample(TimeInterval_Minute));').error?.message, '1:6: avg() of no values (troupe does not measure $CPUPercent: it has no samples)');
  t.is(run('$x = max($MemoryBytes.GetSample(1));').error?.message, '1:6: max() of no values (troupe does not measure $MemoryBytes: it has no samples)');
  t.is(run('$x = $CPUPercent.GetSample(TimeInterval_Minute, 10);').error?.message, '1:18: $CPUPercent holds 0% of the samples of the window (0 of 12), 10% required: troupe does not measure $CPUPercent: it has no samples');
  t.is(run('$x = $CPUPercent.HistoryBeginTime();').error?.message, '1:18: HistoryBeginTime() of a history with no samples (troupe does not measure $CPUPercent: it has no samples)');
  t.is(run('$x = val($DiskBytes.GetSample(1), 0);').error?.message, '1:35: index 0 is outside the vector (0 elements: troupe does not measure $DiskBytes: it has no samples; indexes start at 0)');
  // A measured one with no samples yet says so.
  t.is(run('$x = avg($PendingTasks.GetSample(TimeInterval_Minute));').error?.message, '1:6: avg() of no values ($PendingTasks has no samples in that window yet)');
});

test('evaluation errors name their position', (t) => {
  t.is(run('$a = 1;\n$x = 4 / ($a - 1);').error?.message, '2:8: division by zero');
  t.is(run('$x = TimeInterval_Hour / 0;').error?.message, '1:24: division by zero');
  t.is(run('$x = percentile($PendingTasks.GetSample(1), 120);', env({ pending: [1] })).error?.message, '1:45: p must be 0..100, not 120');
  t.is(run('$x = val($PendingTasks.GetSample(2), 2);', env({ pending: [1, 2] })).error?.message, '1:38: index 2 is outside the vector (2 elements; indexes start at 0)');
  t.is(run('$s = "tomorrow";\n$x = time($s);').error?.message, "2:11: 'tomorrow' is not a date and time (ISO 8601: 2026-01-31T12:00:00Z)");
  t.is(run('$x = time("2026-13-45");').error?.message, "1:11: '2026-13-45' is not a date and time (ISO 8601: 2026-01-31T12:00:00Z)");
  const e = run('$x = 1;\n$y = 1 / 0;\n$z = 3;');
  t.is(e.error?.stage, 'evaluation');
  t.deepEqual(e.error?.at, { line: 2, column: 8 });
  // The values set before the error are kept for the report; the later ones were never set.
  t.deepEqual(e.values.map((v) => v.name), ['$TargetDedicatedNodes', '$TargetLowPriorityNodes', '$NodeDeallocationOption', '$x']);
});

test('targets: set, rounded, kept when not set, refused out of range; the deallocation option', (t) => {
  const kept = run('$x = 1;', env({ targets: { dedicated: 3, lowPriority: 2, deallocation: 'terminate' } }));
  t.deepEqual(kept.targets, { dedicated: 3, lowPriority: 2, deallocation: 'terminate' });
  const set = run('$TargetDedicatedNodes = 2.5; $TargetLowPriorityNodes = 1.4; $NodeDeallocationOption = "taskcompletion";');
  t.deepEqual(set.targets, { dedicated: 3, lowPriority: 1, deallocation: 'taskcompletion' });
  t.deepEqual(set.values.slice(0, 3), [
    { name: '$TargetDedicatedNodes', value: '2.5' },
    { name: '$TargetLowPriorityNodes', value: '1.4' },
    { name: '$NodeDeallocationOption', value: 'taskcompletion' },
  ]);
  t.is(run('$TargetDedicatedNodes = $TargetDedicatedNodes + 1;', env({ targets: { dedicated: 4 } })).targets?.dedicated, 5);
  const negative = run('$TargetDedicatedNodes = 2 - 5;');
  t.is(negative.error?.message, "1:25: '$TargetDedicatedNodes' must be 0..100000, not -3");
  t.is(negative.targets, undefined);
  t.is(run('$TargetLowPriorityNodes = 1e6;').error?.message, "1:27: '$TargetLowPriorityNodes' must be 0..100000, not 1000000");
  t.is(run('$o = "drain"; $NodeDeallocationOption = $o;').error?.message, "1:41: '$NodeDeallocationOption' must be one of requeue, terminate, taskcompletion, retaineddata, not \"drain\"");
});

test('the typical demand formula follows $PendingTasks', (t) => {
  const formula = '$samples = $PendingTasks.GetSample(TimeInterval_Second * 15);\n$TargetDedicatedNodes = min(4, max($samples) / 2);';
  t.is(run(formula, env({ pending: [0, 0, 0, 0] })).targets?.dedicated, 0);
  t.is(run(formula, env({ pending: [0, 0, 3, 5] })).targets?.dedicated, 3);
  t.is(run(formula, env({ pending: [9, 9, 9, 20] })).targets?.dedicated, 4);
});

test('stop() ends the evaluation: the targets set before it hold, no error', (t) => {
  const r = run('$TargetDedicatedNodes = 2; $z = stop(); $TargetDedicatedNodes = 9;');
  t.true(r.stopped);
  t.is(r.error, undefined);
  t.is(r.targets?.dedicated, 2);
  t.false(run('$TargetDedicatedNodes = 2;').stopped);
});

test('user variables without $ (as Azure Batch allows) and re-assignment', (t) => {
  t.is(value('n = 2; n = n * 3; $x = n;'), '6');
  t.is(value('$x = 1; $x = $x + 1;'), '2');
});

test('a formula with check errors is never evaluated', (t) => {
  const compiled = compileFormula('$x = $nope;');
  t.false(compiled.ok);
});
