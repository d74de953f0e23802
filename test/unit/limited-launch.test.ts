// Launches with resource limits on real processes, with each containment the spawner offers: the
// task's first process is in its cgroup v1 directories before it runs anything (cloned into its
// v2 containment cgroup and joining the v1 ones, or a plain clone joining them under the
// subreaper), the kernel enforces the memory limit, and the exit says the task was killed for it.
// Node's spawn cannot do this and refuses a memory limit.
import type { ProcessExit } from '../../src/worker/process/process-group.ts';
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../src/protocol/log.ts';
import { createProcessLauncher } from '../../src/worker/process/process-launcher.ts';
import { DEFAULT_SPAWNER_PATH } from '../../src/worker/process/spawner-client.ts';
import { ResourceLimitsUnavailableError } from '../../src/worker/process/resource-limits.ts';
import { releaseCgroupDir } from '../../src/worker/process/task-containment.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
spawnSync(process.execPath, [path.join(REPO, 'scripts/build-native.mjs')], { stdio: 'inherit' });
const ALLOCATE = path.join(REPO, 'test/fixtures/allocate.py');

async function launcherFor(t: import('ava').ExecutionContext, prefer: 'cgroup-v2' | 'subreaper', binary = DEFAULT_SPAWNER_PATH) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-limits-launch-'));
  const made = await createProcessLauncher({ nodeId: `n-${path.basename(dir)}`, root: dir, runId: 'r1', orphanGraceMs: 200, prefer, log: silentLogger, binary, taskPidsMax: 16 });
  t.teardown(async () => {
    await made.launcher.close();
    await releaseCgroupDir(made.containment);
    await rm(dir, { recursive: true, force: true });
  });
  return { ...made, dir, opts: (name: string) => ({ cwd: dir, env: { PATH: '/usr/bin:/bin' }, stdoutPath: path.join(dir, `${name}.out`), stderrPath: path.join(dir, `${name}.err`) }) };
}

for (const prefer of ['cgroup-v2', 'subreaper'] as const) {
  test(`${prefer} containment: the task starts inside its v1 cgroups, and a memory limit kills it`, async (t) => {
    const { launcher, dir, opts } = await launcherFor(t, prefer);
    t.is(launcher.containmentKind, prefer);
    t.is(launcher.resourceLimitsKind, 'cgroup-v1');
    // Its very first process (no fork in between) reads its own cgroups.
    const shown = await launcher.launch(['/bin/cat', '/proc/self/cgroup'], { ...opts('shown'), limits: { requiredSlots: 2, maxMemoryMib: 48 } });
    t.deepEqual(withoutUsage(await shown.exited), { exitCode: 0 });
    const cgroups = await readFile(path.join(dir, 'shown.out'), 'utf8');
    for (const c of ['memory', 'cpu', 'pids']) t.regex(cgroups, new RegExp(`^\\d+:[^:]*\\b${c}\\b[^:]*:.*/troupe-[0-9a-f]{12}/tr1-\\d+$`, 'm'), `in its own ${c} cgroup`);
    const oom = await launcher.launch(['/usr/bin/python3', ALLOCATE, '200'], { ...opts('oom'), limits: { requiredSlots: 1, maxMemoryMib: 48 } });
    t.deepEqual(withoutUsage(await oom.exited), { exitCode: 137, signal: 'SIGKILL', memoryLimitHit: true });
    const fits = await launcher.launch(['/usr/bin/python3', ALLOCATE, '16'], { ...opts('fits'), limits: { requiredSlots: 1, maxMemoryMib: 48 } });
    t.deepEqual(withoutUsage(await fits.exited), { exitCode: 0 });
  });
}

/** An exit as compared here: its usage is the spawner test's concern. */
function withoutUsage(exit: ProcessExit): ProcessExit {
  const { usage: _usage, ...rest } = exit;
  return rest;
}

test("Node's spawn refuses a memory limit instead of running the task unlimited", async (t) => {
  const { launcher, opts } = await launcherFor(t, 'subreaper', 'off');
  t.is(launcher.resourceLimitsKind, 'none');
  await t.throwsAsync(launcher.launch(['/bin/true'], { ...opts('x'), limits: { requiredSlots: 1, maxMemoryMib: 64 } }), {
    instanceOf: ResourceLimitsUnavailableError, message: /cannot enforce the task's memory limit of 64 MiB: tasks are launched with Node's spawn/,
  });
  const plain = await launcher.launch(['/bin/true'], { ...opts('y'), limits: { requiredSlots: 4 } });
  t.deepEqual(withoutUsage(await plain.exited), { exitCode: 0 }, 'without a memory limit it runs');
});
