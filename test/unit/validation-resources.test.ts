// Request validation of pools, jobs, environments and nodes, and garbage of every kind.
import test from 'ava';
import {
  validateAddTaskCollection,
  validateDisableNodeScheduling,
  validateEnvironment,
  validateId,
  validateJob,
  validateListTasks,
  validatePool,
  validateTaskOutputRequest,
  validateTaskSpec,
} from '../../src/coordinator/validation/validation.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import type { EnvironmentSetting__Output } from '../../src/protocol/generated/troupe/v1/EnvironmentSetting.ts';
import { prng } from '../helpers/prng.ts';
import { ID_RULE, constraints, env, job, listReq, outputReq, pool, rejects, spec } from '../helpers/validation-requests.ts';

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
