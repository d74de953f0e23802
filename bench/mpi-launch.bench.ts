// The MPI remote launch path alone (no coordinator, no task): `mpiexec -np 6 hello` over 3 hosts
// (127.0.1.1-3) with its daemons started through troupe's launcher and three remote launch
// servers, against the same mpiexec with a local sh launcher (what ssh to localhost would do
// without the ssh), alternated, medians of BENCH_MPI_LAUNCH_RUNS runs. Both launchers: the Node
// one (bin/troupe-mpi-launch, calling the servers itself) and the native one
// (build/troupe-mpi-launch, through each node's launch relay). Then the launchers' own start-up
// against `node -e 0`. Servers and relays run in this process; in a cluster each worker has its own.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../src/protocol/log.ts';
import { mpiEnvironment, type MpiHost } from '../src/mpi/mpi-environment.ts';
import { startRemoteLaunchServer, type RemoteLaunchServer } from '../src/worker/multi-instance/remote-launch-server.ts';
import { startLaunchRelay, type LaunchRelay } from '../src/worker/multi-instance/launch-relay.ts';
import { NATIVE_LAUNCHER_PATH } from '../src/mpi/launcher-path.ts';
import { compileMpiPrograms, MPI_FLAVOURS } from '../test/helpers/mpi-programs.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_MPI_LAUNCH_RUNS ?? (QUICK ? 2 : 9));
const HOSTS = ['127.0.1.1', '127.0.1.2', '127.0.1.3'];
const LAUNCHER = fileURLToPath(new URL('../bin/troupe-mpi-launch', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(cmd: string, args: string[], env: Record<string, string>, cwd: string, expectRanks = 0): Promise<number> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${err}`));
      else if ((out.match(/hello rank=/g) ?? []).length !== expectRanks) reject(new Error(`${cmd}: missing ranks in ${out}`));
      else resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    }),
  );
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-mpi-launch-'));
  const programs = await compileMpiPrograms();
  const ref = { jobId: 'bench', taskId: 'launch', uid: 'u', attempt: 1, token: `bench-${process.pid}-${Date.now()}` };
  const envs: Record<string, string>[] = [];
  const servers: RemoteLaunchServer[] = [];
  for (const [i, address] of HOSTS.entries()) {
    servers.push(await startRemoteLaunchServer({
      host: address,
      log: silentLogger,
      authority: { contextFor: () => ({ cwd: path.join(dir, address, 'wd'), env: envs[i]!, track: () => () => {} }) },
    }));
  }
  const relays: LaunchRelay[] = [];
  for (const address of HOSTS) relays.push(await startLaunchRelay({ nodeId: `bench-${address}`, log: silentLogger }));
  const hosts: MpiHost[] = HOSTS.map((address, i) => ({ address, slots: 2, launchPort: servers[i]!.port }));
  for (const [index, address] of HOSTS.entries()) {
    for (const d of ['wd', 'shared', 'tmp']) await mkdir(path.join(dir, address, d), { recursive: true });
    const { files, env } = mpiEnvironment({ ref, hosts, index, taskSharedDir: path.join(dir, address, 'shared'), tmpDir: path.join(dir, address, 'tmp'), launcherPath: LAUNCHER, runningAsRoot: process.getuid?.() === 0 });
    for (const [name, contents] of Object.entries(files)) await writeFile(path.join(dir, address, 'shared', name), contents);
    envs[index] = { ...(process.env as Record<string, string>), ...env, TROUPE_MPI_RELAY: relays[index]!.name };
  }
  // The baseline launcher: ssh's job done by sh on this machine, with the same per-node TMPDIR
  // and shared-memory directory as troupe's contexts give.
  const local = path.join(dir, 'local-launch');
  await writeFile(local, `#!/bin/sh
while [ $# -gt 0 ]; do case "$1" in -o|-p|-l|-i) shift 2;; -*) shift;; *) break;; esac; done
host=\${1#*@}; shift
TMPDIR=${dir}/$host/tmp; export TMPDIR
[ "$host" != ${HOSTS[0]} ] && { OMPI_MCA_btl_vader_backing_directory=$TMPDIR; export OMPI_MCA_btl_vader_backing_directory; }
exec /bin/sh -c "$*"
`);
  await chmod(local, 0o755);
  const primary = envs[0]!;
  const baseline = { ...primary, OMPI_MCA_plm_rsh_agent: local, HYDRA_LAUNCHER_EXEC: local };
  const native = { ...primary, OMPI_MCA_plm_rsh_agent: NATIVE_LAUNCHER_PATH, HYDRA_LAUNCHER_EXEC: NATIVE_LAUNCHER_PATH };
  const cwd = path.join(dir, HOSTS[0]!, 'wd');
  try {
    for (const flavour of ['openmpi', 'mpich'] as const) {
      const args = ['-np', '6', programs.path(flavour, 'hello')];
      const mpiexec = MPI_FLAVOURS[flavour].mpiexec;
      await timed(mpiexec, args, baseline, cwd, 6);
      await timed(mpiexec, args, primary, cwd, 6);
      await timed(mpiexec, args, native, cwd, 6);
      const plain: number[] = [];
      const troupe: number[] = [];
      const relayed: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        plain.push(await timed(mpiexec, args, baseline, cwd, 6));
        troupe.push(await timed(mpiexec, args, primary, cwd, 6));
        relayed.push(await timed(mpiexec, args, native, cwd, 6));
      }
      const ratio = (xs: number[]) => (median(xs) / median(plain)).toFixed(2);
      console.log(`${mpiexec} -np 6 hello on 3 hosts: local sh launcher ${median(plain).toFixed(0)} ms; through troupe: Node launcher ${median(troupe).toFixed(0)} ms, ratio ${ratio(troupe)}; native launcher + relay ${median(relayed).toFixed(0)} ms, ratio ${ratio(relayed)} (goal <= 1.5)`);
    }
    const node: number[] = [];
    const launch: number[] = [];
    const nativeLaunch: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(await timed(process.execPath, ['-e', '0'], primary, cwd));
      launch.push(await timed(LAUNCHER, [HOSTS[1]!, 'true'], primary, cwd));
      nativeLaunch.push(await timed(NATIVE_LAUNCHER_PATH, [HOSTS[1]!, 'true'], primary, cwd));
    }
    console.log(`troupe-mpi-launch HOST true: Node ${median(launch).toFixed(0)} ms (node -e 0: ${median(node).toFixed(0)} ms, its floor); native through the relay ${median(nativeLaunch).toFixed(1)} ms`);
  } finally {
    for (const s of servers) await s.close();
    for (const r of relays) await r.close();
    programs.remove();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
