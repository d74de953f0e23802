// What makes an unchanged mpiexec (Open MPI's and MPICH's Hydra) run across a multi-instance
// task's reserved nodes through troupe: hostfiles in the task's shared directory, and environment
// variables that make each mpiexec read them by default and start its remote daemons with
// bin/troupe-mpi-launch instead of ssh. A pure function: the instance runner writes the files
// and adds the variables to every instance's processes.
//
// Facts measured with Open MPI 4.1.4 and MPICH 4.0.2 (Debian), several workers on one machine
// with loopback addresses 127.0.1.x as their hosts:
// - Open MPI copies every OMPI_MCA_* variable of mpiexec's environment onto each orted's command
//   line and into every rank's environment. So a per-node value (the shared-memory backing
//   directory) must never be in the primary's environment: it would override every node's own.
//   The primary keeps the default (/dev/shm); the other instances put theirs in their own tmpDir.
//   Without this, ranks with the same local rank on two "nodes" of one machine share one segment
//   file (vader_segment.<hostname>.<jobid>.<local rank>) and corrupt each other's messages.
// - Open MPI's session directory (and PMIx's store) follow TMPDIR, which Open MPI does not copy
//   to other nodes: a TMPDIR per instance separates them. (Hydra copies the whole environment of
//   mpiexec, TMPDIR included, to every rank, unless told not to: HYDRA_ENV below.)
// - Open MPI's tcp btl excludes 127.0.0.0/8 by default and its oob picks the first non-loopback
//   interface; with every host on loopback both are told to use 127.0.0.0/8. Only then: between
//   real machines, a loopback address is the wrong peer.
// - Open MPI treats 127.0.1.x as remote hosts (an orted is launched for each, the primary's too);
//   Hydra starts the proxy of the host it runs on without the launcher.
/** Names one instance of one attempt of a multi-instance task, with the attempt's launch token:
 *  what a remote launch must present to the target node's worker. */
export interface LaunchRef { jobId: string; taskId: string; uid: string; attempt: number; token: string }

export interface MpiHost { address: string; slots: number; launchPort: number }
export interface MpiInstanceContext {
  ref: LaunchRef;
  hosts: MpiHost[];
  /** this instance's index, 0 = primary */
  index: number;
  taskSharedDir: string;
  tmpDir: string;
  launcherPath: string;
  runningAsRoot: boolean;
}

/** What the launcher finds in TROUPE_MPI_CONTEXT. */
export interface MpiLaunchContext {
  ref: LaunchRef;
  /** host address as mpiexec names it -> "address:port" of that node's remote launch server */
  hosts: Record<string, string>;
}

export const MPI_CONTEXT_VARIABLE = 'TROUPE_MPI_CONTEXT';
export const OPENMPI_HOSTFILE = 'openmpi-hostfile';
export const MPICH_HOSTFILE = 'mpich-hostfile';

/** Files to write into taskSharedDir (name -> contents) and env vars to add for every instance's processes. */
export function mpiEnvironment(ctx: MpiInstanceContext): { files: Record<string, string>; env: Record<string, string> } {
  checkContext(ctx);
  const launchContext: MpiLaunchContext = {
    ref: ctx.ref,
    hosts: Object.fromEntries(ctx.hosts.map((h) => [h.address, `${hostPort(h.address)}:${h.launchPort}`])),
  };
  const files = {
    [OPENMPI_HOSTFILE]: ctx.hosts.map((h) => `${h.address} slots=${h.slots}\n`).join(''),
    [MPICH_HOSTFILE]: ctx.hosts.map((h) => `${h.address}:${h.slots}\n`).join(''),
  };
  const shared = ctx.taskSharedDir.replace(/\/+$/, '');
  const env: Record<string, string> = {
    [MPI_CONTEXT_VARIABLE]: JSON.stringify(launchContext),
    TMPDIR: ctx.tmpDir,
    // Open MPI: the launcher replaces ssh (with and without tree spawn: every orted finds it in
    // its own environment too), and the hostfile is used when no --hostfile/--host is given.
    OMPI_MCA_plm_rsh_agent: ctx.launcherPath,
    OMPI_MCA_orte_default_hostfile: `${shared}/${OPENMPI_HOSTFILE}`,
    // Hydra: its ssh launcher, run through our executable; its default host file.
    HYDRA_LAUNCHER: 'ssh',
    HYDRA_LAUNCHER_EXEC: ctx.launcherPath,
    HYDRA_HOST_FILE: `${shared}/${MPICH_HOSTFILE}`,
    // Hydra forwards mpiexec's whole environment to every rank by default, so ranks on other
    // nodes saw the primary's AZ_BATCH_NODE_ID, AZ_BATCH_IS_CURRENT_NODE_MASTER, task working
    // directory and TMPDIR (which does not exist on another machine). With no forwarding, each
    // rank inherits its own node's instance environment, from the proxy that node's worker
    // started: as under Open MPI, which forwards only what -x names. -genv/-genvlist still work.
    HYDRA_ENV: 'none',
  };
  if (ctx.runningAsRoot) {
    // Open MPI refuses to run as root without both (tasks run as the worker's user).
    env.OMPI_ALLOW_RUN_AS_ROOT = '1';
    env.OMPI_ALLOW_RUN_AS_ROOT_CONFIRM = '1';
  }
  if (ctx.hosts.every((h) => isLoopback(h.address))) {
    env.OMPI_MCA_btl_tcp_if_include = '127.0.0.0/8';
    env.OMPI_MCA_oob_tcp_if_include = '127.0.0.0/8';
    // One machine, one /dev/shm: see the header for why the primary keeps the default.
    if (ctx.index > 0) env.OMPI_MCA_btl_vader_backing_directory = ctx.tmpDir;
    // The "nodes" share the machine's cores: a rank waiting for a message must give its core
    // away, or ranks spin against each other (LAMMPS ran 3.6x slower than plain mpirun here).
    env.OMPI_MCA_mpi_yield_when_idle = '1';
    // MPICH over UCX opens every network device it finds at MPI_Init; on one machine the nodes
    // talk over loopback only, and a device that goes away meanwhile (a container's or test's
    // veth) failed the init with "init_worker No such device". Shared memory is unaffected.
    env.UCX_NET_DEVICES = 'lo';
  }
  return { files, env };
}

/** Reads TROUPE_MPI_CONTEXT; throws with the reason when it is missing or malformed. */
export function parseMpiLaunchContext(raw: string | undefined): MpiLaunchContext {
  if (!raw) throw new Error(`${MPI_CONTEXT_VARIABLE} is not set: this program is run by mpiexec inside a troupe multi-instance task`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${MPI_CONTEXT_VARIABLE} is not valid JSON: ${(err as Error).message}`);
  }
  const p = parsed as Partial<MpiLaunchContext>;
  const ref = p?.ref as Partial<LaunchRef> | undefined;
  if (!ref || typeof ref.jobId !== 'string' || typeof ref.taskId !== 'string' || typeof ref.uid !== 'string'
    || typeof ref.token !== 'string' || typeof ref.attempt !== 'number') {
    throw new Error(`${MPI_CONTEXT_VARIABLE}.ref must hold jobId, taskId, uid, attempt and token`);
  }
  if (!p.hosts || typeof p.hosts !== 'object' || Object.values(p.hosts).some((v) => typeof v !== 'string')) {
    throw new Error(`${MPI_CONTEXT_VARIABLE}.hosts must map host addresses to "address:port"`);
  }
  return { ref: ref as LaunchRef, hosts: p.hosts };
}

/** Where the worker of `host` takes launches ("address:port"), or why a launch there is refused:
 *  only the task's own reserved hosts may be reached. Both launchers (Node, and the native one
 *  through the worker's relay) answer with this, word for word. */
export function reservedTarget(context: MpiLaunchContext, host: string): { target: string } | { refused: string } {
  const target = context.hosts[host];
  if (target) return { target };
  return { refused: `host ${host} is not part of this task's reservation (hosts: ${Object.keys(context.hosts).join(', ')})` };
}

export function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1' || address === 'localhost';
}

/** An IPv6 address in host:port form needs brackets. */
function hostPort(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

function checkContext(ctx: MpiInstanceContext): void {
  if (ctx.hosts.length === 0) throw new Error('hosts must not be empty');
  if (!Number.isInteger(ctx.index) || ctx.index < 0 || ctx.index >= ctx.hosts.length) {
    throw new Error(`index must be between 0 and ${ctx.hosts.length - 1}`);
  }
  const seen = new Set<string>();
  for (const [i, h] of ctx.hosts.entries()) {
    // Addresses go into hostfiles line by line and into ssh-style command lines.
    if (!/^[A-Za-z0-9.:_-]+$/.test(h.address)) throw new Error(`hosts[${i}].address must be an IP address or host name, got '${h.address}'`);
    if (seen.has(h.address)) throw new Error(`hosts[${i}].address '${h.address}' appears twice`);
    seen.add(h.address);
    if (!Number.isInteger(h.slots) || h.slots < 1) throw new Error(`hosts[${i}].slots must be a positive integer`);
    if (!Number.isInteger(h.launchPort) || h.launchPort < 1 || h.launchPort > 65535) throw new Error(`hosts[${i}].launchPort must be a port number`);
  }
  // Open MPI splits plm_rsh_agent on ':' (alternatives) and spaces (arguments).
  if (!ctx.launcherPath.startsWith('/') || /[\s:]/.test(ctx.launcherPath)) {
    throw new Error(`launcherPath must be an absolute path without spaces or ':', got '${ctx.launcherPath}'`);
  }
}
