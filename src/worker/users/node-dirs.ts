// The node's directories when tasks run as users of their own: each task's directory is its
// user's (task-dirs.ts), so every directory above it must let those users through, and the
// directories all tasks share must let them in.
//
//   root, workitems/             traversable (o+x; mkdtemp and operators often make them 0700)
//   shared/, tmp/ (TMPDIR)       1777 like /tmp: every task's user writes there, none may remove
//                                another's files (Azure Batch: read/write for all tasks)
//   applications/                0755: packages are unpacked by the worker, read by all tasks
//   cache/                       0700: the worker's own cache of store objects
// A directory above the root that is not traversable is only reported: it is not the worker's.
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../protocol/log.ts';
import type { NodeLayout } from '../node-layout.ts';

export async function makeNodeDirsReachable(layout: NodeLayout, log: Logger): Promise<void> {
  const atLeast = async (dir: string, bits: number) => {
    const mode = (await stat(dir)).mode & 0o7777;
    if ((mode & bits) !== bits) await chmod(dir, mode | bits);
  };
  await atLeast(layout.root, 0o711);
  await atLeast(layout.workitemsDir, 0o711);
  await atLeast(layout.applicationsDir, 0o755);
  await chmod(layout.sharedDir, 0o1777);
  await chmod(layout.tmpDir, 0o1777);
  const cache = path.dirname(layout.objectCacheDir);
  await mkdir(cache, { recursive: true, mode: 0o700 });
  await chmod(cache, 0o700);
  for (let dir = path.dirname(layout.root); ; dir = path.dirname(dir)) {
    const mode = (await stat(dir).catch(() => undefined))?.mode;
    if (mode !== undefined && (mode & 0o001) === 0) {
      log.error("tasks' users cannot reach the node's directories: a directory above the root is not traversable by others (chmod o+x it)", { dir });
    }
    if (path.dirname(dir) === dir) break;
  }
}
