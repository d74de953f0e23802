// The native MPI launcher (native/troupe-mpi-launch.c) through the worker's launch relay
// (src/worker/multi-instance/launch-relay.ts): three "nodes" on this machine (127.0.1.1-3), each with its own
// remote launch server, launch relay and instance context, no coordinator. The launcher gets the
// relay of the node it runs on from TROUPE_MPI_RELAY, as an instance's processes do.
import test, { type ExecutionContext } from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../src/protocol/log.ts';
import { mpiEnvironment, type MpiHost } from '../src/mpi/mpi-environment.ts';
import { NATIVE_LAUNCHER_PATH, NODE_LAUNCHER_PATH } from '../src/mpi/launcher-path.ts';
import { startLaunchRelay, type LaunchRelay } from '../src/worker/multi-instance/launch-relay.ts';
import { startRemoteLaunchServer, type LaunchRef, type RemoteLaunchServer, type RemoteProcess } from '../src/worker/multi-instance/remote-launch-server.ts';
import { compileMpiPrograms, MPI_FLAVOURS, type MpiFlavour, type MpiPrograms } from './helpers/mpi-programs.ts';

const ADDRESSES = ['127.0.1.1', '127.0.1.2', '127.0.1.3'];
const SLOTS = 2;

interface Node {
  address: string;
  dir: string;
  env: Record<string, string>;
  launches: number;
  tracked: Set<RemoteProcess>;
  server?: RemoteLaunchServer;
  relay?: LaunchRelay;
}

let ref: LaunchRef;
let root: string;
let nodes: Node[];
let programs: MpiPrograms;

test.before(async () => {
  // Built by setup; rebuilt here when the source is newer, so the test runs the current code.
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build-native.mjs', import.meta.url))], { encoding: 'utf8' });
  if (!existsSync(NATIVE_LAUNCHER_PATH)) throw new Error(`the native launcher was not built (needs a C compiler): ${build.stderr}`);
  programs = await compileMpiPrograms();
  root = mkdtempSync(path.join(tmpdir(), 'troupe-mpi-relay-'));
  ref = { jobId: 'mpi', taskId: 'run1', uid: 'uid-1', attempt: 1, token: `tok-${randomBytes(8).toString('hex')}` };
  nodes = ADDRESSES.map((address) => ({ address, dir: path.join(root, address), env: {}, launches: 0, tracked: new Set() }));
  for (const node of nodes) {
    node.server = await startRemoteLaunchServer({
      host: node.address,
      // The worker's default: what a shell leaves in its group is killed this long after it exits,
      // time a daemonizing orted (tree spawn off) needs to leave the group, however loaded the machine.
      killGraceMs: 5000,
      log: silentLogger,
      authority: {
        contextFor(r) {
          if (r.token !== ref.token || r.uid !== ref.uid || r.attempt !== ref.attempt) return { refused: 'wrong launch token' };
          node.launches++;
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
    node.relay = await startLaunchRelay({ nodeId: `node-${node.address}`, log: silentLogger });
  }
  const hosts: MpiHost[] = nodes.map((n) => ({ address: n.address, slots: SLOTS, launchPort: n.server!.port }));
  for (const [index, node] of nodes.entries()) {
    const shared = path.join(node.dir, 'shared');
    const tmp = path.join(node.dir, 'tmp');
    for (const d of [shared, tmp, path.join(node.dir, 'wd')]) mkdirSync(d, { recursive: true });
    const { files, env } = mpiEnvironment({ ref, hosts, index, taskSharedDir: shared, tmpDir: tmp, launcherPath: NATIVE_LAUNCHER_PATH, runningAsRoot: process.getuid?.() === 0 });
    for (const [name, contents] of Object.entries(files)) writeFileSync(path.join(shared, name), contents);
    node.env = { ...baseEnv(), ...env, TROUPE_MPI_RELAY: node.relay!.name, TROUPE_TEST_HOST: node.address };
  }
});

test.after.always(async () => {
  for (const node of nodes ?? []) {
    for (const proc of node.tracked) proc.kill('SIGKILL');
    await node.server?.close();
    await node.relay?.close();
  }
  programs?.remove();
  if (root) rmSync(root, { recursive: true, force: true });
});

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(OMPI_|PMIX_|HYDRA_|MPIEXEC_|TROUPE_)/.test(k)) env[k] = v;
  }
  return env;
}

function primaryEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const { TROUPE_TEST_HOST: _, ...env } = nodes[0]!.env;
  const merged: Record<string, string> = { ...env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function run(
  program: string,
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string | 'keep-open'; onStdout?: (text: string, pid: number) => void; group?: boolean } = {},
): Promise<Run> {
  const child = spawn(program, args, {
    cwd: path.join(nodes[0]!.dir, 'wd'),
    env: opts.env ?? primaryEnv(),
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: opts.group ?? false,
  });
  if (typeof opts.stdin === 'string' && opts.stdin !== 'keep-open') child.stdin!.end(opts.stdin);
  const result: Run = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout!.on('data', (c: Buffer) => {
    result.stdout += c.toString();
    opts.onStdout?.(result.stdout, child.pid!);
  });
  child.stderr!.on('data', (c: Buffer) => (result.stderr += c.toString()));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      result.code = code;
      result.signal = signal;
      child.stdin?.destroy();
      resolve(result);
    }),
  );
}

const native = (args: string[], opts: Parameters<typeof run>[2] = {}) => run(NATIVE_LAUNCHER_PATH, args, opts);

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test.serial('output, stdin, exit status and host choice reach the launcher through the relay', async (t) => {
  const before = nodes[0]!.relay!.launches;
  const r = await native(['-x', '-o', 'StrictHostKeyChecking=no', 'me@127.0.1.2', 'echo', 'on', '$TROUPE_TEST_HOST;', 'echo', 'err', '>&2;', 'exit', '7']);
  t.deepEqual(r, { code: 7, signal: null, stdout: 'on 127.0.1.2\n', stderr: 'err\n' });
  t.is(nodes[0]!.relay!.launches, before + 1, 'the launch went through the local relay');

  const cat = await native(['127.0.1.3', 'cat'], { stdin: 'line 1\nline 2\n' });
  t.deepEqual(cat, { code: 0, signal: null, stdout: 'line 1\nline 2\n', stderr: '' });
  // -n: the remote command sees EOF at once although the launcher's own stdin stays open.
  const closed = await native(['-n', '127.0.1.3', 'cat;', 'echo', 'eof'], { stdin: 'keep-open' });
  t.deepEqual(closed, { code: 0, signal: null, stdout: 'eof\n', stderr: '' });

  // Started with stdin closed altogether (fd 0 not open): the command sees EOF.
  const noFd0 = await run('/bin/sh', ['-c', `exec 0<&-; exec ${NATIVE_LAUNCHER_PATH} 127.0.1.3 'cat; echo done'`]);
  t.deepEqual(noFd0, { code: 0, signal: null, stdout: 'done\n', stderr: '' });

  // Larger than any single frame or pipe buffer, both ways.
  const big = 'x'.repeat(3 * 1024 * 1024);
  const echoed = await native(['127.0.1.2', 'cat'], { stdin: big });
  t.is(echoed.code, 0, echoed.stderr);
  t.is(echoed.stdout.length, big.length);
});

test.serial('a command killed by a signal exits 128 + signal', async (t) => {
  const r = await native(['127.0.1.2', 'kill -KILL $$']);
  t.is(r.code, 137, r.stderr);
});

test.serial('the native launcher parses ssh arguments as the Node launcher does', async (t) => {
  const cases: string[][] = [
    ['-xTq', '-p', '22', '-lroot', '-oBatchMode=yes', '127.0.1.2', 'echo', 'a', 'b'],
    ['-i', '/no/such/key', '-F', '/dev/null', '--', 'user@127.0.1.3', 'echo', '$TROUPE_TEST_HOST'],
    ['-n', '127.0.1.1', 'printf', '%s', 'x y'],
    ['-o'],
    ['-x'],
    ['127.0.1.2'],
    [],
    ['127.0.1.9', 'true'],
    ['a@b@127.0.1.9', 'true'],
  ];
  for (const args of cases) {
    // The Node launcher calls the servers directly, without the relay.
    const [viaRelay, direct] = await Promise.all([native(args), run(NODE_LAUNCHER_PATH, args, { env: primaryEnv({ TROUPE_MPI_RELAY: undefined }) })]);
    t.deepEqual(viaRelay, direct, `troupe-mpi-launch ${args.join(' ')}`);
  }
});

test.serial('a host outside the reservation is refused with 255 and the Node launcher\'s message', async (t) => {
  const r = await native(['-x', 'me@127.0.1.9', 'true']);
  t.is(r.code, 255);
  t.is(r.stderr, "troupe-mpi-launch: host 127.0.1.9 is not part of this task's reservation (hosts: 127.0.1.1, 127.0.1.2, 127.0.1.3)\n");
  const noContext = await native(['127.0.1.2', 'true'], { env: primaryEnv({ TROUPE_MPI_CONTEXT: undefined }) });
  t.is(noContext.code, 255);
  t.regex(noContext.stderr, /^troupe-mpi-launch: TROUPE_MPI_CONTEXT is not set/);
  const wrongToken = JSON.parse(primaryEnv().TROUPE_MPI_CONTEXT!);
  wrongToken.ref.token = 'guessed';
  const refused = await native(['127.0.1.2', 'true'], { env: primaryEnv({ TROUPE_MPI_CONTEXT: JSON.stringify(wrongToken) }) });
  t.deepEqual([refused.code, refused.stderr], [255, 'troupe-mpi-launch: launch on 127.0.1.2 refused: wrong launch token\n']);
  const noRelay = await native(['127.0.1.2', 'true'], { env: primaryEnv({ TROUPE_MPI_RELAY: '@troupe-launch-nobody-listens' }) });
  t.is(noRelay.code, 255);
  t.regex(noRelay.stderr, /^troupe-mpi-launch: connection to the local troupe worker's launch relay \(@troupe-launch-nobody-listens\) failed: Connection refused\n$/);
});

test.serial('SIGTERM to the launcher cancels the launch: the remote group is killed, exit 143', async (t) => {
  let pgid = 0;
  let signalled = false;
  const r = await native(['127.0.1.3', 'echo $$; sleep 600; echo never'], {
    onStdout(text, pid) {
      const m = /^(\d+)\n/.exec(text);
      if (m && !signalled) {
        signalled = true;
        pgid = Number(m[1]);
        process.kill(pid, 'SIGTERM');
      }
    },
  });
  t.is(r.code, 143, r.stderr);
  t.true(pgid > 0);
  await until(() => !groupAlive(pgid), `the remote group ${pgid} to be killed`);
  t.false(groupAlive(pgid));
});

test.serial('the relay answers bad frames with an error frame and keeps serving', async (t) => {
  const relay = nodes[0]!.relay!;
  for (const bad of [Buffer.from('Z\0\0\0\0'), Buffer.from('I\0\0\0\x01x'), Buffer.from([0x48, 0xff, 0xff, 0xff, 0xff]), Buffer.from('H\0\0\0\x03abc')]) {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(`\0${relay.name.slice(1)}`);
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.write(bad);
    });
    t.is(String.fromCharCode(reply[0]!), 'F', `reply to ${bad.toString('hex')}`);
    t.is(reply.readUInt32BE(1), reply.length - 5);
    t.regex(reply.subarray(5).toString(), /^bad request to the launch relay: /);
  }
  const r = await native(['127.0.1.2', 'echo', 'still', 'serving']);
  t.deepEqual([r.code, r.stdout], [0, 'still serving\n']);
});

/** Processes of this test still running (not zombies), found by the run's token. */
function leftovers(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').includes(ref.token)) continue;
      found.push(`${entry} ${readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`);
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return found;
}

function ranksByHost(stdout: string): Map<string, number[]> {
  const byHost = new Map<string, number[]>();
  for (const m of stdout.matchAll(/^hello rank=(\d+) size=(\d+) host=(\S+)$/gm)) {
    byHost.set(m[3]!, [...(byHost.get(m[3]!) ?? []), Number(m[1])]);
  }
  return byHost;
}

async function mpiHello(t: ExecutionContext, flavour: MpiFlavour, remoteHosts: string[]): Promise<void> {
  const relayed = nodes.map((n) => n.relay!.launches);
  const launches = nodes.map((n) => n.launches);
  const r = await run(MPI_FLAVOURS[flavour].mpiexec, ['-np', '6', programs.path(flavour, 'hello')], { group: true });
  t.is(r.code, 0, r.stderr);
  const byHost = ranksByHost(r.stdout);
  t.deepEqual([...byHost.values()].flat().sort(), [0, 1, 2, 3, 4, 5], r.stdout);
  for (const address of remoteHosts) t.is(byHost.get(address)?.length, SLOTS, `2 ranks ran on ${address}: ${r.stdout}`);
  const launched = nodes.filter((n, i) => n.launches > launches[i]!).map((n) => n.address);
  t.deepEqual(launched, remoteHosts, 'daemons were launched on these hosts');
  // Each launcher used the relay of the node it ran on (an orted's, with Open MPI's tree spawn).
  const relayedNow = nodes.reduce((sum, n, i) => sum + n.relay!.launches - relayed[i]!, 0);
  t.is(relayedNow, remoteHosts.length, 'every launch went through a relay');
  await until(() => leftovers().length === 0, 'no process left').catch(() => {});
  t.deepEqual(leftovers(), []);
}

test.serial('Open MPI: hello on 6 ranks over 3 hosts through the native launcher and the relay', async (t) => {
  await mpiHello(t, 'openmpi', ADDRESSES);
});

test.serial('MPICH (Hydra): hello on 6 ranks over 3 hosts through the native launcher and the relay', async (t) => {
  // Hydra starts the proxy of its own host without the launcher.
  await mpiHello(t, 'mpich', ADDRESSES.slice(1));
});
