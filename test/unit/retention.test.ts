// Retention of task directories: deadlines survive a worker restart (journal), expired
// directories go, running tasks and unexpired ones stay.
import test from 'ava';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NodeLayout } from '../../src/worker/node-layout.ts';
import { RetentionKeeper } from '../../src/worker/retention.ts';
import { silentLogger } from '../../src/protocol/log.ts';

const exists = (p: string) => stat(p).then(() => true, () => false);

test('deadlines survive a restart; only expired directories of tasks not running here are removed', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'troupe-retention-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const layout = new NodeLayout(root);
  for (const id of ['old', 'fresh', 'busy']) await mkdir(layout.taskWorkingDir('j', id), { recursive: true });
  const running = new Set<string>();
  const first = new RetentionKeeper(layout, 3_600_000, (_j, id) => running.has(id), silentLogger);
  await first.start();
  first.record('j', 'old', 1);
  first.record('j', 'busy', 1);
  first.record('j', 'fresh', 3_600_000);
  await first.stop();

  running.add('busy');
  await new Promise((r) => setTimeout(r, 5)); // let 1 ms deadlines pass
  const second = new RetentionKeeper(layout, 3_600_000, (_j, id) => running.has(id), silentLogger);
  await second.start();
  await second.sweep();
  t.false(await exists(layout.taskDir('j', 'old')));
  t.true(await exists(layout.taskDir('j', 'fresh')));
  t.true(await exists(layout.taskDir('j', 'busy')), 'a task running here keeps its directory');

  running.delete('busy');
  second.record('j', 'another', 1);
  await second.sweep();
  t.false(await exists(layout.taskDir('j', 'busy')));
  await second.stop();

  // The compacted journal still holds the live deadline.
  const third = new RetentionKeeper(layout, 3_600_000, () => false, silentLogger);
  await third.start();
  await third.sweep();
  t.true(await exists(layout.taskDir('j', 'fresh')));
  await third.stop();
});
