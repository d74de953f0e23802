// What a remote node says when an MPI launch fails there reaches the task's stderr, on simulated
// hosts (each worker in its own network and mount namespaces, so /tmp is each host's own): a
// rank's own message, an executable only the primary's host has, and a working directory only
// the primary's host has. Hydra's mpiexec reports the last one as `assert (!closed)` only: the
// proxy's reason comes through the launch relay after mpiexec stopped reading it
// (launch-relay.ts, late output).
import test from 'ava';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { MPI_FLAVOURS, type MpiFlavour } from './helpers/mpi-programs.ts';

const ONE_PER_NODE = { openmpi: '--map-by node', mpich: '-ppn 1' } as const;

interface Case {
  id: string;
  /** The primary's command (sh); `$MPIEXEC` runs one rank per node on both nodes. */
  script: string;
  /** What stderr must say. */
  says: Record<MpiFlavour, RegExp[]>;
}

const CASES: Case[] = [
  {
    id: 'rank-message',
    script: `$MPIEXEC /bin/sh -c 'if [ "$AZ_BATCH_IS_CURRENT_NODE_MASTER" = false ]; then echo "remote rank on $AZ_BATCH_NODE_ID: cannot open input.dat" >&2; exit 3; fi; sleep 2'`,
    says: { openmpi: [/remote rank on node-\d: cannot open input\.dat/], mpich: [/remote rank on node-\d: cannot open input\.dat/] },
  },
  {
    id: 'missing-executable',
    script: 'cp /bin/true /tmp/only-exe && $MPIEXEC /tmp/only-exe',
    says: {
      openmpi: [/could not access\s+or execute an executable/, /Executable: \/tmp\/only-exe/, /Node: 10\.\d+\.\d+\.\d+/],
      mpich: [/execvp error on file \/tmp\/only-exe \(No such file or directory\)/],
    },
  },
  {
    // Hydra starts ranks in mpiexec's directory, as named; Open MPI falls back to $HOME for a
    // directory it was not told explicitly, so the directory is given with --wdir there.
    id: 'missing-directory',
    script: 'mkdir -p /tmp/only-here && cd /tmp/only-here && $MPIEXEC $WDIR pwd',
    says: {
      openmpi: [/could not\s+change to the specified working directory/, /Working directory: \/tmp\/only-here/],
      mpich: [/unable to change wdir to \/tmp\/only-here \(No such file or directory\)/],
    },
  },
];

async function runCase(c: TestCluster, flavour: MpiFlavour, k: Case, taskId = k.id) {
  const env = [
    { name: 'MPIEXEC', value: `${MPI_FLAVOURS[flavour].mpiexec} ${ONE_PER_NODE[flavour]} -np 2` },
    { name: 'WDIR', value: flavour === 'openmpi' ? '--wdir /tmp/only-here' : '' },
  ];
  await c.api.AddTask({
    jobId: 'fail',
    task: {
      id: taskId, commandArgs: ['/bin/sh', '-c', k.script], environmentSettings: env,
      multiInstanceSettings: { numberOfInstances: 2 }, constraints: { maxTaskRetryCount: 0 },
    },
  });
  const done = await c.waitForTask('fail', taskId, 'completed', 120_000);
  return { done, stderr: await c.readOutput('fail', taskId, 'stderr') };
}

for (const flavour of ['openmpi', 'mpich'] as const) {
  test(`${flavour}: what a remote node says about a failed launch reaches the task's stderr`, async (t) => {
    const c = await startCluster({ workers: 2, slots: 1, pool: 'mpi', interNode: true, hosts: true });
    t.teardown(() => c.stop());
    await c.api.CreateJob({ job: { id: 'fail', poolInfo: { poolId: 'mpi' } } });
    for (const k of CASES) {
      let { done, stderr } = await runCase(c, flavour, k);
      t.log(`${k.id}:\n${stderr}`);
      // About one full suite run in ten, the remote Hydra proxy's kept stderr ends right after
      // its first write, the bare "[proxy:0:1@vm] " prefix, which Hydra writes apart from the
      // message. The cause is not found yet (stop 21's note). That symptom alone, and once,
      // gets a second launch; anything else fails at once.
      if (flavour === 'mpich' && /also wrote[^\n]*\n\[proxy:[^\]\n]*\] *\n*$/.test(stderr)) {
        ({ done, stderr } = await runCase(c, flavour, k, `${k.id}-again`));
        t.log(`${k.id} (again, the first's remote stderr was cut after its prefix):\n${stderr}`);
      }
      t.is(done.executionInfo!.result, 'failure', `${k.id}: the task fails`);
      t.is(done.executionInfo!.failureInfo?.code, 'FailureExitCode', `${k.id}: as mpiexec's exit code, not as a lost node`);
      for (const pattern of k.says[flavour]) t.regex(stderr, pattern, `${k.id}: stderr says why`);
      if (k.id === 'rank-message') {
        const named = /remote rank on (node-\d)/.exec(stderr)?.[1];
        t.not(named, done.executionInfo!.nodeId, 'the message is the other node\'s');
      }
    }
  });
}
