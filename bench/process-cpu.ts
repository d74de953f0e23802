// Where the CPU of a benchmark's run goes: user and system time of every process descended from
// this one (the cluster's daemons, their spawners, and the task processes those reaped), read
// from /proc before and after, plus the machine's total, so that a figure says "per task: X ms
// in the coordinator, Y in the workers, Z in the kernel on behalf of ..." instead of guessing
// from profiles that only see JavaScript.
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcTimes {
  pid: number;
  ppid: number;
  name: string;
  /** Own user and system ticks. */
  user: number;
  system: number;
  /** User and system ticks of its children it has waited for (tasks reaped by a spawner). */
  reapedUser: number;
  reapedSystem: number;
}

function readProc(pid: number): ProcTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return { pid, ppid: Number(f[1]), name: roleOf(cmdline), user: Number(f[11]), system: Number(f[12]), reapedUser: Number(f[13]), reapedSystem: Number(f[14]) };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** A short name for what a process is: the troupe subcommand, or the program. */
function roleOf(argv: string[]): string {
  const troupe = argv.findIndex((a) => a.endsWith('troupe.js'));
  if (troupe >= 0) return argv[troupe + 1] ?? 'troupe';
  const prog = (argv[0] ?? '?').split('/').pop()!;
  return prog === 'node' ? 'node' : prog;
}

/** This process's descendants (not itself), by pid. */
function descendants(): Map<number, ProcTimes> {
  const all: ProcTimes[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const p = readProc(Number(e));
    if (p) all.push(p);
  }
  const byParent = new Map<number, ProcTimes[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out = new Map<number, ProcTimes>();
  const stack = [process.pid];
  while (stack.length) {
    for (const c of byParent.get(stack.pop()!) ?? []) {
      out.set(c.pid, c);
      stack.push(c.pid);
    }
  }
  return out;
}

function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

export interface CpuSplit {
  /** ms of CPU per role (user+system), over the window, summed over processes of that role. */
  byRole: Map<string, { user: number; system: number }>;
  /** ms of CPU of the machine as a whole (every process, the kernel's threads too). */
  machineBusyMs: number;
  wallMs: number;
}

/** Starts a window; `end()` returns the CPU spent in it. */
export function cpuWindow(): { end(): CpuSplit } {
  const before = descendants();
  const m0 = machineTicks();
  const t0 = Date.now();
  return {
    end() {
      const after = descendants();
      const m1 = machineTicks();
      const byRole = new Map<string, { user: number; system: number }>();
      const add = (role: string, user: number, system: number) => {
        const r = byRole.get(role) ?? { user: 0, system: 0 };
        r.user += user * TICK_MS;
        r.system += system * TICK_MS;
        byRole.set(role, r);
      };
      for (const [pid, a] of after) {
        const b = before.get(pid);
        add(a.name, a.user - (b?.user ?? 0), a.system - (b?.system ?? 0));
        const reapedUser = a.reapedUser - (b?.reapedUser ?? 0);
        const reapedSystem = a.reapedSystem - (b?.reapedSystem ?? 0);
        if (reapedUser + reapedSystem > 0) add(`${a.name}'s children`, reapedUser, reapedSystem);
      }
      // Processes of the window that ended before it did are in their parents' reaped time.
      return { byRole, machineBusyMs: (m1.busy - m0.busy) * TICK_MS, wallMs: Date.now() - t0 };
    },
  };
}

/** Adds this process's own CPU over a window (process.cpuUsage() at its start) as `role`. */
export function withOwnCpu(split: CpuSplit, since: NodeJS.CpuUsage, role: string): CpuSplit {
  const used = process.cpuUsage(since);
  const byRole = new Map(split.byRole);
  byRole.set(role, { user: used.user / 1000, system: used.system / 1000 });
  return { ...split, byRole };
}

/** Lines "role  X µs/task (user U, system S)" for `tasks` tasks (or other units), largest first. */
export function formatCpuPerTask(split: CpuSplit, tasks: number, unit = 'task'): string[] {
  const rows = [...split.byRole].map(([role, t]) => ({ role, ms: t.user + t.system, ...t })).filter((r) => r.ms > 0);
  rows.sort((a, b) => b.ms - a.ms);
  const per = (ms: number) => ((ms / tasks) * 1000).toFixed(0).padStart(5);
  const lines = rows.map((r) => `  ${r.role.padEnd(28)} ${per(r.ms)} µs/${unit}  (user ${per(r.user)}, system ${per(r.system)})`);
  const ours = rows.reduce((a, r) => a + r.ms, 0);
  lines.push(`  ${'all of the above'.padEnd(28)} ${per(ours)} µs/${unit}`);
  lines.push(`  ${'machine (every process)'.padEnd(28)} ${per(split.machineBusyMs)} µs/${unit}  (${((100 * split.machineBusyMs) / (split.wallMs * os.availableParallelism())).toFixed(0)} % of ${os.availableParallelism()} cores busy)`);
  return lines;
}
