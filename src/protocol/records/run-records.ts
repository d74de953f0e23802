// What every run of a command carries, whether a task or a node's start, preparation or release
// task: its environment, and why it failed when it did. Kept apart so that the task records and
// the node-task records can both use them without importing each other.
export interface EnvSetting {
  name: string;
  value: string;
}

export interface FailureInfo {
  category: 'usererror' | 'servererror';
  code: string;
  message: string;
}

/** What one run used, from wait4 (troupe-spawner): its main process and every descendant that
 *  was waited for. Absent where tasks are launched with Node's spawn (no wait4 there). */
export interface ResourceUsage {
  /** CPU time in user mode, microseconds, summed over cores. */
  userCpuUs: number;
  /** CPU time in the kernel on its behalf, microseconds. */
  kernelCpuUs: number;
  /** The largest resident set of any one of its processes, KiB. */
  maxRssKib: number;
}
