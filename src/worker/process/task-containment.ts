// How a node makes every process a task started end with the task, whatever it did (setsid,
// double fork, a daemon that detaches): killing by process group alone misses those. Each launch
// is a unit with a marker, TROUPE_TASK_MARKER=<marker> in its environment (inherited by all it
// starts); how the unit is ended depends on what the node offers, best first:
//
//   cgroup-v2      a cgroup v2 hierarchy where this worker may create cgroups (delegated to it,
//                  or it runs as root): each unit is cloned straight into its own cgroup, and
//                  ended with cgroup.kill. Nothing escapes, not even a process that clears its
//                  environment.
//   subreaper      otherwise, with troupe-spawner: the spawner is a child subreaper, so whatever a
//                  unit leaves behind is re-parented to it (not to init) and is killed by marker.
//   process-group  without troupe-spawner (Node's spawn): the group is killed, then every process
//                  carrying the marker, found in /proc. A killed worker's tasks are then only
//                  ended when the worker starts again (sweepLeftovers).
//
// The node record says which one a node uses (`taskContainment`). A marker starts with the
// node's key (its id and its root directory's identity), so a restarted worker finds what its
// previous run left, and only that.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../protocol/log.ts';
import { killProcessesCarrying } from './straggler-sweep.ts';
import type { ContainmentKind } from '../../protocol/records/containment.ts';

export type { ContainmentKind } from '../../protocol/records/containment.ts';

export const MARKER_VARIABLE = 'TROUPE_TASK_MARKER';

/** One launch: what goes in its environment, and (cgroup-v2 only) the node's cgroup, under
 *  which the spawner gives it an empty cgroup of its own. */
export interface ContainmentUnit {
  marker: string;
  cgroupParent?: string;
}

/** The needle that finds a unit's processes in /proc/<pid>/environ (NUL-delimited entries). */
export const markerNeedle = (marker: string) => `${MARKER_VARIABLE}=${marker}\0`;

export class TaskContainment {
  private seq = 0;

  private constructor(
    readonly kind: ContainmentKind,
    /** The prefix of every marker of this node: `<node key>.` */
    private readonly nodePrefix: string,
    /** The markers of this run of the worker: `<node key>.<run>.` */
    private readonly runPrefix: string,
    /** cgroup-v2: the node's cgroup directory, parent of the units'. */
    readonly cgroupDir: string | undefined,
  ) {}

  /** The best containment this node allows (see the top of this file). `spawner`: whether
   *  troupe-spawner launches tasks; `prefer` forces a weaker kind (tests, operators). */
  static async detect(opts: { nodeId: string; root: string; runId: string; spawner: boolean; prefer?: ContainmentKind; log: Logger }): Promise<TaskContainment> {
    const prefix = TaskContainment.markerPrefixFor(opts.nodeId, await stat(opts.root));
    const make = (kind: ContainmentKind, dir?: string) => new TaskContainment(kind, prefix, `${prefix}${opts.runId}.`, dir);
    if (!opts.spawner || opts.prefer === 'process-group') return make('process-group');
    if (opts.prefer !== 'subreaper') {
      const dir = await delegatedCgroupDir(`troupe-${prefix.slice(0, -1)}`).catch((err: Error) => {
        opts.log.info('task containment: no usable cgroup v2 hierarchy, using the subreaper and markers', { reason: err.message });
        return undefined;
      });
      if (dir) return make('cgroup-v2', dir);
    }
    return make('subreaper');
  }

  /** The start of every marker of node `nodeId` with its root directory: the root by identity,
   *  not by path, since hosts that mount different directories at one path (containers, test
   *  hosts) are different nodes even under one node id. */
  static markerPrefixFor(nodeId: string, root: { dev: number; ino: number }): string {
    return `${createHash('sha256').update(`${nodeId}\0${root.dev}:${root.ino}`).digest('hex').slice(0, 12)}.`;
  }

  /** A new unit for one launch. */
  nextUnit(): ContainmentUnit {
    const marker = `${this.runPrefix}${++this.seq}`;
    return { marker, cgroupParent: this.cgroupDir };
  }

  /** The same containment without cgroups (when cloning into a cgroup turned out not to work). */
  withoutCgroups(): TaskContainment {
    return new TaskContainment('subreaper', this.nodePrefix, this.runPrefix, undefined);
  }

  /** Kills what earlier runs of this worker left behind (a worker killed together with its
   *  spawner), before it takes any work: its cgroups, and every process carrying its markers.
   *  Returns how many processes and cgroups were found. */
  async sweepLeftovers(log: Logger): Promise<number> {
    let found = 0;
    if (this.cgroupDir) {
      for (const name of await readdir(this.cgroupDir, { withFileTypes: true }).catch(() => [])) {
        if (!name.isDirectory()) continue;
        found++;
        await killCgroup(path.join(this.cgroupDir, name.name));
      }
    }
    // SIGKILL at once: these are no task's any more, and the node must be clean before it says
    // it is alive (the coordinator requeues its old tasks as soon as it hears the new run).
    const needle = `${MARKER_VARIABLE}=${this.nodePrefix}`;
    found += await killProcessesCarrying(needle, 0);
    if (found) log.warn('killed what an earlier run of this worker left running', { found });
    return found;
  }
}

/** Removes the node's cgroup directory once the worker has stopped (it is empty by then; a
 *  unit still there keeps it, for the next run's sweep). */
export async function releaseCgroupDir(c: TaskContainment): Promise<void> {
  if (c.cgroupDir) await rmdir(c.cgroupDir).catch(() => {});
}

/** A cgroup directory for this node's units, under this process's own cgroup v2, where it may
 *  create cgroups and cgroup.kill exists (Linux 5.14); throws saying why not. */
async function delegatedCgroupDir(name: string): Promise<string> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  // "<id> <parent> <major:minor> <root> <mount point> <options> ... - <fstype> <source> ..."
  const mount = mountinfo.split('\n').map((l) => l.split(' ')).find((f) => f[f.indexOf('-') + 1] === 'cgroup2')?.[4];
  if (!mount) throw new Error('no cgroup2 file system is mounted');
  const own = (await readFile('/proc/self/cgroup', 'utf8')).split('\n').find((l) => l.startsWith('0::'))?.slice(3);
  if (own === undefined) throw new Error('this process is in no cgroup v2');
  const dir = path.join(mount, own, name);
  await mkdir(dir, { recursive: true }).catch((err: Error) => { throw new Error(`cannot create ${dir}: ${err.message}`); });
  if (!existsSync(path.join(dir, 'cgroup.kill'))) throw new Error(`${dir} has no cgroup.kill (Linux 5.14 or later is needed)`);
  return dir;
}

/** cgroup.kill, then waits until it is empty and removes it (bounded: a process stuck in the
 *  kernel cannot be waited for forever). */
async function killCgroup(dir: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await writeFile(path.join(dir, 'cgroup.kill'), '1').catch(() => {});
    const events = await readFile(path.join(dir, 'cgroup.events'), 'utf8').catch(() => 'populated 0');
    if (!events.includes('populated 1')) break;
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  await rmdir(dir).catch(() => {});
}
