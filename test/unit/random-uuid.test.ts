// randomUuid (random-uuid.ts): version 4 UUIDs in canonical form, each one new, every random
// digit taking every value; across more ids than one draw of random bytes holds.
import test from 'ava';
import { randomUuid } from '../../src/protocol/random-uuid.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('canonical version 4 UUIDs, all different, every random digit taking every value', (t) => {
  const ids = Array.from({ length: 20_000 }, () => randomUuid());
  const bad = ids.filter((id) => !V4.test(id));
  t.deepEqual(bad, [], 'the form of RFC 4122 version 4');
  t.is(new Set(ids).size, ids.length, 'no id twice (20,000 ids span 78 draws of random bytes)');
  for (let pos = 0; pos < 36; pos++) {
    if ([8, 13, 14, 18, 23].includes(pos)) continue; // dashes, the version digit
    const seen = new Set(ids.map((id) => id[pos]));
    t.is(seen.size, pos === 19 ? 4 : 16, `position ${pos}`);
  }
});
