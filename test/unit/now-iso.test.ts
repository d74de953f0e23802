// nowIso gives the time now, as toISOString writes it, and one string per millisecond.
import test from 'ava';
import { nowIso } from '../../src/protocol/records/records.ts';

test('nowIso is the time now, in ISO form, and follows the clock', (t) => {
  const before = Date.now();
  const first = nowIso();
  const after = Date.now();
  t.regex(first, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.true(Date.parse(first) >= before && Date.parse(first) <= after, `${first} within [${before}, ${after}]`);
  // Once the clock has moved on, so has the string.
  const start = Date.parse(first);
  while (Date.now() === start) { /* about a millisecond */ }
  const later = nowIso();
  t.true(Date.parse(later) > start);
  t.not(later, first);
  t.is(new Date(Date.parse(later)).toISOString(), later);
});
