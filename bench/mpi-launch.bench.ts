// The MPI remote launch path alone (no coordinator, no task): `mpiexec -np 6 hello` over 3 hosts
// (127.0.1.1-3) with its daemons started through bin/troupe-mpi-launch and three remote launch
// servers, against the same mpiexec with a local sh launcher (what ssh to localhost would do
// without the ssh), alternated, medians of BENCH_MPI_LAUNCH_RUNS runs. Then the launcher's own
// start-up against `node -e 0`. The servers run in this process; in a cluster each worker has one.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../src/protocol/log.ts';
import { mpiEnvironment, type MpiHost } from '../src/mpi/mpi-environment.ts';
import { startRemoteLaunchServer, type RemoteLaunchServer } from '../src/worker/remote-launch-server.ts';
import { compileMpiPrograms, MPI_FLAVOURS } from '../test/helpers/mpi-programs.ts';

const RUNS = Number(process.env.BENCH_MPI_LAUNCH_RUNS ?? 9);
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
  const hosts: MpiHost[] = HOSTS.map((address, i) => ({ address, slots: 2, launchPort: servers[i]!.port }));
  for (const [index, address] of HOSTS.entries()) {
    for (const d of ['wd', 'shared', 'tmp']) await mkdir(path.join(dir, address, d), { recursive: true });
    const { files, env } = mpiEnvironment({ ref, hosts, index, taskSharedDir: path.join(dir, address, 'shared'), tmpDir: path.join(dir, address, 'tmp'), launcherPath: LAUNCHER, runningAsRoot: process.getuid?.() === 0 });
    for (const [name, contents] of Object.entries(files)) await writeFile(path.join(dir, address, 'shared', name), contents);
    envs[index] = { ...(process.env as Record<string, string>), ...env };
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
  const cwd = path.join(dir, HOSTS[0]!, 'wd');
  try {
    for (const flavour of ['openmpi', 'mpich'] as const) {
      const args = ['-np', '6', programs.path(flavour, 'hello')];
      const mpiexec = MPI_FLAVOURS[flavour].mpiexec;
      await timed(mpiexec, args, baseline, cwd, 6);
      await timed(mpiexec, args, primary, cwd, 6);
      const plain: number[] = [];
      const troupe: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        plain.push(await timed(mpiexec, args, baseline, cwd, 6));
        troupe.push(await timed(mpiexec, args, primary, cwd, 6));
      }
      console.log(`${mpiexec} -np 6 hello on 3 hosts: local sh launcher ${median(plain).toFixed(0)} ms, through troupe ${median(troupe).toFixed(0)} ms, ratio ${(median(troupe) / median(plain)).toFixed(2)} (goal <= 1.5)`);
    }
    const node: number[] = [];
    const launch: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(await timed(process.execPath, ['-e', '0'], primary, cwd));
      launch.push(await timed(LAUNCHER, [HOSTS[1]!, 'true'], primary, cwd));
    }
    console.log(`troupe-mpi-launch HOST true: ${median(launch).toFixed(0)} ms; node -e 0: ${median(node).toFixed(0)} ms (the launcher's floor)`);
  } finally {
    for (const s of servers) await s.close();
    programs.remove();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
