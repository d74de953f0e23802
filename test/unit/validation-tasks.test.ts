// Request validation of tasks: specs, collections, listing and output ranges.
import test from 'ava';
import {
  validateAddTask,
  validateAddTaskCollection,
  validateListTasks,
  validateTaskOutputRequest,
  validateTaskSpec,
} from '../../src/coordinator/validation/validation.ts';
import { quoteCommandLine } from '../../src/protocol/command-line.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import { DEFAULT_RETENTION_MS } from '../../src/protocol/records/records.ts';
import { ID_RULE, collection, constraints, env, listReq, outputReq, rejects, spec } from '../helpers/validation-requests.ts';

// ---- Task specs --------------------------------------------------------------------------------

test('validateTaskSpec fills in defaults and parses the command line', (t) => {
  t.deepEqual(validateTaskSpec(spec({ commandLine: `python3 -c 'print("hi")'` })), {
    id: 't1',
    displayName: '',
    commandLine: `python3 -c 'print("hi")'`,
    argv: ['python3', '-c', 'print("hi")'],
    environmentSettings: [],
    constraints: { retentionTimeMs: DEFAULT_RETENTION_MS },
    requiredSlots: 1,
  });
});

test('validateTaskSpec resolves everything given', (t) => {
  t.deepEqual(
    validateTaskSpec(
      spec({
        id: 'render-0007',
        displayName: 'Frame 7',
        commandLine: 'render --frame 7',
        environmentSettings: env(['FRAME', '7']),
        constraints: constraints({ maxWallClockTime: '5m', retentionTime: 'P1D', maxTaskRetryCount: 3 }),
        requiredSlots: 256,
      }),
    ),
    {
      id: 'render-0007',
      displayName: 'Frame 7',
      commandLine: 'render --frame 7',
      argv: ['render', '--frame', '7'],
      environmentSettings: [{ name: 'FRAME', value: '7' }],
      constraints: { maxWallClockTimeMs: 300_000, retentionTimeMs: 86_400_000, maxTaskRetryCount: 3 },
      requiredSlots: 256,
    },
  );
});

test('validateTaskSpec: commandArgs wins over commandLine', (t) => {
  const args = ['python3', '-c', "print('it''s')", 'a b'];
  const quoted = validateTaskSpec(spec({ commandLine: '', commandArgs: args }));
  t.deepEqual(quoted.argv, args);
  t.is(quoted.commandLine, quoteCommandLine(args));
  const described = validateTaskSpec(spec({ commandLine: 'run the script', commandArgs: args }));
  t.deepEqual(described.argv, args);
  t.is(described.commandLine, 'run the script');
  // commandLine is then not parsed: only shown.
  t.deepEqual(validateTaskSpec(spec({ commandLine: "it's unbalanced", commandArgs: ['true'] })).argv, ['true']);
});

test('validateTaskSpec: bad commandArgs', (t) => {
  rejects(t, () => validateTaskSpec(spec({ commandArgs: ['echo', ''] })), 'task.commandArgs[1]', 'must not be empty');
  rejects(t, () => validateTaskSpec(spec({ commandArgs: ['echo', 'a\0b'] })), 'task.commandArgs[1]', 'must not contain a NUL character');
  rejects(t, () => validateTaskSpec(spec({ commandArgs: ['echo', 5] })), 'task.commandArgs[1]', 'must be a string');
  rejects(t, () => validateTaskSpec(spec({ commandArgs: [null, 'x'] })), 'task.commandArgs[0]', 'must be a string');
  rejects(t, () => validateTaskSpec(spec({ commandArgs: 'echo hi' })), 'task.commandArgs', 'must be a list');
  rejects(
    t,
    () => validateTaskSpec(spec({ commandArgs: ['echo', 'x'.repeat(32 * 1024)] })),
    'task.commandArgs',
    'must be at most 32 KiB in all, written as a command line',
  );
});

test('validateTaskSpec: bad commandLine', (t) => {
  rejects(t, () => validateTaskSpec(spec({ commandLine: '' })), 'task.commandLine', 'must not be empty');
  rejects(t, () => validateTaskSpec(spec({ commandLine: '   ' })), 'task.commandLine', 'must not be empty');
  rejects(t, () => validateTaskSpec(spec({ commandLine: 'echo "hi' })), 'task.commandLine', 'has an unterminated quote');
  rejects(t, () => validateTaskSpec(spec({ commandLine: "'' x" })), 'task.commandLine', 'must start with a program, not an empty argument');
  rejects(t, () => validateTaskSpec(spec({ commandLine: 'echo \0' })), 'task.commandLine', 'must not contain a NUL character');
  rejects(
    t,
    () => validateTaskSpec(spec({ commandLine: 'a\0', commandArgs: ['true'] })),
    'task.commandLine',
    'must not contain a NUL character',
  );
  rejects(t, () => validateTaskSpec(spec({ commandLine: ['echo'] })), 'task.commandLine', 'must be a string');
  const max = 'echo ' + 'x'.repeat(32 * 1024 - 5);
  t.is(validateTaskSpec(spec({ commandLine: max })).argv[1]!.length, 32 * 1024 - 5);
  rejects(t, () => validateTaskSpec(spec({ commandLine: max + 'x' })), 'task.commandLine', 'must be at most 32 KiB');
});

test('validateTaskSpec: constraints', (t) => {
  const withC = (c: Record<string, unknown>) => validateTaskSpec(spec({ constraints: constraints(c) })).constraints;
  t.deepEqual(withC({}), { retentionTimeMs: DEFAULT_RETENTION_MS });
  t.deepEqual(withC({ maxTaskRetryCount: 0 }), { retentionTimeMs: DEFAULT_RETENTION_MS, maxTaskRetryCount: 0 });
  t.deepEqual(withC({ maxTaskRetryCount: -1 }), { retentionTimeMs: DEFAULT_RETENTION_MS, maxTaskRetryCount: -1 });
  t.deepEqual(withC({ maxTaskRetryCount: 1000 }).maxTaskRetryCount, 1000);
  t.false('maxTaskRetryCount' in withC({ maxTaskRetryCount: undefined }));
  t.is(withC({ maxWallClockTime: '250ms' }).maxWallClockTimeMs, 250);
  t.is(withC({ retentionTime: '1h' }).retentionTimeMs, 3_600_000);
  for (const [key, value, rule] of [
    ['maxWallClockTime', '5 minutes', /^must be a duration such as/],
    ['maxWallClockTime', '400d', /^must be at most 365 days/],
    ['retentionTime', 'P1M', /^must be a duration such as/],
    ['retentionTime', 7, /^must be a string/],
    ['maxTaskRetryCount', 1001, /^must be an integer from -1 to 1000/],
    ['maxTaskRetryCount', -2, /^must be an integer from -1 to 1000/],
    ['maxTaskRetryCount', '3', /^must be an integer from -1 to 1000/],
  ] as const) {
    rejects(t, () => withC({ [key]: value }), `task.constraints.${key}`, rule);
  }
  rejects(t, () => validateTaskSpec(spec({ constraints: 'PT5M' })), 'task.constraints', 'must be an object');
});

test('validateTaskSpec: requiredSlots, displayName, id, environment', (t) => {
  t.is(validateTaskSpec(spec({ requiredSlots: 4 })).requiredSlots, 4);
  for (const requiredSlots of [-1, 257, 2.5, '2']) {
    rejects(t, () => validateTaskSpec(spec({ requiredSlots })), 'task.requiredSlots', 'must be an integer from 1 to 256');
  }
  rejects(t, () => validateTaskSpec(spec({ displayName: 'd'.repeat(1025) })), 'task.displayName', 'must be at most 1024 characters');
  rejects(t, () => validateTaskSpec(spec({ id: 't 1' })), 'task.id', ID_RULE);
  rejects(
    t,
    () => validateTaskSpec(spec({ environmentSettings: env(['A', '1'], ['B', '2'], ['A', '3']) })),
    'task.environmentSettings[2].name',
    "'A' is given twice",
  );
  rejects(t, () => validateTaskSpec(null), 'task', 'is required');
  rejects(t, () => validateTaskSpec(undefined, 'tasks[7]'), 'tasks[7]', 'is required');
});

test('validateTaskSpec names fields under the path the caller gives', (t) => {
  const err = rejects(t, () => validateTaskSpec(spec({ id: '' }), 'tasks[7]'), 'tasks[7].id', ID_RULE);
  t.is(err.message, `tasks[7].id ${ID_RULE}`);
  rejects(
    t,
    () => validateTaskSpec(spec({ constraints: constraints({ maxWallClockTime: 'x' }) }), 'tasks[7]'),
    'tasks[7].constraints.maxWallClockTime',
    /^must be a duration/,
  );
});

test('validateAddTask', (t) => {
  const { jobId, task } = validateAddTask({ jobId: 'j1', task: spec() });
  t.is(jobId, 'j1');
  t.deepEqual(task.argv, ['echo', 'hi']);
  rejects(t, () => validateAddTask({ jobId: '', task: spec() }), 'jobId', ID_RULE);
  rejects(t, () => validateAddTask({ jobId: 'j1', task: null }), 'task', 'is required');
  rejects(t, () => validateAddTask(null), 'request', 'is required');
});

// ---- Task collections --------------------------------------------------------------------------

test('validateAddTaskCollection returns one outcome per task, in order', (t) => {
  const { jobId, results } = validateAddTaskCollection(
    collection([spec({ id: 'a' }), spec({ id: 'b', commandLine: 'echo "oops' }), spec({ id: 'c' })]),
  );
  t.is(jobId, 'j1');
  t.is(results.length, 3);
  const [a, b, c] = results;
  t.true(a!.ok && a!.task.id === 'a');
  t.true(c!.ok && c!.task.id === 'c');
  if (b!.ok) return t.fail('task b should be refused');
  t.is(b!.taskId, 'b');
  t.true(b!.error instanceof InvalidArgumentError);
  t.is(b!.error.field, 'tasks[1].commandLine');
  t.is(b!.error.message, 'tasks[1].commandLine has an unterminated quote');
});

test('validateAddTaskCollection reports a duplicate id on the later task', (t) => {
  const tasks = Array.from({ length: 10 }, (_, i) => spec({ id: `t${i}` }));
  tasks[9] = spec({ id: 't3' });
  const { results } = validateAddTaskCollection(collection(tasks));
  t.true(results[3]!.ok);
  const dup = results[9]!;
  if (dup.ok) return t.fail('the later t3 should be refused');
  t.is(dup.taskId, 't3');
  t.is(dup.error.field, 'tasks[9].id');
  t.is(dup.error.message, "tasks[9].id 't3' is given twice in this request");
  t.is(results.filter((r) => r.ok).length, 9);
});

test('validateAddTaskCollection: the first task keeps its id even when it is refused for another reason', (t) => {
  const { results } = validateAddTaskCollection(
    collection([spec({ id: 'x', requiredSlots: 999 }), spec({ id: 'x' }), spec({ id: 'x' })]),
  );
  t.deepEqual(
    results.map((r) => (r.ok ? 'ok' : r.error.message)),
    [
      'tasks[0].requiredSlots must be an integer from 1 to 256',
      "tasks[1].id 'x' is given twice in this request",
      "tasks[2].id 'x' is given twice in this request",
    ],
  );
});

test('validateAddTaskCollection: malformed entries get their own error, never a crash', (t) => {
  const { results } = validateAddTaskCollection(
    collection([null, 42, spec({ id: 7 }), spec({ id: 'ok' }), undefined, 'task', spec({ id: 'y', commandArgs: [null] })]),
  );
  t.deepEqual(
    results.map((r) => (r.ok ? 'ok' : `${r.taskId}|${r.error.message}`)),
    [
      '|tasks[0] must not be null',
      '|tasks[1] must be an object',
      `|tasks[2].id ${ID_RULE}`,
      'ok',
      '|tasks[4] must not be null',
      '|tasks[5] must be an object',
      'y|tasks[6].commandArgs[0] must be a string',
    ],
  );
});

test('validateAddTaskCollection: request-level errors throw', (t) => {
  rejects(t, () => validateAddTaskCollection(null), 'request', 'is required');
  rejects(t, () => validateAddTaskCollection(collection([spec()], 'bad job')), 'jobId', ID_RULE);
  rejects(t, () => validateAddTaskCollection(collection([spec()], '')), 'jobId', ID_RULE);
  rejects(t, () => validateAddTaskCollection(collection([])), 'tasks', 'must contain at least one task');
  rejects(t, () => validateAddTaskCollection({ jobId: 'j1', tasks: 'x' } as never), 'tasks', 'must be a list');
  const tooMany = new Array(100_001).fill(null);
  rejects(t, () => validateAddTaskCollection(collection(tooMany)), 'tasks', 'must contain at most 100000 tasks');
});

test('validateAddTaskCollection takes 100000 tasks', (t) => {
  const tasks = Array.from({ length: 100_000 }, (_, i) => spec({ id: `t${i}`, commandLine: `work --item ${i}` }));
  const { results } = validateAddTaskCollection(collection(tasks));
  t.is(results.length, 100_000);
  t.true(results.every((r) => r.ok));
});

// ---- Listing -----------------------------------------------------------------------------------

test('validateListTasks fills in defaults', (t) => {
  t.deepEqual(validateListTasks(listReq()), { jobId: 'j1', maxResults: 1000, after: 0 });
  t.deepEqual(validateListTasks(listReq({ state: 'running', maxResults: 10000, pageToken: '4242' })), {
    jobId: 'j1',
    state: 'running',
    maxResults: 10000,
    after: 4242,
  });
  for (const state of ['active', 'preparing', 'running', 'completed'] as const) t.is(validateListTasks(listReq({ state })).state, state);
  t.is(validateListTasks(listReq({ maxResults: 1 })).maxResults, 1);
  t.is(validateListTasks(listReq({ pageToken: '0' })).after, 0);
  t.is(validateListTasks(listReq({ pageToken: '9007199254740991' })).after, Number.MAX_SAFE_INTEGER);
});

test('validateListTasks refuses each bad field by name', (t) => {
  rejects(t, () => validateListTasks(null), 'request', 'is required');
  rejects(t, () => validateListTasks(listReq({ jobId: '' })), 'jobId', ID_RULE);
  for (const state of ['done', 'Running', 'failed']) {
    rejects(t, () => validateListTasks(listReq({ state })), 'state', 'must be empty (any state) or one of active, preparing, running, completed');
  }
  for (const maxResults of [-1, 10001, 1.5, '10']) {
    rejects(t, () => validateListTasks(listReq({ maxResults })), 'maxResults', 'must be an integer from 1 to 10000');
  }
  for (const pageToken of ['abc', '-1', '1.5', '01', ' 1', '1e3', '99999999999999999', '9007199254740992', 12, {}]) {
    rejects(t, () => validateListTasks(listReq({ pageToken })), 'pageToken', 'is not a token this server issued');
  }
});

// ---- Task output -------------------------------------------------------------------------------

test('validateTaskOutputRequest fills in defaults and reads int64 strings', (t) => {
  t.deepEqual(validateTaskOutputRequest(outputReq()), { jobId: 'j1', taskId: 't1', stream: 'stdout', offset: 0, length: 0 });
  t.deepEqual(validateTaskOutputRequest(outputReq({ stream: 'stderr', offset: '1048576', length: '4096' })), {
    jobId: 'j1',
    taskId: 't1',
    stream: 'stderr',
    offset: 1048576,
    length: 4096,
  });
  t.is(validateTaskOutputRequest(outputReq({ offset: 17 })).offset, 17);
  t.is(validateTaskOutputRequest(outputReq({ offset: '9007199254740991' })).offset, Number.MAX_SAFE_INTEGER);
});

test('validateTaskOutputRequest refuses each bad field by name', (t) => {
  rejects(t, () => validateTaskOutputRequest(null), 'request', 'is required');
  rejects(t, () => validateTaskOutputRequest(outputReq({ jobId: 'a b' })), 'jobId', ID_RULE);
  rejects(t, () => validateTaskOutputRequest(outputReq({ taskId: '' })), 'taskId', ID_RULE);
  for (const stream of ['stdin', 'STDOUT', 'both']) {
    rejects(t, () => validateTaskOutputRequest(outputReq({ stream })), 'stream', "must be 'stdout', 'stderr', 'coordination-stdout' or 'coordination-stderr'");
  }
  for (const field of ['offset', 'length'] as const) {
    for (const value of ['-1', 'abc', '', '1.5', '1e3', ' 1', '0x10', -5, 1.5, Number.NaN, true, {}]) {
      rejects(t, () => validateTaskOutputRequest(outputReq({ [field]: value })), field, 'must be a non-negative integer');
    }
    rejects(t, () => validateTaskOutputRequest(outputReq({ [field]: '9007199254740993' })), field, 'must be at most 9007199254740991 (2^53 - 1, the largest integer troupe reads exactly)');
  }
});

test('validateTaskOutputRequest: subtaskId is optional, a whole number naming the subtask', (t) => {
  t.is(validateTaskOutputRequest(outputReq({ subtaskId: 2 })).subtaskId, 2);
  t.false('subtaskId' in validateTaskOutputRequest(outputReq()));
  rejects(t, () => validateTaskOutputRequest(outputReq({ subtaskId: -1 })), 'subtaskId', 'must be an integer from 0 to 1023');
});
