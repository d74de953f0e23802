// The gate a `troupe task exec` command waits at until it is inside the task's cgroups. Node's
// spawn (and node-pty's) cannot start a process in a cgroup, and a process moved there after it
// started may already have forked children that stay outside. So the command is started as
//
//   /bin/sh -c 'kill -STOP $$; exec "$@"' troupe-exec COMMAND ARGS...
//
// which stops itself before anything else; the worker waits until it is stopped, moves it into
// the task's cgroups (cgroup-membership.ts) and lets it go on (SIGCONT) into COMMAND, which then
// starts, and forks, only inside them. The same for pipes and for a pseudo-terminal (where no
// extra file descriptor could carry a go-ahead); a SIGCONT sent before the stop took effect would
// be lost, hence the wait.
import { accessSync, constants, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const GATE_SCRIPT = 'kill -STOP $$; exec "$@"';
/** The gate stops within milliseconds; a loaded node gets generous time. */
const STOP_DEADLINE_MS = 10_000;
const STOP_POLL_MS = 2;

/** The argv that runs `command` behind the gate. */
export function gatedArgv(command: readonly string[]): [string, string[]] {
  return ['/bin/sh', ['-c', GATE_SCRIPT, 'troupe-exec', ...command]];
}

/** Waits until the gated process `pid` has stopped itself, runs `enter(pid)`, then continues it.
 *  Rejects (the caller kills the process) when it does not stop in time, or ends, or `enter`
 *  fails. */
export async function openGate(pid: number, enter: (pid: number) => Promise<void>): Promise<void> {
  const deadline = Date.now() + STOP_DEADLINE_MS;
  for (;;) {
    const state = await processState(pid);
    if (state === undefined || state === 'Z' || state === 'X') throw new Error('the command ended before it started');
    if (state === 'T' || state === 't') break;
    if (Date.now() > deadline) throw new Error(`the command did not reach its start gate within ${STOP_DEADLINE_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, STOP_POLL_MS));
  }
  await enter(pid);
  process.kill(pid, 'SIGCONT');
}

/** The state letter of /proc/<pid>/stat (R, S, D, T, Z, ...), undefined when there is no such process. */
async function processState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // "<pid> (<comm>) <state> ...": comm may hold spaces and parentheses; the state follows the last ')'.
  return stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Throws, as spawn would (ENOENT, EACCES), when `program` cannot be run from `cwd` with `PATH`:
 *  behind the gate the shell would only exit 127, and the caller says clearly what is missing. */
export function assertRunnable(program: string, cwd: string, searchPath: string | undefined): void {
  const runnable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) {
    const file = path.resolve(cwd, program);
    if (!runnable(file)) throw Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT' });
    return;
  }
  for (const dir of (searchPath ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    if (dir && runnable(path.resolve(cwd, dir, program))) return;
  }
  throw Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT' });
}
