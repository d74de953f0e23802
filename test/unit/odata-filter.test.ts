// Azure Batch's $filter: the lexer, the parser (precedence, types, errors with positions) and the
// evaluator, over task records.
import test from 'ava';
import { tokenize } from '../../src/coordinator/listing/odata-lexer.ts';
import { parseFilter } from '../../src/coordinator/listing/odata-parser.ts';
import { compileFilter } from '../../src/coordinator/listing/odata-eval.ts';
import { JOB_PROPERTIES, TASK_PROPERTIES } from '../../src/coordinator/listing/list-properties.ts';
import type { TaskRecord } from '../../src/protocol/records/records.ts';
import type { TaskState } from '../../src/protocol/records/states.ts';

const task = (id: string, state: TaskState, over: Partial<TaskRecord['exec']> = {}, creationTime = '2024-01-01T00:00:00.000Z'): TaskRecord => ({
  jobId: 'j', id, uid: `u-${id}`, seq: 0, displayName: `name ${id}`, commandLine: '', argv: [], environmentSettings: [],
  constraints: { retentionTimeMs: 1, maxTaskRetryCount: 0 }, requiredSlots: 1, state, creationTime, stateTransitionTime: creationTime,
  exec: { attempt: 0, retryCount: 0, requeueCount: 0, ...over },
} as TaskRecord);

const tasks = [
  task('a1', 'active'),
  task('a2', 'running', { nodeId: 'n1' }),
  task('b1', 'completed', { exitCode: 0, result: 'success', nodeId: 'n1' }, '2024-06-01T00:00:00.000Z'),
  task('b2', 'completed', { exitCode: 3, result: 'failure', nodeId: 'n2' }, '2024-06-02T00:00:00.000Z'),
  task("o'k", 'completed', { exitCode: 137, result: 'failure', nodeId: 'n2' }),
];

const ids = (filter: string) => tasks.filter(compileFilter(parseFilter(filter, TASK_PROPERTIES), TASK_PROPERTIES)).map((t) => t.id);
const error = (t: import('ava').ExecutionContext, filter: string) =>
  t.throws(() => parseFilter(filter, TASK_PROPERTIES), { message: /^filter: / })!.message;

test('tokens keep their positions; strings unescape doubled quotes; datetimes in both spellings', (t) => {
  const tokens = tokenize("id eq 'it''s' and creationTime gt datetime'2024-01-01T00:00:00Z' or x lt 2024-02-01T00:00:00Z");
  t.deepEqual(tokens.map((k) => k.at), [0, 3, 6, 14, 18, 31, 34, 65, 68, 70, 73, 93]);
  t.like(tokens[2], { kind: 'string', value: "it's" });
  t.like(tokens[6], { kind: 'datetime', value: Date.parse('2024-01-01T00:00:00Z') });
  t.like(tokens[10], { kind: 'datetime', value: Date.parse('2024-02-01T00:00:00Z') });
  t.like(tokenize('-12.5')[0], { kind: 'number', value: -12.5 });
});

test('every comparison operator, on strings, numbers and datetimes', (t) => {
  t.deepEqual(ids("state eq 'completed'"), ['b1', 'b2', "o'k"]);
  t.deepEqual(ids("state ne 'completed'"), ['a1', 'a2']);
  t.deepEqual(ids('executionInfo/exitCode gt 0'), ['b2', "o'k"]);
  t.deepEqual(ids('executionInfo/exitCode ge 3'), ['b2', "o'k"]);
  t.deepEqual(ids('executionInfo/exitCode lt 3'), ['b1']);
  t.deepEqual(ids('executionInfo/exitCode le 3'), ['b1', 'b2']);
  t.deepEqual(ids("creationTime ge datetime'2024-06-01T00:00:00Z'"), ['b1', 'b2']);
  t.deepEqual(ids("creationTime lt '2024-06-01T00:00:00Z'"), ['a1', 'a2', "o'k"]);
  t.deepEqual(ids("id eq 'o''k'"), ["o'k"]);
  t.deepEqual(ids("'n2' eq nodeInfo/nodeId"), ['b2', "o'k"]);
  t.deepEqual(ids('5 lt executionInfo/exitCode'), ["o'k"], 'a literal on the left mirrors the operator');
});

test('a property an item lacks is null: equal only to null, different from any value', (t) => {
  t.deepEqual(ids('executionInfo/exitCode eq null'), ['a1', 'a2']);
  t.deepEqual(ids('executionInfo/exitCode ne 0'), ['a1', 'a2', 'b2', "o'k"]);
  t.deepEqual(ids('executionInfo/exitCode lt 1000'), ['b1', 'b2', "o'k"]);
  t.deepEqual(ids("executionInfo/result eq 'failure'"), ['b2', "o'k"]);
});

test('and binds tighter than or, not tighter than and; parentheses override', (t) => {
  t.deepEqual(ids("state eq 'active' or state eq 'completed' and executionInfo/exitCode eq 0"), ['a1', 'b1']);
  t.deepEqual(ids("(state eq 'active' or state eq 'completed') and executionInfo/exitCode eq 0"), ['b1']);
  t.deepEqual(ids("not state eq 'completed' and id eq 'a1'"), ['a1']);
  t.deepEqual(ids("not (state eq 'completed' or id eq 'a1')"), ['a2']);
  t.deepEqual(ids("startswith(id, 'b') and not startswith(displayName,'name b2')"), ['b1']);
  t.deepEqual(ids("startswith(id,'a') eq true"), ['a1', 'a2']);
  t.deepEqual(ids("STATE eq 'active'".replace('STATE', 'state').replace('eq', 'EQ')), ['a1'], 'operators in any case');
  t.deepEqual(ids(''), tasks.map((x) => x.id), 'no filter lists everything');
});

test('errors name the position and the property, or what was expected', (t) => {
  t.is(error(t, "state eq 'active' and foo eq 1"), "filter: unknown property 'foo' (known: " + Object.keys(TASK_PROPERTIES.properties).join(', ') + ') at 22');
  t.is(error(t, "state eq 'done'"), "filter: 'state' is one of active, preparing, running, completed, not 'done' at 9");
  t.is(error(t, "state eq 'active' and"), "filter: unexpected the end of the filter, expected a property or a literal at 21");
  t.is(error(t, "(state eq 'active'"), "filter: expected ')', found the end of the filter at 18");
  t.is(error(t, "state 'active'"), "filter: unexpected the string 'active', expected a comparison (eq, ne, gt, ge, lt, le) at 6");
  t.is(error(t, "id eq 'abc"), 'filter: unterminated string literal at 6');
  t.is(error(t, 'executionInfo/exitCode eq \'1\''), "filter: 'executionInfo/exitCode' is a number: compare it with a number at 26");
  t.is(error(t, 'creationTime gt 5'), "filter: 'creationTime' is a datetime: write datetime'2024-01-31T12:00:00Z' at 16");
  t.is(error(t, "creationTime gt datetime'yesterday'"), "filter: malformed datetime 'yesterday' (write 2024-01-31T12:00:00Z) at 25");
  t.is(error(t, "id eq 'a' id eq 'b'"), "filter: unexpected 'id', expected 'and', 'or' or the end at 10");
  t.is(error(t, 'id eq state'), 'filter: a comparison is between one property and one literal at 6');
  t.is(error(t, "startswith(executionInfo/exitCode, '1')"), "filter: startswith takes a string property; 'executionInfo/exitCode' is a number at 11");
  t.is(error(t, 'id eq #'), "filter: unexpected '#' at 6");
  t.regex(error(t, '('.repeat(100) + "id eq 'a'" + ')'.repeat(100)), /nested more than 64 deep/);
});

test('job properties: priority and poolInfo/poolId', (t) => {
  const node = parseFilter("priority gt 5 and poolInfo/poolId eq 'p'", JOB_PROPERTIES);
  const match = compileFilter(node, JOB_PROPERTIES);
  const job = { id: 'j', priority: 6, poolId: 'p' } as never;
  t.true(match(job));
  t.false(match({ id: 'j', priority: 5, poolId: 'p' } as never));
  t.throws(() => parseFilter("nodeInfo/nodeId eq 'x'", JOB_PROPERTIES), { message: /unknown property 'nodeInfo\/nodeId'.* at 0$/ });
});
