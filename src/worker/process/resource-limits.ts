// Per-task resource limits: a task's memory (swap included), its CPU weight by requiredSlots, and
// how many processes it may have. Built on task containment (task-containment.ts): a launch with
// limits gets cgroups of its own, made here with its limits set before it starts, and the spawner
// puts the task's first process in them before it execs, so nothing it forks escapes.
//
//   cgroup-v2  (cgroup-v2.ts) the node's cgroup v2 directory has the memory, cpu and pids
//              controllers: the unit's cgroup is made under it by the worker (memory.max,
//              memory.swap.max 0, cpu.weight, pids.max) and the task is cloned straight into it.
//   cgroup-v1  (cgroup-v1.ts) otherwise, the memory, cpu and pids v1 hierarchies: one directory
//              per hierarchy (memory.limit_in_bytes + memory.memsw.limit_in_bytes, cpu.shares,
//              pids.max), which the task's process joins between clone and exec.
//   none       neither, or tasks launched with Node's spawn (which cannot place a process in a
//              cgroup before it runs): tasks run unlimited, the node record says `none` and the
//              scheduler gives the node no task with a memory limit.
//
// A launch without a memory limit, on one slot, with no pids limit needs no cgroup of its own and
// takes the fast path (the spawner's kept cgroups). Once the unit's processes are gone its OOM
// kills are read (a task killed for memory fails saying so) and its cgroups removed; a restarted
// worker removes what a killed one left (sweepLeftovers).
import type { Logger } from '../../protocol/log.ts';
import type { ResourceLimitsKind } from '../../protocol/records/resource-limits.ts';
import { CgroupV1Limits } from './cgroup-v1.ts';
import { CgroupV2Limits } from './cgroup-v2.ts';
import type { LimitBackend, LimitCgroups, LimitSettings } from './limit-backend.ts';
import { writeControl } from './cgroup-files.ts';

/** What one launch asks for. */
export interface TaskLimits {
  /** undefined = no memory limit */
  maxMemoryMib?: number;
  /** The task's share of CPU under contention is proportional to it. */
  requiredSlots: number;
}

/** The node cannot enforce a limit the task asked for. */
export class ResourceLimitsUnavailableError extends Error {
  override name = 'ResourceLimitsUnavailableError';
}

/** The limits of one launch, made: what the spawner is told, and what is read once it ends. */
export class UnitLimits {
  constructor(
    readonly cgroups: LimitCgroups,
    /** The cgroup v1 directories its processes join (LimitBackend.joinDirs). */
    readonly joins: string[],
    readonly limits: TaskLimits,
    private readonly onEnd: (unit: UnitLimits, memoryLimitHit: boolean | undefined) => Promise<boolean>,
  ) {}

  /** The spawn request's cgroup field (native/spawner-cgroups.h): the unit's own v2 cgroup when
   *  it has one, else the containment's parent; then the v1 directories to join. */
  spawnerField(containmentParent: string | undefined): string {
    const v2 = this.cgroups.v2Dir ? `=${this.cgroups.v2Dir}` : containmentParent ?? '';
    return [v2, ...this.joins].join(':');
  }

  /** Once the unit's processes are gone: whether the kernel killed one of them for the memory
   *  limit. The cgroups are kept for the next launch, or removed. */
  async ended(): Promise<{ memoryLimitHit: boolean }> {
    return { memoryLimitHit: await this.onEnd(this, true) };
  }

  /** The launch did not happen: the cgroups are kept or removed, nothing is read. */
  async discard(): Promise<void> {
    await this.onEnd(this, undefined);
  }
}

/** Moves a process that has not started its work yet into a unit's cgroups (a remote MPI
 *  daemon held at a gate by the remote launch server until it is in them). */
export async function enterUnit(pid: number, unit: UnitLimits): Promise<void> {
  const dirs = [...(unit.cgroups.v2Dir ? [unit.cgroups.v2Dir] : []), ...unit.joins];
  for (const dir of dirs) await writeControl(dir, 'cgroup.procs', pid);
}

/** A unit's cgroups and what their files say. */
interface KeptUnit {
  cgroups: LimitCgroups;
  settings: LimitSettings;
}

/** Emptied units kept at most: about the slots of a busy node. */
const MAX_KEPT_UNITS = 64;

export interface LimitsSetup {
  /** The node's key (its marker prefix without the dot): names its cgroup v1 directories. */
  nodeKey: string;
  /** This run of the worker: names its units. */
  runId: string;
  /** Whether troupe-spawner launches tasks (Node's spawn cannot enforce limits). */
  spawner: boolean;
  /** The node's cgroup v2 directory when tasks are cloned into cgroups of their own there. */
  cgroupV2Dir?: string;
  /** Per task; undefined = unlimited. */
  pidsMax?: number;
  /** A weaker kind than the best the node offers (operators, tests): cgroup-v1 skips cgroup v2. */
  prefer?: ResourceLimitsKind;
  /** Where /proc and the cgroup mounts are looked for (tests give a fake tree). Default '/'. */
  fsRoot?: string;
  log: Logger;
}

export class ResourceLimits {
  private seq = 0;
  /** Creating and removing a unit's cgroups (three hierarchies on cgroup v1) costs more than
   *  the launch itself (a third of the launch rate here): emptied units without a memory limit
   *  serve the next launches without one, their limits rewritten only where they differ. A unit
   *  with a memory limit is always new, and removed when its task ends: a kept memory cgroup
   *  would still be charged with the last task's page cache, and its OOM count be the last
   *  task's too. */
  private readonly kept: KeptUnit[] = [];
  /** The units in use, with what their files say. */
  private readonly inUse = new Map<UnitLimits, KeptUnit>();

  private constructor(
    private readonly backend: LimitBackend | undefined,
    /** Why the node enforces nothing (kind 'none'). */
    readonly reason: string | undefined,
    private readonly pidsMax: number | undefined,
    private readonly runId: string,
  ) {}

  get kind(): ResourceLimitsKind {
    return this.backend?.kind ?? 'none';
  }

  /** Whether every launch gets a pids limit (--task-pids-max). */
  get limitsPids(): boolean {
    return this.backend !== undefined && this.pidsMax !== undefined;
  }

  /** A node that enforces nothing, for `reason`. */
  static none(reason: string): ResourceLimits {
    return new ResourceLimits(undefined, reason, undefined, '');
  }

  /** The best way this node offers (see the top of this file); says why when there is none. */
  static async detect(setup: LimitsSetup): Promise<ResourceLimits> {
    const make = (backend: LimitBackend | undefined, reason?: string) => new ResourceLimits(backend, reason, setup.pidsMax, setup.runId);
    if (!setup.spawner) return make(undefined, "tasks are launched with Node's spawn, which cannot put a process in cgroups before it runs (troupe-spawner can)");
    if (setup.prefer === 'none') return make(undefined, 'the worker was started with --resource-limits none');
    const reasons: string[] = [];
    if (setup.prefer === 'cgroup-v1') {
      reasons.push('cgroup v2: not used (--resource-limits cgroup-v1)');
    } else if (setup.cgroupV2Dir) {
      const v2 = await CgroupV2Limits.open(setup.cgroupV2Dir).catch((err: Error) => void reasons.push(`cgroup v2: ${err.message}`));
      if (v2) return make(v2);
    } else {
      reasons.push('cgroup v2: tasks are not cloned into cgroups of their own on this node');
    }
    const v1 = await CgroupV1Limits.open(setup.fsRoot ?? '/', `troupe-${setup.nodeKey}`).catch((err: Error) => void reasons.push(`cgroup v1: ${err.message}`));
    if (v1) return make(v1);
    return make(undefined, reasons.join('; '));
  }

  /** The same node without limits (when enforcing them turned out not to work). */
  async withoutLimits(reason: string): Promise<ResourceLimits> {
    await this.release();
    return new ResourceLimits(undefined, reason, this.pidsMax, this.runId);
  }

  /** The cgroups of one launch with `limits`, made; undefined when nothing is to be limited
   *  (or the node enforces nothing and no memory limit was asked for). Throws
   *  ResourceLimitsUnavailableError when a memory limit cannot be enforced. */
  async prepare(limits: TaskLimits): Promise<UnitLimits | undefined> {
    const settings: LimitSettings = {
      ...(limits.maxMemoryMib === undefined ? {} : { memoryBytes: limits.maxMemoryMib * 1024 * 1024 }),
      cpuSlots: Math.max(1, Math.floor(limits.requiredSlots) || 1),
      ...(this.pidsMax === undefined ? {} : { pidsMax: this.pidsMax }),
    };
    if (settings.memoryBytes === undefined && settings.cpuSlots === 1 && settings.pidsMax === undefined) return undefined;
    if (!this.backend) {
      if (limits.maxMemoryMib === undefined) return undefined;
      throw new ResourceLimitsUnavailableError(`this node cannot enforce the task's memory limit of ${limits.maxMemoryMib} MiB: ${this.reason}`);
    }
    const backend = this.backend;
    let unit = settings.memoryBytes === undefined ? this.kept.pop() : undefined;
    if (unit) {
      const reused = unit;
      await backend.update(reused.cgroups, reused.settings, settings).then(() => {
        reused.settings = settings;
      }, async () => {
        await backend.remove(reused.cgroups).catch(() => {}); // a new unit then
        unit = undefined;
      });
    }
    unit ??= { cgroups: await backend.create(`t${this.runId}-${++this.seq}`, settings), settings };
    const made = new UnitLimits(unit.cgroups, backend.joinDirs(unit.cgroups, settings), limits, (u, read) => this.unitEnded(u, read));
    this.inUse.set(made, unit);
    return made;
  }

  /** Reads the OOM kills of an ended unit (`read`), then keeps it for the next launch or
   *  removes it. Whatever is still in it (it escaped its containment) is killed, and the unit
   *  is not kept. Returns whether the memory limit was hit. */
  private async unitEnded(u: UnitLimits, read: boolean | undefined): Promise<boolean> {
    const unit = this.inUse.get(u);
    const backend = this.backend;
    if (!unit || !backend) return false;
    this.inUse.delete(u);
    const limited = unit.settings.memoryBytes !== undefined;
    const hit = read === true && limited && (await backend.oomKills(unit.cgroups).catch(() => 0)) > 0;
    const left = backend.members(unit.cgroups, u.joins);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    if (left.length === 0 && !limited && backend.reusable && this.kept.length < MAX_KEPT_UNITS) this.kept.push(unit);
    else await backend.remove(unit.cgroups).catch(() => {}); // still populated: the next start's sweep
    return hit;
  }

  /** Kills and removes the unit cgroups an earlier run left (before this one takes work). */
  async sweepLeftovers(log: Logger): Promise<void> {
    const found = await this.backend?.sweep().catch(() => 0);
    if (found) log.warn('removed the resource-limit cgroups an earlier run of this worker left', { found });
  }

  /** The worker stopped: its kept units and node directories go. */
  async release(): Promise<void> {
    for (const unit of this.kept.splice(0)) await this.backend?.remove(unit.cgroups).catch(() => {});
    await this.backend?.release().catch(() => {});
  }
}
