// Resource limits with cgroup v2 controllers (see resource-limits.ts): each limited unit gets a
// cgroup of its own under the node's cgroup directory (the containment's, task-containment.ts),
// and the spawner clones the task straight into it.
//
// The node's directory must be able to hand the memory, cpu and pids controllers to its children:
// they must be in its cgroup.controllers (enabled in its parent's cgroup.subtree_control, which
// is tried here when they are not, and works when the worker's own cgroup holds no process or is
// the root), and are then enabled in its own cgroup.subtree_control.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { cgroupPids, readKeyed, readWords, removeCgroupDir, writeControl } from './cgroup-files.ts';
import type { LimitBackend, LimitCgroups, LimitSettings } from './limit-backend.ts';

const CONTROLLERS = ['memory', 'cpu', 'pids'] as const;
/** cpu.weight's range. */
const MAX_WEIGHT = 10_000;

export class CgroupV2Limits implements LimitBackend {
  readonly kind = 'cgroup-v2';
  /** Not kept: the spawner ends a unit whose task left processes with cgroup.kill, and since
   *  Linux 6.18 every process later cloned into such a cgroup is killed at once. */
  readonly reusable = false;

  private constructor(private readonly nodeDir: string) {}

  /** The node's directory with the controllers enabled for its children; throws saying why not. */
  static async open(nodeDir: string): Promise<CgroupV2Limits> {
    const available = async () => readWords(path.join(nodeDir, 'cgroup.controllers'));
    const have = await available();
    const missing = CONTROLLERS.filter((c) => !have.includes(c));
    if (missing.length) {
      // Enabled in the parent (the worker's own cgroup), they appear in the node's directory.
      const parent = path.dirname(nodeDir);
      await writeControl(parent, 'cgroup.subtree_control', missing.map((c) => `+${c}`).join(' ')).catch((err: Error) => {
        throw new Error(`the ${missing.join(', ')} controller(s) are not available in ${nodeDir} and cannot be enabled in ${parent} (${err.message}; the worker's cgroup must hold no process of its own, or be delegated with them enabled)`);
      });
      const now = await available();
      const still = CONTROLLERS.filter((c) => !now.includes(c));
      if (still.length) throw new Error(`the ${still.join(', ')} controller(s) are not available in ${nodeDir}`);
    }
    const enabled = await readWords(path.join(nodeDir, 'cgroup.subtree_control'));
    const toEnable = CONTROLLERS.filter((c) => !enabled.includes(c));
    if (toEnable.length) await writeControl(nodeDir, 'cgroup.subtree_control', toEnable.map((c) => `+${c}`).join(' '));
    return new CgroupV2Limits(nodeDir);
  }

  async create(name: string, s: LimitSettings): Promise<LimitCgroups> {
    const dir = path.join(this.nodeDir, name);
    await mkdir(dir);
    try {
      await writeControl(dir, 'cpu.weight', Math.min(MAX_WEIGHT, 100 * s.cpuSlots));
      await writeControl(dir, 'pids.max', s.pidsMax ?? 'max');
      if (s.memoryBytes !== undefined) {
        await writeControl(dir, 'memory.max', s.memoryBytes);
        // No escape into swap: the limit is the task's memory, swap included. A kernel without
        // swap accounting has no such file (the write fails): nothing to close then.
        await writeControl(dir, 'memory.swap.max', 0).catch(() => {});
        // An OOM kills the whole task, not one of its processes at random: it then fails.
        await writeControl(dir, 'memory.oom.group', 1).catch(() => {});
      }
    } catch (err) {
      await removeCgroupDir(dir).catch(() => {});
      throw err;
    }
    return { v2Dir: dir, v1Dirs: [] };
  }

  async oomKills(c: LimitCgroups): Promise<number> {
    return c.v2Dir ? (await readKeyed(c.v2Dir, 'memory.events', 'oom_kill')) ?? 0 : 0;
  }

  async update(): Promise<void> {
    throw new Error('cgroup v2 units are not reused');
  }

  joinDirs(): string[] {
    return []; // the task is cloned into its v2 cgroup
  }

  members(c: LimitCgroups): number[] {
    return c.v2Dir ? cgroupPids(c.v2Dir) : [];
  }

  async remove(c: LimitCgroups): Promise<void> {
    if (c.v2Dir) await removeCgroupDir(c.v2Dir);
  }

  /** The units are under the node's directory, which the containment's sweep empties
   *  (TaskContainment.sweepLeftovers) before any task starts. */
  async sweep(): Promise<number> {
    return 0;
  }

  /** The node's directory is the containment's: it removes it. */
  async release(): Promise<void> {}
}
