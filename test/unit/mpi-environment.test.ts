// mpiEnvironment: hostfiles and variables for an unchanged mpiexec, per instance.
import test from 'ava';
import { isLoopback, mpiEnvironment, parseMpiLaunchContext, type MpiInstanceContext } from '../../src/mpi/mpi-environment.ts';

const ref = { jobId: 'sim', taskId: 'run1', uid: 'u', attempt: 2, token: 'secret-token' };

function context(over: Partial<MpiInstanceContext> = {}): MpiInstanceContext {
  return {
    ref,
    hosts: [
      { address: '10.0.0.4', slots: 4, launchPort: 7001 },
      { address: '10.0.0.5', slots: 2, launchPort: 7002 },
    ],
    index: 0,
    taskSharedDir: '/nodes/a/workitems/sim/job-1/run1/shared/',
    tmpDir: '/nodes/a/tmp/run1',
    launcherPath: '/opt/troupe/bin/troupe-mpi-launch',
    runningAsRoot: false,
    ...over,
  };
}

test('hostfiles in both forms and the variables that make each mpiexec use them and the launcher', (t) => {
  const { files, env } = mpiEnvironment(context());
  t.deepEqual(files, { 'openmpi-hostfile': '10.0.0.4 slots=4\n10.0.0.5 slots=2\n', 'mpich-hostfile': '10.0.0.4:4\n10.0.0.5:2\n' });
  t.is(env.OMPI_MCA_plm_rsh_agent, '/opt/troupe/bin/troupe-mpi-launch');
  t.is(env.OMPI_MCA_orte_default_hostfile, '/nodes/a/workitems/sim/job-1/run1/shared/openmpi-hostfile');
  t.is(env.HYDRA_LAUNCHER, 'ssh');
  t.is(env.HYDRA_LAUNCHER_EXEC, '/opt/troupe/bin/troupe-mpi-launch');
  t.is(env.HYDRA_HOST_FILE, '/nodes/a/workitems/sim/job-1/run1/shared/mpich-hostfile');
  t.is(env.TMPDIR, '/nodes/a/tmp/run1');
  t.deepEqual(parseMpiLaunchContext(env.TROUPE_MPI_CONTEXT), { ref, hosts: { '10.0.0.4': '10.0.0.4:7001', '10.0.0.5': '10.0.0.5:7002' } });
  // Real hosts: no loopback interface settings, no per-node shared-memory directory, not root.
  for (const name of ['OMPI_MCA_btl_tcp_if_include', 'OMPI_MCA_oob_tcp_if_include', 'OMPI_MCA_btl_vader_backing_directory', 'OMPI_MCA_mpi_yield_when_idle', 'OMPI_ALLOW_RUN_AS_ROOT']) {
    t.false(name in env, name);
  }
});

test('all hosts on loopback: tcp on 127.0.0.0/8, ranks yield when idle, and a shared-memory directory of their own on secondaries only', (t) => {
  const hosts = ['127.0.1.1', '127.0.1.2'].map((address, i) => ({ address, slots: 2, launchPort: 7000 + i }));
  const primary = mpiEnvironment(context({ hosts, index: 0, runningAsRoot: true })).env;
  const secondary = mpiEnvironment(context({ hosts, index: 1, tmpDir: '/nodes/b/tmp/run1' })).env;
  for (const env of [primary, secondary]) {
    t.is(env.OMPI_MCA_btl_tcp_if_include, '127.0.0.0/8');
    t.is(env.OMPI_MCA_oob_tcp_if_include, '127.0.0.0/8');
    t.is(env.OMPI_MCA_mpi_yield_when_idle, '1', 'ranks sharing the cores yield them');
  }
  // mpiexec copies its OMPI_MCA_* to every node: the primary must not impose its directory.
  t.false('OMPI_MCA_btl_vader_backing_directory' in primary);
  t.is(secondary.OMPI_MCA_btl_vader_backing_directory, '/nodes/b/tmp/run1');
  t.is(primary.OMPI_ALLOW_RUN_AS_ROOT, '1');
  t.is(primary.OMPI_ALLOW_RUN_AS_ROOT_CONFIRM, '1');
  // Mixed loopback and real: not all loopback, no loopback settings.
  const mixed = mpiEnvironment(context({ hosts: [hosts[0]!, { address: '10.0.0.5', slots: 1, launchPort: 1 }] })).env;
  t.false('OMPI_MCA_btl_tcp_if_include' in mixed);
  t.false('OMPI_MCA_mpi_yield_when_idle' in mixed);
});

test('bad contexts are refused with the field and the rule', (t) => {
  t.throws(() => mpiEnvironment(context({ hosts: [] })), { message: 'hosts must not be empty' });
  t.throws(() => mpiEnvironment(context({ index: 2 })), { message: 'index must be between 0 and 1' });
  t.throws(() => mpiEnvironment(context({ hosts: [{ address: 'a b', slots: 1, launchPort: 1 }] })), { message: /hosts\[0\]\.address must be an IP address/ });
  t.throws(() => mpiEnvironment(context({ hosts: [{ address: 'a', slots: 0, launchPort: 1 }] })), { message: 'hosts[0].slots must be a positive integer' });
  t.throws(() => mpiEnvironment(context({ hosts: [{ address: 'a', slots: 1, launchPort: 0 }] })), { message: 'hosts[0].launchPort must be a port number' });
  t.throws(() => mpiEnvironment(context({ hosts: [{ address: 'a', slots: 1, launchPort: 1 }, { address: 'a', slots: 1, launchPort: 2 }] })), { message: "hosts[1].address 'a' appears twice" });
  t.throws(() => mpiEnvironment(context({ launcherPath: '/with space/launch' })), { message: /launcherPath must be an absolute path without spaces/ });
  t.throws(() => mpiEnvironment(context({ launcherPath: 'relative' })), { message: /launcherPath must be an absolute path/ });
});

test('TROUPE_MPI_CONTEXT that is missing or malformed is explained', (t) => {
  t.throws(() => parseMpiLaunchContext(undefined), { message: /TROUPE_MPI_CONTEXT is not set/ });
  t.throws(() => parseMpiLaunchContext('{'), { message: /not valid JSON/ });
  t.throws(() => parseMpiLaunchContext('{"ref":{}}'), { message: /ref must hold jobId, taskId, uid, attempt and token/ });
  t.throws(() => parseMpiLaunchContext(JSON.stringify({ ref, hosts: { a: 1 } })), { message: /hosts must map host addresses/ });
  t.true(isLoopback('127.0.1.3'));
  t.false(isLoopback('10.0.0.1'));
});
