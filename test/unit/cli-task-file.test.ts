import test from 'ava';
import { InputFileError } from '../../src/cli/cli-errors.ts';
import { parseTaskFile } from '../../src/cli/json/task-file.ts';

test('a JSON array and JSON lines give the same tasks', (t) => {
  const tasks = [
    { id: 'a', commandLine: 'echo a', environmentSettings: [{ name: 'K', value: 'V' }] },
    { id: 'b', commandArgs: ['/bin/echo', 'b c'], constraints: { maxWallClockTime: '30s', maxTaskRetryCount: 2, retentionTime: '1h' }, requiredSlots: 2, displayName: 'B' },
  ];
  const fromArray = parseTaskFile(JSON.stringify(tasks, null, 2));
  const fromLines = parseTaskFile(`${tasks.map((x) => JSON.stringify(x)).join('\n')}\n\n`);
  t.deepEqual(fromArray, fromLines);
  t.deepEqual(fromArray, tasks);
});

test('the read-only fields of `task list -o json` are ignored, nulls mean unset', (t) => {
  const listed = {
    id: 't1', displayName: null, commandLine: 'echo 1', environmentSettings: [],
    constraints: { maxWallClockTime: null, retentionTime: null, maxTaskRetryCount: null }, requiredSlots: null,
    state: 'completed', creationTime: '2025-01-01T00:00:00Z', stateTransitionTime: null,
    executionInfo: { exitCode: 0, result: 'success' },
  };
  t.deepEqual(parseTaskFile(JSON.stringify([listed])), [{ id: 't1', commandLine: 'echo 1', environmentSettings: [], constraints: {} }]);
});

test('errors name the line of JSON lines input', (t) => {
  const input = '{"id":"a","commandLine":"x"}\n\n{"id":"b","commandLine":42}\n';
  t.throws(() => parseTaskFile(input, 'tasks.jsonl'), {
    instanceOf: InputFileError,
    message: "tasks.jsonl: line 3 (id 'b'): 'commandLine' must be a string",
  });
  t.throws(() => parseTaskFile('{"id":"a"}\n{oops}\n', 'f'), { message: /^f: line 2: invalid JSON: / });
});

test('errors name the index in a JSON array, and the position of a syntax error', (t) => {
  t.throws(() => parseTaskFile('[{"id":"a"},{"id":"b","commandArgs":[1]}]', 'f'), {
    message: "f: task [1] (id 'b'): 'commandArgs' must be an array of strings",
  });
  t.throws(() => parseTaskFile('[{"id":"a"},\n{"id": }]', 'f'), { message: /^f: invalid JSON at line 2(, column \d+)?: Unexpected token/ });
  t.throws(() => parseTaskFile('[{"commandLine":"x"}]', 'f'), { message: "f: task [0]: 'id' must be a non-empty string" });
  t.throws(() => parseTaskFile('[{"id":"a","comandLine":"x"}]', 'f'), { message: "f: task [0] (id 'a'): unknown field 'comandLine'" });
  t.throws(() => parseTaskFile('[{"id":"a","constraints":{"retries":1}}]', 'f'), { message: /unknown field 'constraints.retries'/ });
  t.throws(() => parseTaskFile('[{"id":"a","requiredSlots":1.5}]', 'f'), { message: /'requiredSlots' must be an integer/ });
  t.throws(() => parseTaskFile('[{"id":"a","environmentSettings":[{"name":"K","value":1}]}]', 'f'), { message: /environmentSettings\[0\]/ });
  t.throws(() => parseTaskFile('   ', 'f'), { message: 'f: no tasks (empty input)' });
  t.throws(() => parseTaskFile('[1]', 'f'), { message: 'f: task [0]: expected a task object' });
});
