// Finds and kills the processes a multi-instance task left outside the process groups the worker
// tracks. MPI launchers move processes around (Hydra's proxies and ranks, orted's children may
// start new process groups, a killed proxy orphans its ranks to init), so group kills alone can
// leave ranks behind. Every process of an instance carries the attempt's launch token in its
// environment (TROUPE_MPI_CONTEXT, inherited or forwarded by mpiexec), which /proc shows: that
// is how they are found, whatever their parent or group. Linux only (elsewhere: nothing found).
import { readdir, readFile } from 'node:fs/promises';

/** Pids of live processes whose initial environment contains `needle`. */
export async function processesCarrying(needle: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const self = process.pid;
  const found: number[] = [];
  await Promise.all(entries.map(async (entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === self) return;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (!environ.includes(needle)) return;
      const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return; // exited, not yet reaped
      found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }));
  return found;
}

/** SIGTERM to every process carrying `needle`, SIGKILL to those still there after `graceMs`;
 *  resolves once they are gone (or after 10 s more: one stuck in the kernel cannot be waited
 *  for). Returns how many there were. */
export async function killProcessesCarrying(needle: string, graceMs: number): Promise<number> {
  const first = await processesCarrying(needle);
  if (first.length === 0) return 0;
  signal(first, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let left = first;
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = await processesCarrying(needle);
  }
  const gone = Date.now() + 10_000;
  while (left.length > 0 && Date.now() < gone) {
    signal(left, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 20));
    left = await processesCarrying(needle);
  }
  return first.length;
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}
