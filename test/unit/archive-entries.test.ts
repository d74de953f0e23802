// Which archive entries and link targets an application package may contain.
import test from 'ava';
import { checkedEntryName, checkLinkTarget, UnsafeArchiveError } from '../../src/worker/files/archive-extract.ts';

test('entry names are normalized; absolute names and .. are refused', (t) => {
  t.is(checkedEntryName('./bin/run.sh'), 'bin/run.sh');
  t.is(checkedEntryName('bin//x/'), 'bin/x');
  for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'a/..', 'C:/x', 'a\\b']) {
    t.throws(() => checkedEntryName(bad), { instanceOf: UnsafeArchiveError }, bad);
  }
});

test('link targets stay inside: leading .. within depth only, none after a name, never absolute', (t) => {
  t.notThrows(() => checkLinkTarget('bin/latest', 'run.sh', 'symlink'));
  t.notThrows(() => checkLinkTarget('lib/a/b', '../../bin/x', 'symlink'));
  t.notThrows(() => checkLinkTarget('current', './bin', 'symlink'));
  for (const [name, target] of [['x', '../y'], ['a/b', '../../y'], ['x', '/etc'], ['a/x', 'b/../..'], ['x', 'a/..']] as const) {
    t.throws(() => checkLinkTarget(name, target, 'symlink'), { instanceOf: UnsafeArchiveError }, `${name} -> ${target}`);
  }
});
