// The autoscale formula language's lexer, parser and checker: what is accepted, and every error's
// line:column and rule.
import test from 'ava';
import { compileFormula } from '../../src/coordinator/autoscale/formula/formula.ts';
import { parseFormula, MAX_FORMULA_LENGTH } from '../../src/coordinator/autoscale/formula/formula-parser.ts';
import { tokenize } from '../../src/coordinator/autoscale/formula/formula-lexer.ts';

/** The errors of a formula, as "line:column: rule". */
function errors(text: string): string[] {
  const compiled = compileFormula(text);
  return compiled.ok ? [] : compiled.errors.map((e) => e.message);
}

function firstError(text: string) {
  const compiled = compileFormula(text);
  if (compiled.ok) throw new Error(`no error for ${text}`);
  return compiled.errors[0]!;
}

test('Azure Batch sample formulas compile', (t) => {
  const formulas = [
    '$TargetDedicatedNodes = min(10, $PendingTasks.GetSample(1));',
    `startingNumberOfVMs = 1;
maxNumberofVMs = 25;
pendingTaskSamplePercent = $PendingTasks.GetSamplePercent(180 * TimeInterval_Second);
pendingTaskSamples = pendingTaskSamplePercent < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(180 * TimeInterval_Second));
$TargetDedicatedNodes = min(maxNumberofVMs, pendingTaskSamples);
$NodeDeallocationOption = taskcompletion == 1 ? "requeue" : "taskcompletion";`.replace('taskcompletion == 1', '1 == 1'),
    'totalNodes=($CPUPercent.GetSamplePercent(TimeInterval_Minute*0,TimeInterval_Minute*10)<0.7?5:(min($CPUPercent.GetSample(TimeInterval_Minute*0, TimeInterval_Minute*10))>0.8?($CurrentDedicatedNodes*1.1):$CurrentDedicatedNodes));$TargetDedicatedNodes=min(100,totalNodes);',
    '$curTime = time(); $workHours = $curTime.hour >= 8;'.replace('$curTime.hour >= 8', '1'),
    '$x = -(3 + 4) * 2 / 7 - !0; $y = $x > 1 && $x <= 10 || !($x != 2); $TargetLowPriorityNodes = $y ? 1 : 0',
    '// a comment\n$TargetDedicatedNodes = 2; // another\n',
    '$NodeDeallocationOption = "retaineddata";',
    '$d = TimeInterval_Hour - TimeInterval_Minute * 30; $n = $d / TimeInterval_Minute; $t = time() - $d; $back = time() - $t;',
    '$v = $RunnableTaskSlots.GetSample(TimeInterval_Minute, 50); $TargetDedicatedNodes = percentile($v, 90) / $TaskSlotsPerNode;',
    '$w = $PendingTasks.GetSample(TimeInterval_Minute * 10, TimeInterval_Minute * 5, 80); $c = $PendingTasks.Count(); $p = $PendingTasks.GetSamplePeriod(); $h = $PendingTasks.HistoryBeginTime();',
    '$a = avg(1, 2, 3); $b = std(1, 2); $c = norm(3, 4); $r = range(1, 5); $s = sum(1); $n = count(1, 2); $l = len(1); $g = lg(8) + ln(1) + log(100); $q = rand(); $v = val($PendingTasks.GetSample(3), 0); $k = ceil(1.2) + floor(1.8) + round(1.5);',
    '$TargetDedicatedNodes = 1; stop(); $TargetDedicatedNodes = 2;'.replace('stop();', '$z = stop();'),
    '$t = time("2026-01-31T12:00:00Z");',
  ];
  for (const f of formulas) t.deepEqual(errors(f), [], f);
});

test('tokens carry line and column', (t) => {
  const tokens = tokenize('$a = 1;\n  $b = "x\\"y";');
  t.deepEqual(tokens.map((k) => [k.kind, k.text, k.at.line, k.at.column]), [
    ['name', '$a', 1, 1], ['operator', '=', 1, 4], ['number', '1', 1, 6], ['operator', ';', 1, 7],
    ['name', '$b', 2, 3], ['operator', '=', 2, 6], ['string', 'x"y', 2, 8], ['operator', ';', 2, 14],
    ['end', '', 2, 15],
  ]);
});

test('every node of the tree has its position', (t) => {
  const f = parseFormula('$x =\n  1 + avg($PendingTasks.GetSample(2)) * 3 ? "a" : "b"');
  const s = f.statements[0]!;
  t.deepEqual(s.at, { line: 1, column: 1 });
  const cond = s.value;
  t.is(cond.kind, 'conditional');
  if (cond.kind !== 'conditional') return;
  t.deepEqual(cond.at, { line: 2, column: 3 });
  t.deepEqual(cond.then.at, { line: 2, column: 45 });
  t.deepEqual(cond.otherwise.at, { line: 2, column: 51 });
  const sum = cond.condition;
  if (sum.kind !== 'binary') return t.fail();
  t.is(sum.operator, '+');
  t.deepEqual(sum.at, { line: 2, column: 5 });
  const product = sum.right;
  if (product.kind !== 'binary') return t.fail();
  t.is(product.operator, '*');
  const call = product.left;
  if (call.kind !== 'call') return t.fail();
  t.deepEqual(call.at, { line: 2, column: 7 });
  const method = call.args[0]!;
  if (method.kind !== 'method') return t.fail();
  t.deepEqual(method.at, { line: 2, column: 25 });
  t.deepEqual(method.target.at, { line: 2, column: 11 });
  t.deepEqual(method.args[0]!.at, { line: 2, column: 35 });
});

test('precedence: * over +, comparisons over &&, && over ||, ? : loosest and right-associative', (t) => {
  const shape = (text: string): string => {
    const show = (e: any): string => {
      switch (e.kind) {
        case 'number': return String(e.value);
        case 'variable': return e.name;
        case 'unary': return `(${e.operator}${show(e.operand)})`;
        case 'binary': return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
        case 'conditional': return `(${show(e.condition)} ? ${show(e.then)} : ${show(e.otherwise)})`;
        default: return e.kind;
      }
    };
    return show(parseFormula(`$x = ${text}`).statements[0]!.value);
  };
  t.is(shape('1 + 2 * 3'), '(1 + (2 * 3))');
  t.is(shape('1 - 2 - 3'), '((1 - 2) - 3)');
  t.is(shape('1 < 2 && 3 >= 4 || 5 == 6'), '((((1 < 2) && (3 >= 4))) || (5 == 6))'.replace('((((1 < 2) && (3 >= 4)))', '(((1 < 2) && (3 >= 4))'));
  t.is(shape('a ? b : c ? d : e'), '(a ? b : (c ? d : e))');
  t.is(shape('-1 * !2'), '((-1) * (!2))');
  t.is(shape('(1 + 2) * 3'), '((1 + 2) * 3)');
});

test('syntax errors name the position and the rule', (t) => {
  const cases: [string, string][] = [
    ['$x = ;', "1:6: expected a value (a number, a string, a variable, a function call or a parenthesis), found ';'"],
    ['$x = 1 +', '1:9: expected a value (a number, a string, a variable, a function call or a parenthesis), found the end of the formula'],
    ['$x 1', "1:4: expected '=' after '$x', found '1'"],
    ['$x = 1 $y = 2', "1:8: expected ';' at the end of the statement, found '$y'"],
    ['$x = (1 + 2', "1:12: expected ')', found the end of the formula"],
    ['$x = 1;\n$y = 2 # 3', "2:8: unexpected character '#'"],
    ['$x = "abc', '1:6: unterminated string: a string ends with " on the same line'],
    ['$x = $ + 1', "1:6: '$' must be followed by a variable name"],
    ['$x = 1 ? 2', "1:11: expected ':' of the '? :' begun before, found the end of the formula"],
    ['$x = avg(1, 2', "1:14: expected ',' or ')' in the argument list, found the end of the formula"],
    ['$x = $PendingTasks.', "1:20: expected a method name after '.' (GetSample, Count, ...), found the end of the formula"],
    ['$x = $PendingTasks.GetSample', "1:29: expected '(' after the method name 'GetSample', found the end of the formula"],
    ['$x = $PendingTasks(1)', "1:6: '$PendingTasks' is a variable, not a function: it cannot be called"],
    ['1 = 2', "1:1: a statement starts with the name of the variable it sets ($x = ...;), found '1'"],
    ['', '1:1: a formula needs at least one statement ($TargetDedicatedNodes = ...;)'],
    [' ;; \n ', '2:2: a formula needs at least one statement ($TargetDedicatedNodes = ...;)'],
    ['$x = 1e999', "1:6: the number '1e999' is out of range"],
  ];
  for (const [text, message] of cases) {
    const e = firstError(text);
    t.is(e.stage, 'syntax', text);
    t.is(e.message, message, text);
  }
});

test('the formula limits of Azure Batch: 8 KB, 100 statements', (t) => {
  t.regex(firstError('$x = 1;'.padEnd(MAX_FORMULA_LENGTH + 1, ' ')).message, /^1:1: a formula is at most 8192 characters/);
  const many = Array.from({ length: 101 }, (_, i) => `$v${i} = ${i};`).join('\n');
  t.is(firstError(many).message, '101:1: a formula has at most 100 statements');
  t.deepEqual(errors(Array.from({ length: 100 }, (_, i) => `$v${i} = ${i};`).join('\n')), []);
});

test('check errors: unknown names, read-only variables, use before set', (t) => {
  t.deepEqual(errors('$TargetDedicatedNodes = $Pending;'), [
    "1:25: unknown variable '$Pending': not a service variable ($PendingTasks, $CurrentDedicatedNodes, ...), not a TimeInterval_* constant, and not set by an earlier statement",
  ]);
  t.deepEqual(errors('$a = $b;\n$b = 1;'), ["1:6: '$b' is used before it is set (at 2:1)"]);
  t.deepEqual(errors('$PendingTasks = 3;'), ["1:1: '$PendingTasks' is read-only: a formula sets $TargetDedicatedNodes, $TargetLowPriorityNodes, $NodeDeallocationOption and its own variables"]);
  t.deepEqual(errors('TimeInterval_Minute = 3;'), ["1:1: 'TimeInterval_Minute' is read-only: a formula sets $TargetDedicatedNodes, $TargetLowPriorityNodes, $NodeDeallocationOption and its own variables"]);
  t.deepEqual(errors('$x = TimeInterval_Fortnight;'), ["1:6: unknown variable 'TimeInterval_Fortnight': not a service variable ($PendingTasks, $CurrentDedicatedNodes, ...), not a TimeInterval_* constant, and not set by an earlier statement"]);
  // Settable variables start as the pool's targets: reading them first is fine.
  t.deepEqual(errors('$TargetDedicatedNodes = $TargetDedicatedNodes + 1;'), []);
  // Every error is reported, not only the first.
  t.deepEqual(errors('$a = $nope1;\n$b = $nope2 + 1;').map((m) => m.slice(0, 4)), ['1:6:', '2:6:']);
});

test('check errors: functions and their arguments', (t) => {
  t.is(errors('$x = average(1);')[0], "1:6: unknown function 'average': one of avg, ceil, count, floor, len, lg, ln, log, max, min, norm, percentile, rand, range, round, std, stop, sum, time, val");
  t.is(errors('$x = avg();')[0], '1:6: avg() takes at least 1 arguments, not 0: avg(doubleVecList)');
  t.is(errors('$x = rand(1);')[0], '1:6: rand() takes 0 arguments, not 1: rand()');
  t.is(errors('$x = percentile(1);')[0], '1:6: percentile() takes 2 arguments, not 1: percentile(doubleVec v, double p)');
  t.is(errors('$x = time(1, 2);')[0], '1:6: time() takes 0 or 1 argument, not 2: time(string dateTime = "")');
  t.is(errors('$x = avg(1, "two");')[0], '1:13: avg(doubleVecList): takes doubles and doubleVecs, not a string');
  t.is(errors('$x = avg(1, TimeInterval_Second);')[0], '1:13: avg(doubleVecList): takes doubles and doubleVecs, not a timeinterval');
  t.is(errors('$x = val(1, 0);')[0], '1:10: val(doubleVec v, double i): v must be a doubleVec, not a double');
  t.is(errors('$x = val($PendingTasks.GetSample(1), "0");')[0], '1:38: val(doubleVec v, double i): i must be a double, not a string');
  t.is(errors('$x = time(3);')[0], '1:11: time(string dateTime = ""): dateTime must be a string, not a double');
  t.is(errors('$x = percentile($PendingTasks.GetSample(1), TimeInterval_Day);')[0], '1:45: percentile(doubleVec v, double p): p must be a double, not a timeinterval');
});

test('check errors: sample methods', (t) => {
  t.is(errors('$x = $PendingTasks.GetSamples(1);')[0], "1:20: unknown method 'GetSamples' of a sampled variable: one of GetSample, GetSamplePercent, GetSamplePeriod, Count, HistoryBeginTime");
  t.is(errors('$x = $PendingTasks.GetSample();')[0], '1:20: GetSample takes 1 to 3 arguments (n | start [, percent] | start, end [, percent]), not 0');
  t.is(errors('$x = $PendingTasks.GetSample(1, 2, 3, 4);')[0], '1:20: GetSample takes 1 to 3 arguments (n | start [, percent] | start, end [, percent]), not 4');
  t.is(errors('$x = $PendingTasks.GetSample("1");')[0], '1:30: the first argument must be a count (double), a timestamp or a timeinterval, not a string');
  t.is(errors('$x = $PendingTasks.GetSample(5, 70);')[0], '1:30: start must be a timestamp or a timeinterval, not a double');
  t.is(errors('$x = $PendingTasks.GetSample(TimeInterval_Minute, "70");')[0], '1:51: the second argument must be an end (timestamp or timeinterval) or a percent (double), not a string');
  t.is(errors('$x = $PendingTasks.GetSample(TimeInterval_Minute, 3, 70);')[0], '1:51: end must be a timestamp or a timeinterval, not a double');
  t.is(errors('$x = $PendingTasks.GetSample(TimeInterval_Minute, TimeInterval_Second, TimeInterval_Second);')[0], '1:72: percent must be a double, not a timeinterval');
  t.is(errors('$x = $PendingTasks.GetSamplePercent(1);')[0], '1:37: start must be a timestamp or a timeinterval, not a double');
  t.is(errors('$x = $PendingTasks.Count(1);')[0], '1:20: Count takes no argument, not 1');
  t.is(errors('$y = 3; $x = $y.GetSample(1);')[0], "1:17: '.GetSample()' applies to a sampled service variable ($PendingTasks.GetSample(...)), not to a double");
  t.is(errors('$x = TimeInterval_Minute.Count();')[0], "1:26: '.Count()' applies to a sampled service variable ($PendingTasks.Count(...)), not to a timeinterval");
});

test('check errors: operator types, conditionals and the settable variables', (t) => {
  t.is(errors('$x = "a" + 1;')[0], "1:10: '+' does not apply to a string and a double");
  t.is(errors('$x = TimeInterval_Minute + 1;')[0], "1:26: '+' does not apply to a timeinterval and a double");
  t.is(errors('$x = time() + time();')[0], "1:13: '+' does not apply to a timestamp and a timestamp");
  t.is(errors('$x = $PendingTasks.GetSample(2) < 1;')[0], "1:33: '<' does not apply to a doubleVec and a double");
  t.is(errors('$x = "a" < "b";')[0], "1:10: '<' does not apply to a string and a string");
  t.is(errors('$x = !"a";')[0], "1:6: '!' does not apply to a string");
  t.is(errors('$x = -time();')[0], "1:6: '-' does not apply to a timestamp");
  t.is(errors('$x = "a" ? 1 : 2;')[0], "1:6: the condition of '? :' must be a double (0 is false), not a string");
  t.is(errors('$x = 1 ? 1 : "b";')[0], "1:14: both branches of '? :' must have one type: a double and a string");
  t.is(errors('$TargetDedicatedNodes = "ten";')[0], "1:25: '$TargetDedicatedNodes' takes a double, not a string");
  t.is(errors('$TargetLowPriorityNodes = TimeInterval_Hour;')[0], "1:27: '$TargetLowPriorityNodes' takes a double, not a timeinterval");
  t.is(errors('$NodeDeallocationOption = 1;')[0], "1:27: '$NodeDeallocationOption' takes a string, not a double");
  t.is(errors('$NodeDeallocationOption = "drain";')[0], "1:27: '$NodeDeallocationOption' must be one of requeue, terminate, taskcompletion, retaineddata, not \"drain\"");
  t.is(errors('$x = 1; $x = "one";')[0], "1:9: '$x' was set to a double before; it cannot become a string");
  t.is(errors('$x = time("yesterday") ;').length, 0, 'a bad date string is an evaluation error (it may come from a variable)');
  // An expression already at fault reports nothing more about the expressions around it.
  t.deepEqual(errors('$x = avg($nope) + "a";'), ["1:10: unknown variable '$nope': not a service variable ($PendingTasks, $CurrentDedicatedNodes, ...), not a TimeInterval_* constant, and not set by an earlier statement"]);
});

test('every error is a FormulaError with its stage, line and column', (t) => {
  const e = firstError('$a = 1;\n\n   $b = $c;');
  t.is(e.name, 'FormulaError');
  t.is(e.stage, 'check');
  t.deepEqual(e.at, { line: 3, column: 9 });
  t.regex(e.rule, /^unknown variable '\$c'/);
});
