// A KV table's cache (table-rows.ts) keeps three kinds of cell: a record of revision 0 as it is,
// a record with its revision, and a packed record. Whichever a key holds, it reads back as the
// same row (value and revision), and moving a key from one kind to another leaves nothing behind.
import test from 'ava';
import { TableRows } from '../../src/coordinator/state/table-rows.ts';

interface Rec { id: string; state: 'active' | 'running' | 'completed'; n: number }
const rec = (id: string, state: Rec['state'], n = 0): Rec => ({ id, state, n });
const rowsPackingCompleted = () => new TableRows<Rec>((r) => r.state === 'completed');

test('a record of revision 0, one with a revision and a packed one read back as their rows', (t) => {
  const rows = rowsPackingCompleted();
  const fresh = rec('a', 'active');
  rows.setNew('j.a', fresh, 0);
  rows.set('j.b', rec('b', 'running', 1), 7);
  rows.set('j.c', rec('c', 'completed', 2), 9);
  t.is(rows.size, 3);
  t.is(rows.value('j.a'), fresh, 'kept as it is, not copied');
  t.deepEqual({ ...rows.get('j.a')! }, { value: fresh, revision: 0 });
  t.false(rows.get('j.a')!.isPacked);
  t.like(rows.get('j.b'), { value: rec('b', 'running', 1), revision: 7, isPacked: false });
  t.deepEqual(rows.get('j.c')!.value, rec('c', 'completed', 2));
  t.is(rows.get('j.c')!.revision, 9);
  t.true(rows.get('j.c')!.isPacked);
  t.deepEqual([rows.isPacked('j.a'), rows.isPacked('j.b'), rows.isPacked('j.c'), rows.isPacked('j.none')], [false, false, true, undefined]);
  t.is(rows.get('j.none'), undefined);
  t.is(rows.value('j.none'), undefined);
  // Unfinished = not packed, of either unpacked kind.
  t.deepEqual([...rows.liveValues()].map((r) => r.id).sort(), ['a', 'b']);
  t.deepEqual([...rows.entries()].map(([k, r]) => [k, r.value.id, r.revision]).sort(), [['j.a', 'a', 0], ['j.b', 'b', 7], ['j.c', 'c', 9]]);
  t.deepEqual([...rows.values()].map((r) => r.value.n).sort(), [0, 1, 2]);
  const seen: string[] = [];
  rows.forEach((r, k) => seen.push(`${k}@${r.revision}`));
  t.deepEqual(seen.sort(), ['j.a@0', 'j.b@7', 'j.c@9']);
});

test('a key moves between the kinds of cell, and a deleted key is gone from every view', (t) => {
  const rows = rowsPackingCompleted();
  rows.setNew('k', rec('k', 'active'), 0);
  rows.set('k', rec('k', 'running', 1), 3);
  t.like(rows.get('k'), { revision: 3, value: { state: 'running' } });
  rows.set('k', rec('k', 'completed', 2), 4);
  t.true(rows.isPacked('k'));
  t.like(rows.get('k'), { revision: 4, value: { state: 'completed', n: 2 } });
  t.is(rows.packedBytes > 0, true);
  rows.set('k', rec('k', 'active', 3), 0); // reactivated, its revision not known (a batch's)
  t.false(rows.isPacked('k'));
  t.like(rows.get('k'), { revision: 0, value: { state: 'active', n: 3 } });
  t.is(rows.size, 1);
  t.true(rows.delete('k'));
  t.false(rows.delete('k'));
  t.is(rows.size, 0);
  t.false(rows.has('k'));
  t.deepEqual([...rows.liveValues()], []);
  t.deepEqual([...rows.keys()], []);
});

test('keys are kept as strings of their own, equal to the ones given', (t) => {
  const rows = new TableRows<Rec>();
  const subject = '$KV.tasks.job-1.task-1';
  const key = subject.slice('$KV.tasks.'.length); // a view of the subject
  rows.setNew(key, rec('task-1', 'active'), 0);
  rows.set(`job-1.${'task-2'}`, rec('task-2', 'active'), 5);
  t.deepEqual([...rows.keys()].sort(), ['job-1.task-1', 'job-1.task-2']);
  t.true(rows.has('job-1.task-1'));
  t.is(rows.get('job-1.task-2')!.revision, 5);
});
