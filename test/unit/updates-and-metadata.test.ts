// Metadata validation, patch requests (absent differs from zero) and patches applied to records,
// and $select's paths.
import test from 'ava';
import { validateMetadata, MAX_METADATA_ITEMS } from '../../src/coordinator/validation/metadata-validation.ts';
import { validatePatchJob, validateUpdateTask, validatePatchPool } from '../../src/coordinator/validation/update-validation.ts';
import { patchedJob, patchedTask } from '../../src/coordinator/lifecycle/record-patches.ts';
import { validateJob, validateTaskSpec } from '../../src/coordinator/validation/validation.ts';
import { applySelect, parseSelect } from '../../src/coordinator/listing/select.ts';
import type { JobRecord, TaskRecord } from '../../src/protocol/records/records.ts';
import { job, spec } from '../helpers/validation-requests.ts';

test('metadata: names unique and bounded, each error naming the item', (t) => {
  t.deepEqual(validateMetadata([{ name: 'a', value: '1' }, { name: 'b' }], 'job.metadata'), [{ name: 'a', value: '1' }, { name: 'b', value: '' }]);
  t.deepEqual(validateMetadata(undefined, 'job.metadata'), []);
  t.throws(() => validateMetadata([{ name: 'a', value: '1' }, { name: 'a', value: '2' }], 'job.metadata'),
    { message: "job.metadata[1].name 'a' is given twice (also job.metadata[0])" });
  t.throws(() => validateMetadata([{ name: '', value: '1' }], 'pool.metadata'), { message: 'pool.metadata[0].name is required' });
  t.throws(() => validateMetadata([{ name: 'x'.repeat(129) }], 'm'), { message: 'm[0].name must be at most 128 characters' });
  t.throws(() => validateMetadata([{ name: 'a\nb' }], 'm'), { message: 'm[0].name must not contain control characters' });
  t.throws(() => validateMetadata([{ name: 'a', value: 'v'.repeat(4097) }], 'm'), { message: 'm[0].value must be at most 4096 characters' });
  t.throws(() => validateMetadata(Array.from({ length: MAX_METADATA_ITEMS + 1 }, (_, i) => ({ name: `n${i}` })), 'm'), { message: /^m has 101 items: at most 100$/ });
  t.throws(() => validateMetadata(Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, value: 'v'.repeat(4000) })), 'm'), { message: 'm is larger than 64 KiB in all' });
});

test('metadata reaches the job and task records at creation, and is refused there too', (t) => {
  t.deepEqual(validateJob(job({ metadata: [{ name: 'team', value: 'a' }] })).metadata, [{ name: 'team', value: 'a' }]);
  t.is(validateJob(job()).metadata, undefined);
  t.deepEqual(validateTaskSpec(spec({ metadata: [{ name: 'k', value: 'v' }] }), 'tasks[2]').metadata, [{ name: 'k', value: 'v' }]);
  t.throws(() => validateTaskSpec(spec({ metadata: [{ name: 'k' }, { name: 'k' }] }), 'tasks[2]'), { message: /^tasks\[2\]\.metadata\[1\]\.name 'k' is given twice/ });
});

test('a patch holds only the fields given: absent differs from 0 and from ""', (t) => {
  t.deepEqual(validatePatchJob({ jobId: 'j', constraints: null, metadata: null } as never).patch, {});
  t.deepEqual(validatePatchJob({ jobId: 'j', priority: 0, maxParallelTasks: 0 } as never).patch, { priority: 0, maxParallelTasks: 0 });
  t.deepEqual(validatePatchJob({ jobId: 'j', constraints: { maxWallClockTime: '' } } as never).patch, { maxWallClockTimeMs: null });
  t.deepEqual(validatePatchJob({ jobId: 'j', constraints: { maxWallClockTime: '5m', maxTaskRetryCount: -1 } } as never).patch, { maxWallClockTimeMs: 300_000, maxTaskRetryCount: -1 });
  t.deepEqual(validatePatchJob({ jobId: 'j', metadata: { items: [] } } as never).patch, { metadata: [] });
  t.throws(() => validatePatchJob({ jobId: 'j', priority: 1001 } as never), { message: 'priority must be an integer from -1000 to 1000' });
  t.throws(() => validatePatchJob({ jobId: 'j', onAllTasksComplete: 'stop' } as never), { message: 'onAllTasksComplete must be noaction or terminatejob' });
  t.throws(() => validatePatchJob({ jobId: 'j', constraints: { maxWallClockTime: 'soon' } } as never), { message: /^constraints\.maxWallClockTime must be a duration/ });
  t.throws(() => validatePatchJob({ jobId: 'j', metadata: { items: [{ name: 'a' }, { name: 'a' }] } } as never), { message: /^metadata\.items\[1\]\.name/ });
  t.deepEqual(validateUpdateTask({ jobId: 'j', taskId: 't', constraints: { maxWallClockTime: '2s', retentionTime: '1h' } } as never).patch, { maxWallClockTimeMs: 2000, retentionTimeMs: 3_600_000 });
  t.throws(() => validateUpdateTask({ jobId: 'j', taskId: 't', constraints: { retentionTime: '' } } as never), { message: /^constraints\.retentionTime/ });
  t.throws(() => validateUpdateTask({ jobId: 'j', taskId: '' } as never), { message: /^taskId/ });
  t.deepEqual(validatePatchPool({ poolId: 'p' } as never), { poolId: 'p' });
});

const jobRecord = (over: Partial<JobRecord> = {}): JobRecord => ({
  id: 'j', displayName: '', poolId: 'p', priority: 1, maxWallClockTimeMs: 60_000, maxTaskRetryCount: 2, commonEnvironmentSettings: [],
  onAllTasksComplete: 'noaction', maxParallelTasks: 4, creationTime: 'c', stateTransitionTime: 'c', startTime: 'c', state: 'active',
  metadata: [{ name: 'a', value: '1' }], ...over,
} as JobRecord);

test('a job patch changes only what it holds, and not in a final state', (t) => {
  t.deepEqual(patchedJob(jobRecord(), { priority: 7 }), jobRecord({ priority: 7 }));
  const unlimited = patchedJob(jobRecord(), { maxWallClockTimeMs: null, metadata: [] })!;
  t.false('maxWallClockTimeMs' in unlimited);
  t.false('metadata' in unlimited);
  t.is(unlimited.maxParallelTasks, 4);
  t.deepEqual(patchedJob(jobRecord({ state: 'disabled' }), { maxParallelTasks: 1 })?.maxParallelTasks, 1);
  for (const state of ['terminating', 'completed', 'deleting'] as const) t.is(patchedJob(jobRecord({ state }), { priority: 2 }), undefined, state);
});

const taskRecord = (state: TaskRecord['state'], over: Partial<TaskRecord> = {}): TaskRecord => ({
  jobId: 'j', id: 't', uid: 'u', seq: 0, displayName: '', commandLine: '', argv: [], environmentSettings: [],
  constraints: { retentionTimeMs: 10, maxTaskRetryCount: 1, maxWallClockTimeMs: 5000 }, requiredSlots: 1, state, creationTime: '', stateTransitionTime: '',
  exec: { attempt: 3, retryCount: 0, requeueCount: 0 }, ...over,
} as TaskRecord);

test('a task update changes its constraints and marks a running attempt for its node', (t) => {
  const running = patchedTask(taskRecord('running'), { maxWallClockTimeMs: 1000 })!;
  t.deepEqual(running.constraints, { retentionTimeMs: 10, maxTaskRetryCount: 1, maxWallClockTimeMs: 1000 });
  t.is(running.limitChangedAttempt, 3);
  const queued = patchedTask(taskRecord('active'), { maxWallClockTimeMs: null, maxTaskRetryCount: -1 })!;
  t.deepEqual(queued.constraints, { retentionTimeMs: 10, maxTaskRetryCount: -1 });
  t.is(queued.limitChangedAttempt, undefined, 'its next dispatch carries the limit');
  t.is(patchedTask(taskRecord('running'), { maxTaskRetryCount: 0 })!.limitChangedAttempt, undefined, 'retries are the coordinator\'s: the node need not know');
  t.is(patchedTask(taskRecord('completed'), { maxWallClockTimeMs: 1 }), undefined);
});

test('select: paths checked against the message, others left out', (t) => {
  const sel = parseSelect('id, state ,executionInfo/exitCode', 'troupe.v1.Task');
  t.deepEqual(applySelect({ id: 't', state: 'completed', commandLine: 'x', executionInfo: { exitCode: 3, result: 'failure' } }, sel),
    { id: 't', state: 'completed', executionInfo: { exitCode: 3 } });
  t.is(parseSelect('', 'troupe.v1.Task'), undefined);
  t.throws(() => parseSelect('id,stat', 'troupe.v1.Task'), { message: "select: unknown property 'stat' of Task at 3" });
  t.throws(() => parseSelect('executionInfo/nope', 'troupe.v1.Task'), { message: "select: unknown property 'executionInfo/nope' of Task at 0" });
  t.throws(() => parseSelect('id,,state', 'troupe.v1.Job'), { message: 'select: has an empty property at 3' });
  t.deepEqual(parseSelect('poolInfo/poolId', 'troupe.v1.Job'), [['poolInfo', 'poolId']]);
});
