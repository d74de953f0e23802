// Task launch rate of each process launcher, against `xargs -P2` in the same run:
//   node --import tsx bench/spawn.bench.ts
// N x /bin/true, at most C in flight, through troupe-spawner (posix_spawn in a helper) and Node's
// spawn (a fork of this process). Forking costs more the bigger the parent, so this process is
// first padded to a worker's resident size (BENCH_RSS_MB, default 100). Besides the rate, the CPU
// this process spends per launch: what a worker can no longer spend on anything else. Then the
// spawner with each task containment a node may use (task-containment.ts): a cgroup per task,
// or the subreaper and markers, against the spawner alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/protocol/log.ts';
import { createProcessLauncher, NodeLauncher, SpawnerLauncher, type ProcessLauncher } from '../src/worker/process/process-launcher.ts';
import { releaseCgroupDir } from '../src/worker/process/task-containment.ts';
import { DEFAULT_SPAWNER_PATH, SpawnerClient } from '../src/worker/process/spawner-client.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_SPAWNS ?? (QUICK ? 300 : 3000));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RSS_MB = Number(process.env.BENCH_RSS_MB ?? 100);
const SPAWNER = process.env.TROUPE_SPAWNER && process.env.TROUPE_SPAWNER !== 'off' ? process.env.TROUPE_SPAWNER : DEFAULT_SPAWNER_PATH;

interface Result { rate: number; cpuMsPerLaunch: number }

function xargsRate(n: number): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', `seq ${n} | xargs -P2 -n1 /bin/true`]);
  if (r.status !== 0) throw new Error('xargs baseline failed');
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function launchRate(launcher: ProcessLauncher, dir: string): Promise<Result> {
  const opts = { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdoutPath: path.join(dir, 'stdout.txt'), stderrPath: path.join(dir, 'stderr.txt') };
  let started = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (started < N) {
      started++;
      const exit = await (await launcher.launch(['/bin/true'], opts)).exited;
      if (exit.exitCode !== 0) throw new Error(`/bin/true exited with ${exit.exitCode}`);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { rate: N / seconds, cpuMsPerLaunch: (cpu.user + cpu.system) / 1000 / N };
}

/** Touched memory, so that fork() has as many pages to map as a worker's. */
function padResidentSize(mb: number): Buffer | undefined {
  const missing = mb * 2 ** 20 - process.memoryUsage().rss;
  return missing > 0 ? Buffer.alloc(missing, 1) : undefined;
}

const f = (x: number, d = 0) => x.toFixed(d);

async function main() {
  const ballast = padResidentSize(RSS_MB);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-spawn-bench-'));
  try {
    const xargsBefore = xargsRate(N);
    let spawner: Result | undefined;
    if (existsSync(SPAWNER)) {
      const launcher = new SpawnerLauncher(await SpawnerClient.start(SPAWNER), silentLogger);
      spawner = await launchRate(launcher, dir);
      await launcher.close();
    }
    const contained: Array<[string, Result]> = [];
    if (existsSync(SPAWNER)) {
      for (const kind of ['subreaper', 'cgroup-v2'] as const) {
        const { launcher, containment } = await createProcessLauncher({ nodeId: `bench-${kind}`, root: dir, runId: 'b', orphanGraceMs: 100, prefer: kind, log: silentLogger, binary: SPAWNER });
        if (launcher.containmentKind === kind) contained.push([kind, await launchRate(launcher, dir)]);
        await launcher.close();
        await releaseCgroupDir(containment);
      }
    }
    const node = await launchRate(new NodeLauncher(), dir);
    const xargs = (xargsBefore + xargsRate(N)) / 2;

    console.log(`launch: ${N} x /bin/true, ${CONCURRENCY} in flight, this process at ${f(process.memoryUsage().rss / 2 ** 20)} MB RSS (ballast ${f((ballast?.length ?? 0) / 2 ** 20)} MB)`);
    if (spawner) console.log(`  troupe-spawner      ${f(spawner.rate)} launches/s  ${f(spawner.cpuMsPerLaunch, 3)} ms CPU each in this process`);
    else console.log(`  troupe-spawner      not built (${SPAWNER}): run node scripts/build-native.mjs`);
    console.log(`  Node spawn          ${f(node.rate)} launches/s  ${f(node.cpuMsPerLaunch, 3)} ms CPU each in this process`);
    console.log(`  xargs -P2 baseline  ${f(xargs)} spawns/s  (before ${f(xargsBefore)})`);
    if (spawner) {
      console.log(`  ratio spawner/node  ${f(spawner.rate / node.rate, 2)} (rate), ${f(node.cpuMsPerLaunch / spawner.cpuMsPerLaunch, 1)}x less CPU per launch`);
      console.log(`  ratio spawner/xargs ${f(spawner.rate / xargs, 2)}`);
    }
    console.log(`  ratio node/xargs    ${f(node.rate / xargs, 2)}`);
    for (const [kind, r] of contained) {
      console.log(`  spawner + ${kind.padEnd(9)} ${f(r.rate)} launches/s, ratio to the spawner alone ${f(r.rate / spawner!.rate, 2)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
