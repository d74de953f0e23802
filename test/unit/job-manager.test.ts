// The job manager task without a cluster: its validation (Azure Batch's required fields and
// defaults, troupe's token default), the job-scoped credential's table against every call of the
// API, the scheduler's exclusive placement, and the rules that hold back the rest of its job.
import test from 'ava';
import { validateJobManagerTask, validateJobTasks } from '../../src/coordinator/validation/job-manager-validation.ts';
import { validateTaskSpec } from '../../src/coordinator/validation/validation.ts';
import { InvalidArgumentError, PermissionDeniedError, UnauthenticatedError } from '../../src/protocol/errors.ts';
import { CALL_POLICIES } from '../../src/coordinator/auth/call-policy.ts';
import { checkJobScope, JOB_SCOPED_CALLS } from '../../src/coordinator/auth/job-scope.ts';
import { advertisedApiAddress } from '../../src/coordinator/auth/job-credentials.ts';
import { schedule } from '../../src/coordinator/scheduling/scheduler.ts';
import { completionEndsJob, holdsBackItsJob, jobManagerTaskRecord, releasesItsJob, withHeldSlots } from '../../src/coordinator/lifecycle/job-manager.ts';
import { DEFAULT_RETENTION_MS, type JobRecord, type TaskRecord } from '../../src/protocol/records/records.ts';
import { spec } from '../helpers/validation-requests.ts';

const invalid = (t: import('ava').ExecutionContext, f: () => unknown, message: RegExp) => {
  const err = t.throws(f, { instanceOf: InvalidArgumentError });
  t.regex(err!.message, message);
};

// ---- Validation ----------------------------------------------------------------------------------

test('a job manager takes Azure Batch defaults: kill the job, exclusive, low-priority allowed; and a job token (troupe)', (t) => {
  t.deepEqual(validateJobManagerTask({ id: 'jm', commandLine: 'run.sh --all' }), {
    task: {
      id: 'jm', displayName: '', commandLine: 'run.sh --all', argv: ['run.sh', '--all'], environmentSettings: [],
      constraints: { retentionTimeMs: DEFAULT_RETENTION_MS }, requiredSlots: 1, authenticationTokenSettings: { access: ['job'] },
    },
    killJobOnCompletion: true, runExclusive: true, allowLowPriorityNode: true,
  });
  t.is(validateJobManagerTask(undefined), undefined);
  t.is(validateJobManagerTask(null), undefined);
});

test('a job manager keeps what it is given, and an empty access list means no token', (t) => {
  const jm = validateJobManagerTask({
    id: 'jm', commandArgs: ['/bin/sh', '-c', 'echo'], requiredSlots: 2, killJobOnCompletion: false, runExclusive: false,
    allowLowPriorityNode: false, constraints: { maxTaskRetryCount: 3, maxWallClockTime: '1h' }, authenticationTokenSettings: { access: [] },
    environmentSettings: [{ name: 'A', value: 'b' }],
  })!;
  t.false(jm.killJobOnCompletion);
  t.false(jm.runExclusive);
  t.false(jm.allowLowPriorityNode);
  t.is(jm.task.requiredSlots, 2);
  t.is(jm.task.constraints.maxTaskRetryCount, 3);
  t.is(jm.task.constraints.maxWallClockTimeMs, 3_600_000);
  t.deepEqual(jm.task.argv, ['/bin/sh', '-c', 'echo']);
  t.deepEqual(jm.task.environmentSettings, [{ name: 'A', value: 'b' }]);
  t.is(jm.task.authenticationTokenSettings, undefined);
});

test('bad job managers are refused naming the field and the rule', (t) => {
  invalid(t, () => validateJobManagerTask({ commandLine: 'x' }), /^job\.jobManagerTask\.id is required/);
  invalid(t, () => validateJobManagerTask({ id: 'jm' }), /^job\.jobManagerTask\.commandLine is required/);
  invalid(t, () => validateJobManagerTask({ id: 'a b', commandLine: 'x' }), /^job\.jobManagerTask\.id must be 1-64 characters/);
  invalid(t, () => validateJobManagerTask({ id: 'jm', commandLine: 'x', killJobOnCompletion: 'yes' }), /^job\.jobManagerTask\.killJobOnCompletion must be true or false/);
  invalid(t, () => validateJobManagerTask({ id: 'jm', commandLine: 'x', runExclusive: 1 }), /^job\.jobManagerTask\.runExclusive must be true or false/);
  invalid(t, () => validateJobManagerTask({ id: 'jm', commandLine: 'x', requiredSlots: 999 }), /^job\.jobManagerTask\.requiredSlots must be an integer from 1 to 256/);
  invalid(t, () => validateJobManagerTask({ id: 'jm', commandLine: 'x', authenticationTokenSettings: { access: ['pool'] } }), /^job\.jobManagerTask\.authenticationTokenSettings\.access\[0\] must be 'job'/);
  invalid(t, () => validateJobManagerTask({ id: 'jm', commandLine: 'x', authenticationTokenSettings: { access: 'job' } }), /access must be a list/);
  invalid(t, () => validateJobManagerTask({ id: 'jm', commandLine: 'x', environmentSettings: [{ name: 'AZ_BATCH_TOKEN', value: '' }] }), /environmentSettings\[0\]\.name 'AZ_BATCH_TOKEN' is reserved/);
  invalid(t, () => validateJobManagerTask('jm'), /^job\.jobManagerTask must be an object/);
  invalid(t, () => validateJobManagerTask({ commandLine: 'x' }, 'schedule.jobSpecification.jobManagerTask'), /^schedule\.jobSpecification\.jobManagerTask\.id is required/);
});

test('the preparation, release and job manager ids must differ; the path given is the one named', (t) => {
  const base = { jobPreparationTask: { commandLine: 'p' }, jobReleaseTask: { commandLine: 'r' } };
  invalid(t, () => validateJobTasks({ ...base, jobManagerTask: { id: 'jobpreparation', commandLine: 'x' } }), /^job\.jobManagerTask\.id 'jobpreparation' is the job preparation task's id/);
  invalid(t, () => validateJobTasks({ ...base, jobManagerTask: { id: 'jobrelease', commandLine: 'x' } }, 'schedule.jobSpecification'), /^schedule\.jobSpecification\.jobManagerTask\.id 'jobrelease' is the job release task's id/);
  invalid(t, () => validateJobTasks({ jobManagerTask: { commandLine: 'x' } }, 'schedule.jobSpecification'), /^schedule\.jobSpecification\.jobManagerTask\.id is required/);
  const ok = validateJobTasks({ ...base, jobManagerTask: { id: 'jobmanager', commandLine: 'x' } });
  t.is(ok.jobManagerTask?.task.id, 'jobmanager');
  t.is(ok.jobPreparationTask?.id, 'jobpreparation');
  t.deepEqual(validateJobTasks({}), {});
});

test('a task may ask for a job token, but not a multi-instance task', (t) => {
  t.deepEqual(validateTaskSpec(spec({ authenticationTokenSettings: { access: ['job', 'job'] } })).authenticationTokenSettings, { access: ['job'] });
  t.is(validateTaskSpec(spec({ authenticationTokenSettings: { access: [] } })).authenticationTokenSettings, undefined);
  invalid(t, () => validateTaskSpec(spec({ authenticationTokenSettings: { access: ['pool'] } })), /^task\.authenticationTokenSettings\.access\[0\] must be 'job'/);
  invalid(t, () => validateTaskSpec(spec({ multiInstanceSettings: { numberOfInstances: 2 }, authenticationTokenSettings: { access: ['job'] } })), /^task\.authenticationTokenSettings is not supported on a multi-instance task/);
});

// ---- The job-scoped credential's table --------------------------------------------------------

const ALLOWED = ['GetJob', 'GetTaskCounts', 'TerminateJob', 'AddTask', 'AddTaskCollection', 'GetTask', 'ListTasks', 'TerminateTask',
  'ReactivateTask', 'DeleteTask', 'GetTaskOutput', 'ListSubtasks', 'ListTaskFiles', 'GetTaskFile', 'Watch'];

test('a job-scoped token may make the calls about its own job and WhoAmI, nothing else, for every call of the API', (t) => {
  const live = () => 'active';
  for (const [path, policy] of Object.entries(CALL_POLICIES)) {
    const method = path.split('/')[1]!;
    const own = () => checkJobScope(path, policy, { jobId: 'j1', taskId: 't', poolId: 'p' }, 'j1', live);
    if (path === 'troupe.v1.Batch/WhoAmI' || (path.startsWith('troupe.v1.Batch/') && ALLOWED.includes(method))) {
      t.notThrows(own, method);
    } else {
      const err = t.throws(own, { instanceOf: PermissionDeniedError }, method);
      t.is(err!.message, `${method} is not allowed for a token scoped to job 'j1' (it may only read and change that job and its tasks)`);
    }
  }
  t.deepEqual([...JOB_SCOPED_CALLS].sort(), [...ALLOWED].sort());
  for (const m of ALLOWED) t.truthy(CALL_POLICIES[`troupe.v1.Batch/${m}`]?.job, `${m} names its job`);
});

test('a job-scoped token is refused another job, a call about no job, and everything once its job ended', (t) => {
  const policy = CALL_POLICIES['troupe.v1.Batch/AddTask'];
  const err = t.throws(() => checkJobScope('troupe.v1.Batch/AddTask', policy, { jobId: 'other' }, 'j1', () => 'active'), { instanceOf: PermissionDeniedError });
  t.is(err!.message, "AddTask: job 'other' is outside this token's scope (job 'j1')");
  const watch = CALL_POLICIES['troupe.v1.Batch/Watch'];
  t.throws(() => checkJobScope('troupe.v1.Batch/Watch', watch, {}, 'j1', () => 'active'), { instanceOf: PermissionDeniedError, message: /Watch without a jobId/ });
  t.throws(() => checkJobScope('troupe.v1.Batch/Watch', watch, { jobId: 'j1', includeNodes: true }, 'j1', () => 'active'), { instanceOf: PermissionDeniedError, message: /Watch with includeNodes/ });
  t.notThrows(() => checkJobScope('troupe.v1.Batch/Watch', watch, { jobId: 'j1', includeNodes: false }, 'j1', () => 'active'));
  for (const [state, why] of [['completed', /has completed/], [undefined, /was deleted/], ['deleting', /was deleted/]] as const) {
    t.throws(() => checkJobScope('troupe.v1.Batch/GetJob', CALL_POLICIES['troupe.v1.Batch/GetJob'], { jobId: 'j1' }, 'j1', () => state), { instanceOf: UnauthenticatedError, message: why });
    t.throws(() => checkJobScope('troupe.v1.Batch/WhoAmI', CALL_POLICIES['troupe.v1.Batch/WhoAmI'], {}, 'j1', () => state), { instanceOf: UnauthenticatedError });
  }
  t.notThrows(() => checkJobScope('troupe.v1.Batch/GetJob', CALL_POLICIES['troupe.v1.Batch/GetJob'], { jobId: 'j1' }, 'j1', () => 'terminating'));
});

test('the API address tasks are given: the advertised one, else the bound one unless it is a wildcard', (t) => {
  t.is(advertisedApiAddress('127.0.0.1:7878', undefined), '127.0.0.1:7878');
  t.is(advertisedApiAddress('10.0.0.5:7878', 'batch.example:443'), 'batch.example:443');
  t.is(advertisedApiAddress('0.0.0.0:7878', undefined), undefined);
  t.is(advertisedApiAddress('[::]:7878', undefined), undefined);
  t.is(advertisedApiAddress('0.0.0.0:7878', '10.0.0.5:7878'), '10.0.0.5:7878');
});

// ---- Scheduling ----------------------------------------------------------------------------------

const snap = (nodes: { id: string; free: number; total: number }[], queued: { taskId: string; requiredSlots: number; exclusive?: boolean }[]) => ({
  pools: new Map([['p', { id: 'p', nodeFillType: 'spread' as const }]]),
  nodes: nodes.map((n) => ({ id: n.id, poolId: 'p', freeSlots: n.free, totalSlots: n.total })),
  jobs: [{ jobId: 'j', poolId: 'p', priority: 0, order: 0, maxParallelTasks: 0, runningTasks: 0, queued: queued.map((q) => ({ jobId: 'j', ...q })) }],
});

test('an exclusive task takes a wholly free node, all its slots, or waits holding back the node closest to free', (t) => {
  t.deepEqual(schedule(snap([{ id: 'a', free: 3, total: 4 }, { id: 'b', free: 4, total: 4 }], [{ taskId: 'jm', requiredSlots: 1, exclusive: true }, { taskId: 'x', requiredSlots: 1 }])), [
    { jobId: 'j', taskId: 'jm', nodeId: 'b', requiredSlots: 4 },
    { jobId: 'j', taskId: 'x', nodeId: 'a', requiredSlots: 1 },
  ]);
  // No wholly free node: it waits; the node nearest to free (a, 3 of 4) is kept from later tasks.
  t.deepEqual(schedule(snap([{ id: 'a', free: 3, total: 4 }, { id: 'b', free: 1, total: 4 }], [{ taskId: 'jm', requiredSlots: 1, exclusive: true }, { taskId: 'x', requiredSlots: 1 }])), [
    { jobId: 'j', taskId: 'x', nodeId: 'b', requiredSlots: 1 },
  ]);
});

// ---- Lifecycle -----------------------------------------------------------------------------------

const job = (over: Partial<JobRecord> = {}): JobRecord => ({
  id: 'j', displayName: '', poolId: 'p', priority: 0, maxTaskRetryCount: 2, commonEnvironmentSettings: [], onAllTasksComplete: 'noaction',
  maxParallelTasks: 0, creationTime: '', stateTransitionTime: '', startTime: '', state: 'active',
  jobManagerTask: validateJobManagerTask({ id: 'jm', commandLine: 'x' }), ...over,
} as JobRecord);

test('the job manager becomes a task of its job, marked, with the job\'s retries unless it has its own', (t) => {
  const task = jobManagerTaskRecord(job(), 0, 'now')!;
  t.is(task.id, 'jm');
  t.is(task.state, 'active');
  t.is(task.seq, 0);
  t.deepEqual(task.jobManager, { killJobOnCompletion: true, runExclusive: true, allowLowPriorityNode: true });
  t.is(task.constraints.maxTaskRetryCount, 2);
  t.deepEqual(task.authenticationTokenSettings, { access: ['job'] });
  t.is(jobManagerTaskRecord(job({ jobManagerTask: undefined }), 0, 'now'), undefined);
});

test('it holds back its job until it has started once; its completion ends the job when it kills it', (t) => {
  const jm = jobManagerTaskRecord(job(), 0, 'now')! as TaskRecord;
  t.true(holdsBackItsJob(jm));
  const dispatched = { ...jm, state: 'preparing', exec: { ...jm.exec, attempt: 1, nodeId: 'n' } } as TaskRecord;
  t.true(holdsBackItsJob(dispatched), 'dispatched is not started');
  const running = { ...dispatched, state: 'running', exec: { ...dispatched.exec, startTime: 's' } } as TaskRecord;
  t.false(holdsBackItsJob(running));
  t.true(releasesItsJob(running, dispatched));
  const retried = { ...jm, exec: { ...jm.exec, attempt: 1, retryCount: 1 } } as TaskRecord;
  t.false(holdsBackItsJob(retried), 'a retry does not hold back what already runs');
  t.false(holdsBackItsJob(undefined));
  t.false(holdsBackItsJob({ ...jm, jobManager: undefined } as TaskRecord));
  const done = { ...running, state: 'completed', exec: { ...running.exec, result: 'failure' } } as TaskRecord;
  t.true(completionEndsJob(done, job()));
  t.false(completionEndsJob(done, job({ state: 'terminating' } as Partial<JobRecord>)));
  t.false(completionEndsJob(running, job()));
  t.false(completionEndsJob({ ...done, jobManager: { ...done.jobManager!, killJobOnCompletion: false } } as TaskRecord, job()));
  t.is(withHeldSlots(running, 4).exec.heldSlots, 4);
  t.is(withHeldSlots(running, 1), running);
});

// ---- The CLI's task file -------------------------------------------------------------------------

test('task add-many reads authenticationTokenSettings, refusing unknown fields by name', async (t) => {
  const { parseTaskFile } = await import('../../src/cli/json/task-file.ts');
  t.deepEqual(parseTaskFile('[{"id":"a","commandLine":"x","authenticationTokenSettings":{"access":["job"]}}]')[0]!.authenticationTokenSettings, { access: ['job'] });
  t.throws(() => parseTaskFile('{"id":"a","authenticationTokenSettings":{"acces":["job"]}}'), { message: /unknown field 'authenticationTokenSettings\.acces'/ });
  t.throws(() => parseTaskFile('{"id":"a","authenticationTokenSettings":{"access":"job"}}'), { message: /'authenticationTokenSettings\.access' must be an array of strings/ });
});
