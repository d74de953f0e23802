// A table that keeps its records packed (the coordinator's finished tasks) on a real JetStream:
// records replaced or removed give their slab space back, and when most of it lies unused the
// table moves the rest into fresh slabs, in slices, with every record read back as it was stored.
import test from 'ava';
import { Kvm } from '@nats-io/kv';
import { openTestState } from './helpers/state-store.ts';
import { KvTable } from '../src/coordinator/state/kv-table.ts';
import { JetStreamWriter } from '../src/protocol/nats/jetstream-writer.ts';
import { TimeSlice } from '../src/protocol/time-slice.ts';
import { SLAB_BYTES, WASTE_TO_COMPACT } from '../src/coordinator/state/packed-arena.ts';

interface Item { id: string; n: number; body: string; at: string }

test('a packed table compacts after most of its records are removed, and every record stays intact', async (t) => {
  const { nc } = await openTestState(t, 'packed');
  const bucket = 'packedtest';
  const kv = await new Kvm(nc).create(bucket);
  const writer = new JetStreamWriter(nc);
  t.teardown(() => writer.close());
  const table = new KvTable<Item>(kv, writer, bucket, 'task', undefined, () => true);

  const count = 2_400;
  const item = (i: number): Item => ({ id: `item-${i}`, n: i, body: `${i}:`.padEnd(8_000, 'b'), at: new Date(1_700_000_000_000 + i).toISOString() });
  const slice = new TimeSlice();
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    writes.push(table.create(`item-${i}`, item(i)));
    if (writes.length >= 200) await Promise.all(writes.splice(0));
    await slice.yield();
  }
  await Promise.all(writes);
  t.true(table.rows.get('item-0')!.isPacked);
  const full = table.packedBytes;
  t.true(full >= count * 8_000, `${full} bytes held for ${count} records of 8 KB`);

  // Replacing a record leaves it readable as its new value.
  await table.mutate('item-1', (cur) => ({ ...cur, n: -1 }));
  t.is(table.get('item-1')!.n, -1);

  // Nine of ten removed: far more unused than used, so the table compacts.
  const kept = new Set<number>();
  for (let i = 0; i < count; i++) {
    if (i % 10 === 3) kept.add(i);
    else await table.remove(`item-${i}`);
  }
  // Without compaction every slab would still hold a few of them (about 30 records of 8 KB to a
  // slab, one in ten kept), so nearly all would stay held. With it, what is held is what is used,
  // plus at most the waste the arena tolerates before compacting, plus the slab being filled.
  const bound = kept.size * 8_100 + WASTE_TO_COMPACT + 2 * SLAB_BYTES;
  const deadline = Date.now() + 60_000;
  while (table.packedBytes > bound && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  t.true(table.packedBytes <= bound, `${table.packedBytes} of ${full} bytes still held after compaction (bound ${bound})`);

  t.is(table.rows.size, kept.size);
  for (const i of kept) t.deepEqual(table.get(`item-${i}`), item(i));
  // And what the store holds is what the cache reads.
  const stored = await kv.get('item-13');
  t.is(stored?.operation, 'PUT');
});
