// encodeRepeated (a response's repeated field encoded in slices, one writer per slice) gives the
// bytes protobufjs gives for the whole message, however the slices fall.
import test from 'ava';
import { encodeRepeated } from '../../src/protocol/grpc/lazy-messages.ts';
import { messageType } from '../../src/protocol/grpc/proto-descriptor.ts';
import { TimeSlice } from '../../src/protocol/time-slice.ts';

const type = messageType('troupe.v1.AddTaskCollectionResponse');

/** A slice that is always due: every element ends a slice (and yields). */
const everyElement = () => new TimeSlice(0);
/** A slice that never ends during the call. */
const oneSlice = () => new TimeSlice(60_000);

function results(n: number) {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 2
      ? { taskId: `t${i}`, status: 'clienterror', error: { code: 'ALREADY_EXISTS', message: `task t${i} already exists: ${'x'.repeat(i % 200)}` } }
      : { taskId: `task-${'é'.repeat(i % 5)}${i}`, status: 'success' });
}

for (const n of [0, 1, 2, 150, 5000]) {
  for (const [name, slice] of [['one slice', oneSlice], ['a slice per element', everyElement]] as const) {
    test(`${n} results in ${name}: the same bytes as encoding the whole message`, async (t) => {
      const items = results(n);
      const expected = Buffer.from(type.encode(type.fromObject({ results: items })).finish());
      const bytes = await encodeRepeated(type, 'results', items, slice());
      t.true(Buffer.isBuffer(bytes));
      t.deepEqual(Buffer.from(bytes), expected);
      const back = type.toObject(type.decode(bytes)) as { results?: { taskId: string; status: string; error?: { code: string; message: string } }[] };
      t.deepEqual(back.results ?? [], items);
    });
  }
}

test('a field that is not a repeated message is refused', async (t) => {
  await t.throwsAsync(encodeRepeated(messageType('troupe.v1.TaskAddResult'), 'taskId', [], oneSlice()), { message: /not a repeated message field/ });
});
