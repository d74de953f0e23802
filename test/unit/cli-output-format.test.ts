import test from 'ava';
import { formatProgress, ProgressDisplay } from '../../src/cli/progress.ts';
import { renderFields, renderTable, shortTime } from '../../src/cli/output-format.ts';

test('tables align columns, right-align numbers, show unset as -', (t) => {
  const rows = [{ id: 'a', n: 5, s: null }, { id: 'longer-id', n: 120, s: 'x' }];
  const table = renderTable([
    { header: 'ID', value: (r: typeof rows[0]) => r.id },
    { header: 'N', value: (r) => r.n, align: 'right' },
    { header: 'S', value: (r) => r.s },
  ], rows);
  t.is(table, 'ID           N  S\na            5  -\nlonger-id  120  x');
  t.is(renderTable([{ header: 'ID', value: (r: { id: string }) => r.id }], []), 'ID');
});

test('fields and times', (t) => {
  t.is(renderFields([['id', 'x'], ['exit code', 0], ['ok', true], ['node', '']]), 'id         x\nexit code  0\nok         yes\nnode       -');
  t.is(shortTime('2025-01-02T03:04:05.678Z'), '2025-01-02T03:04:05Z');
  t.is(shortTime(''), null);
});

const counts = (completed: number, running: number, active: number, failed = 0) =>
  ({ active, running, completed, succeeded: completed - failed, failed });

test('the progress line', (t) => {
  t.is(formatProgress(counts(120, 8, 172)), '[########............] 120/300 running 8 active 172 failed 0');
  t.is(formatProgress(counts(0, 0, 0)), '[....................] 0/0 running 0 active 0 failed 0');
  t.is(formatProgress(counts(3, 0, 0, 1)), '[####################] 3/3 running 0 active 0 failed 1');
});

test('plain progress: at most one line per interval, the final state always shown', (t) => {
  let now = 0;
  const written: string[] = [];
  const display = new ProgressDisplay({ write: (s: string) => written.push(s) }, { tty: false, now: () => now });
  display.update(counts(0, 1, 9));
  now = 500;
  display.update(counts(1, 1, 8));
  now = 700;
  display.update(counts(2, 1, 7));
  now = 1200;
  display.update(counts(3, 1, 6));
  display.finish(counts(10, 0, 0));
  t.deepEqual(written.map((s) => s.slice(23)), [
    '0/10 running 1 active 9 failed 0\n', '3/10 running 1 active 6 failed 0\n', '10/10 running 0 active 0 failed 0\n',
  ]);
});

test('tty progress: redrawn in place, newline only at the end', (t) => {
  const written: string[] = [];
  const display = new ProgressDisplay({ write: (s: string) => written.push(s), isTTY: true }, { intervalMs: 0 });
  display.update(counts(1, 0, 1));
  display.update(counts(2, 0, 0));
  display.finish(counts(2, 0, 0));
  t.true(written.slice(0, 2).every((s) => s.startsWith('\r\x1b[2K') && !s.includes('\n')));
  t.deepEqual(written.slice(2), ['\n']);
});
