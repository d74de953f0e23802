// Real Open MPI and MPICH launches across three "nodes" on this machine (127.0.1.1-3), each with
// its own remote launch server and instance context (directory, TMPDIR), no coordinator: plain
// mpiexec, no --hostfile and no launcher flag, finds both through mpiEnvironment's variables and
// starts its remote daemons through bin/troupe-mpi-launch and the servers.
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/protocol/log.ts';
import { mpiEnvironment, type MpiHost } from '../src/mpi/mpi-environment.ts';
import { startRemoteLaunchServer, type LaunchRef, type RemoteLaunchServer, type RemoteProcess } from '../src/worker/multi-instance/remote-launch-server.ts';
import { killProcessesCarrying } from '../src/worker/process/straggler-sweep.ts';
import { compileMpiPrograms, MPI_FLAVOURS, type MpiFlavour, type MpiPrograms } from './helpers/mpi-programs.ts';
import { NODE_MPI_LAUNCHER } from './helpers/troupe-bin.ts';

const LAUNCHER = NODE_MPI_LAUNCHER;
const ADDRESSES = ['127.0.1.1', '127.0.1.2', '127.0.1.3'];
const SLOTS = 2;

interface Node {
  address: string;
  dir: string;
  env: Record<string, string>;
  /** Hosts of the launches this node's server accepted, in order (one per remote daemon). */
  launches: string[];
  refusals: string[];
  tracked: Set<RemoteProcess>;
  server?: RemoteLaunchServer;
}

interface Cluster {
  ref: LaunchRef;
  root: string;
  nodes: Node[];
  programs: MpiPrograms;
}

let cluster: Cluster;

test.before(async () => {
  const programs = await compileMpiPrograms();
  const root = mkdtempSync(path.join(tmpdir(), 'troupe-mpi-launch-'));
  // The token is unique to this test run: it marks every process the test starts (it is in their
  // environment), so the process table checks see ours only.
  const ref: LaunchRef = { jobId: 'mpi', taskId: 'run1', uid: 'uid-1', attempt: 1, token: `tok-${randomBytes(8).toString('hex')}` };
  const nodes: Node[] = ADDRESSES.map((address) => ({ address, dir: path.join(root, address), env: {}, launches: [], refusals: [], tracked: new Set() }));
  for (const node of nodes) {
    node.server = await startRemoteLaunchServer({
      host: node.address,
      port: 0,
      // The worker's default: what a shell leaves in its group is killed this long after it exits,
      // time a daemonizing orted (tree spawn off) needs to leave the group, however loaded the machine.
      killGraceMs: 5000,
      log: silentLogger,
      authority: {
        contextFor(r) {
          if (r.jobId !== ref.jobId || r.taskId !== ref.taskId || r.uid !== ref.uid || r.attempt !== ref.attempt) {
            node.refusals.push('unknown attempt');
            return { refused: `no attempt ${r.attempt} of task '${r.taskId}' runs on this node` };
          }
          if (r.token !== ref.token) {
            node.refusals.push('token');
            return { refused: 'wrong launch token' };
          }
          node.launches.push(node.address);
          return {
            cwd: path.join(node.dir, 'wd'),
            env: node.env,
            track(proc) {
              node.tracked.add(proc);
              return () => node.tracked.delete(proc);
            },
          };
        },
      },
    });
  }
  const hosts: MpiHost[] = nodes.map((n) => ({ address: n.address, slots: SLOTS, launchPort: n.server!.port }));
  for (const [index, node] of nodes.entries()) {
    const shared = path.join(node.dir, 'shared');
    const tmp = path.join(node.dir, 'tmp');
    for (const d of [shared, tmp, path.join(node.dir, 'wd')]) mkdirSync(d, { recursive: true });
    const { files, env } = mpiEnvironment({ ref, hosts, index, taskSharedDir: shared, tmpDir: tmp, launcherPath: LAUNCHER, runningAsRoot: process.getuid?.() === 0 });
    for (const [name, contents] of Object.entries(files)) writeFileSync(path.join(shared, name), contents);
    node.env = { ...baseEnv(), ...env, TROUPE_TEST_HOST: node.address };
  }
  cluster = { ref, root, nodes, programs };
});

test.after.always(async () => {
  if (!cluster) return;
  for (const node of cluster.nodes) {
    for (const proc of node.tracked) proc.kill('SIGKILL');
    await node.server?.close();
  }
  cluster.programs.remove();
  rmSync(cluster.root, { recursive: true, force: true });
});

/** What a worker's task would inherit, minus any MPI settings of the machine running the tests. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(OMPI_|PMIX_|HYDRA_|MPIEXEC_|TROUPE_)/.test(k)) env[k] = v;
  }
  return env;
}

/** The primary's environment for mpiexec (without the test's host marker, which Hydra would copy
 *  to every rank). */
function primaryEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const { TROUPE_TEST_HOST: _, ...env } = cluster.nodes[0]!.env;
  return { ...env, ...overrides };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function mpiexec(
  t: ExecutionContext,
  flavour: MpiFlavour,
  args: string[],
  opts: { env?: Record<string, string>; onStdout?: (text: string, pid: number) => void; onStderr?: (text: string, pid: number) => void } = {},
): Promise<Run> {
  const child = spawn(MPI_FLAVOURS[flavour].mpiexec, args, {
    cwd: path.join(cluster.nodes[0]!.dir, 'wd'),
    env: opts.env ?? primaryEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own group, as the instance runs it: killed as one
  });
  t.teardown(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const run: Run = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => {
    run.stdout += c.toString();
    opts.onStdout?.(run.stdout, child.pid!);
  });
  child.stderr.on('data', (c: Buffer) => {
    run.stderr += c.toString();
    opts.onStderr?.(run.stderr, child.pid!);
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      run.code = code;
      run.signal = signal;
      t.log(`${MPI_FLAVOURS[flavour].mpiexec} ${args.join(' ')} -> ${code ?? signal}`);
      resolve(run);
    });
  });
}

/** Processes of this test still running (not zombies): every one has the run's token in its
 *  environment, since it descends from mpiexec or a launch context. */
function leftovers(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').includes(cluster.ref.token)) continue;
      found.push(`${entry} ${readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`);
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return found;
}

async function noLeftovers(t: ExecutionContext, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let left = leftovers();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = leftovers();
  }
  t.deepEqual(left, [], `${what}: no mpiexec, daemon, launcher or rank process is left`);
}

/** host -> ranks, from hello's lines. */
function ranksByHost(stdout: string): Map<string, number[]> {
  const byHost = new Map<string, number[]>();
  for (const m of stdout.matchAll(/^hello rank=(\d+) size=(\d+) host=(\S+)$/gm)) {
    byHost.set(m[3]!, [...(byHost.get(m[3]!) ?? []), Number(m[1])]);
  }
  return byHost;
}

function launchesSince(before: number[]): number[] {
  return cluster.nodes.map((n, i) => n.launches.length - before[i]!);
}

const launchCounts = () => cluster.nodes.map((n) => n.launches.length);

// The tests of this file share the three servers and their counters: run one at a time.
test.serial('Open MPI: hello on 6 ranks over 3 hosts, with the hostfile and launcher found by default', async (t) => {
  const before = launchCounts();
  const run = await mpiexec(t, 'openmpi', ['-np', '6', cluster.programs.path('openmpi', 'hello')]);
  t.is(run.code, 0, run.stderr);
  const byHost = ranksByHost(run.stdout);
  t.deepEqual([...byHost.values()].flat().sort(), [0, 1, 2, 3, 4, 5], run.stdout);
  for (const address of ADDRESSES) t.is(byHost.get(address)?.length, SLOTS, `2 ranks ran on ${address}: ${run.stdout}`);
  // Open MPI starts an orted for every host of the hostfile (127.0.1.1 is not this machine's name).
  t.deepEqual(launchesSince(before), [1, 1, 1]);
  await noLeftovers(t, 'after a normal exit');
});

test.serial('MPICH (Hydra): hello on 6 ranks over 3 hosts, proxies of hosts 2 and 3 through troupe', async (t) => {
  const before = launchCounts();
  const run = await mpiexec(t, 'mpich', ['-np', '6', cluster.programs.path('mpich', 'hello')]);
  t.is(run.code, 0, run.stderr);
  const byHost = ranksByHost(run.stdout);
  t.deepEqual([...byHost.values()].flat().sort(), [0, 1, 2, 3, 4, 5], run.stdout);
  t.is(byHost.get('127.0.1.2')?.length, SLOTS, run.stdout);
  t.is(byHost.get('127.0.1.3')?.length, SLOTS, run.stdout);
  const since = launchesSince(before);
  t.deepEqual(since.slice(1), [1, 1], 'one hydra_pmi_proxy launched on each of hosts 2 and 3');
  await noLeftovers(t, 'after a normal exit');
});

for (const flavour of ['openmpi', 'mpich'] as const) {
  test.serial(`${flavour}: allreduce over 6 ranks sums correctly`, async (t) => {
    const run = await mpiexec(t, flavour, ['-np', '6', cluster.programs.path(flavour, 'allreduce')]);
    t.is(run.code, 0, run.stderr);
    t.regex(run.stdout, /^allreduce size=6 sum=15 expected=15 ok$/m);
  });

  test.serial(`${flavour}: MPI_Abort(3) on rank 1 fails mpiexec and leaves no process behind`, async (t) => {
    const run = await mpiexec(t, flavour, ['-np', '6', cluster.programs.path(flavour, 'abort')]);
    // The abort's error code is mpiexec's exit status (both MPIs). The line rank 1 prints just
    // before aborting is not always forwarded: MPICH's mpiexec may take the abort first and kill
    // the job before it writes out that rank's last output (seen once in a full run under load;
    // there rank 1 runs under the proxy mpiexec starts itself on its own host, so that output
    // never passes through troupe). Output from every rank is checked by the hello and allreduce
    // tests.
    t.is(run.code, 3, run.stdout + run.stderr);
    t.log(/abort rank=1 calling MPI_Abort\(3\)/.test(run.stdout) ? "rank 1's last line arrived" : "rank 1's last line was lost in the abort");
    await noLeftovers(t, 'after MPI_Abort');
  });

  test.serial(`${flavour}: killing mpiexec's group while the ranks hang leaves no process behind`, async (t) => {
    const before = launchCounts();
    let killed = false;
    const run = await mpiexec(t, flavour, ['-np', '6', cluster.programs.path(flavour, 'hang')], {
      onStdout(text, pid) {
        if (!killed && (text.match(/ready/g) ?? []).length === 6) {
          killed = true;
          // As the instance ends its processes: SIGTERM to the group (launchers included).
          process.kill(-pid, 'SIGTERM');
        }
      },
    });
    t.true(killed, run.stdout + run.stderr);
    t.true(launchesSince(before).slice(1).every((n) => n >= 1), 'hosts 2 and 3 ran daemons through troupe');
    await noLeftovers(t, 'after mpiexec was killed');
  });
}

/** Parent pid and command line of a process, or undefined once it is gone. */
function processInfo(pid: string): { ppid: string; cmdline: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!;
    return { ppid, cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') };
  } catch {
    return undefined;
  }
}

test.serial('Open MPI tree spawn: an orted launches the next orted through troupe (routed_radix 1)', async (t) => {
  const before = launchCounts();
  let launchedByOrted: string[] | undefined;
  const run = await mpiexec(t, 'openmpi', ['--mca', 'routed_radix', '1', '-np', '6', cluster.programs.path('openmpi', 'hang')], {
    onStdout(text, pid) {
      if (launchedByOrted || (text.match(/ready/g) ?? []).length < 6) return;
      // Every daemon is up and its launcher still running: whose children are the launchers?
      launchedByOrted = leftovers()
        .map((line) => line.split(' ')[0]!)
        .map((p) => processInfo(p))
        .filter((info) => info?.cmdline.includes('troupe-mpi-launch'))
        .filter((info) => processInfo(info!.ppid)?.cmdline.startsWith('orted'))
        .map((info) => info!.cmdline);
      process.kill(-pid, 'SIGTERM');
    },
  });
  t.truthy(launchedByOrted, run.stdout + run.stderr);
  t.true(launchedByOrted!.length >= 1, `some launcher was started by an orted, not by mpiexec: ${launchedByOrted}`);
  t.deepEqual(launchesSince(before), [1, 1, 1]);
  await noLeftovers(t, 'after a tree-spawned job was killed');
});

test.serial('Open MPI: hello with tree spawn off (plm_rsh_no_tree_spawn)', async (t) => {
  const before = launchCounts();
  const run = await mpiexec(t, 'openmpi', ['--mca', 'plm_rsh_no_tree_spawn', '1', '-np', '6', cluster.programs.path('openmpi', 'hello')]);
  t.is(run.code, 0, run.stderr);
  const byHost = ranksByHost(run.stdout);
  for (const address of ADDRESSES) t.is(byHost.get(address)?.length, SLOTS, run.stdout);
  t.deepEqual(launchesSince(before), [1, 1, 1]);
});

test.serial("a hard kill (SIGKILL to mpiexec's group): what outlives the group kill (Hydra's ranks) the token sweep ends", async (t) => {
  for (const flavour of ['openmpi', 'mpich'] as const) {
    let killed = false;
    await mpiexec(t, flavour, ['-np', '6', cluster.programs.path(flavour, 'hang')], {
      onStdout(text, pid) {
        if (!killed && (text.match(/ready/g) ?? []).length === 6) {
          killed = true;
          process.kill(-pid, 'SIGKILL');
        }
      },
    });
    t.true(killed);
    // What the instance runner does when an instance ends: sweep by the attempt's token.
    const swept = await killProcessesCarrying(cluster.ref.token, 2000);
    t.log(`${flavour}: the sweep killed ${swept} process(es) that outlived the group kill`);
    await noLeftovers(t, `${flavour}: after the sweep`);
  }
});

test.serial('a host outside the reservation is refused before any connection', async (t) => {
  const direct = spawn(LAUNCHER, ['-x', 'me@127.0.1.9', 'true'], { env: primaryEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  direct.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => direct.on('close', resolve));
  t.is(code, 255);
  t.is(stderr, "troupe-mpi-launch: host 127.0.1.9 is not part of this task's reservation (hosts: 127.0.1.1, 127.0.1.2, 127.0.1.3)\n");

  const run = await mpiexec(t, 'openmpi', ['--host', '127.0.1.9', '-np', '1', cluster.programs.path('openmpi', 'hello')]);
  t.not(run.code, 0);
  t.true(run.stderr.includes("host 127.0.1.9 is not part of this task's reservation"), run.stderr);
  await noLeftovers(t, 'after a refused host');
});

test.serial('a launch with a wrong token is refused by the worker and mpiexec fails', async (t) => {
  const env = primaryEnv();
  const context = JSON.parse(env.TROUPE_MPI_CONTEXT!);
  // Still carries the run's token elsewhere in the environment, so leftovers() sees it.
  env.TROUPE_MPI_CONTEXT = JSON.stringify({ ...context, ref: { ...context.ref, token: 'guessed' } });
  env.TROUPE_TEST_MARK = cluster.ref.token;
  const refusals = cluster.nodes.map((n) => n.refusals.length);
  const launches = launchCounts();
  const openmpi = await mpiexec(t, 'openmpi', ['-np', '6', cluster.programs.path('openmpi', 'hello')], { env });
  t.not(openmpi.code, 0, openmpi.stdout);
  t.true(openmpi.stderr.includes('refused: wrong launch token'), openmpi.stderr);
  // Hydra does not notice that its launcher failed: it waits for the proxy forever (troupe's
  // start-up deadline ends such an attempt). Here the test plays the deadline once the refusal shows.
  let killed = false;
  const mpich = await mpiexec(t, 'mpich', ['-np', '6', cluster.programs.path('mpich', 'hello')], {
    env,
    onStderr(text, pid) {
      if (!killed && text.includes('refused: wrong launch token')) {
        killed = true;
        process.kill(-pid, 'SIGTERM');
      }
    },
  });
  t.true(killed, mpich.stderr);
  t.false(/hello rank=/.test(mpich.stdout), 'no rank ran');
  // mpiexec gives up at the first refused daemon, so not every server need have been asked.
  t.true(cluster.nodes.some((n, i) => n.refusals.length > refusals[i]!), 'a server refused');
  t.deepEqual(launchCounts(), launches, 'and none accepted a launch');
  await noLeftovers(t, 'after refused launches');
});
