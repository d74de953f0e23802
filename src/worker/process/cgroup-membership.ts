// Which cgroups a running task's processes are in, and putting another process in the same ones:
// how a command `troupe task exec` starts inside a task ends up under the task's memory, CPU and
// process limits and in its containment cgroup (cgroup.kill ends it with the task), whatever kind
// of cgroups the node uses (cgroup v2 units, cgroup v1 limit hierarchies, or both).
//
// Read from the kernel rather than from the launcher's bookkeeping: a task on the fast path is
// cloned into a cgroup the spawner picked (task-containment.ts), whose name the worker never
// learns. The task's own cgroups are those of its main process that differ from the worker's:
// a hierarchy where the task was given nothing of its own shows the worker's cgroup.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeControl } from './cgroup-files.ts';

interface Mount {
  /** 'cgroup2', or the v1 hierarchy's options ('memory', 'cpu', 'name=systemd', ...). */
  options: Set<string>;
  v2: boolean;
  /** Where it is mounted, and which cgroup is that mount's root (not '/' in a namespace). */
  point: string;
  root: string;
}

/** One line of /proc/<pid>/cgroup: `<id>:<controllers>:<path>` ('0::<path>' for cgroup v2). */
interface Membership {
  controllers: string;
  path: string;
}

function parseMemberships(text: string): Membership[] {
  const out: Membership[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (m) out.push({ controllers: m[1]!, path: m[2]! });
  }
  return out;
}

function parseCgroupMounts(mountinfo: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of mountinfo.split('\n')) {
    // "<id> <parent> <major:minor> <root> <mount point> <options> [optional...] - <fstype> <source> <super options>"
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    const fstype = fields[dash + 1];
    if (dash < 0 || (fstype !== 'cgroup' && fstype !== 'cgroup2')) continue;
    mounts.push({ v2: fstype === 'cgroup2', options: new Set((fields[dash + 3] ?? '').split(',')), point: fields[4]!, root: fields[3]! });
  }
  return mounts;
}

/** The directory of a membership's cgroup, where its hierarchy is mounted here; undefined if not. */
function directoryOf(m: Membership, mounts: Mount[]): string | undefined {
  const v2 = m.controllers === '';
  const wanted = v2 ? [] : m.controllers.split(',');
  const mount = mounts.find((x) => x.v2 === v2 && wanted.every((c) => x.options.has(c)));
  if (!mount) return undefined;
  const rel = path.posix.relative(mount.root, m.path);
  if (rel.startsWith('..')) return undefined; // outside what this mount shows
  return path.join(mount.point, rel);
}

/** The cgroup directories `taskPid` is in that are not the worker's own: the task's cgroups. */
export async function taskCgroupDirs(taskPid: number): Promise<string[]> {
  const [task, own, mountinfo] = await Promise.all([
    readFile(`/proc/${taskPid}/cgroup`, 'utf8'),
    readFile('/proc/self/cgroup', 'utf8'),
    readFile('/proc/self/mountinfo', 'utf8'),
  ]);
  const mounts = parseCgroupMounts(mountinfo);
  const workers = new Map(parseMemberships(own).map((m) => [m.controllers, m.path]));
  const dirs: string[] = [];
  for (const m of parseMemberships(task)) {
    if (workers.get(m.controllers) === m.path) continue;
    const dir = directoryOf(m, mounts);
    if (dir) dirs.push(dir);
  }
  return dirs;
}

/** Moves `pid` (a process that has not started its work yet) into every cgroup of its own that
 *  the task whose main process is `taskPid` is in. */
export async function joinTaskCgroups(taskPid: number, pid: number): Promise<void> {
  let dirs: string[];
  try {
    dirs = await taskCgroupDirs(taskPid);
  } catch (err) {
    throw new Error(`could not read the task's cgroups: ${(err as Error).message}`);
  }
  for (const dir of dirs) await writeControl(dir, 'cgroup.procs', pid);
}
