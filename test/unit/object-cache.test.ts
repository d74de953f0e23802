// The node's object cache (object-cache.ts) against an in-memory store behind the same interface.
import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/protocol/log.ts';
import { ObjectCache, type ObjectSource } from '../../src/worker/files/object-cache.ts';
import type { StoredFile } from '../../src/storage/object-store.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

class MemoryStore implements ObjectSource {
  readonly objects = new Map<string, Buffer>();
  reads = 0;
  /** Replaces the object between a stat and the read that follows (once). */
  replaceOnRead?: { path: string; content: Buffer };

  private info(p: string, b: Buffer): StoredFile {
    return { path: p, size: b.length, sha256: sha(b), lastModified: '', metadata: {} };
  }
  async stat(p: string) {
    const b = this.objects.get(p);
    return b && this.info(p, b);
  }
  async read(p: string) {
    if (this.replaceOnRead?.path === p) {
      this.objects.set(p, this.replaceOnRead.content);
      this.replaceOnRead = undefined;
    }
    const b = this.objects.get(p);
    if (!b) throw new Error(`'${p}' not found`);
    this.reads++;
    await new Promise((r) => setTimeout(r, 10));
    return { info: this.info(p, b), chunks: (async function* () { yield b; })() };
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function setup(t: { teardown(fn: () => Promise<void>): void }, maxBytes: number) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-cache-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return { dir, cache: await ObjectCache.open(dir, maxBytes, silentLogger), store: new MemoryStore() };
}
const signal = new AbortController().signal;

test('concurrent reads of one object share one download; later reads come from the cache', async (t) => {
  const { cache, store } = await setup(t, 1 << 20);
  store.objects.set('a', Buffer.from('alpha'));
  const all = await Promise.all(Array.from({ length: 10 }, async () => collect(await cache.read(store, 'a', signal))));
  t.true(all.every((b) => b.toString() === 'alpha'));
  t.is(store.reads, 1);
  t.is((await collect(await cache.read(store, 'a', signal))).toString(), 'alpha');
  t.is(store.reads, 1);
  t.is(cache.downloaded, 1);
});

test('a new version is a new entry; an object replaced during the fetch is kept under the digest it was verified against', async (t) => {
  const { dir, cache, store } = await setup(t, 1 << 20);
  store.objects.set('a', Buffer.from('v1'));
  await collect(await cache.read(store, 'a', signal));
  store.objects.set('a', Buffer.from('v2'));
  t.is((await collect(await cache.read(store, 'a', signal))).toString(), 'v2');
  store.objects.set('b', Buffer.from('seen by stat'));
  store.replaceOnRead = { path: 'b', content: Buffer.from('what was read') };
  t.is((await collect(await cache.read(store, 'b', signal))).toString(), 'what was read');
  const names = (await readdir(dir)).sort();
  t.deepEqual(names, [sha(Buffer.from('v1')), sha(Buffer.from('v2')), sha(Buffer.from('what was read'))].sort());
});

test('past its size the least recently used entries go, never one being read; too big bypasses it', async (t) => {
  const { dir, cache, store } = await setup(t, 10);
  for (const [p, c] of [['a', 'aaaa'], ['b', 'bbbb'], ['c', 'cccc']]) store.objects.set(p!, Buffer.from(c!));
  await collect(await cache.read(store, 'a', signal));
  const held = await cache.read(store, 'b', signal); // not read to its end yet: in use
  await collect(await cache.read(store, 'c', signal));
  const left = await readdir(dir);
  t.false(left.includes(sha(Buffer.from('aaaa'))), 'the oldest unused entry went');
  t.true(left.includes(sha(Buffer.from('bbbb'))), 'the one being read stays');
  t.is((await collect(held)).toString(), 'bbbb');
  store.objects.set('huge', Buffer.alloc(100, 1));
  t.is((await collect(await cache.read(store, 'huge', signal))).length, 100);
  t.false((await readdir(dir)).includes(sha(Buffer.alloc(100, 1))), 'larger than the cache: not kept');
});

test('opening keeps complete entries and removes partial files', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-cache-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const kept = sha(Buffer.from('kept'));
  await writeFile(path.join(dir, kept), 'kept');
  await writeFile(path.join(dir, `.${kept}.abcd.partial`), 'half');
  const cache = await ObjectCache.open(dir, 1 << 20, silentLogger);
  t.deepEqual(await readdir(dir), [kept]);
  const store = new MemoryStore();
  store.objects.set('k', Buffer.from('kept'));
  t.is((await collect(await cache.read(store, 'k', signal))).toString(), 'kept');
  t.is(store.reads, 0, 'served from the entry a previous run left');
});
