// The dense in-memory form of finished tasks (packed-record-codec.ts, packed-arena.ts): what is
// packed comes back exactly, whatever it holds, and the arena's accounting of used and unused
// slab bytes is what compaction and the memory figures rely on.
import test from 'ava';
import { PackedRecordCodec } from '../../src/coordinator/state/packed-record-codec.ts';
import { PackedArena } from '../../src/coordinator/state/packed-arena.ts';

function roundTrip(codec: PackedRecordCodec, value: unknown): unknown {
  const [tag, body] = codec.pack(value);
  return codec.unpack(Uint8Array.from([tag, ...body]));
}

const finishedTask = {
  id: 'task-17', jobId: 'job-a', state: 'completed', commandLine: '/bin/echo hello',
  creationTime: '2026-12-03T07:14:11.123Z', stateTransitionTime: '2026-12-03T07:14:12.000Z',
  exec: { result: 'success', exitCode: 0, nodeId: 'node-1', attemptId: '0b9a7c1e-3f4d-4e2a-9b8c-7d6e5f4a3b2c', retryCount: 0 },
  environmentSettings: [{ name: 'A', value: '1' }], constraints: {}, requiredSlots: 1,
};

test('a finished task comes back exactly, and packs to a fraction of its JSON', (t) => {
  const codec = new PackedRecordCodec();
  t.deepEqual(roundTrip(codec, finishedTask), finishedTask);
  const [, body] = codec.pack(finishedTask);
  t.true(body.length * 2 < JSON.stringify(finishedTask).length, `${body.length} bytes packed`);
});

test('strings that only look like times or UUIDs stay the strings they were', (t) => {
  const codec = new PackedRecordCodec();
  const value = {
    notCanonicalTime: '2026-12-03T07:14:11.12Z0', // 24 characters, T at 10, not an ISO time
    offsetTime: '2026-12-03T07:14:11+00:00',
    invalidDate: '2026-13-45T99:99:99.999Z',
    upperUuid: '0B9A7C1E-3F4D-4E2A-9B8C-7D6E5F4A3B2C',
    uuid: '0b9a7c1e-3f4d-4e2a-9b8c-7d6e5f4a3b2c',
    nested: [['2026-12-03T07:14:11.123Z', { at: '2026-12-03T07:14:11.123Z' }]],
  };
  const back = roundTrip(codec, value) as typeof value;
  t.deepEqual(back, value);
  t.is(typeof back.nested[0][0], 'string');
});

test('a record holding Dates or bytes of its own is packed without folding and comes back with them', (t) => {
  const codec = new PackedRecordCodec();
  const value = { when: new Date('2026-12-03T07:14:11.123Z'), bytes: Buffer.from('0123456789abcdef'), text: '2026-12-03T07:14:11.123Z' };
  const [tag] = codec.pack(value);
  t.is(tag, 0, 'plain, not folded');
  const back = roundTrip(codec, value) as typeof value;
  t.true(back.when instanceof Date);
  t.is(back.when.toISOString(), value.when.toISOString());
  t.deepEqual(Buffer.from(back.bytes), value.bytes);
  t.is(back.text, value.text, 'a time string beside a Date stays a string');
});

test('undefined fields, nulls and empty values keep their form', (t) => {
  const codec = new PackedRecordCodec();
  const value = { a: null, b: '', c: [], d: {}, e: 0, f: false, g: [null, 1, 'x'] };
  t.deepEqual(roundTrip(codec, value), value);
  const withUndefined = roundTrip(codec, { a: 1, b: undefined }) as Record<string, unknown>;
  t.is(withUndefined.a, 1);
  t.is(withUndefined.b, undefined);
});

test('more shapes than the shared structures can name still round-trip', (t) => {
  const codec = new PackedRecordCodec();
  const packed: [number, Uint8Array, unknown][] = [];
  for (let i = 0; i < 9_000; i++) {
    const value = { [`field${i}`]: i, at: '2026-12-03T07:14:11.123Z' };
    const [tag, body] = codec.pack(value);
    packed.push([tag, Uint8Array.from(body), value]);
  }
  for (const [tag, body, value] of packed) t.deepEqual(codec.unpack(Uint8Array.from([tag, ...body])), value);
});

test('the arena reads back what it stored with its revision, across slabs and for records of their own size', (t) => {
  const arena = new PackedArena();
  const values = Array.from({ length: 5_000 }, (_, i) => ({ ...finishedTask, id: `task-${i}`, pad: 'x'.repeat(i % 300) }));
  const big = { ...finishedTask, commandLine: 'y'.repeat(100_000) };
  const handles = values.map((v, i) => arena.store(v, i * 1_000_003));
  const bigHandle = arena.store(big, 2 ** 40);
  t.true(new Set(handles.map((h) => arena.slabOf(h))).size > 1, 'more than one slab');
  t.true(handles.every((h) => Number.isInteger(h) && h < 2 ** 30), 'handles are small integers');
  const bigSlab = arena.slabOf(bigHandle).bytes.length;
  t.true(bigSlab > 100_000 && bigSlab < 100_400, `a big record has a slab of about its size (${bigSlab})`);
  values.forEach((v, i) => {
    t.deepEqual(arena.read(handles[i]!), v);
    t.is(arena.revisionOf(handles[i]!), i * 1_000_003);
  });
  t.deepEqual(arena.read(bigHandle), big);
  t.is(arena.revisionOf(bigHandle), 2 ** 40);
});

test('a slab whose records are all released is dropped, its index used again, and a mostly released one is sparse', (t) => {
  const arena = new PackedArena();
  const pad = 'z'.repeat(1_000);
  const handles = Array.from({ length: 2_000 }, (_, i) => arena.store({ i, pad }, i));
  const first = arena.slabOf(handles[0]!);
  const held = arena.heldBytes;
  const inFirst = handles.filter((h) => arena.slabOf(h) === first);
  inFirst.slice(1).forEach((h) => arena.release(h));
  t.true(first.sparse, 'one record left: sparse');
  t.is(arena.heldBytes, held, 'still held while a record lives there');
  t.deepEqual(arena.read(inFirst[0]!), { i: 0, pad });
  arena.release(inFirst[0]!);
  t.is(arena.heldBytes, held - first.bytes.length, 'dropped once empty');
  t.false(arena.wasteful, 'nothing wasted is left');
  // New slabs take the dropped one's index; the records elsewhere read as they were.
  const more = Array.from({ length: 600 }, (_, i) => arena.store({ more: i, pad }, i));
  t.true(more.some((h) => arena.slabOf(h).index === first.index));
  t.deepEqual(arena.read(handles[1_999]!), { i: 1_999, pad });
  t.deepEqual(arena.read(more[599]!), { more: 599, pad });
});

test('the arena is wasteful only when more lies unused in old slabs than is used, and past a floor', (t) => {
  const arena = new PackedArena();
  const pad = 'w'.repeat(4_000);
  const handles = Array.from({ length: 6_000 }, (_, i) => arena.store({ i, pad }, i)); // ~24 MB
  t.false(arena.wasteful);
  // A third of each slab released: less unused than used.
  handles.forEach((h, i) => { if (i % 3 === 0) arena.release(h); });
  t.false(arena.wasteful);
  handles.forEach((h, i) => { if (i % 3 === 1) arena.release(h); });
  t.true(arena.wasteful, 'two thirds unused');
});

test('every time toISOString writes folds and comes back the same; near misses stay strings', (t) => {
  const codec = new PackedRecordCodec();
  const times = [0, 1, -1, 951_782_400_000 /* 2000-02-29 */, 4_107_542_399_999 /* 2100-02-28 end */, Date.UTC(2024, 1, 29, 23, 59, 59, 999), -62_135_596_800_000 /* 0001-01-01 */, -62_167_219_200_000 /* 0000-01-01 */, Date.UTC(1969, 11, 31), 253_402_300_799_999 /* 9999-12-31 */];
  for (let i = 0; i < 2_000; i++) times.push(Math.floor(((i * 7_919) % 2_000) / 2_000 * 253_402_300_799_999 - 62_000_000_000_000 * (i % 2)));
  for (const ms of times) {
    const s = new Date(ms).toISOString();
    if (s.length !== 24) continue;
    const [tag, body] = codec.pack({ s });
    t.is(tag, 1);
    t.is((codec.unpack(Uint8Array.from([tag, ...body])) as { s: string }).s, s, s);
  }
  const nearMisses = ['2023-02-29T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '2026-12-00T00:00:00.000Z',
    '2026-12-03T24:00:00.000Z', '2026-12-03T23:60:00.000Z', '2026-12-03T23:59:60.000Z', '2026-12-03T23:59:59.-00Z', '2026-12-03 23:59:59.000Z', '+02026-12-03T23:59:59.0Z'];
  for (const s of nearMisses) {
    const [tag, body] = codec.pack({ s });
    const back = (codec.unpack(Uint8Array.from([tag, ...body])) as { s: unknown }).s;
    t.is(back, s, s);
  }
});
