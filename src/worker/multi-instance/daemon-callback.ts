// Did a remote MPI daemon call back? An orted or hydra_pmi_proxy started on this node first
// connects back to mpiexec on the primary over TCP; one that never does (blocked network, wrong
// interface, a hung start-up) leaves mpiexec waiting forever, since neither Open MPI nor Hydra
// bounds that wait by default (Open MPI's orte_startup_timeout did not end it here). The sign we
// look for: any process of the daemon's process group holding an established TCP connection.
// Linux /proc only; elsewhere the answer is "yes" (never a false kill).
import { readdir, readFile, readlink } from 'node:fs/promises';

/** True when a process of group `pgid` has an established TCP connection (or /proc is absent). */
export async function groupHasEstablishedTcp(pgid: number): Promise<boolean> {
  let established: Set<string>;
  try {
    established = await establishedSocketInodes();
  } catch {
    return true;
  }
  if (established.size === 0) return false;
  for (const pid of await groupMembers(pgid)) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = await readlink(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (m && established.has(m[1]!)) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}

async function groupMembers(pgid: number): Promise<number[]> {
  const members: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
      // After "(comm) ": state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

/** Inodes of established TCP sockets (IPv4 and IPv6) in this network namespace. */
async function establishedSocketInodes(): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (cols.length > 9 && cols[3] === '01') inodes.add(cols[9]!);
    }
  }
  return inodes;
}
