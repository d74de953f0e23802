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
    private readonly backend: LimitBackend,
    readonly cgroups: LimitCgroups,
    readonly limits: TaskLimits,
  ) {}

  /** The spawn request's cgroup field (native/spawner-cgroups.h): the unit's own v2 cgroup when
   *  it has one, else the containment's parent; then the v1 directories to join. */
  spawnerField(containmentParent: string | undefined): string {
    const v2 = this.cgroups.v2Dir ? `=${this.cgroups.v2Dir}` : containmentParent ?? '';
    return [v2, ...this.cgroups.v1Dirs].join(':');
  }

  /** Once the unit's processes are gone: whether the kernel killed one of them for the memory
   *  limit; the cgroups are removed either way. */
  async ended(): Promise<{ memoryLimitHit: boolean }> {
    const kills = this.limits.maxMemoryMib === undefined ? 0 : await this.backend.oomKills(this.cgroups).catch(() => 0);
    await this.discard();
    return { memoryLimitHit: kills > 0 };
  }

  /** The launch did not happen (or its end was read): the cgroups go. */
  discard(): Promise<void> {
    return this.backend.remove(this.cgroups).catch(() => {});
  }
}

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
  withoutLimits(reason: string): ResourceLimits {
    void this.backend?.release();
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
    const cgroups = await this.backend.create(`t${this.runId}-${++this.seq}`, settings);
    return new UnitLimits(this.backend, cgroups, limits);
  }

  /** Kills and removes the unit cgroups an earlier run left (before this one takes work). */
  async sweepLeftovers(log: Logger): Promise<void> {
    const found = await this.backend?.sweep().catch(() => 0);
    if (found) log.warn('removed the resource-limit cgroups an earlier run of this worker left', { found });
  }

  /** The worker stopped: its node directories go. */
  release(): Promise<void> {
    return this.backend?.release().catch(() => {}) ?? Promise.resolve();
  }
}
