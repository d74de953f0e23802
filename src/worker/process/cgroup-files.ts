// Reading and writing cgroup control files, for both hierarchies (cgroup-v1.ts, cgroup-v2.ts).
import { readFileSync } from 'node:fs';
import { readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes one value to a control file (one write: the kernel takes each write as one command). */
export async function writeControl(dir: string, file: string, value: string | number): Promise<void> {
  try {
    await writeFile(path.join(dir, file), String(value));
  } catch (err) {
    throw new Error(`cannot write '${value}' to ${path.join(dir, file)}: ${(err as Error).message}`);
  }
}

/** The number after `key` in a "key value" control file (memory.events, memory.oom_control);
 *  undefined when the file or the key is missing. */
export async function readKeyed(dir: string, file: string, key: string): Promise<number | undefined> {
  const text = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
  const line = text?.split('\n').find((l) => l.startsWith(`${key} `));
  return line === undefined ? undefined : Number(line.slice(key.length + 1));
}

/** The words of a space-separated control file (cgroup.controllers); [] when unreadable. */
export async function readWords(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split(/\s+/).filter(Boolean);
}

/** The pids in a cgroup's cgroup.procs. Read synchronously: cgroupfs is in memory and never
 *  waits on a disk, and it is read once per ended task, where an asynchronous read (open, stat,
 *  read, close through the thread pool) cost the worker a sixth of its time per task. */
export function cgroupPids(dir: string): number[] {
  let text = '';
  try {
    text = readFileSync(path.join(dir, 'cgroup.procs'), 'utf8');
  } catch {
    // gone: no members
  }
  return text.split('\n').filter(Boolean).map(Number);
}

/** Removes an empty cgroup directory. Right after its last process exits the kernel may still
 *  count it (EBUSY for a moment): tried again for up to a second. */
export async function removeCgroupDir(dir: string): Promise<void> {
  const deadline = Date.now() + 1000;
  for (;;) {
    try {
      await rmdir(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** A unit left by an earlier run (its spawner was killed with the worker): SIGKILL to every
 *  member until none is left (bounded), then the directory goes. */
export async function killAndRemoveCgroup(dir: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pids = cgroupPids(dir);
    if (pids.length === 0 || Date.now() > deadline) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await removeCgroupDir(dir).catch(() => {});
}
