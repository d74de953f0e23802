// What a way of enforcing resource limits provides (cgroup-v1.ts, cgroup-v2.ts), for
// resource-limits.ts, which chooses one. A file of its own so that the backends do not import the
// module that chooses between them.
import type { ResourceLimitsKind } from '../../protocol/records/resource-limits.ts';

/** A launch's limits as the cgroup files take them. */
export interface LimitSettings {
  /** undefined = unlimited */
  memoryBytes?: number;
  /** >= 1: cpu.weight 100 × slots (v2), cpu.shares 1024 × slots (v1), within each one's range. */
  cpuSlots: number;
  /** undefined = unlimited */
  pidsMax?: number;
}

/** The cgroups made for one unit. */
export interface LimitCgroups {
  /** cgroup v2: the unit's own cgroup, which the task is cloned into. */
  v2Dir?: string;
  /** cgroup v1: one directory per hierarchy, which the task joins before exec. */
  v1Dirs: string[];
}

/** One way of enforcing limits (cgroup-v1.ts, cgroup-v2.ts). */
export interface LimitBackend {
  readonly kind: Exclude<ResourceLimitsKind, 'none'>;
  /** Makes the cgroups of unit `name` with `settings` applied. */
  create(name: string, settings: LimitSettings): Promise<LimitCgroups>;
  /** How many processes of the unit the kernel killed for its memory limit (read once its
   *  processes are gone). */
  oomKills(cgroups: LimitCgroups): Promise<number>;
  /** Whether an emptied unit without a memory limit may serve the next launch without one
   *  (update() then sets its limits). */
  readonly reusable: boolean;
  /** Changes a kept unit's cpu and pids limits from `from` to `to`, writing only what differs. */
  update(cgroups: LimitCgroups, from: LimitSettings, to: LimitSettings): Promise<void>;
  /** The cgroup v1 directories a launch with `settings` joins: only the hierarchies of the
   *  limits it has (each join is a migration the spawner waits for; a task without a memory
   *  limit stays in the worker's memory cgroup, as an unlimited task does). [] on cgroup v2. */
  joinDirs(cgroups: LimitCgroups, settings: LimitSettings): string[];
  /** The processes still in the unit (none once its task has ended, normally); `joined` are the
   *  directories its launch joined (joinDirs). */
  members(cgroups: LimitCgroups, joined: string[]): number[];
  /** Removes the unit's cgroups (its processes are gone). */
  remove(cgroups: LimitCgroups): Promise<void>;
  /** Kills and removes every unit cgroup an earlier run of this node left; returns how many. */
  sweep(): Promise<number>;
  /** Removes the node's own directories once the worker stops (empty by then). */
  release(): Promise<void>;
}
