// A temporary directory a test hands to its tasks (they append to files in it, leave markers):
// the workers run tasks as unprivileged users, and mkdtemp makes directories 0700. Mode 1777,
// as /tmp: every task's user writes there, the test (root) reads everything.
import { chmod, mkdtemp } from 'node:fs/promises';

export async function taskScratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(prefix);
  await chmod(dir, 0o1777);
  return dir;
}
