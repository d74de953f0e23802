// An MPI launch through troupe against plain mpiexec, in the same run, as a ratio.
// - troupe: a 3-instance task on a local cluster of 3 workers (127.0.1.1-3), application
//   `mpiexec -np N hello`: wall time from AddTask to the task completed (Watch-free: polling
//   GetTask every 2 ms), so it includes scheduling, the 3 dispatches, every instance's set-up and
//   coordination report, the go to the primary, mpiexec, its remote daemons through the workers,
//   and the exit report.
// - plain: the same `mpiexec -np N hello` on the same 3-host hostfile, its "remote" daemons started
//   by a local launcher (sh -c on this machine, what ssh to localhost would do without the ssh).
// Median of BENCH_MPI_RUNS runs each, alternated so machine noise hits both alike.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { compileMpiPrograms, MPI_FLAVOURS, type MpiFlavour } from '../test/helpers/mpi-programs.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_MPI_RUNS ?? (QUICK ? 2 : 9));
const RANKS = Number(process.env.BENCH_MPI_RANKS ?? 6);
const HOSTS = ['127.0.1.1', '127.0.1.2', '127.0.1.3'];
const SLOTS = 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (x: number, d = 0) => x.toFixed(d);

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-mpi-'));
  await chmod(dir, 0o711); // the cluster's tasks run as unprivileged users and must reach it
  const programs = await compileMpiPrograms();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: path.join(dir, 'cluster'), workers: 3, slots: SLOTS, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);

  // The plain baseline's launcher and hostfiles, and the environment a troupe instance would get
  // on a loopback cluster (so both run the same MPI transports).
  const launcher = path.join(dir, 'local-launch');
  // Each "host" gets a TMPDIR of its own, as troupe's instances do: Open MPI's daemons of one
  // job on one machine sharing /tmp race creating their session directories ("File exists").
  await writeFile(launcher, '#!/bin/sh\n# ssh stand-in: drop options, keep the host for TMPDIR, run the rest here\nwhile [ "${1#-}" != "$1" ]; do shift; done\nhost=$1\nshift\nif [ -n "$PLAIN_TMP_BASE" ]; then export TMPDIR="$PLAIN_TMP_BASE/$host"; mkdir -p "$TMPDIR"; fi\nexec /bin/sh -c "$*"\n');
  await chmod(launcher, 0o755);
  const ompiHosts = path.join(dir, 'ompi-hosts');
  const mpichHosts = path.join(dir, 'mpich-hosts');
  await writeFile(ompiHosts, HOSTS.map((h) => `${h} slots=${SLOTS}\n`).join(''));
  await writeFile(mpichHosts, HOSTS.map((h) => `${h}:${SLOTS}\n`).join(''));
  const plainEnv: Record<string, Record<string, string>> = {
    openmpi: {
      OMPI_MCA_plm_rsh_agent: launcher, OMPI_MCA_orte_default_hostfile: ompiHosts, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
      OMPI_MCA_btl_tcp_if_include: '127.0.0.0/8', OMPI_MCA_oob_tcp_if_include: '127.0.0.0/8',
    },
    mpich: { HYDRA_LAUNCHER: 'ssh', HYDRA_LAUNCHER_EXEC: launcher, HYDRA_HOST_FILE: mpichHosts },
  };

  try {
    await api.CreateJob({ job: { id: 'bench', poolInfo: { poolId: cluster.poolId } } });
    let n = 0;
    for (const flavour of ['openmpi', 'mpich'] as MpiFlavour[]) {
      const argv = [MPI_FLAVOURS[flavour].mpiexec, '-np', String(RANKS), programs.path(flavour, 'hello')];
      const plain: number[] = [];
      const troupe: number[] = [];
      const phases: { setUp: number; run: number; report: number }[] = [];
      for (let run = 0; run < RUNS + 1; run++) {
        // A TMPDIR per run (and per host, see the launcher): Open MPI's daemons of the previous
        // run may still be removing their session directory when the next run's create theirs.
        const runTmp = path.join(dir, `plain-tmp-${flavour}-${run}`);
        await mkdir(runTmp, { recursive: true });
        const t0 = process.hrtime.bigint();
        const r = spawnSync(argv[0]!, argv.slice(1), { env: { ...process.env, ...plainEnv[flavour], TMPDIR: runTmp, PLAIN_TMP_BASE: runTmp }, encoding: 'utf8' });
        const plainMs = Number(process.hrtime.bigint() - t0) / 1e6;
        if (r.status !== 0 || (r.stdout.match(/hello rank=/g)?.length ?? 0) !== RANKS) throw new Error(`plain ${flavour} mpiexec failed: ${r.stderr}`);

        const id = `t${n++}`;
        const before = process.hrtime.bigint();
        await api.AddTask({ jobId: 'bench', task: { id, commandArgs: argv, multiInstanceSettings: { numberOfInstances: 3 }, constraints: { maxTaskRetryCount: 0 } } });
        let task;
        for (;;) {
          task = await api.GetTask({ jobId: 'bench', taskId: id });
          if (task.state === 'completed') break;
          await new Promise((res) => setTimeout(res, 2));
        }
        const troupeMs = Number(process.hrtime.bigint() - before) / 1e6;
        if (task.executionInfo?.result !== 'success') throw new Error(`troupe ${flavour} task failed: ${JSON.stringify(task.executionInfo)}`);
        if (run === 0) continue; // warm-up: page cache, JIT
        plain.push(plainMs);
        troupe.push(troupeMs);
        // Where the time went, from the task's own timestamps (ms resolution).
        const { subtasks } = await api.ListSubtasks({ jobId: 'bench', taskId: id });
        const created = Date.parse(task.creationTime);
        const allUp = Math.max(...subtasks.map((s) => Date.parse(s.startTime)));
        const ended = Date.parse(task.executionInfo!.endTime);
        phases.push({ setUp: allUp - created, run: ended - allUp, report: troupeMs - (ended - created) });
      }
      const p = median(plain);
      const t = median(troupe);
      console.log(`${flavour}: mpiexec -np ${RANKS} hello across 3 hosts, median of ${RUNS}`);
      console.log(`  plain mpiexec, local launcher     ${f(p)} ms`);
      console.log(`  troupe 3-instance task, submit to completion  ${f(t)} ms  (+${f(t - p)} ms)`);
      console.log(`  ratio troupe/plain ${f(t / p, 2)}  (goal <= 1.5)`);
      console.log(`  troupe phases (medians): submit to every instance set up ${f(median(phases.map((x) => x.setUp)))} ms,`
        + ` then to the primary's exit ${f(median(phases.map((x) => x.run)))} ms, exit to completion seen ${f(median(phases.map((x) => x.report)))} ms`);
    }
  } finally {
    api.close();
    await cluster.stop();
    programs.remove();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
