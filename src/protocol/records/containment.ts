// How a node makes every process a task started end with the task (worker/process/
// task-containment.ts has the mechanisms); named in node records and the worker's options.
export const CONTAINMENT_KINDS = [
  /** Every launch in its own cgroup v2 directory, ended with cgroup.kill. */
  'cgroup-v2',
  /** troupe-spawner as child subreaper; what a launch leaves behind is killed by its marker. */
  'subreaper',
  /** Node's spawn: the group, then the marker's processes found in /proc. */
  'process-group',
] as const;

export type ContainmentKind = (typeof CONTAINMENT_KINDS)[number];
