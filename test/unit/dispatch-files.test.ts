// The file fields of a task reach its worker: resource and output files as stored, application
// packages as the pool's then the task's, the task's version winning for the same application.
import test from 'ava';
import { dispatchMessage, newTaskRecord } from '../../src/coordinator/lifecycle/task-lifecycle.ts';
import type { JobRecord, PoolRecord } from '../../src/protocol/records/records.ts';

const now = '2026-01-01T00:00:00.000Z';
const job: JobRecord = {
  id: 'j', displayName: '', poolId: 'p', priority: 0, maxTaskRetryCount: 0, commonEnvironmentSettings: [],
  onAllTasksComplete: 'noaction', maxParallelTasks: 0, creationTime: now, stateTransitionTime: now, startTime: now, state: 'active',
};
const pool: PoolRecord = {
  id: 'p', displayName: '', taskSlotsPerNode: 1, nodeFillType: 'spread', enableInterNodeCommunication: false, state: 'active', creationTime: now,
  applicationPackageReferences: [{ applicationId: 'tool', version: '1' }, { applicationId: 'Blender', version: '3.5' }],
};
const spec = (over: Record<string, unknown> = {}) => ({
  id: 't', displayName: '', commandLine: 'true', argv: ['true'], environmentSettings: [], constraints: {}, requiredSlots: 1, ...over,
});

test('a task without files sends none (no empty fields in the message)', (t) => {
  const m = dispatchMessage(newTaskRecord('j', spec(), job, 1, now), job);
  t.false('resourceFiles' in m);
  t.false('outputFiles' in m);
  t.false('applicationPackageReferences' in m);
});

test("the pool's packages come first; the task's version of the same application replaces the pool's", (t) => {
  const record = newTaskRecord('j', spec({
    resourceFiles: [{ storagePath: 'in/a', filePath: 'a' }],
    outputFiles: [{ filePattern: '*.txt', destination: 'out/', uploadCondition: 'taskcompletion' }],
    applicationPackageReferences: [{ applicationId: 'blender', version: '3.6' }],
  }), job, 1, now);
  const m = dispatchMessage(record, job, pool);
  t.deepEqual(m.resourceFiles, [{ storagePath: 'in/a', filePath: 'a' }]);
  t.deepEqual(m.outputFiles, [{ filePattern: '*.txt', destination: 'out/', uploadCondition: 'taskcompletion' }]);
  t.deepEqual(m.applicationPackageReferences, [{ applicationId: 'tool', version: '1' }, { applicationId: 'blender', version: '3.6' }]);
  t.deepEqual(dispatchMessage(newTaskRecord('j', spec(), job, 2, now), job, pool).applicationPackageReferences, pool.applicationPackageReferences);
});
