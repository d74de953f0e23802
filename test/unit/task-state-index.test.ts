// The positions of a job's tasks by state and result (kept by the job book from every change),
// the bitsets' next-member walk, and the candidates a filter takes from them.
import test from 'ava';
import { PositionBitset, nextPosition, type PositionSet } from '../../src/coordinator/state/position-bitset.ts';
import { JobBook } from '../../src/coordinator/state/job-book.ts';
import { indexedCandidates } from '../../src/coordinator/listing/task-listing.ts';
import { parseFilter } from '../../src/coordinator/listing/odata-parser.ts';
import { TASK_PROPERTIES } from '../../src/coordinator/listing/list-properties.ts';
import type { TaskRecord } from '../../src/protocol/records/records.ts';
import type { TaskState } from '../../src/protocol/records/states.ts';

const rec = (id: string, seq: number, state: TaskState, result?: 'success' | 'failure'): TaskRecord => ({
  jobId: 'j', id, uid: `uid-${id}`, seq, displayName: '', commandLine: '', argv: [], environmentSettings: [],
  constraints: { retentionTimeMs: 1, maxTaskRetryCount: 0 }, requiredSlots: 1, state, creationTime: '', stateTransitionTime: '',
  exec: { attempt: 0, retryCount: 0, requeueCount: 0, result },
} as TaskRecord);

const members = (set: PositionSet, end: number, from = 0): number[] => {
  const out: number[] = [];
  for (let p = nextPosition(set, from, end); p >= 0; p = nextPosition(set, p + 1, end)) out.push(p);
  return out;
};

test('a bitset finds its next member across empty words and summary words, and respects the end', (t) => {
  const b = new PositionBitset();
  const at = [0, 31, 32, 1023, 1024, 40_000, 999_999];
  for (const p of at) b.add(p);
  b.add(31); // twice: counted once
  t.is(b.size, at.length);
  t.deepEqual(members({ kind: 'bits', bits: b }, 1_000_000), at);
  t.deepEqual(members({ kind: 'bits', bits: b }, 40_000), [0, 31, 32, 1023, 1024]);
  t.deepEqual(members({ kind: 'bits', bits: b }, 1_000_000, 33), [1023, 1024, 40_000, 999_999]);
  b.delete(1024);
  b.delete(1024);
  t.is(b.size, at.length - 1);
  t.deepEqual(members({ kind: 'bits', bits: b }, 1_000_000, 1000), [1023, 40_000, 999_999]);
  t.is(nextPosition({ kind: 'bits', bits: new PositionBitset() }, 0, 10), -1);
});

test('and / or of bitsets are read word by word', (t) => {
  const a = new PositionBitset();
  const b = new PositionBitset();
  for (let i = 0; i < 5000; i += 3) a.add(i);
  for (let i = 0; i < 5000; i += 5) b.add(i);
  const both = members({ kind: 'and', left: { kind: 'bits', bits: a }, right: { kind: 'bits', bits: b } }, 5000);
  const either = members({ kind: 'or', left: { kind: 'bits', bits: a }, right: { kind: 'bits', bits: b } }, 5000);
  const all = Array.from({ length: 5000 }, (_, i) => i);
  t.deepEqual(both, all.filter((i) => i % 15 === 0));
  t.deepEqual(either, all.filter((i) => i % 3 === 0 || i % 5 === 0));
});

test('the job book keeps positions by state and result through every change, deletion included', (t) => {
  const book = new JobBook('j');
  for (let i = 0; i < 6; i++) book.onTaskChanged(undefined, rec(`t${i}`, i, 'active'));
  const at = (state: TaskState) => members({ kind: 'bits', bits: book.stateIndex.byState[state] }, book.order.length);
  t.deepEqual(at('active'), [0, 1, 2, 3, 4, 5]);
  book.onTaskChanged(rec('t1', 1, 'active'), rec('t1', 1, 'running'));
  book.onTaskChanged(rec('t2', 2, 'active'), rec('t2', 2, 'completed', 'failure'));
  book.onTaskChanged(rec('t4', 4, 'active'), rec('t4', 4, 'completed', 'success'));
  book.onTaskChanged(rec('t1', 1, 'running'), rec('t1', 1, 'completed', 'failure'));
  t.deepEqual(at('active'), [0, 3, 5]);
  t.deepEqual(at('running'), []);
  t.deepEqual(at('completed'), [1, 2, 4]);
  t.deepEqual(members({ kind: 'bits', bits: book.stateIndex.byResult.failure }, 6), [1, 2]);
  // Reactivated: no longer completed, its old result gone.
  book.onTaskChanged(rec('t2', 2, 'completed', 'failure'), rec('t2', 2, 'active'));
  t.deepEqual(members({ kind: 'bits', bits: book.stateIndex.byResult.failure }, 6), [1]);
  t.deepEqual(at('active'), [0, 2, 3, 5]);
  // Deleted: a hole, in no state.
  book.onTaskChanged(rec('t3', 3, 'active'), undefined);
  t.deepEqual(at('active'), [0, 2, 5]);
  t.is(book.positionOf(rec('t3', 3, 'active')), -1);
  t.is(book.order[3], '');
  // A new task after a deletion takes the position of its seq.
  book.onTaskChanged(undefined, rec('t6', 6, 'active'));
  t.is(book.positionOf(rec('t6', 6, 'active')), 6);
  t.deepEqual(at('active'), [0, 2, 5, 6]);
});

test('a task is placed by its seq whatever order the tasks arrive in, and a seq taken twice still places both', (t) => {
  const book = new JobBook('j');
  // As a restarted coordinator loads them: in the store's order, with a seq whose create failed (3).
  for (const [id, seq] of [['c', 2], ['a', 0], ['e', 5], ['b', 1], ['d', 4]] as const) book.onTaskChanged(undefined, rec(id, seq, 'completed', 'success'));
  t.deepEqual(book.order, ['a', 'b', 'c', '', 'd', 'e']);
  t.is(book.allocateSeq(), 6, 'the next seq follows the highest loaded');
  // Two tasks with one seq (creates racing across a change of leader): the second goes to the end.
  book.onTaskChanged(undefined, rec('twin', 2, 'active'));
  t.is(book.positionOf(rec('twin', 2, 'active')), 6);
  t.is(book.positionOf(rec('c', 2, 'completed')), 2);
  t.deepEqual(members({ kind: 'bits', bits: book.stateIndex.byState.active }, book.order.length), [6]);
  book.onTaskChanged(rec('twin', 2, 'active'), undefined);
  t.is(book.order[6], '');
  t.deepEqual(members({ kind: 'bits', bits: book.stateIndex.byState.active }, book.order.length), []);
  t.deepEqual(members({ kind: 'bits', bits: book.stateIndex.byState.completed }, book.order.length), [0, 1, 2, 4, 5]);
  t.is(book.counts.completed, 5);
});

test('a filter takes its candidates from the index when an indexed conjunct bounds it', (t) => {
  const book = new JobBook('j');
  for (let i = 0; i < 10; i++) book.onTaskChanged(undefined, rec(`t${i}`, i, i % 2 ? 'completed' : 'active', i % 4 === 1 ? 'failure' : 'success'));
  const plan = (f: string) => {
    const set = indexedCandidates(parseFilter(f, TASK_PROPERTIES)!, book.stateIndex);
    return set ? members(set, 10) : 'all';
  };
  t.deepEqual(plan("state eq 'completed'"), [1, 3, 5, 7, 9]);
  t.deepEqual(plan("executionInfo/result eq 'failure'"), [1, 5, 9]);
  t.deepEqual(plan("executionInfo/result eq 'success' and state eq 'completed'"), [3, 7]);
  t.deepEqual(plan("state eq 'active' and startswith(id, 't')"), [0, 2, 4, 6, 8]);
  t.deepEqual(plan("state eq 'active' or executionInfo/result eq 'failure'"), [0, 1, 2, 4, 5, 6, 8, 9]);
  t.is(plan("state eq 'active' or id eq 't1'"), 'all', 'an or with an unindexed side bounds nothing');
  t.is(plan("not state eq 'active'"), 'all');
  t.is(plan("state ne 'active'"), 'all');
});
