// A page's byte budget counts each item by encodedSizeBound: it must never be below the item's
// real protobuf encoding (or a page could exceed a client's limit), and must stay close enough
// that a default page of ordinary tasks still holds 1,000 of them.
import test from 'ava';
import { encodedSizeBound, PAGE_BYTES } from '../../src/coordinator/api/bounded-page.ts';
import { taskToApi } from '../../src/coordinator/api/api-mapping.ts';
import { messageType } from '../../src/protocol/grpc/proto-descriptor.ts';
import { newTaskRecord } from '../../src/coordinator/lifecycle/task-lifecycle.ts';
import { dispatched } from '../../src/coordinator/lifecycle/task-attempt.ts';
import type { JobRecord } from '../../src/protocol/records/records.ts';

const now = '2026-01-01T00:00:00.000Z';
const job: JobRecord = {
  id: 'j', displayName: '', poolId: 'p', priority: 0, maxTaskRetryCount: 1, commonEnvironmentSettings: [],
  onAllTasksComplete: 'noaction', maxParallelTasks: 0, state: 'active', creationTime: now, stateTransitionTime: now, startTime: now,
};
const Task = messageType('troupe.v1.Task');
const encodedLength = (api: object) => Task.encode(Task.fromObject(api)).finish().length;

function apiTask(id: string, commandLine: string, env: Record<string, string>) {
  const record = newTaskRecord('j', {
    id, displayName: `shown ${id}`, commandLine, argv: ['/bin/sh', '-c', commandLine],
    environmentSettings: Object.entries(env).map(([name, value]) => ({ name, value })),
    constraints: { maxTaskRetryCount: -1 }, requiredSlots: 1,
  }, job, 7, now);
  return taskToApi(dispatched(record, 'node-1', now));
}

test('the bound is never below the real encoding: ASCII, 2-, 3- and 4-byte UTF-8, negative int64, long strings', (t) => {
  const cases = [
    apiTask('t1', '/bin/true', {}),
    apiTask('t2', `echo ${'é'.repeat(40)} ${'日'.repeat(40)} ${'🚀'.repeat(40)}`, { ÉTÉ: 'été', '日本': '語' }),
    apiTask('t3', `echo ${'x'.repeat(8000)}`, { BIG: 'y'.repeat(20_000) }),
    apiTask('t4', '🚀'.repeat(100), Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`V${i}`, `${i}`]))),
  ];
  for (const api of cases) {
    const real = encodedLength(api);
    t.true(real > 0);
    t.true(encodedSizeBound(api) >= real, `${api.id}: bound ${encodedSizeBound(api)} < encoded ${real}`);
  }
});

test('an ordinary task counts at most 1.5 times its encoding, so a default page holds 1,000 of them', (t) => {
  const api = apiTask('task-000123', '/bin/sh -c "python3 simulate.py --case 17 --out results/17.json"', { CASE: '17', OMP_NUM_THREADS: '1' });
  const bound = encodedSizeBound(api);
  t.log(`bound ${bound}, encoded ${encodedLength(api)}`);
  t.true(bound <= 1.5 * encodedLength(api), `bound ${bound}, encoded ${encodedLength(api)}`);
  t.true(1000 * bound < PAGE_BYTES);
});

test('scalars, bytes, null and nested arrays each have their own bound', (t) => {
  t.is(encodedSizeBound(null), 0);
  t.is(encodedSizeBound(undefined), 0);
  t.is(encodedSizeBound(true), 3);
  t.is(encodedSizeBound(0), 3, 'an optional field encodes its default');
  t.is(encodedSizeBound(300), 4);
  t.is(encodedSizeBound(-1), 12, 'a negative int32 is a 10-byte varint');
  t.is(encodedSizeBound(''), 3);
  t.is(encodedSizeBound('-1'), 12, 'a negative int64 is a 10-byte varint whatever its text');
  t.is(encodedSizeBound('x'.repeat(100)), 103, 'tag, 1-byte length, 100 bytes');
  t.is(encodedSizeBound('x'.repeat(200)), 204, 'a 2-byte length from 128 bytes');
  t.is(encodedSizeBound('é'.repeat(10)), 23);
  t.is(encodedSizeBound(new Uint8Array(50)), 53);
  t.is(encodedSizeBound({ a: [1, 2], b: { c: 'x'.repeat(20) } }), 3 + 6 + (2 + 1 + 23), 'a message: tag, length, its fields');
});
