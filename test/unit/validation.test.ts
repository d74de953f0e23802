import test, { type ExecutionContext } from 'ava';
import {
  validateAddTask,
  validateAddTaskCollection,
  validateDisableNodeScheduling,
  validateEnvironment,
  validateId,
  validateJob,
  validateListTasks,
  validatePool,
  validateTaskOutputRequest,
  validateTaskSpec,
} from '../../src/coordinator/validation.ts';
import { quoteCommandLine } from '../../src/protocol/command-line.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import { DEFAULT_RETENTION_MS } from '../../src/protocol/records.ts';
import type { AddTaskCollectionRequest__Output } from '../../src/protocol/generated/troupe/v1/AddTaskCollectionRequest.ts';
import type { EnvironmentSetting__Output } from '../../src/protocol/generated/troupe/v1/EnvironmentSetting.ts';
import type { GetTaskOutputRequest__Output } from '../../src/protocol/generated/troupe/v1/GetTaskOutputRequest.ts';
import type { Job__Output } from '../../src/protocol/generated/troupe/v1/Job.ts';
import type { ListTasksRequest__Output } from '../../src/protocol/generated/troupe/v1/ListTasksRequest.ts';
import type { Pool__Output } from '../../src/protocol/generated/troupe/v1/Pool.ts';
import type { TaskSpec__Output } from '../../src/protocol/generated/troupe/v1/TaskSpec.ts';
import { prng } from '../helpers/prng.ts';

const ID_RULE = "must be 1-64 characters of letters, digits, '-' and '_'";

// ---- Builders: requests as a gRPC server receives them (proto3 defaults filled in) -------------

function pool(over: Record<string, unknown> = {}): Pool__Output {
  return {
    id: 'p1',
    displayName: '',
    taskSlotsPerNode: 0,
    taskSchedulingPolicy: null,
    enableInterNodeCommunication: false,
    state: '',
    creationTime: '',
    currentNodes: 0,
    ...over,
  } as Pool__Output;
}

function job(over: Record<string, unknown> = {}): Job__Output {
  return {
    id: 'j1',
    displayName: '',
    poolInfo: { poolId: 'p1' },
    priority: 0,
    constraints: null,
    commonEnvironmentSettings: [],
    onAllTasksComplete: '',
    state: '',
    creationTime: '',
    stateTransitionTime: '',
    executionInfo: null,
    maxParallelTasks: 0,
    ...over,
  } as Job__Output;
}

function spec(over: Record<string, unknown> = {}): TaskSpec__Output {
  return {
    id: 't1',
    displayName: '',
    commandLine: 'echo hi',
    commandArgs: [],
    environmentSettings: [],
    constraints: null,
    requiredSlots: 0,
    ...over,
  } as TaskSpec__Output;
}

function constraints(over: Record<string, unknown> = {}) {
  return { maxWallClockTime: '', retentionTime: '', ...over };
}

function env(...pairs: Array<[unknown, unknown]>): EnvironmentSetting__Output[] {
  return pairs.map(([name, value]) => ({ name, value })) as EnvironmentSetting__Output[];
}

function collection(tasks: unknown[], jobId: unknown = 'j1'): AddTaskCollectionRequest__Output {
  return { jobId, tasks } as AddTaskCollectionRequest__Output;
}

function listReq(over: Record<string, unknown> = {}): ListTasksRequest__Output {
  return { jobId: 'j1', state: '', maxResults: 0, pageToken: '', ...over } as ListTasksRequest__Output;
}

function outputReq(over: Record<string, unknown> = {}): GetTaskOutputRequest__Output {
  return { jobId: 'j1', taskId: 't1', stream: '', offset: '0', length: '0', ...over } as GetTaskOutputRequest__Output;
}

/** fn must throw InvalidArgumentError for exactly `field`, with `rule` (string: exact; RegExp: matched). */
function rejects(t: ExecutionContext, fn: () => unknown, field: string, rule: string | RegExp): InvalidArgumentError {
  const err = t.throws<InvalidArgumentError>(fn, { instanceOf: InvalidArgumentError });
  t.is(err.field, field);
  t.is(err.code, 'INVALID_ARGUMENT');
  if (typeof rule === 'string') t.is(err.message, `${field} ${rule}`);
  else {
    t.true(err.message.startsWith(`${field} `), err.message);
    t.regex(err.message.slice(field.length + 1), rule);
  }
  return err;
}


// ---- Ids ---------------------------------------------------------------------------------------

test('validateId accepts letters, digits, - and _, 1 to 64 of them, case kept', (t) => {
  for (const id of ['a', 'Z', '0', 'job-1', 'task_2', 'A-b_C-9', '-', '_', 'x'.repeat(64)]) {
    t.is(validateId('task', id, 'task.id'), id);
  }
  t.is(validateId('job', 'MyJob', 'jobId'), 'MyJob');
  t.is(validateId('job', 'myjob', 'jobId'), 'myjob');
});

test('validateId refuses anything else with the exact message', (t) => {
  for (const id of ['', 'x'.repeat(65), 'a.b', 'a b', 'a/b', 'a:b', 'a*', 'é', 'a\0', ' a', 'a\n', '日本']) {
    rejects(t, () => validateId('pool', id, 'pool.id'), 'pool.id', ID_RULE);
  }
  for (const value of [42, null, undefined, {}, ['a'], true]) {
    rejects(t, () => validateId('node', value, 'nodeId'), 'nodeId', ID_RULE);
  }
});

test('validateId names the field after the kind by default', (t) => {
  rejects(t, () => validateId('job', 'bad id'), 'jobId', ID_RULE);
});

// ---- Pools -------------------------------------------------------------------------------------

test('validatePool fills in defaults', (t) => {
  t.deepEqual(validatePool(pool()), {
    id: 'p1',
    displayName: '',
    taskSlotsPerNode: 1,
    nodeFillType: 'spread',
    enableInterNodeCommunication: false,
  });
  t.is(validatePool(pool({ taskSchedulingPolicy: { nodeFillType: '' } })).nodeFillType, 'spread');
});

test('validatePool keeps what is given and ignores output-only fields', (t) => {
  t.deepEqual(
    validatePool(
      pool({
        id: 'gpu_pool-2',
        displayName: 'GPU pool',
        taskSlotsPerNode: 256,
        taskSchedulingPolicy: { nodeFillType: 'pack' },
        enableInterNodeCommunication: true,
        state: 'deleting',
        creationTime: '2020-01-01T00:00:00Z',
        currentNodes: 7,
      }),
    ),
    { id: 'gpu_pool-2', displayName: 'GPU pool', taskSlotsPerNode: 256, nodeFillType: 'pack', enableInterNodeCommunication: true },
  );
});

test('validatePool: the pool is required', (t) => {
  rejects(t, () => validatePool(null), 'pool', 'is required');
  rejects(t, () => validatePool(undefined), 'pool', 'is required');
  rejects(t, () => validatePool(42 as never), 'pool', 'must be an object');
  rejects(t, () => validatePool([] as never), 'pool', 'must be an object');
});

test('validatePool refuses each bad field by name', (t) => {
  rejects(t, () => validatePool(pool({ id: '' })), 'pool.id', ID_RULE);
  rejects(t, () => validatePool(pool({ id: 'p.1' })), 'pool.id', ID_RULE);
  t.is(validatePool(pool({ displayName: 'x'.repeat(1024) })).displayName.length, 1024);
  rejects(t, () => validatePool(pool({ displayName: 'x'.repeat(1025) })), 'pool.displayName', 'must be at most 1024 characters');
  rejects(t, () => validatePool(pool({ displayName: 'a\0b' })), 'pool.displayName', 'must not contain a NUL character');
  rejects(t, () => validatePool(pool({ displayName: 5 })), 'pool.displayName', 'must be a string');
  for (const slots of [257, -1, 1.5, '4', Number.NaN, Number.POSITIVE_INFINITY]) {
    rejects(t, () => validatePool(pool({ taskSlotsPerNode: slots })), 'pool.taskSlotsPerNode', 'must be an integer from 1 to 256');
  }
  rejects(
    t,
    () => validatePool(pool({ taskSchedulingPolicy: { nodeFillType: 'fill' } })),
    'pool.taskSchedulingPolicy.nodeFillType',
    "must be 'spread' or 'pack'",
  );
  rejects(
    t,
    () => validatePool(pool({ taskSchedulingPolicy: { nodeFillType: 'Pack' } })),
    'pool.taskSchedulingPolicy.nodeFillType',
    "must be 'spread' or 'pack'",
  );
  rejects(t, () => validatePool(pool({ taskSchedulingPolicy: 'pack' })), 'pool.taskSchedulingPolicy', 'must be an object');
  rejects(
    t,
    () => validatePool(pool({ enableInterNodeCommunication: 'yes' })),
    'pool.enableInterNodeCommunication',
    'must be true or false',
  );
});

// ---- Jobs --------------------------------------------------------------------------------------

test('validateJob fills in defaults', (t) => {
  t.deepEqual(validateJob(job()), {
    id: 'j1',
    displayName: '',
    poolId: 'p1',
    priority: 0,
    maxTaskRetryCount: 0,
    commonEnvironmentSettings: [],
    onAllTasksComplete: 'noaction',
    maxParallelTasks: 0,
  });
  const withEmptyConstraints = validateJob(job({ constraints: { maxWallClockTime: '', maxTaskRetryCount: 0 } }));
  t.false('maxWallClockTimeMs' in withEmptyConstraints);
});

test('validateJob resolves everything given', (t) => {
  t.deepEqual(
    validateJob(
      job({
        id: 'nightly',
        displayName: 'Nightly build',
        poolInfo: { poolId: 'builders' },
        priority: -1000,
        constraints: { maxWallClockTime: '1h30m', maxTaskRetryCount: -1 },
        commonEnvironmentSettings: env(['MODE', 'release'], ['EMPTY', '']),
        onAllTasksComplete: 'terminatejob',
        maxParallelTasks: 100000,
      }),
    ),
    {
      id: 'nightly',
      displayName: 'Nightly build',
      poolId: 'builders',
      priority: -1000,
      maxWallClockTimeMs: 90 * 60_000,
      maxTaskRetryCount: -1,
      commonEnvironmentSettings: [
        { name: 'MODE', value: 'release' },
        { name: 'EMPTY', value: '' },
      ],
      onAllTasksComplete: 'terminatejob',
      maxParallelTasks: 100000,
    },
  );
  t.is(validateJob(job({ priority: 1000 })).priority, 1000);
  t.is(validateJob(job({ constraints: { maxWallClockTime: 'PT30S', maxTaskRetryCount: 1000 } })).maxTaskRetryCount, 1000);
});

test('validateJob: the job and its pool are required', (t) => {
  rejects(t, () => validateJob(null), 'job', 'is required');
  rejects(t, () => validateJob('job' as never), 'job', 'must be an object');
  rejects(t, () => validateJob(job({ poolInfo: null })), 'job.poolInfo.poolId', 'is required');
  rejects(t, () => validateJob(job({ poolInfo: { poolId: '' } })), 'job.poolInfo.poolId', 'is required');
  rejects(t, () => validateJob(job({ poolInfo: { poolId: 'my pool' } })), 'job.poolInfo.poolId', ID_RULE);
  rejects(t, () => validateJob(job({ poolInfo: { poolId: 7 } })), 'job.poolInfo.poolId', ID_RULE);
  rejects(t, () => validateJob(job({ poolInfo: 'p1' })), 'job.poolInfo', 'must be an object');
});

test('validateJob refuses each bad field by name', (t) => {
  rejects(t, () => validateJob(job({ id: 'a'.repeat(65) })), 'job.id', ID_RULE);
  rejects(t, () => validateJob(job({ displayName: 'x'.repeat(1025) })), 'job.displayName', 'must be at most 1024 characters');
  for (const priority of [-1001, 1001, 0.5, '1']) {
    rejects(t, () => validateJob(job({ priority })), 'job.priority', 'must be an integer from -1000 to 1000');
  }
  rejects(
    t,
    () => validateJob(job({ constraints: { maxWallClockTime: 'soon', maxTaskRetryCount: 0 } })),
    'job.constraints.maxWallClockTime',
    /^must be a duration such as/,
  );
  rejects(
    t,
    () => validateJob(job({ constraints: { maxWallClockTime: '0s', maxTaskRetryCount: 0 } })),
    'job.constraints.maxWallClockTime',
    /^must be longer than 0/,
  );
  rejects(
    t,
    () => validateJob(job({ constraints: { maxWallClockTime: 3600, maxTaskRetryCount: 0 } })),
    'job.constraints.maxWallClockTime',
    'must be a string',
  );
  for (const maxTaskRetryCount of [-2, 1001]) {
    rejects(
      t,
      () => validateJob(job({ constraints: { maxWallClockTime: '', maxTaskRetryCount } })),
      'job.constraints.maxTaskRetryCount',
      'must be an integer from -1 to 1000',
    );
  }
  rejects(t, () => validateJob(job({ constraints: [] })), 'job.constraints', 'must be an object');
  rejects(
    t,
    () => validateJob(job({ commonEnvironmentSettings: env(['AZ_BATCH_JOB_ID', 'x']) })),
    'job.commonEnvironmentSettings[0].name',
    /^'AZ_BATCH_JOB_ID' is reserved/,
  );
  for (const value of ['terminate', 'TerminateJob', 'none']) {
    rejects(t, () => validateJob(job({ onAllTasksComplete: value })), 'job.onAllTasksComplete', "must be 'noaction' or 'terminatejob'");
  }
  for (const maxParallelTasks of [-1, 100001]) {
    rejects(t, () => validateJob(job({ maxParallelTasks })), 'job.maxParallelTasks', 'must be an integer from 0 to 100000');
  }
});

// ---- Environment -------------------------------------------------------------------------------

const ENV = 'environmentSettings';

test('validateEnvironment accepts valid settings and keeps their order', (t) => {
  t.deepEqual(validateEnvironment(env(['A', '1'], ['_b', ''], ['c_2', 'é 🎉 = ; $x'], ['x', 'lower'], ['X', 'upper']), ENV), [
    { name: 'A', value: '1' },
    { name: '_b', value: '' },
    { name: 'c_2', value: 'é 🎉 = ; $x' },
    { name: 'x', value: 'lower' },
    { name: 'X', value: 'upper' },
  ]);
  t.deepEqual(validateEnvironment([], ENV), []);
  t.deepEqual(validateEnvironment(null, ENV), []);
  t.deepEqual(validateEnvironment(undefined, ENV), []);
  t.deepEqual(validateEnvironment(env(['AZ_BATCHX', '1'], ['MY_AZ_BATCH_X', '2']), ENV).length, 2);
});

test('validateEnvironment: names', (t) => {
  rejects(t, () => validateEnvironment(env(['', 'x']), ENV), `${ENV}[0].name`, 'is required');
  for (const name of ['1A', 'A-B', 'A B', 'A.B', 'é', 'A=B', 'A\0']) {
    rejects(t, () => validateEnvironment(env(['OK', ''], [name, 'x']), ENV), `${ENV}[1].name`, /^must be letters, digits and _/);
  }
  t.is(validateEnvironment(env(['N'.repeat(256), 'x']), ENV)[0]!.name.length, 256);
  rejects(t, () => validateEnvironment(env(['N'.repeat(257), 'x']), ENV), `${ENV}[0].name`, 'must be at most 256 characters');
  rejects(t, () => validateEnvironment(env([42, 'x']), ENV), `${ENV}[0].name`, 'must be a string');
});

test('validateEnvironment: a name given twice is refused on the later one', (t) => {
  rejects(
    t,
    () => validateEnvironment(env(['X', '1'], ['Y', '2'], ['X', '3']), ENV),
    `${ENV}[2].name`,
    "'X' is given twice",
  );
  t.is(
    t.throws(() => validateEnvironment(env(['X', '1'], ['Y', '2'], ['X', '3']), 'environmentSettings')).message,
    "environmentSettings[2].name 'X' is given twice",
  );
});

test('validateEnvironment: AZ_BATCH_* names are reserved', (t) => {
  for (const name of ['AZ_BATCH_TASK_ID', 'AZ_BATCH_', 'az_batch_node_id', 'Az_Batch_X']) {
    rejects(
      t,
      () => validateEnvironment(env([name, 'x']), ENV),
      `${ENV}[0].name`,
      `'${name}' is reserved: troupe sets AZ_BATCH_* itself`,
    );
  }
});

test('validateEnvironment: values', (t) => {
  t.is(validateEnvironment(env(['V', 'v'.repeat(32 * 1024)]), ENV)[0]!.value.length, 32 * 1024);
  rejects(t, () => validateEnvironment(env(['V', 'v'.repeat(32 * 1024 + 1)]), ENV), `${ENV}[0].value`, 'must be at most 32 KiB');
  // 32 KiB are bytes (UTF-8), not characters.
  rejects(t, () => validateEnvironment(env(['V', 'é'.repeat(16 * 1024 + 1)]), ENV), `${ENV}[0].value`, 'must be at most 32 KiB');
  rejects(t, () => validateEnvironment(env(['V', 'a\0b']), ENV), `${ENV}[0].value`, 'must not contain a NUL character');
  rejects(t, () => validateEnvironment(env(['V', 1]), ENV), `${ENV}[0].value`, 'must be a string');
  t.deepEqual(validateEnvironment([{ name: 'V' }] as EnvironmentSetting__Output[], ENV), [{ name: 'V', value: '' }]);
});

test('validateEnvironment: at most 1000 settings', (t) => {
  const settings = (n: number) => env(...Array.from({ length: n }, (_, i): [string, string] => [`V${i}`, String(i)]));
  t.is(validateEnvironment(settings(1000), ENV).length, 1000);
  rejects(t, () => validateEnvironment(settings(1001), ENV), ENV, 'must have at most 1000 settings');
});

test('validateEnvironment: malformed lists', (t) => {
  rejects(t, () => validateEnvironment('A=1' as never, ENV), ENV, 'must be a list');
  rejects(t, () => validateEnvironment({ name: 'A', value: '1' } as never, ENV), ENV, 'must be a list');
  rejects(t, () => validateEnvironment([{ name: 'A', value: '1' }, null] as never, ENV), `${ENV}[1]`, 'must not be null');
  rejects(t, () => validateEnvironment(['A=1'] as never, ENV), `${ENV}[0]`, 'must be an object');
  rejects(t, () => validateEnvironment([, { name: 'A', value: '1' }] as never, ENV), `${ENV}[0]`, 'must not be null');
});

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
    rejects(t, () => validateTaskOutputRequest(outputReq({ stream })), 'stream', "must be 'stdout' or 'stderr'");
  }
  for (const field of ['offset', 'length'] as const) {
    for (const value of ['-1', 'abc', '', '1.5', '1e3', ' 1', '0x10', -5, 1.5, Number.NaN, true, {}]) {
      rejects(t, () => validateTaskOutputRequest(outputReq({ [field]: value })), field, 'must be a non-negative integer');
    }
    rejects(t, () => validateTaskOutputRequest(outputReq({ [field]: '9007199254740993' })), field, 'must be at most 9007199254740991');
  }
});

// ---- Nodes -------------------------------------------------------------------------------------

test('validateDisableNodeScheduling', (t) => {
  t.deepEqual(validateDisableNodeScheduling({ nodeId: 'n1', nodeDisableSchedulingOption: '' }), {
    nodeId: 'n1',
    option: 'taskcompletion',
  });
  for (const option of ['taskcompletion', 'requeue', 'terminate'] as const) {
    t.is(validateDisableNodeScheduling({ nodeId: 'n1', nodeDisableSchedulingOption: option }).option, option);
  }
  rejects(
    t,
    () => validateDisableNodeScheduling({ nodeId: 'n1', nodeDisableSchedulingOption: 'retaineddata' }),
    'nodeDisableSchedulingOption',
    "must be 'taskcompletion', 'requeue' or 'terminate'",
  );
  rejects(t, () => validateDisableNodeScheduling({ nodeId: 'n 1', nodeDisableSchedulingOption: '' }), 'nodeId', ID_RULE);
  rejects(t, () => validateDisableNodeScheduling(null), 'request', 'is required');
});

// ---- Garbage in, InvalidArgumentError out ------------------------------------------------------

test('random malformed requests only ever give InvalidArgumentError', (t) => {
  const random = prng(0xbadc0de);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const scalars: unknown[] = [
    undefined, null, 0, -1, 1.5, 1e9, Number.NaN, '', 'x', 'a b', '\0', '30s', '-1', true, false, 10n, Symbol('s'),
  ];
  const garbage = (depth: number): unknown => {
    const r = random();
    if (depth > 2 || r < 0.5) return pick(scalars);
    if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => garbage(depth + 1));
    return { id: garbage(depth + 1), name: garbage(depth + 1), value: garbage(depth + 1) };
  };
  // A valid request with one field (sometimes nested) replaced by garbage.
  const mutate = (base: Record<string, unknown>): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...base };
    const keys = Object.keys(copy);
    const key = pick(keys);
    const inner = copy[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner) && random() < 0.5) {
      const innerCopy = { ...(inner as Record<string, unknown>) };
      innerCopy[pick(Object.keys(innerCopy))] = garbage(0);
      copy[key] = innerCopy;
    } else {
      copy[key] = garbage(0);
    }
    return copy;
  };
  const fullSpec = spec({
    commandArgs: ['a'],
    environmentSettings: env(['A', '1']),
    constraints: constraints({ maxTaskRetryCount: 1 }),
  });
  const cases: Array<[string, () => Record<string, unknown>, (x: never) => unknown]> = [
    ['pool', () => ({ ...pool({ taskSchedulingPolicy: { nodeFillType: 'pack' } }) }), validatePool],
    [
      'job',
      () => ({ ...job({ constraints: { maxWallClockTime: '1h', maxTaskRetryCount: 1 }, commonEnvironmentSettings: env(['A', '1']) }) }),
      validateJob,
    ],
    ['task', () => fullSpec as unknown as Record<string, unknown>, (x) => validateTaskSpec(x)],
    ['collection', () => ({ jobId: 'j1', tasks: [fullSpec, garbage(0)] }), validateAddTaskCollection],
    ['list', () => listReq() as unknown as Record<string, unknown>, validateListTasks],
    ['output', () => outputReq() as unknown as Record<string, unknown>, validateTaskOutputRequest],
    ['disable', () => ({ nodeId: 'n1', nodeDisableSchedulingOption: '' }), validateDisableNodeScheduling],
  ];
  let refused = 0;
  for (let i = 0; i < 4000; i++) {
    const [name, base, validate] = pick(cases);
    const input = random() < 0.05 ? garbage(0) : mutate(base());
    try {
      validate(input as never);
    } catch (err) {
      if (!(err instanceof InvalidArgumentError)) {
        return t.fail(`${name}: ${String(err)} for input #${i}`);
      }
      refused++;
    }
  }
  t.true(refused > 1000, `only ${refused} refused`);
});
