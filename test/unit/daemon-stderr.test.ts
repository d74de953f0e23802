// The remote MPI daemons' stderr kept for a failed mpiexec (daemon-stderr.ts).
import test from 'ava';
import { DaemonStderr, linesNotShown } from '../../src/worker/multi-instance/daemon-stderr.ts';

const REF = { uid: 'u1', attempt: 1 };

test('each launch keeps the tail of its stderr until its attempt is forgotten', async (t) => {
  const kept = new DaemonStderr();
  const a = kept.open(REF, '10.0.0.2');
  const b = kept.open(REF, '10.0.0.3');
  kept.open({ uid: 'u1', attempt: 2 }, '10.0.0.2').write(Buffer.from('other attempt\n'));
  a.write(Buffer.from('unable to change '));
  a.write(Buffer.from('wdir\n'));
  a.end();
  b.end();
  t.deepEqual(await kept.collect(REF, 1000), [{ host: '10.0.0.2', text: 'unable to change wdir\n', cut: false }]);
  kept.forget(REF);
  t.deepEqual(await kept.collect(REF, 1000), []);
});

test('collect waits for the launches to end, at most the time given', async (t) => {
  const kept = new DaemonStderr();
  const a = kept.open(REF, 'h');
  const collected = kept.collect(REF, 60_000);
  a.write(Buffer.from('last words\n'));
  a.end();
  t.deepEqual((await collected).map((x) => x.text), ['last words\n']);
  kept.open(REF, 'h2'); // never ends
  const started = Date.now();
  await kept.collect(REF, 50);
  t.true(Date.now() - started < 30_000);
});

test('a long stderr keeps its end; the lines stderr.txt lacks are the ones added', (t) => {
  const kept = new DaemonStderr();
  const a = kept.open(REF, 'h');
  a.write(Buffer.from('x'.repeat(40_000) + '\nthe reason\n'));
  return kept.collect(REF, 0).then(([tail]) => {
    t.true(tail!.cut);
    t.true(tail!.text.length <= 16 * 1024);
    t.deepEqual(linesNotShown(tail!.text, 'something else\n', tail!.cut), ['the reason']);
    t.deepEqual(linesNotShown('a\nb\n\nc\n', 'b\n', false), ['a', 'c']);
  });
});
