// A batch value of the tasks bucket (batch-value.ts): read back whole by any msgpack decoder,
// whatever shapes its records have; its byte budget holds; values of the earlier encoding (each
// record's own msgpack bytes) still read.
import test from 'ava';
import { Packr, unpack } from 'msgpackr';
import { BatchValueWriter, readBatchValue } from '../../src/coordinator/state/batch-value.ts';
import { encode } from '../../src/protocol/nats/codec.ts';

const task = (i: number) => ({
  jobId: 'j', id: `t${i}`, seq: i, commandLine: `echo ${'é'.repeat(i % 5)}`, argv: ['echo', `${i}`],
  constraints: { maxWallClockTimeMs: undefined, retentionTimeMs: 604_800_000 },
  // Integers in 0x40-0x7f are where msgpackr's record references live: they must stay integers.
  exec: { attempt: 64 + (i % 64), retryCount: 0 },
  ...(i % 3 === 0 ? { metadata: [{ name: 'n', value: `v${i}` }] } : {}),
});

test('records of many shapes come back whole, in order, through a plain msgpack decoder too', (t) => {
  const writer = new BatchValueWriter();
  // 200 shapes: more than msgpackr's 64 one-byte record ids.
  const records = [...Array.from({ length: 300 }, (_, i) => task(i)), ...Array.from({ length: 200 }, (_, i) => ({ [`field${i}`]: i, v: 100 }))];
  records.forEach((r, i) => t.true(writer.tryAdd(`job.j.t${i}`, r, 1 << 30)));
  const bytes = writer.value();
  const read = readBatchValue<Record<string, unknown>>(bytes);
  t.deepEqual(read.keys, records.map((_, i) => `job.j.t${i}`));
  t.deepEqual(read.records, records);
  const plain = unpack(bytes) as { keys: string[]; records: unknown[] };
  t.deepEqual(plain.records, records);
  // The decoder keeps no shapes between values: a plain value decoded next is itself.
  t.deepEqual(new Packr({ useRecords: false, mapsAsObjects: true }).unpack(encode({ a: 64, b: [65, 66] })), { a: 64, b: [65, 66] });
  t.true(bytes.length < encode({ keys: read.keys, records }).length * 0.7, 'shapes are written once per batch');
});

test('a batch keeps to its byte budget; a first record is taken however big; a full batch takes no more', (t) => {
  const writer = new BatchValueWriter();
  const budget = 4096;
  let added = 0;
  while (writer.tryAdd(`k${added}`, task(added), budget)) added++;
  t.true(added > 5);
  t.false(writer.tryAdd('small', { a: 1 }, budget), 'full');
  t.is(writer.count, added);
  // The budget counts records and keys; msgpack adds a string header to each key, a few bytes.
  t.true(writer.value().length <= budget + 16 + 5 * added);
  t.deepEqual(readBatchValue(writer.value()).records, Array.from({ length: added }, (_, i) => task(i)));
  const big = new BatchValueWriter();
  t.true(big.tryAdd('big', { s: 'x'.repeat(10_000) }, budget));
  t.false(big.tryAdd('next', { s: 'y' }, budget));
  t.is(readBatchValue<{ s: string }>(big.value()).records[0]!.s.length, 10_000);
});

test('a batch value of the earlier encoding (each record its own msgpack bytes) reads the same', (t) => {
  const records = Array.from({ length: 10 }, (_, i) => task(i));
  const keys = records.map((r) => `job.j.${r.id}`);
  const old = encode({ keys, records: records.map((r) => encode(r)) });
  t.deepEqual(readBatchValue(old), { keys, records });
});
