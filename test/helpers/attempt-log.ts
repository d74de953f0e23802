// A task whose attempts leave a trace outside the nodes, for the tests of "at most one attempt
// runs at any moment": each attempt notes its start in <log>/<task id>.log and runs a detached
// ticker (setsid, outside the task's process group) that appends a timestamped line every 50 ms
// until it is killed. The first attempt runs until killed; a later one ends after a few ticks.
import { readFile } from 'node:fs/promises';

/** The task: the first attempt (no `first` file yet) runs until killed; a later one ends. */
export function attemptScript(log: string, tag: string): string[] {
  return ['/bin/sh', '-c', [
    `log=${log}/$AZ_BATCH_TASK_ID.log`,
    'echo "start $$ $(date +%s%N)" >> "$log"',
    // The detached ticker: its own session, so a process-group kill misses it.
    `setsid /bin/sh -c 'while :; do echo "tick $0 $(date +%s%N)" >> "$1"; sleep 0.05; done' ${tag}-$$ "$log" &`,
    `if [ -e ${log}/$AZ_BATCH_TASK_ID.first ]; then sleep 0.3; exit 0; fi`,
    `touch ${log}/$AZ_BATCH_TASK_ID.first`,
    'exec sleep 3600',
  ].join('\n')];
}

export interface Line { what: string; who: string; at: bigint }

export async function readLog(file: string): Promise<Line[]> {
  return (await readFile(file, 'utf8')).trim().split('\n').map((l) => {
    const [what, who, at] = l.split(' ');
    return { what: what!, who: who!, at: BigInt(at!) };
  });
}

/** The attempts in the log, each with its first and last line's time. */
export function attempts(lines: Line[]): Array<{ who: string; start: bigint; last: bigint }> {
  const byPid = new Map<string, { who: string; start: bigint; last: bigint }>();
  for (const l of lines) {
    const pid = l.what === 'start' ? l.who : l.who.split('-').pop()!;
    const a = byPid.get(pid) ?? { who: pid, start: l.at, last: l.at };
    if (l.what === 'start') a.start = l.at;
    if (l.at > a.last) a.last = l.at;
    byPid.set(pid, a);
  }
  return [...byPid.values()].sort((x, y) => (x.start < y.start ? -1 : 1));
}

