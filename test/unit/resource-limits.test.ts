// How a node chooses its resource limits (worker/process/resource-limits.ts), on fake cgroup file
// systems: cgroup v2 when the node's directory can hand out the controllers, else cgroup v1, else
// none, saying why. The kernel's side (creating control files, enforcing) is not faked: the real
// cgroup v1 path is tested on a cluster (test/resource-limits.test.ts); here the files the worker
// writes and reads are checked.
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ResourceLimits, ResourceLimitsUnavailableError } from '../../src/worker/process/resource-limits.ts';
import { silentLogger } from '../../src/protocol/log.ts';

async function fakeRoot(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-fake-cgroups-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'proc/self'), { recursive: true });
  await writeFile(path.join(dir, 'proc/self/mountinfo'), '23 1 0:21 / / rw - ext4 /dev/root rw\n');
  await writeFile(path.join(dir, 'proc/self/cgroup'), '0::/\n');
  return dir;
}

/** A cgroup v2 node directory whose parent has (or lacks) the controllers. */
async function fakeV2(root: string, controllers: string): Promise<string> {
  const nodeDir = path.join(root, 'unified/worker/troupe-node');
  await mkdir(nodeDir, { recursive: true });
  await writeFile(path.join(nodeDir, 'cgroup.controllers'), `${controllers}\n`);
  await writeFile(path.join(nodeDir, 'cgroup.subtree_control'), '');
  return nodeDir;
}

/** cgroup v1 hierarchies mounted as on this project's test machine: cpu with cpuacct, memory and
 *  pids together (one directory serves both), the worker in /batch of each. */
async function fakeV1(root: string): Promise<void> {
  await writeFile(path.join(root, 'proc/self/mountinfo'), [
    '23 1 0:21 / / rw - ext4 /dev/root rw',
    '32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
    '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory,pids',
    '',
  ].join('\n'));
  await writeFile(path.join(root, 'proc/self/cgroup'), '4:memory,pids:/batch\n1:cpu,cpuacct:/batch\n0::/\n');
  for (const [mount, files] of [['memory', ['memory.limit_in_bytes', 'memory.memsw.limit_in_bytes', 'pids.max']], ['cpu,cpuacct', ['cpu.shares']]] as const) {
    const nodeDir = path.join(root, 'sys/fs/cgroup', mount, 'batch/troupe-k');
    await mkdir(nodeDir, { recursive: true });
    for (const f of files) await writeFile(path.join(nodeDir, f), '');
  }
}

const setup = (fsRoot: string, more: object = {}) => ({ nodeKey: 'k', runId: 'r', spawner: true, fsRoot, pidsMax: 32, log: silentLogger, ...more });

test('cgroup v2 when the node directory has memory, cpu and pids: a cgroup per unit with its limits', async (t) => {
  const root = await fakeRoot(t);
  const nodeDir = await fakeV2(root, 'cpuset cpu io memory pids');
  const limits = await ResourceLimits.detect(setup(root, { cgroupV2Dir: nodeDir }));
  t.is(limits.kind, 'cgroup-v2');
  t.is(await readFile(path.join(nodeDir, 'cgroup.subtree_control'), 'utf8'), '+memory +cpu +pids', 'enabled for its children');
  const unit = (await limits.prepare({ maxMemoryMib: 64, requiredSlots: 3 }))!;
  const dir = unit.cgroups.v2Dir!;
  t.is(path.dirname(dir), nodeDir);
  const read = (f: string) => readFile(path.join(dir, f), 'utf8');
  t.is(await read('memory.max'), String(64 * 1024 * 1024));
  t.is(await read('memory.swap.max'), '0', 'no escape into swap');
  t.is(await read('memory.oom.group'), '1');
  t.is(await read('cpu.weight'), '300');
  t.is(await read('pids.max'), '32');
  t.is(unit.spawnerField('/containment/parent'), `=${dir}`, "the task is cloned into the worker's cgroup");
  await writeFile(path.join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 1\n');
  t.deepEqual(await unit.ended(), { memoryLimitHit: true });
  // A fake cgroup keeps its files (a real one's go with it), so it could not be removed: a unit
  // whose files are gone is.
  const next = (await limits.prepare({ requiredSlots: 2 }))!;
  t.is(await readFile(path.join(next.cgroups.v2Dir!, 'pids.max'), 'utf8'), '32');
  t.false(existsSync(path.join(next.cgroups.v2Dir!, 'memory.max')), 'no memory limit asked: none written');
  for (const f of ['cpu.weight', 'pids.max']) await rm(path.join(next.cgroups.v2Dir!, f));
  t.deepEqual(await next.ended(), { memoryLimitHit: false });
  t.false(existsSync(next.cgroups.v2Dir!), 'removed once ended');
});

test('cgroup v2 without the controllers falls back to cgroup v1, whose directories the task joins', async (t) => {
  const root = await fakeRoot(t);
  const nodeDir = await fakeV2(root, 'hugetlb');
  // The parent cannot give them (a directory where its subtree_control would be: the write fails).
  await mkdir(path.join(path.dirname(nodeDir), 'cgroup.subtree_control'));
  await fakeV1(root);
  const limits = await ResourceLimits.detect(setup(root, { cgroupV2Dir: nodeDir }));
  t.is(limits.kind, 'cgroup-v1');
  t.is(limits.reason, undefined);
  const unit = (await limits.prepare({ maxMemoryMib: 100, requiredSlots: 2 }))!;
  const memoryDir = path.join(root, 'sys/fs/cgroup/memory/batch/troupe-k/tr-1');
  const cpuDir = path.join(root, 'sys/fs/cgroup/cpu,cpuacct/batch/troupe-k/tr-1');
  t.deepEqual([...unit.cgroups.v1Dirs].sort(), [cpuDir, memoryDir].sort(), 'one directory per hierarchy, memory and pids sharing one');
  t.is(await readFile(path.join(memoryDir, 'memory.limit_in_bytes'), 'utf8'), String(100 * 1024 * 1024));
  t.is(await readFile(path.join(memoryDir, 'memory.memsw.limit_in_bytes'), 'utf8'), String(100 * 1024 * 1024));
  t.is(await readFile(path.join(memoryDir, 'pids.max'), 'utf8'), '32');
  t.is(await readFile(path.join(cpuDir, 'cpu.shares'), 'utf8'), '2048');
  t.is(unit.spawnerField('/containment/parent'), ['/containment/parent', ...unit.cgroups.v1Dirs].join(':'), 'the containment cgroup stays; the v1 directories follow');
  await writeFile(path.join(memoryDir, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n');
  t.deepEqual(await unit.ended(), { memoryLimitHit: true }, 'its OOM kills, from memory.oom_control');
  // A launch joins only the hierarchies of the limits it has: each join is a migration.
  const pidsOnly = (await limits.prepare({ requiredSlots: 1 }))!;
  t.is(pidsOnly.spawnerField('/containment/parent'), `/containment/parent:${pidsOnly.cgroups.v1Dirs.find((d) => d.includes('/memory/'))}`, 'one slot, no memory limit: only the pids hierarchy (shared with memory here), not cpu');
  const twoSlots = (await limits.prepare({ requiredSlots: 2 }))!;
  t.is(twoSlots.spawnerField(undefined).split(':').length, 3, 'two slots: the cpu hierarchy too');
});

test('neither: the node enforces none, says why, and refuses a memory limit rather than ignore it', async (t) => {
  const root = await fakeRoot(t);
  const nodeDir = await fakeV2(root, '');
  await mkdir(path.join(path.dirname(nodeDir), 'cgroup.subtree_control'));
  const limits = await ResourceLimits.detect(setup(root, { cgroupV2Dir: nodeDir }));
  t.is(limits.kind, 'none');
  t.regex(limits.reason!, /^cgroup v2: the memory, cpu, pids controller\(s\) are not available in .* cannot be enabled .*; cgroup v1: no cgroup v1 hierarchy with the memory, cpu, pids controller\(s\) is mounted$/);
  const err = await t.throwsAsync(limits.prepare({ maxMemoryMib: 10, requiredSlots: 1 }), { instanceOf: ResourceLimitsUnavailableError });
  t.regex(err!.message, /^this node cannot enforce the task's memory limit of 10 MiB: cgroup v2: /);
  t.is(await limits.prepare({ requiredSlots: 4 }), undefined, 'without a memory limit the task runs, unlimited');
});

test("Node's spawn enforces nothing, and a unit with nothing to limit takes the fast path", async (t) => {
  const root = await fakeRoot(t);
  await fakeV1(root);
  const nodeSpawn = await ResourceLimits.detect(setup(root, { spawner: false }));
  t.is(nodeSpawn.kind, 'none');
  t.regex(nodeSpawn.reason!, /Node's spawn/);
  const v1 = await ResourceLimits.detect(setup(root, { pidsMax: undefined }));
  t.is(v1.kind, 'cgroup-v1');
  t.is(await v1.prepare({ requiredSlots: 1 }), undefined, 'one slot, no memory limit, no pids limit: no cgroup of its own');
  t.truthy(await v1.prepare({ requiredSlots: 2 }), 'a CPU share of two slots needs one');
  const none = await ResourceLimits.detect(setup(root, { prefer: 'none' }));
  t.is(none.kind, 'none');
  t.regex(none.reason!, /--resource-limits none/);
});

test('cgroup v1 units without a memory limit are kept for the next launch; one with a limit is always new', async (t) => {
  const root = await fakeRoot(t);
  await fakeV1(root);
  const limits = await ResourceLimits.detect(setup(root));
  const first = (await limits.prepare({ requiredSlots: 2 }))!;
  const cpuDir = first.cgroups.v1Dirs.find((d) => d.includes('cpu,cpuacct'))!;
  t.is(await readFile(path.join(cpuDir, 'cpu.shares'), 'utf8'), '2048');
  t.deepEqual(await first.ended(), { memoryLimitHit: false });
  const second = (await limits.prepare({ requiredSlots: 5 }))!;
  t.deepEqual(second.cgroups, first.cgroups, 'the emptied unit serves the next launch');
  t.is(await readFile(path.join(cpuDir, 'cpu.shares'), 'utf8'), '5120', 'its CPU share rewritten');
  await second.ended();
  const limited = (await limits.prepare({ requiredSlots: 5, maxMemoryMib: 8 }))!;
  t.notDeepEqual(limited.cgroups, first.cgroups, 'a memory limit gets a unit of its own');
  // A process left in a unit (escaped its containment) is killed, and the unit is not kept.
  await writeFile(path.join(limited.cgroups.v1Dirs[0]!, 'cgroup.procs'), '999999999\n');
  await limited.ended();
  t.deepEqual((await limits.prepare({ requiredSlots: 1 }))!.cgroups, first.cgroups);
});
