// Machine-wide uid claims (uid-claims.ts) on a real directory: no uid is handed out twice, a
// dead claimant's claim is taken over, a released uid is not reused at once, a pool's uid is one
// for every claimant, and a full range says so.
import test from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseUidRange, UidClaims } from '../../src/worker/users/uid-claims.ts';

async function claimsDir(t: import('ava').ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-uid-claims-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('two claimants of one directory never get the same uid; a full range is an error naming the option', async (t) => {
  const dir = await claimsDir(t);
  const a = new UidClaims(dir, { first: 100, last: 103 });
  const b = new UidClaims(dir, { first: 100, last: 103 });
  const got = await Promise.all([a.claim(), b.claim(), a.claim(), b.claim()]);
  t.deepEqual([...got].sort(), [100, 101, 102, 103]);
  await t.throwsAsync(a.claim(), { message: /every uid of 100-103 is claimed.*--task-uid-range/ });
  await a.release(got[0]!);
  t.is(await b.claim(), got[0]);
});

test('a claim whose process is gone is taken over; a live one is not', async (t) => {
  const dir = await claimsDir(t);
  await writeFile(path.join(dir, '200'), '999999999'); // no such pid
  await writeFile(path.join(dir, '201'), String(process.ppid)); // alive
  const c = new UidClaims(dir, { first: 200, last: 202 });
  const got = [await c.claim(), await c.claim()].sort();
  t.deepEqual(got, [200, 202]);
  t.is(await readFile(path.join(dir, '200'), 'utf8'), String(process.pid));
});

test('a released uid is not handed out again while others are free; the avoided are skipped', async (t) => {
  const dir = await claimsDir(t);
  const c = new UidClaims(dir, { first: 300, last: 305 });
  const first = await c.claim(new Set([300, 301, 302, 303, 304, 305].filter((u) => u !== 303)));
  t.is(first, 303);
  await c.release(first);
  t.not(await c.claim(), 303);
});

test("a pool's uid is the same for every claimant, and no task gets it", async (t) => {
  const dir = await claimsDir(t);
  const a = new UidClaims(dir, { first: 400, last: 402 });
  const b = new UidClaims(dir, { first: 400, last: 402 });
  const [pa, pb] = await Promise.all([a.claimPoolUid('p'), b.claimPoolUid('p')]);
  t.is(pa, pb);
  t.is(await b.claimPoolUid('p'), pa);
  const other = await a.claimPoolUid('q');
  t.not(other, pa);
  t.not(await a.claim(), pa);
});

test('uid ranges are parsed and checked', (t) => {
  t.deepEqual(parseUidRange('20000-29999'), { first: 20000, last: 29999 });
  t.throws(() => parseUidRange('0-10'), { message: /FIRST-LAST/ });
  t.throws(() => parseUidRange('30-20'), { message: /FIRST-LAST/ });
  t.throws(() => parseUidRange('abc'), { message: /got 'abc'/ });
});
