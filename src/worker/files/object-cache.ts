// The node's cache of store objects, keyed by their SHA-256: tasks of a node that use the same
// object (a model, a reference genome) fetch it from the store once per node and version, then
// each gets its own copy. 100 tasks on 2 nodes reading one 10 MiB object made 100 downloads.
//
// - An entry is <dir>/<sha256>, complete and verified: it is written beside its name and renamed
//   into place only after the store's own SHA-256 check, and its name is the digest the content
//   was verified against (not the one a stat saw before: the object may be replaced meanwhile).
// - Concurrent uses of one digest share one download.
// - Bounded: past `maxBytes`, the least recently used entries that no task is copying go. An
//   object larger than the whole cache is downloaded straight to its task, uncached.
// - Tasks get copies, never the entry itself: a task that changes its file must not change what
//   the next task gets; an entry being copied is not evicted.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FileBucket } from '../../storage/object-store.ts';
import type { Logger } from '../../protocol/log.ts';
import { openNoFollow } from './safe-write-paths.ts';
import { abortable, writeAll } from './chunk-writes.ts';

export const DEFAULT_CACHE_BYTES = 2 * 1024 ** 3;

/** What the cache needs of the store (FileBucket). */
export type ObjectSource = Pick<FileBucket, 'stat' | 'read'>;

interface Entry {
  size: number;
  usedAt: number;
  /** Copies being made from it now. */
  readers: number;
}

export class ObjectCache {
  private readonly entries = new Map<string, Entry>();
  private readonly downloads = new Map<string, Promise<void>>();
  private total = 0;
  /** Objects fetched from the store into the cache (for tests and logs). */
  downloaded = 0;

  private constructor(readonly dir: string, private readonly maxBytes: number, private readonly log: Logger) {}

  /** Opens the cache in `dir`: entries a previous run left are kept, partial files removed. */
  static async open(dir: string, maxBytes: number, log: Logger): Promise<ObjectCache> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const cache = new ObjectCache(dir, maxBytes, log);
    for (const name of await readdir(dir)) {
      const file = path.join(dir, name);
      if (!/^[0-9a-f]{64}$/.test(name)) {
        await rm(file, { force: true, recursive: true });
        continue;
      }
      const st = await stat(file).catch(() => undefined);
      if (!st?.isFile()) continue;
      cache.entries.set(name, { size: st.size, usedAt: st.mtimeMs, readers: 0 });
      cache.total += st.size;
    }
    await cache.evict();
    return cache;
  }

  /** The content of store object `storePath`, from the cache (fetched into it first when
   *  needed); the caller writes it where it belongs (writeFileSafely). */
  async read(files: ObjectSource, storePath: string, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const known = await files.stat(storePath);
    if (!known || known.size > this.maxBytes) return (await files.read(storePath)).chunks; // NOT_FOUND, or uncached
    let digest = known.sha256;
    if (!this.entries.has(digest)) digest = await this.fetch(files, storePath, digest, signal);
    const entry = this.entries.get(digest);
    if (!entry) return (await files.read(storePath)).chunks;
    entry.readers++;
    entry.usedAt = Date.now();
    const file = path.join(this.dir, digest);
    await utimes(file, new Date(), new Date()).catch(() => {});
    return (async function* () {
      try {
        yield* createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>;
      } finally {
        entry.readers--;
      }
    })();
  }

  /** Downloads the object into the cache (once for all who ask at the same time); returns the
   *  digest its content was verified against. */
  private async fetch(files: ObjectSource, storePath: string, expected: string, signal: AbortSignal): Promise<string> {
    const running = this.downloads.get(expected);
    if (running) {
      await running;
      if (this.entries.has(expected)) return expected;
    }
    let verified = expected;
    const download = (async () => {
      const { info, chunks } = await files.read(storePath);
      verified = info.sha256;
      const partial = path.join(this.dir, `.${verified}.${randomBytes(4).toString('hex')}.partial`);
      const handle = await openNoFollow(partial, 0o600);
      try {
        await writeAll(handle, abortable(chunks, signal));
        await handle.close();
        await rename(partial, path.join(this.dir, verified));
      } catch (err) {
        await handle.close().catch(() => {});
        await rm(partial, { force: true });
        throw err;
      }
      if (!this.entries.has(verified)) {
        this.entries.set(verified, { size: info.size, usedAt: Date.now(), readers: 0 });
        this.total += info.size;
      }
      this.downloaded++;
      this.log.info('store object fetched into the node cache', { path: storePath, sha256: verified, size: info.size });
      await this.evict(verified);
    })();
    this.downloads.set(expected, download);
    try {
      await download;
    } finally {
      this.downloads.delete(expected);
    }
    return verified;
  }

  /** Removes least recently used entries no one reads until the cache fits (never `keep`). */
  private async evict(keep?: string): Promise<void> {
    if (this.total <= this.maxBytes) return;
    const byAge = [...this.entries].filter(([d, e]) => d !== keep && e.readers === 0).sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [digest, entry] of byAge) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(digest);
      this.total -= entry.size;
      await rm(path.join(this.dir, digest), { force: true });
    }
  }
}
