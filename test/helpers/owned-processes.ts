// The daemons a test file starts never outlive it, nor keep it alive. A test file whose set-up
// failed halfway has no cluster to stop; its daemons' pipes kept the test process, and so ava,
// waiting forever (a CI run hung for 90 minutes on one). So the processes are unreferenced (the
// test file ends when its tests do, as ava expects: its stall detection works the same way) and
// killed when the test process exits, whatever the tests did or forgot.
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

const live = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
  }
});

export function ownedByTestFile(child: ChildProcess): ChildProcess {
  if (child.exitCode !== null || child.signalCode !== null) return child;
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket | null)?.unref?.();
  return child;
}
