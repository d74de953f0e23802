// Simulated hosts for integration tests, so that workers do not share what separate machines do
// not share. A host is a network namespace on a private bridge (its own IP, loopback and default
// route) plus a persistent mount namespace (its own /tmp, and its node root at one fixed path that
// is the same on every host). Every process of a host, started now or after a restart, is spawned
// with host.command(argv). Needs root, iproute2 (ip) and util-linux (unshare, nsenter).
//
//   root namespace (the test, nats-server, the coordinator)
//     bridge trh-<id>  10.a.b.1/24 ─┬─ veth trh-<id>-2 ═ eth0 10.a.b.2/24  host "node-1"
//                                   └─ veth trh-<id>-3 ═ eth0 10.a.b.3/24  host "node-2"
//     <dir>/node-1/root  is  /var/lib/troupe-test-node  in host "node-1"
//     <dir>/node-1/tmp   is  /tmp                       in host "node-1"
//     a tmpfs of its own is  /dev/shm                   in host "node-1"
//
// Everything else of the file system is shared (the repository, node, /usr, /var/tmp), as a
// shared file system would be; /tmp of the root namespace is not visible in a host. The host
// name is the machine's own on every host (no UTS namespace).
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { run } from './run-command.ts';
import { REPO } from './troupe-bin.ts';
import {
  bridgeName, currentOwner, netnsName, nsFileDir, removeNetwork, sweepLeftovers, vethName, writeState, type NetworkState,
} from './test-hosts-resources.ts';
import { freeSubnet, overlapsOtherRoute } from './test-hosts-subnet.ts';

export { sweepLeftovers } from './test-hosts-resources.ts';

/** Where a node's root is inside every host, unless the network is told otherwise. */
export const HOST_NODE_ROOT = '/var/lib/troupe-test-node';

export interface TestNetworkOptions {
  /** Where the hosts' own directories go (<dir>/<host>/root and /tmp); default: a new temporary
   *  directory, which close() removes (a given one is left to its owner). */
  dir?: string;
  /** The node root's path inside every host (default HOST_NODE_ROOT). Not under /tmp, which
   *  each host has its own of. */
  nodeRoot?: string;
  /** Each host's node root at a path of its own, <nodeRoot>-hosts/<host name>, as on machines
   *  set up with different --root paths; there the other hosts' root paths are empty
   *  directories (mount points, left in the root namespace). */
  rootPerHost?: boolean;
}

export interface TestHost {
  readonly name: string;
  readonly ip: string;
  /** The node root as the host's processes see it: the same path on every host, unless the
   *  network has a root per host. */
  readonly rootPath: string;
  /** The same directory as the test, in the root namespace, reads it. */
  readonly hostSideRoot: string;
  /** The host's /tmp, seen from the root namespace. */
  readonly hostSideTmp: string;
  /** Its network namespace (ip netns) and the host end of its veth, named for assertions. */
  readonly netns: string;
  readonly veth: string;
  /** The argv that runs `argv` inside this host (for child_process.spawn / execFile), in `cwd`
   *  (default /; a path as the host sees it). */
  command(argv: string[], opts?: { cwd?: string }): string[];
  /** The host's link goes down: it loses all network, connections stall as with a pulled cable. */
  cut(): Promise<void>;
  heal(): Promise<void>;
}

export interface TestNetwork {
  /** The random part of every name of this network. */
  readonly id: string;
  readonly bridge: string;
  /** The bridge's address, the hosts' default gateway: where servers of the root namespace
   *  (nats-server) listen for the hosts. */
  readonly gatewayIp: string;
  readonly subnet: string;
  readonly hosts: ReadonlyMap<string, TestHost>;
  addHost(name: string): Promise<TestHost>;
  /** Removes the namespaces, the mounts, the bridge (and the hosts' directories when the network
   *  chose them); kills no process. Idempotent; never throws, whatever was left half made. */
  close(): Promise<void>;
}

const HOST_NAME = /^[a-z0-9][a-z0-9-]{0,40}$/;

/** Creates a bridge on a free private /24, after sweeping away what crashed runs left. */
export async function createTestNetwork(options: TestNetworkOptions = {}): Promise<TestNetwork> {
  if (process.getuid?.() !== 0) throw new Error('test hosts need root (network and mount namespaces): run the tests as root');
  const nodeRoot = path.resolve(options.nodeRoot ?? HOST_NODE_ROOT);
  if (nodeRoot === '/tmp' || nodeRoot.startsWith('/tmp/')) throw new Error(`nodeRoot ${nodeRoot}: must not be under /tmp, which every host has its own of`);
  await sweepLeftovers();

  const id = randomBytes(8).readBigUInt64BE().toString(36).slice(-6).padStart(6, '0');
  const dir = options.dir ?? await mkdtemp(path.join(os.tmpdir(), `troupe-hosts-${id}-`));
  const state: NetworkState = { id, owner: await currentOwner(), dir, ownDir: !options.dir };
  await writeState(state);
  const network = new Network(state, nodeRoot, options.rootPerHost ?? false);
  try {
    await network.create();
  } catch (err) {
    await network.close();
    throw err;
  }
  return network;
}

class Network implements TestNetwork {
  readonly bridge: string;
  gatewayIp = '';
  subnet = '';
  readonly hosts = new Map<string, TestHost>();
  private prefix = '';
  private queue: Promise<unknown> = Promise.resolve();
  private closing?: Promise<void>;

  constructor(private readonly state: NetworkState, private readonly nodeRoot: string, private readonly rootPerHost: boolean) {
    this.bridge = bridgeName(state.id);
  }

  get id() { return this.state.id; }

  async create(): Promise<void> {
    const nsDir = nsFileDir(this.id);
    await mkdir(nsDir, { recursive: true });
    await run(['mount', '--bind', nsDir, nsDir]);
    await run(['mount', '--make-private', nsDir]);
    // The mount point of the node root, in the root namespace: stays empty there.
    await mkdir(this.nodeRoot, { recursive: true });
    await run(['ip', 'link', 'add', this.bridge, 'type', 'bridge']);
    for (let tries = 0; ; tries++) {
      this.prefix = await freeSubnet();
      await run(['ip', 'addr', 'add', `${this.prefix}.1/24`, 'dev', this.bridge]);
      // Another run may have picked the same subnet between our look and our claim.
      if (!(await overlapsOtherRoute(this.prefix, this.bridge))) break;
      await run(['ip', 'addr', 'del', `${this.prefix}.1/24`, 'dev', this.bridge]);
      if (tries === 20) throw new Error('no free private /24 for the test network');
    }
    await run(['ip', 'link', 'set', this.bridge, 'up']);
    this.gatewayIp = `${this.prefix}.1`;
    this.subnet = `${this.prefix}.0/24`;
  }

  addHost(name: string): Promise<TestHost> {
    const next = this.queue.then(() => this.createHost(name));
    this.queue = next.catch(() => {});
    return next;
  }

  private async createHost(name: string): Promise<TestHost> {
    if (this.closing) throw new Error(`network ${this.id} is closed`);
    if (!HOST_NAME.test(name)) throw new Error(`host name '${name}': lower-case letters, digits and dashes`);
    if (this.hosts.has(name)) throw new Error(`host '${name}' exists already`);
    const index = this.hosts.size + 2;
    if (index > 254) throw new Error('a test network holds 253 hosts');
    const netns = netnsName(this.id, name);
    const veth = vethName(this.id, index);
    const ip = `${this.prefix}.${index}`;
    const mountNs = path.join(nsFileDir(this.id), `${name}.mnt`);
    const hostSideRoot = path.join(this.state.dir, name, 'root');
    const hostSideTmp = path.join(this.state.dir, name, 'tmp');
    const rootPath = this.rootPerHost ? path.join(`${this.nodeRoot}-hosts`, name) : this.nodeRoot;
    await mkdir(rootPath, { recursive: true });
    await mkdir(hostSideRoot, { recursive: true });
    await mkdir(hostSideTmp, { recursive: true });
    await chmod(hostSideTmp, 0o1777);

    await run(['ip', 'netns', 'add', netns]);
    await run(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
    await run(['ip', 'link', 'set', veth, 'master', this.bridge, 'up']);
    await run(['ip', '-n', netns, 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
    await run(['ip', '-n', netns, 'link', 'set', 'eth0', 'up']);
    await run(['ip', '-n', netns, 'link', 'set', 'lo', 'up']);
    await run(['ip', '-n', netns, 'route', 'add', 'default', 'via', this.gatewayIp]);

    await writeFile(mountNs, '');
    const repoInTmp = REPO.startsWith('/tmp/') ? REPO : '';
    await run(['unshare', `--mount=${mountNs}`, '--propagation', 'private', '--', '/bin/sh', '-c', MOUNT_SETUP, 'setup', hostSideRoot, rootPath, hostSideTmp, repoInTmp]);

    const host: TestHost = {
      name, ip, netns, veth, hostSideRoot, hostSideTmp, rootPath,
      command: (argv, opts = {}) => ['nsenter', `--net=/run/netns/${netns}`, `--mount=${mountNs}`, `--wd=${opts.cwd ?? '/'}`, '--', ...argv],
      cut: async () => { await run(['ip', 'link', 'set', veth, 'down']); },
      heal: async () => { await run(['ip', 'link', 'set', veth, 'up']); },
    };
    this.hosts.set(name, host);
    return host;
  }

  close(): Promise<void> {
    this.closing ??= this.queue.then(() => removeNetwork(this.id, this.state));
    return this.closing;
  }
}

// Runs inside the host's new mount namespace, once: the node root first (its host-side directory
// may be under /tmp, hidden once /tmp is the host's own), then /tmp, then a /dev/shm of its own:
// Open MPI names its shared-memory segments there by hostname, job and local rank, and workers
// move them off /dev/shm only when every host is a loopback address (one machine); with shared
// /dev/shm the local rank 0 of every host mapped one segment and allreduce crashed. Last, the
// namespace files this namespace copied from the root one (other hosts' network and mount
// namespaces) are detached, or they would keep those namespaces alive after their network closes.
// A checkout of troupe under /tmp ($4, else empty: a clone made there) stays visible at its path:
// it is the shared file system the workers run from.
const MOUNT_SETUP = `set -e
mount --bind "$1" "$2"
if [ -n "$4" ]; then mkdir -p "$3\${4#/tmp}"; mount --bind "$4" "$3\${4#/tmp}"; fi
mount --rbind "$3" /tmp
mount -t tmpfs -o mode=1777,nosuid,nodev troupe-test-shm /dev/shm
for m in $(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "nsfs") print $5; break } }' /proc/self/mountinfo); do
  umount --lazy "$m" 2>/dev/null || true
done`;
