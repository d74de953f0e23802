// The CLI and the API agree (issue 14 item 6): what `task list -o json` prints, `task add-many`
// takes back, every field of TaskSpec included. Tasks that together set every field path of the
// proto's TaskSpec (checked by walking its descriptor: a field added to the proto and not to
// these tasks fails here by name) are added through the API, listed with the real CLI, fed back
// to add-many into another job, and the two stored tasks compared field by field.
import test from 'ava';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { fieldPaths, isSet, topFields } from './helpers/proto-fields.ts';

let cluster: TestCluster;
test.before(async () => {
  cluster = await startCluster({
    workers: 2, slots: 2, pool: 'rt', interNode: true,
    poolFields: { userAccounts: [{ name: 'alice', linuxUserConfiguration: { uid: 31001, gid: 31001 } }], allowAdminTasks: true },
  });
  // The tasks are only stored, never run: nothing is scheduled on the pool's nodes.
  for (const nodeId of cluster.workers.keys()) await cluster.api.DisableNodeScheduling({ nodeId });
});
test.after.always(() => cluster?.stop());

const troupe = (args: string[], input?: string) => cluster.troupe(args, input);

const resourceFiles = [
  { storagePath: 'inputs/data.txt', filePath: 'data.txt', fileMode: '0640' },
  { httpUrl: 'http://127.0.0.1:9/file.bin', filePath: 'file.bin' },
  { inlineContent: Buffer.from([0, 1, 2, 255]), filePath: 'inline.bin' },
];

/** Between them, every field path of TaskSpec set to a value other than its default. */
const TASKS = [
  {
    id: 'plain',
    displayName: 'a plain task',
    commandLine: "/bin/sh -c 'exit 0'",
    environmentSettings: [{ name: 'A', value: 'b c' }],
    constraints: { maxWallClockTime: '1h', retentionTime: '2h', maxTaskRetryCount: 3, maxMemoryMib: 512 },
    requiredSlots: 2,
    requiredGpus: 1,
    resourceFiles,
    outputFiles: [{ filePattern: '*.txt', destination: 'results/', uploadCondition: 'tasksuccess' }],
    applicationPackageReferences: [{ applicationId: 'tool', version: '1.0' }],
    userIdentity: { userName: 'alice' },
    authenticationTokenSettings: { access: ['job'] },
    metadata: [{ name: 'owner', value: 'round trip' }],
  },
  {
    id: 'gang',
    commandArgs: ['/bin/sh', '-c', 'echo "$1"', 'sh', 'two words'],
    multiInstanceSettings: {
      numberOfInstances: 2,
      coordinationCommandArgs: ['/bin/sh', '-c', 'true'],
      commonResourceFiles: resourceFiles,
    },
    requiredSlots: 1,
    userIdentity: { autoUser: { scope: 'task', elevationLevel: 'admin' } },
  },
  {
    id: 'gang-line',
    commandLine: '/bin/true',
    multiInstanceSettings: { numberOfInstances: 1, coordinationCommandLine: "/bin/sh -c 'true'" },
  },
  { id: '1', commandLine: '/bin/true', pty: { rows: 30, cols: 100 } },
  {
    id: 'dependent',
    commandLine: '/bin/true',
    dependsOn: { taskIds: ['plain'], taskIdRanges: [{ start: 1, end: 1 }] },
    exitConditions: {
      exitCodes: [{ code: 3, exitOptions: { jobAction: 'disable', dependencyAction: 'satisfy' } }],
      exitCodeRanges: [{ start: 5, end: 9, exitOptions: { jobAction: 'terminate', dependencyAction: 'block' } }],
      preProcessingError: { jobAction: 'none', dependencyAction: 'satisfy' },
      fileUploadError: { jobAction: 'disable', dependencyAction: 'block' },
      defaultAction: { jobAction: 'terminate', dependencyAction: 'satisfy' },
    },
  },
];

test('task list -o json fed back to task add-many stores every TaskSpec field as it was', async (t) => {
  const dependencies = { usesTaskDependencies: true, onTaskFailure: 'performexitoptionsjobaction' };
  await cluster.api.CreateJob({ job: { id: 'orig', poolInfo: { poolId: 'rt' }, ...dependencies } });
  await cluster.api.CreateJob({ job: { id: 'copy', poolInfo: { poolId: 'rt' }, ...dependencies } });
  for (const task of TASKS) await cluster.api.AddTask({ jobId: 'orig', task });
  const stored = await Promise.all(TASKS.map((task) => cluster.api.GetTask({ jobId: 'orig', taskId: task.id })));

  // The fixture covers the proto: a new TaskSpec field has to be added here, and given a CLI form.
  const unset = fieldPaths('troupe.v1.TaskSpec').filter((path) => !stored.some((task) => isSet(task, path)));
  t.deepEqual(unset, [], 'TaskSpec fields none of the tasks set');

  const listed = await troupe(['task', 'list', '--job', 'orig', '-o', 'json']);
  t.is(listed.code, 0, listed.stderr);
  const added = await troupe(['task', 'add-many', '--job', 'copy', '--file', '-'], listed.stdout);
  t.is(added.code, 0, added.stdout + added.stderr);

  for (const original of stored) {
    const copy = await cluster.api.GetTask({ jobId: 'copy', taskId: original.id });
    for (const field of topFields('troupe.v1.TaskSpec')) {
      t.deepEqual((copy as unknown as Record<string, unknown>)[field], (original as unknown as Record<string, unknown>)[field], `task ${original.id}: ${field}`);
    }
  }
});

test('task add --common-resource gives a multi-instance task its commonResourceFiles; without --instances it is refused', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'flags', poolInfo: { poolId: 'rt' } } });
  const r = await troupe(['task', 'add', '--job', 'flags', '--id', 'm', '--instances', '2', '--common-resource', 'inputs/=shared/', '--common-resource', 'http://127.0.0.1:9/a.txt', '-o', 'json', '--', '/bin/true']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(JSON.parse(r.stdout).multiInstanceSettings, {
    numberOfInstances: 2, coordinationCommandLine: null, coordinationCommandArgs: [],
    commonResourceFiles: [{ storagePath: 'inputs/', filePath: 'shared/' }, { httpUrl: 'http://127.0.0.1:9/a.txt', filePath: 'a.txt' }],
  });
  const refused = await troupe(['task', 'add', '--job', 'flags', '--id', 'n', '--common-resource', 'inputs/=x/', '--', '/bin/true']);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /--common-resource needs --instances/);
});

const JOB_OUTPUT_ONLY = new Set(['id', 'state', 'creationTime', 'stateTransitionTime', 'executionInfo', 'owner', 'jobScheduleId']);
const POOL_OUTPUT_ONLY = new Set(['id', 'state', 'creationTime', 'currentNodes', 'allocationState', 'allocationStateTransitionTime', 'resizeErrors', 'currentDedicatedNodes', 'currentLowPriorityNodes', 'autoScaleRun']);
const env = [{ name: 'E', value: 'f g' }];

/** Between them, every field path of Job that CreateJob takes. */
const JOBS = [
  {
    id: 'full',
    displayName: 'a full job',
    poolInfo: { poolId: 'rt' },
    priority: 7,
    constraints: { maxWallClockTime: '5h', maxTaskRetryCount: 2 },
    commonEnvironmentSettings: env,
    onAllTasksComplete: 'terminatejob',
    maxParallelTasks: 3,
    jobPreparationTask: {
      id: 'prep', commandLine: '/bin/true', environmentSettings: env, waitForSuccess: false, maxTaskRetryCount: 1, maxWallClockTime: '1m',
      resourceFiles, userIdentity: { userName: 'alice' },
    },
    jobReleaseTask: { id: 'release', commandArgs: ['/bin/sh', '-c', 'true'], environmentSettings: env, maxWallClockTime: '2m', resourceFiles, userIdentity: { autoUser: { scope: 'task', elevationLevel: 'admin' } } },
    jobManagerTask: {
      id: 'manager', displayName: 'the manager', commandLine: '/bin/true', environmentSettings: env,
      constraints: { maxWallClockTime: '1h', retentionTime: '3h', maxTaskRetryCount: 1, maxMemoryMib: 256 }, requiredSlots: 1,
      killJobOnCompletion: false, runExclusive: false, allowLowPriorityNode: false,
      resourceFiles, outputFiles: [{ filePattern: 'out/*', destination: 'results/', uploadCondition: 'taskfailure' }],
      applicationPackageReferences: [{ applicationId: 'tool', version: '2' }],
      userIdentity: { userName: 'alice' }, authenticationTokenSettings: { access: ['job'] },
    },
    metadata: [{ name: 'team', value: 'rt' }],
    usesTaskDependencies: true,
    onTaskFailure: 'performexitoptionsjobaction',
  },
  {
    id: 'args',
    poolInfo: { poolId: 'rt' },
    jobPreparationTask: { commandArgs: ['/bin/sh', '-c', 'true'], userIdentity: { autoUser: { scope: 'pool', elevationLevel: 'admin' } } },
    jobReleaseTask: { commandLine: '/bin/true', userIdentity: { userName: 'alice' } },
    jobManagerTask: { id: 'jm', commandArgs: ['/bin/sh', '-c', 'true'], userIdentity: { autoUser: { scope: 'task', elevationLevel: 'admin' } } },
  },
];

test('job show -o json fed back to job create --file stores every Job field as it was', async (t) => {
  for (const job of JOBS) await cluster.api.CreateJob({ job });
  const stored = await Promise.all(JOBS.map((job) => cluster.api.GetJob({ jobId: job.id })));
  const unset = fieldPaths('troupe.v1.Job', JOB_OUTPUT_ONLY).filter((path) => !stored.some((job) => isSet(job, path)));
  t.deepEqual(unset, [], 'Job fields none of the jobs set');
  for (const original of stored) {
    const shown = await troupe(['job', 'show', original.id, '-o', 'json']);
    t.is(shown.code, 0, shown.stderr);
    const created = await troupe(['job', 'create', '--file', '-', '--id', `${original.id}-copy`], shown.stdout);
    t.is(created.code, 0, created.stderr);
    const copy = await cluster.api.GetJob({ jobId: `${original.id}-copy` });
    for (const field of topFields('troupe.v1.Job', JOB_OUTPUT_ONLY)) {
      t.deepEqual((copy as unknown as Record<string, unknown>)[field], (original as unknown as Record<string, unknown>)[field], `job ${original.id}: ${field}`);
    }
  }
  const both = await troupe(['job', 'create', '--file', '-', '--pool', 'rt'], '{}');
  t.is(both.code, 2);
  t.regex(both.stderr, /--file gives the whole job: --pool cannot be given with it/);
});

test('pool show -o json fed back to pool create --file stores every Pool field as it was', async (t) => {
  const pools = [
    {
      id: 'full-pool', displayName: 'a full pool', taskSlotsPerNode: 3, taskSchedulingPolicy: { nodeFillType: 'pack' }, enableInterNodeCommunication: true,
      startTask: { commandLine: '/bin/true', environmentSettings: env, waitForSuccess: true, maxTaskRetryCount: 2, resourceFiles, userIdentity: { userName: 'bob' } },
      applicationPackageReferences: [{ applicationId: 'tool', version: '1.0' }],
      userAccounts: [{ name: 'bob', elevationLevel: 'admin', linuxUserConfiguration: { uid: 31010, gid: 31011 } }],
      allowAdminTasks: true,
      metadata: [{ name: 'site', value: 'here' }],
      enableAutoScale: true,
      autoScaleFormula: '$TargetDedicatedNodes = min(2, $PendingTasks);\n$NodeDeallocationOption = "taskcompletion";',
      autoScaleEvaluationInterval: '1h',
    },
    { id: 'args-pool', startTask: { commandArgs: ['/bin/sh', '-c', 'true'], userIdentity: { autoUser: { scope: 'pool', elevationLevel: 'admin' } } }, allowAdminTasks: true,
      // Scripts that start nothing: the pool stays resizing toward its targets (which autoscale
      // would set on full-pool, so they are here).
      nodeProvider: { kind: 'command', startCommand: '/bin/true start', stopCommand: '/bin/true stop', commandTimeout: '30s' },
      targetDedicatedNodes: 1, targetLowPriorityNodes: 2, resizeTimeout: '20m' },
  ];
  for (const pool of pools) await cluster.api.CreatePool({ pool });
  const stored = await Promise.all(pools.map((pool) => cluster.api.GetPool({ poolId: pool.id })));
  const unset = fieldPaths('troupe.v1.Pool', POOL_OUTPUT_ONLY).filter((path) => !stored.some((pool) => isSet(pool, path)));
  t.deepEqual(unset, [], 'Pool fields none of the pools set');
  for (const original of stored) {
    const shown = await troupe(['pool', 'show', original.id, '-o', 'json']);
    t.is(shown.code, 0, shown.stderr);
    const created = await troupe(['pool', 'create', '--file', '-', '--id', `${original.id}-copy`], shown.stdout);
    t.is(created.code, 0, created.stderr);
    const copy = await cluster.api.GetPool({ poolId: `${original.id}-copy` });
    for (const field of topFields('troupe.v1.Pool', POOL_OUTPUT_ONLY)) {
      t.deepEqual((copy as unknown as Record<string, unknown>)[field], (original as unknown as Record<string, unknown>)[field], `pool ${original.id}: ${field}`);
    }
  }
});
