import test from 'ava';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { relativeSegments } from '../../src/protocol/nats/node-file-messages.ts';
import { listInside, openInside, PathEscapeError, PathNotFoundError, realBase, resolveInside } from '../../src/worker/files/safe-read-paths.ts';

test('relative paths: \'..\', absolute paths, NUL and backslashes are refused naming the field', (t) => {
  t.deepEqual(relativeSegments('wd/./out//x.txt', 'path'), ['wd', 'out', 'x.txt']);
  t.deepEqual(relativeSegments('', 'path'), []);
  for (const [bad, rule] of [['../x', /\.\./], ['wd/../../x', /\.\./], ['..', /\.\./], ['/etc/passwd', /absolute/], ['~/x', /absolute/], ['a\0b', /NUL/], ['a\\..\\b', /backslash/]] as const) {
    const err = t.throws(() => relativeSegments(bad, 'path'));
    t.regex(err!.message, /^path /);
    t.regex(err!.message, rule, bad);
  }
});

test('symlinks out of the base are refused; inside ones and plain files are read; listings do not follow links', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-paths-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const base = path.join(dir, 'base');
  await mkdir(path.join(base, 'sub'), { recursive: true });
  await writeFile(path.join(base, 'sub/file.txt'), 'inside');
  await writeFile(path.join(dir, 'secret.txt'), 'outside');
  await symlink(path.join(dir, 'secret.txt'), path.join(base, 'to-secret'));
  await symlink(dir, path.join(base, 'to-parent'));
  await symlink('sub/file.txt', path.join(base, 'to-inside'));
  const real = await realBase(base);
  const h = await openInside(real, 'sub/file.txt');
  t.is((await h.readFile()).toString(), 'inside');
  await h.close();
  await t.throwsAsync(openInside(real, 'to-secret'), { instanceOf: PathEscapeError });
  await t.throwsAsync(openInside(real, 'to-parent/secret.txt'), { instanceOf: PathEscapeError });
  await t.throwsAsync(resolveInside(real, 'to-parent'), { instanceOf: PathEscapeError });
  // A link that stays inside resolves to its target, which is read.
  t.is(await resolveInside(real, 'to-inside'), path.join(real, 'sub/file.txt'));
  const viaLink = await openInside(real, 'to-inside');
  t.is((await viaLink.readFile()).toString(), 'inside');
  await viaLink.close();
  await t.throwsAsync(openInside(real, 'missing'), { instanceOf: PathNotFoundError });
  await t.throwsAsync(openInside(real, 'sub'), { instanceOf: PathEscapeError });
  const { entries } = await listInside(real, real, true, 100);
  t.deepEqual(entries.map((e) => `${e.name}${e.isDirectory ? '/' : ''}`), ['sub/', 'to-inside', 'to-parent', 'to-secret', 'sub/file.txt']);
  const capped = await listInside(real, real, true, 2);
  t.true(capped.truncated);
  t.is(capped.entries.length, 2);
});
