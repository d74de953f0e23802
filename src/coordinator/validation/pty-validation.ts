// TaskSpec.pty (troupe's addition): a task run under a pseudo-terminal, for `troupe task attach`.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import type { TaskPtyRecord } from '../../protocol/records/records.ts';
import { DEFAULT_WINDOW, MAX_WINDOW_SIDE } from '../../protocol/terminal-start.ts';

/** `{ pty }` when the spec asks for one (rows/cols 1..1000, unset = 24x80), else `{}`. */
export function taskPtyField(s: Record<string, unknown>, field: string, multiInstance: boolean, maxMemoryMib?: number): { pty?: TaskPtyRecord } {
  const p = s.pty;
  if (p === undefined || p === null) return {};
  if (typeof p !== 'object') throw new InvalidArgumentError(`${field}.pty`, 'must be a message');
  if (multiInstance) throw new InvalidArgumentError(`${field}.pty`, 'is not allowed on a multi-instance task (its instances run on several nodes; use troupe task exec)');
  // A pty task runs outside the task cgroups (worker/terminal/pty-task.ts): a memory limit would
  // not hold, so it is refused rather than ignored.
  if (maxMemoryMib !== undefined) throw new InvalidArgumentError(`${field}.pty`, 'cannot be combined with constraints.maxMemoryMib: a task under a pseudo-terminal runs outside the cgroups that enforce it');
  const side = (value: unknown, name: 'rows' | 'cols'): number => {
    const v = Number(value ?? 0);
    if (v === 0) return DEFAULT_WINDOW[name];
    if (!Number.isInteger(v) || v < 1 || v > MAX_WINDOW_SIDE) throw new InvalidArgumentError(`${field}.pty.${name}`, `must be 1..${MAX_WINDOW_SIDE} (0 or unset: ${DEFAULT_WINDOW[name]})`);
    return v;
  };
  const { rows, cols } = p as { rows?: unknown; cols?: unknown };
  return { pty: { rows: side(rows, 'rows'), cols: side(cols, 'cols') } };
}
