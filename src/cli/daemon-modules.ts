// The coordinator and worker daemons, loaded only by the commands that run them: `troupe task
// list` should not pay for importing the scheduler and the task runner.
export async function loadStartCoordinator() {
  enableSourceMaps();
  return (await import('../coordinator/coordinator-daemon.ts')).startCoordinator;
}

export async function loadStartWorker() {
  enableSourceMaps();
  return (await import('../worker/worker-daemon.ts')).startWorker;
}

export interface RunningDaemon {
  stop(): Promise<void>;
  /** Resolves when the daemon stopped by itself: a preempted worker, or one the coordinator told
   *  to leave (exit 0) or to reboot (started again). */
  ended?: Promise<string>;
}

/** Daemons log stack traces: point them at src/ (the build's source maps), which a short command
 *  need not pay for. */
function enableSourceMaps(): void {
  process.setSourceMapsEnabled(true);
}
