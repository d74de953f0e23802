// Finds and kills the processes of one multi-instance attempt that escaped its process groups.
// The group kill (remote-launch-server.ts, the instance's own group) misses processes that call
// setsid: Hydra's proxy starts every rank in a session of its own, and Open MPI without tree
// spawn starts `orted --daemonize`. Once their parent is gone they hang off init, and only their
// environment still says whose they are: every process of an attempt inherits TROUPE_MPI_CONTEXT
// (mpiexec copies it to its ranks; the launch server's context carries it), and with it the
// attempt's launch token, unique per attempt. The instance runner sweeps when an instance ends.
//
// Linux only (/proc). Processes of other users cannot be read and are skipped: an attempt's
// processes run as the worker's user.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live (not zombie) processes whose environment contains `marker`, this process excepted. */
export function findMarkedProcesses(marker: string): number[] {
  if (marker.length < 8) throw new Error('marker must be at least 8 characters (a launch token), not to match strangers');
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found; // no /proc: nothing can be found this way
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) found.push(Number(entry));
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return found;
}

/** Sends `signal` to every process carrying `marker`; returns the pids signalled. */
export function killMarkedProcesses(marker: string, signal: NodeJS.Signals = 'SIGKILL'): number[] {
  const pids = findMarkedProcesses(marker);
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  return pids;
}
