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
