// What a test network leaves in the machine, by name, and how it goes away: the names carry the
// network's id (trh-<id> for the bridge, trh-<id>-<n> for a host's veth, trh-<id>-<host> for its
// network namespace; interface names stay under Linux's 15 characters), and a state file
// /run/troupe-test-hosts/<id>.json records which process owns them.
//
// The state file is written before any resource exists and removed after all are gone, so a
// resource whose id has no state file, or whose owner is dead, belongs to a crashed run: the next
// network swept it away before creating its own. Resources are listed before state files: a live
// owner's state file is then always seen (it predates the resource).
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { attempt, run } from './run-command.ts';

export const STATE_DIR = '/run/troupe-test-hosts';
const PREFIX = 'trh-';
const ID = '[a-z0-9]{6}';
const LINK_NAME = new RegExp(`^${PREFIX}(${ID})(?:-\\d+)?$`);
const NETNS_NAME = new RegExp(`^${PREFIX}(${ID})-`);

export const bridgeName = (id: string) => `${PREFIX}${id}`;
export const vethName = (id: string, index: number) => `${PREFIX}${id}-${index}`;
export const netnsName = (id: string, host: string) => `${PREFIX}${id}-${host}`;
/** Holds the hosts' mount namespace files (<host>.mnt); a private bind mount of itself, since
 *  unshare cannot pin a mount namespace on a mount of shared propagation. */
export const nsFileDir = (id: string) => path.join(STATE_DIR, id);
const stateFile = (id: string) => path.join(STATE_DIR, `${id}.json`);

export interface Owner { pid: number; startTime: string }

export interface NetworkState {
  id: string;
  owner: Owner;
  /** The hosts' directories, removed with the network when it created them itself. */
  dir: string;
  ownDir: boolean;
}

/** This process, as /proc tells it (the start time tells a reused pid from its first holder). */
export async function currentOwner(): Promise<Owner> {
  return { pid: process.pid, startTime: (await startTimeOf(process.pid))! };
}

async function startTimeOf(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export async function writeState(state: NetworkState): Promise<void> {
  await mkdir(STATE_DIR, { recursive: true });
  const tmp = `${stateFile(state.id)}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, stateFile(state.id));
}

/** What exists on this machine right now, by network id. */
interface Resources {
  links: Map<string, string[]>;
  netns: Map<string, string[]>;
  mounts: Map<string, string[]>;
  /** Namespace file directories under STATE_DIR. */
  files: Map<string, string[]>;
}

function add(map: Map<string, string[]>, id: string, name: string) {
  map.set(id, [...(map.get(id) ?? []), name]);
}

async function listResources(): Promise<Resources> {
  const found: Resources = { links: new Map(), netns: new Map(), mounts: new Map(), files: new Map() };
  try {
    for (const l of JSON.parse(await run(['ip', '-j', 'link', 'show'])) as { ifname: string }[]) {
      const m = LINK_NAME.exec(l.ifname);
      if (m) add(found.links, m[1]!, l.ifname);
    }
  } catch {
    // no ip: then nothing of ours exists either
  }
  try {
    const out = (await run(['ip', '-j', 'netns', 'list'])).trim();
    for (const n of (out ? JSON.parse(out) : []) as { name: string }[]) {
      const m = NETNS_NAME.exec(n.name);
      if (m) add(found.netns, m[1]!, n.name);
    }
  } catch {
    // as above
  }
  for (const line of (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')) {
    const mountPoint = line.split(' ')[4]?.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const m = mountPoint && new RegExp(`^${STATE_DIR}/(${ID})(?:/|$)`).exec(mountPoint);
    if (m) add(found.mounts, m[1]!, mountPoint);
  }
  for (const entry of await readdir(STATE_DIR).catch(() => [] as string[])) {
    if (new RegExp(`^${ID}$`).test(entry)) add(found.files, entry, path.join(STATE_DIR, entry));
  }
  return found;
}

async function readStates(): Promise<Map<string, NetworkState>> {
  const states = new Map<string, NetworkState>();
  for (const entry of await readdir(STATE_DIR).catch(() => [] as string[])) {
    const m = new RegExp(`^(${ID})\\.json$`).exec(entry);
    if (!m) continue;
    try {
      states.set(m[1]!, JSON.parse(await readFile(path.join(STATE_DIR, entry), 'utf8')) as NetworkState);
    } catch {
      // half written by a crashed run (or removed meanwhile): its resources have no owner
      states.delete(m[1]!);
    }
  }
  return states;
}

/** Removes every resource of network `id` that exists now, whatever stage it reached; never
 *  throws. Processes still inside its namespaces are not killed: they lose their network. */
export async function removeNetwork(id: string, state?: NetworkState): Promise<void> {
  const found = await listResources();
  // A veth goes with its peer, even while a leftover process keeps the namespace alive.
  const links = found.links.get(id) ?? [];
  for (const link of links.filter((l) => l !== bridgeName(id))) await attempt(['ip', 'link', 'del', link]);
  for (const ns of found.netns.get(id) ?? []) await attempt(['ip', 'netns', 'del', ns]);
  if (links.includes(bridgeName(id))) await attempt(['ip', 'link', 'del', bridgeName(id)]);
  // Deepest first: the namespace files, then the private bind mount holding them.
  const mounts = (found.mounts.get(id) ?? []).sort((a, b) => b.length - a.length);
  for (const mount of mounts) await attempt(['umount', '--lazy', mount]);
  for (const file of found.files.get(id) ?? []) await rm(file, { recursive: true, force: true }).catch(() => {});
  if (state?.ownDir) await rm(state.dir, { recursive: true, force: true }).catch(() => {});
  await rm(stateFile(id), { force: true }).catch(() => {});
}

/** Removes what crashed runs left: networks whose owner is dead, and resources with no state
 *  file. Returns the ids it removed. */
export async function sweepLeftovers(): Promise<string[]> {
  const found = await listResources();
  const states = await readStates();
  const ids = new Set([...found.links.keys(), ...found.netns.keys(), ...found.mounts.keys(), ...found.files.keys(), ...states.keys()]);
  const swept: string[] = [];
  // State files half written by a process that died meanwhile (<id>.json.<pid>.tmp).
  for (const entry of await readdir(STATE_DIR).catch(() => [] as string[])) {
    const pid = /\.json\.(\d+)\.tmp$/.exec(entry)?.[1];
    if (pid && (await startTimeOf(Number(pid))) === undefined) await rm(path.join(STATE_DIR, entry), { force: true }).catch(() => {});
  }
  for (const id of ids) {
    const state = states.get(id);
    if (state && (await startTimeOf(state.owner.pid)) === state.owner.startTime) continue;
    await removeNetwork(id, state);
    swept.push(id);
  }
  return swept;
}
