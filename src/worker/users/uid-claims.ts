// Machine-wide claims of auto-user uids. Several workers may run on one machine (`troupe up`,
// tests, small sites), each with its own pool-scope user and task-scope users: a uid two workers
// both handed out would let their tasks read each other's files. A claim is a file named by the
// uid in a directory every worker of the machine uses (default /run/troupe/task-uids), created
// exclusively and holding the claimant's pid. A claim whose pid is gone (a killed worker) is
// stale: it is taken over by renaming it away first, which only one taker can do.
// A pool's auto-user is one uid for the pool on the whole machine (claimPoolUid: held by the pool,
// not by a worker, until the machine restarts and /run is emptied), as Azure Batch's pool
// auto-user is one account on every node: the workers of one pool on one machine share it, so
// an MPI task's ranks on them are one user (Hydra's proxies enter the primary's directory).
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_UID_CLAIMS_DIR = '/run/troupe/task-uids';

/** An inclusive uid range, e.g. 20000-29999. */
export interface UidRange {
  first: number;
  last: number;
}

/** Above system users (< 1000), human users (1000-19999 on most sites), below nobody (65534). */
export const DEFAULT_TASK_UID_RANGE: UidRange = { first: 20000, last: 29999 };

/** "20000-29999" -> the range; throws with a message naming the rule. */
export function parseUidRange(text: string): UidRange {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  const first = m ? Number(m[1]) : NaN;
  const last = m ? Number(m[2]) : NaN;
  if (!m || first < 1 || last < first || last > 2 ** 31 - 2) {
    throw new Error(`a uid range is FIRST-LAST with 1 <= FIRST <= LAST < 2147483647 (e.g. 20000-29999), got '${text}'`);
  }
  return { first, last };
}

export class UidClaims {
  private readonly held = new Set<number>();
  /** Where the next search starts: a released uid is not handed out again at once. */
  private cursor: number;

  constructor(private readonly dir: string, readonly range: UidRange) {
    this.cursor = range.first + (process.pid % (range.last - range.first + 1));
  }

  /** Claims a free uid of the range for one task, skipping `avoid` (the pool's named accounts'
   *  uids). The search goes round the range, so a uid just given back is not handed out again
   *  at once. */
  async claim(avoid: ReadonlySet<number> = new Set()): Promise<number> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const size = this.range.last - this.range.first + 1;
    // Read once: a concurrent claim moves the cursor, which must not make this search skip uids.
    const start = this.cursor;
    for (let i = 0; i < size; i++) {
      const uid = this.range.first + ((start - this.range.first + i) % size);
      if (this.held.has(uid) || avoid.has(uid)) continue;
      if (await this.tryClaim(uid)) {
        this.held.add(uid);
        this.cursor = uid + 1;
        return uid;
      }
    }
    throw new Error(`every uid of ${this.range.first}-${this.range.last} is claimed by a task or worker on this machine (${this.dir}): give the worker a larger --task-uid-range`);
  }

  /** The uid of pool `poolId`'s auto-user on this machine: the one claimed for it before, by
   *  any worker, or a new one (the lowest free). */
  async claimPoolUid(poolId: string, avoid: ReadonlySet<number> = new Set()): Promise<number> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const poolFile = path.join(this.dir, `pool-${poolId}`);
    for (let attempt = 0; attempt < 3; attempt++) {
      const known = Number((await readFile(poolFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(known) && known > 0) return known;
      const size = this.range.last - this.range.first + 1;
      let uid: number | undefined;
      for (let i = 0; i < size && uid === undefined; i++) {
        const candidate = this.range.first + i;
        if (!this.held.has(candidate) && !avoid.has(candidate) && await this.tryClaim(candidate, `pool:${poolId}`)) uid = candidate;
      }
      if (uid === undefined) break;
      try {
        const handle = await open(poolFile, 'wx', 0o600);
        await handle.writeFile(String(uid));
        await handle.close();
        return uid;
      } catch (err) {
        // Another worker of the pool claimed one at the same time: use theirs.
        await unlink(this.file(uid)).catch(() => {});
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`no uid of ${this.range.first}-${this.range.last} is free for pool '${poolId}''s auto-user on this machine (${this.dir}): give the worker a larger --task-uid-range`);
  }

  async release(uid: number): Promise<void> {
    if (!this.held.delete(uid)) return;
    await unlink(this.file(uid)).catch(() => {});
  }

  /** Releases everything this worker holds (it stops). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.held].map((uid) => this.release(uid)));
  }

  private file(uid: number): string {
    return path.join(this.dir, String(uid));
  }

  /** `owner`: this worker's pid (a claim for one task), or 'pool:<id>' (never stale). */
  private async tryClaim(uid: number, owner = String(process.pid)): Promise<boolean> {
    const file = this.file(uid);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(file, 'wx', 0o600);
        await handle.writeFile(owner);
        await handle.close();
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      // A claim being written right now reads empty: someone else's, leave it.
      if (!Number.isInteger(holder) || holder <= 0 || isAlive(holder)) return false;
      const away = `${file}.stale-${process.pid}`;
      try {
        await rename(file, away);
      } catch {
        return false; // another worker took it over first
      }
      await unlink(away).catch(() => {});
    }
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
