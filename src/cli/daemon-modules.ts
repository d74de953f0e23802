// The coordinator and worker daemons, loaded only by the commands that run them: `troupe task
// list` should not pay for importing the scheduler and the task runner.
export async function loadStartCoordinator() {
  return (await import('../coordinator/coordinator-daemon.ts')).startCoordinator;
}

export async function loadStartWorker() {
  return (await import('../worker/worker-daemon.ts')).startWorker;
}

export interface RunningDaemon {
  stop(): Promise<void>;
}
