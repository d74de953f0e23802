// Resource limits with cgroup v1 controllers (see resource-limits.ts), for nodes whose memory,
// cpu and pids controllers are mounted as v1 hierarchies (/sys/fs/cgroup/<controller>) rather
// than given to cgroup v2. Each hierarchy gets a directory for the node, troupe-<node key>, under
// the worker's own cgroup in it (so the limits of whatever runs the worker still apply), and
// each limited unit a directory under those, which the task's process joins before exec.
//
//   memory  memory.limit_in_bytes, and memory.memsw.limit_in_bytes when swap is accounted (the
//           same value: no escape into swap); OOM kills are counted in memory.oom_control
//   cpu     cpu.shares = 1024 × requiredSlots
//   pids    pids.max
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cgroupPids, killAndRemoveCgroup, readKeyed, removeCgroupDir, writeControl } from './cgroup-files.ts';
import type { LimitBackend, LimitCgroups, LimitSettings } from './limit-backend.ts';

const CONTROLLERS = ['memory', 'cpu', 'pids'] as const;
type Controller = (typeof CONTROLLERS)[number];
/** cpu.shares' upper bound. */
const MAX_SHARES = 262_144;
/** The file each controller's directories must have. */
const REQUIRED_FILE: Record<Controller, string> = { memory: 'memory.limit_in_bytes', cpu: 'cpu.shares', pids: 'pids.max' };

/** One mounted hierarchy: the node's directory in it, and the controllers it carries. */
interface Hierarchy {
  nodeDir: string;
  controllers: Controller[];
}

export class CgroupV1Limits implements LimitBackend {
  readonly kind = 'cgroup-v1';
  readonly reusable = true;

  private constructor(private readonly hierarchies: Hierarchy[], private readonly swapAccounted: boolean) {}

  /** The node's directory in each hierarchy (made here); throws saying what is missing. `fsRoot`
   *  is where /proc and the mounts are read ('/' but in tests). */
  static async open(fsRoot: string, nodeName: string): Promise<CgroupV1Limits> {
    const mountinfo = await readFile(path.join(fsRoot, 'proc/self/mountinfo'), 'utf8');
    const own = await ownCgroups(fsRoot);
    const byMount = new Map<string, Hierarchy>();
    const missing: string[] = [];
    for (const controller of CONTROLLERS) {
      const mount = v1Mount(mountinfo, controller);
      const ownPath = own.get(controller);
      if (!mount || ownPath === undefined) {
        missing.push(controller);
        continue;
      }
      // The mount may show only a part of the hierarchy (a container's): its root is then a prefix
      // of this process's path.
      const rel = mount.root !== '/' && ownPath.startsWith(mount.root) ? ownPath.slice(mount.root.length) : ownPath;
      const nodeDir = path.join(fsRoot, mount.point, rel, nodeName);
      const h = byMount.get(mount.point) ?? { nodeDir, controllers: [] };
      h.controllers.push(controller);
      byMount.set(mount.point, h);
    }
    if (missing.length) throw new Error(`no cgroup v1 hierarchy with the ${missing.join(', ')} controller(s) is mounted`);
    const hierarchies = [...byMount.values()];
    for (const h of hierarchies) {
      // The spawner's cgroup field separates directories with ':'.
      if (h.nodeDir.includes(':')) throw new Error(`${h.nodeDir} contains ':'`);
      await mkdir(h.nodeDir, { recursive: true }).catch((err: Error) => {
        throw new Error(`cannot create ${h.nodeDir}: ${err.message}`);
      });
      for (const c of h.controllers) {
        if (!existsSync(path.join(h.nodeDir, REQUIRED_FILE[c]))) throw new Error(`${h.nodeDir} has no ${REQUIRED_FILE[c]}`);
      }
    }
    const memory = hierarchies.find((h) => h.controllers.includes('memory'))!;
    return new CgroupV1Limits(hierarchies, existsSync(path.join(memory.nodeDir, 'memory.memsw.limit_in_bytes')));
  }

  async create(name: string, s: LimitSettings): Promise<LimitCgroups> {
    const made: string[] = [];
    try {
      for (const h of this.hierarchies) {
        const dir = path.join(h.nodeDir, name);
        await mkdir(dir);
        made.push(dir);
        for (const c of h.controllers) await this.apply(c, dir, s);
      }
    } catch (err) {
      await this.remove({ v1Dirs: made }).catch(() => {});
      throw err;
    }
    return { v1Dirs: made };
  }

  /** Writes controller `c`'s settings `s` into a unit's directory; with `from` (a kept unit's
   *  settings), only those that differ. */
  private async apply(c: Controller, dir: string, s: LimitSettings, from?: LimitSettings): Promise<void> {
    if (c === 'cpu') {
      if (from?.cpuSlots !== s.cpuSlots) await writeControl(dir, 'cpu.shares', Math.min(MAX_SHARES, 1024 * s.cpuSlots));
      return;
    }
    if (c === 'pids') {
      if (!from || from.pidsMax !== s.pidsMax) await writeControl(dir, 'pids.max', s.pidsMax ?? 'max');
      return;
    }
    // Memory is only ever set on a new unit (units with a memory limit are not reused).
    if (s.memoryBytes === undefined || from) return;
    // memsw (memory + swap) may never be below the memory limit: memory first.
    await writeControl(dir, 'memory.limit_in_bytes', s.memoryBytes);
    if (this.swapAccounted) await writeControl(dir, 'memory.memsw.limit_in_bytes', s.memoryBytes);
    else await writeControl(dir, 'memory.swappiness', 0).catch(() => {}); // swap not counted: keep the task out of it
  }

  async update(c: LimitCgroups, from: LimitSettings, to: LimitSettings): Promise<void> {
    if (from.memoryBytes !== undefined || to.memoryBytes !== undefined) throw new Error('a unit with a memory limit is never reused');
    // v1Dirs are in the order of the hierarchies (create).
    for (const [i, h] of this.hierarchies.entries()) {
      for (const controller of h.controllers) await this.apply(controller, c.v1Dirs[i]!, to, from);
    }
  }

  joinDirs(c: LimitCgroups, s: LimitSettings): string[] {
    const needed = (controller: Controller) =>
      controller === 'memory' ? s.memoryBytes !== undefined : controller === 'cpu' ? s.cpuSlots > 1 : s.pidsMax !== undefined;
    // v1Dirs are in the order of the hierarchies (create).
    return this.hierarchies.flatMap((h, i) => (h.controllers.some(needed) ? [c.v1Dirs[i]!] : []));
  }

  members(c: LimitCgroups, joined: string[]): number[] {
    // The task's processes are in every hierarchy it joined: one is enough.
    return joined[0] ? cgroupPids(joined[0]) : [];
  }

  async oomKills(c: LimitCgroups): Promise<number> {
    for (const dir of c.v1Dirs) {
      if (!existsSync(path.join(dir, 'memory.oom_control'))) continue;
      const kills = await readKeyed(dir, 'memory.oom_control', 'oom_kill');
      if (kills !== undefined) return kills;
      // Before Linux 4.13 no kill count: that the limit was hit (the task then died) is all.
      return readFile(path.join(dir, 'memory.failcnt'), 'utf8').then(Number).catch(() => 0);
    }
    return 0;
  }

  async remove(c: LimitCgroups): Promise<void> {
    for (const dir of c.v1Dirs) await removeCgroupDir(dir);
  }

  async sweep(): Promise<number> {
    let found = 0;
    for (const h of this.hierarchies) {
      for (const e of await readdir(h.nodeDir, { withFileTypes: true }).catch(() => [])) {
        if (!e.isDirectory()) continue;
        found++;
        await killAndRemoveCgroup(path.join(h.nodeDir, e.name));
      }
    }
    return found;
  }

  async release(): Promise<void> {
    for (const h of this.hierarchies) await removeCgroupDir(h.nodeDir).catch(() => {});
  }
}

/** The v1 mount carrying `controller`: its mount point and the hierarchy path at its root. */
function v1Mount(mountinfo: string, controller: Controller): { point: string; root: string } | undefined {
  for (const line of mountinfo.split('\n')) {
    // "<id> <parent> <major:minor> <root> <mount point> <options> ... - <fstype> <source> <super options>"
    const f = line.split(' ');
    const sep = f.indexOf('-');
    if (sep < 0 || f[sep + 1] !== 'cgroup') continue;
    if ((f[sep + 3] ?? '').split(',').includes(controller)) return { point: unescapeMountPath(f[4]!), root: unescapeMountPath(f[3]!) };
  }
  return undefined;
}

/** mountinfo writes space, tab, newline and backslash as octal escapes. */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** This process's cgroup path in each v1 controller ("4:memory:/a/b" lines of /proc/self/cgroup). */
async function ownCgroups(fsRoot: string): Promise<Map<string, string>> {
  const own = new Map<string, string>();
  for (const line of (await readFile(path.join(fsRoot, 'proc/self/cgroup'), 'utf8')).split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m || !m[1]) continue;
    for (const c of m[1].split(',')) own.set(c, m[2]!);
  }
  return own;
}
