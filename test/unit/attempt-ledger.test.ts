// The worker's memory of attempts: repeats ignored, early terminations kept, old entries dropped.
import test from 'ava';
import { AttemptLedger } from '../../src/worker/attempt-ledger.ts';

test('a re-sent or older dispatch is refused; a newer attempt is taken', (t) => {
  const ledger = new AttemptLedger(1000);
  t.teardown(() => ledger.close());
  t.true(ledger.accept('j.t', 1));
  t.false(ledger.accept('j.t', 1));
  t.true(ledger.accept('j.t', 2));
  t.false(ledger.accept('j.t', 1));
});

test('a terminate that overtakes its dispatch applies to that attempt only', (t) => {
  const ledger = new AttemptLedger(1000);
  t.teardown(() => ledger.close());
  ledger.terminateBeforeDispatch('j.t', 3, 'stop');
  t.is(ledger.takeEarlyTermination('j.t', 2), undefined);
  t.is(ledger.takeEarlyTermination('j.t', 3), 'stop');
  t.is(ledger.takeEarlyTermination('j.t', 3), undefined);
  t.true(ledger.accept('j.t', 3));
  ledger.terminateBeforeDispatch('j.t', 3, 'late');
  t.is(ledger.takeEarlyTermination('j.t', 3), undefined, 'an attempt already taken is not terminated early');
});

test('finished attempts are forgotten after keepMs, running ones never', (t) => {
  // finished() reads the real clock: keepMs and the prune times are far apart, so a process
  // descheduled between two lines (a loaded machine) cannot make 'a' look older than it is.
  const ledger = new AttemptLedger(60_000);
  t.teardown(() => ledger.close());
  ledger.accept('a', 1);
  ledger.accept('b', 1);
  ledger.finished('a', 1);
  ledger.prune(Date.now() + 30_000);
  t.is(ledger.size, 2);
  ledger.prune(Date.now() + 120_000);
  t.is(ledger.size, 1);
  t.false(ledger.accept('b', 1), 'the running attempt is still known');
  t.true(ledger.accept('a', 1), 'forgotten: would run again, which is why keepMs is long');
});
