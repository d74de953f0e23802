// The links that name a multi-instance task's directories alike on every node (task-links.ts):
// a links directory that others could write is refused, links are made, kept, replaced when
// stale, left alone when another worker holds them, removed only by their owner, and swept.
import test from 'ava';
import { chmod, lstat, mkdir, mkdtemp, readlink, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/protocol/log.ts';
import { TaskLinks, taskLinkName } from '../../src/worker/multi-instance/task-links.ts';

async function scratch(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-links-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('the link name is the same for one attempt everywhere, short, and differs between attempts', (t) => {
  const uid = '6f1c2a1e-8b7d-4a57-9a53-0c4de1f0b9aa';
  t.is(taskLinkName(uid, 1), taskLinkName(uid, 1));
  t.not(taskLinkName(uid, 1), taskLinkName(uid, 2));
  t.regex(taskLinkName(uid, 1), /^[0-9a-f]{16}$/);
});

test('a links directory is created, and links are made, kept and removed by their owner only', async (t) => {
  const dir = await scratch(t);
  const links = await TaskLinks.open(path.join(dir, 'troupe-0', 'tasks'), silentLogger);
  if (!links) return t.fail('the directory should be usable');
  t.is((await lstat(links.dir)).mode & 0o777, 0o711 & ~process.umask());
  const a = path.join(dir, 'node-a', 'task');
  const b = path.join(dir, 'node-b', 'task');
  await mkdir(a, { recursive: true });
  await mkdir(b, { recursive: true });
  const link = await links.create('x1', a);
  t.is(await readlink(link), a);
  t.is(await links.create('x1', a), link, 'made again by the same node: kept');
  // Another worker of this machine holds it (its directory exists): left as it is.
  t.is(await links.create('x1', b), link);
  t.is(await readlink(link), a);
  await links.remove('x1', b);
  t.is(await readlink(link), a, 'not removed by a node it does not point at');
  await links.remove('x1', a);
  await t.throwsAsync(lstat(link));
});

test('a stale link (its directory gone) is replaced; the sweep removes this root\'s links only', async (t) => {
  const dir = await scratch(t);
  const links = (await TaskLinks.open(path.join(dir, 'links'), silentLogger))!;
  const rootA = path.join(dir, 'root-a');
  const rootB = path.join(dir, 'root-b');
  await mkdir(path.join(rootA, 'workitems', 't1'), { recursive: true });
  await mkdir(path.join(rootB, 'workitems', 't2'), { recursive: true });
  await symlink(path.join(dir, 'gone'), path.join(links.dir, 'stale'));
  t.is(await readlink(await links.create('stale', path.join(rootA, 'workitems', 't1'))), path.join(rootA, 'workitems', 't1'));
  await links.create('other', path.join(rootB, 'workitems', 't2'));
  t.is(await links.sweep(rootA), 1);
  await t.throwsAsync(lstat(path.join(links.dir, 'stale')));
  t.truthy(await lstat(path.join(links.dir, 'other')));
});

test('a links directory other users may write, or that is not a directory, is refused', async (t) => {
  const dir = await scratch(t);
  const open = path.join(dir, 'open');
  await mkdir(open);
  await chmod(open, 0o777);
  t.is(await TaskLinks.open(open, silentLogger), undefined, 'world-writable');
  const sticky = path.join(dir, 'sticky');
  await mkdir(sticky);
  await chmod(sticky, 0o1777);
  t.is(await TaskLinks.open(sticky, silentLogger), undefined, 'sticky is fine for its parent only');
  t.truthy(await TaskLinks.open(path.join(sticky, 'mine'), silentLogger), 'inside a sticky directory such as /tmp');
  const elsewhere = path.join(dir, 'elsewhere');
  await mkdir(elsewhere);
  await symlink(elsewhere, path.join(dir, 'pointer'));
  t.is(await TaskLinks.open(path.join(dir, 'pointer'), silentLogger), undefined, 'a symbolic link');
  const groupWritable = path.join(dir, 'group');
  await mkdir(path.join(groupWritable, 'links'), { recursive: true });
  await chmod(groupWritable, 0o775);
  t.is(await TaskLinks.open(path.join(groupWritable, 'links'), silentLogger), undefined, 'its parent writable by a group');
});
