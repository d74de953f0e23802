// Per-task resource limits: what a task may ask for (constraints.maxMemoryMib), how a node
// enforces limits (worker/process/resource-limits.ts), and how a task killed for memory fails.
// Shared by the coordinator (validation, scheduling, API) and the worker.

/** How a node enforces the limits of its tasks; named in node records. */
export const RESOURCE_LIMIT_KINDS = [
  /** cgroup v2 controllers: memory.max + memory.swap.max, cpu.weight, pids.max. */
  'cgroup-v2',
  /** cgroup v1 controllers: memory.limit_in_bytes (+ memsw), cpu.shares, pids.max. */
  'cgroup-v1',
  /** Neither: the node runs tasks unlimited, and is given no task with a memory limit. */
  'none',
] as const;

export type ResourceLimitsKind = (typeof RESOURCE_LIMIT_KINDS)[number];

/** The largest memory limit a task may ask for: 1 TiB (a typo like 512000000 is refused, not
 *  taken as "no limit" in practice). */
export const MAX_MEMORY_MIB = 1024 * 1024;

/** Whether a node whose record says `kind` may be given a task with a memory limit. Nodes of
 *  workers older than this field say nothing: they cannot enforce it. */
export function enforcesMemoryLimits(kind: string | undefined): boolean {
  return kind === 'cgroup-v2' || kind === 'cgroup-v1';
}

/** The failure code of a task the kernel killed for exceeding its memory limit. */
export const MEMORY_LIMIT_EXCEEDED_CODE = 'TaskMemoryLimitExceeded';

export function memoryLimitExceededMessage(maxMemoryMib: number): string {
  return `the task exceeded its memory limit of ${maxMemoryMib} MiB and was killed (OOM)`;
}
