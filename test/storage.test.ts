// troupe.v1.Storage against a real coordinator and a real JetStream object store: round trips,
// listing and paging, deletes, byte ranges, refused paths, checksum checks on the way in and out,
// and a large file streamed with the coordinator's memory staying far below the file's size.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { StorageApi } from '../src/storage/storage-client.ts';
import { BUCKET_FILES, hexToDigest } from '../src/storage/object-store.ts';
import protobuf from 'protobufjs';
import { grpcClientSetup } from '../src/protocol/grpc/grpc-client-setup.ts';
import { apiTarget } from '../src/protocol/grpc/api-credentials.ts';

let cluster: TestCluster;
let storage: StorageApi;

test.before(async () => {
  cluster = await startCluster({ workers: 0 });
  storage = new StorageApi(cluster.apiAddress, cluster.credentials);
});
test.after.always(async () => {
  storage?.close();
  await cluster?.stop();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function* chunksOf(b: Buffer, size = 10_000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function readAll(storePath: string, range: { offset?: number; length?: number } = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const m of storage.download(storePath, range)) if (m.data?.length) parts.push(m.data);
  return Buffer.concat(parts);
}

test.serial('a file round-trips with its size and SHA-256; ranges read parts of it', async (t) => {
  const content = randomBytes(700_000);
  const local = path.join(cluster.dir, 'in.bin');
  await writeFile(local, content);
  const info = await storage.uploadFile(local, 'rt/in.bin');
  t.is(info.path, 'rt/in.bin');
  t.is(Number(info.size), content.length);
  t.is(info.sha256, sha(content));

  const out = path.join(cluster.dir, 'out', 'in.bin');
  const got = await storage.downloadFile('rt/in.bin', out);
  t.is(got.sha256, sha(content));
  t.true((await readFile(out)).equals(content));

  t.true((await readAll('rt/in.bin', { offset: 300_000, length: 5 })).equals(content.subarray(300_000, 300_005)));
  t.true((await readAll('rt/in.bin', { offset: 262_140, length: 10 })).equals(content.subarray(262_140, 262_150)), 'a range across a chunk boundary');
  t.true((await readAll('rt/in.bin', { offset: 699_990 })).equals(content.subarray(699_990)));
  t.is((await readAll('rt/in.bin', { offset: 800_000 })).length, 0);
});

test.serial('an empty file round-trips', async (t) => {
  const info = await storage.uploadStream({ header: { path: 'rt/empty', sha256: sha(Buffer.alloc(0)) } }, chunksOf(Buffer.alloc(0)));
  t.is(Number(info.size), 0);
  t.is((await readAll('rt/empty')).length, 0);
});

test.serial('list by prefix pages through everything in path order; delete removes one or a prefix', async (t) => {
  for (const name of ['c', 'a', 'b', 'sub/d', 'sub/e']) {
    await storage.uploadStream({ header: { path: `ls/${name}` } }, chunksOf(Buffer.from(name)));
  }
  const page1 = await storage.listFiles({ prefix: 'ls/', maxResults: 2 });
  t.deepEqual(page1.files.map((f) => f.path), ['ls/a', 'ls/b']);
  t.truthy(page1.nextPageToken);
  const page2 = await storage.listFiles({ prefix: 'ls/', maxResults: 2, pageToken: page1.nextPageToken });
  t.deepEqual(page2.files.map((f) => f.path), ['ls/c', 'ls/sub/d']);
  t.deepEqual((await storage.listAll('ls/')).map((f) => f.path), ['ls/a', 'ls/b', 'ls/c', 'ls/sub/d', 'ls/sub/e']);

  t.deepEqual(await storage.deleteFile('ls/a'), { deleted: 1 });
  t.deepEqual(await storage.deleteFile('ls/sub/'), { deleted: 2 });
  t.deepEqual((await storage.listAll('ls/')).map((f) => f.path), ['ls/b', 'ls/c']);
  const gone = await t.throwsAsync(storage.deleteFile('ls/a'));
  t.is((gone as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  const missing = await t.throwsAsync(readAll('ls/nothing'));
  t.is((missing as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  t.regex((missing as Error).message, /'ls\/nothing' does not exist/);
});

test.serial('paths that could escape a directory are refused with INVALID_ARGUMENT naming the field', async (t) => {
  for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a/.', 'dir/', '', 'a\\..\\b']) {
    const err = await t.throwsAsync(storage.uploadStream({ header: { path: bad } }, chunksOf(Buffer.from('x'))), undefined, bad);
    t.is((err as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT, bad);
    t.regex((err as Error).message, /header\.path/, bad);
  }
  const dl = await t.throwsAsync(readAll('../etc/passwd'));
  t.is((dl as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  const ls = await t.throwsAsync(storage.listFiles({ prefix: '../' }));
  t.is((ls as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  t.regex((ls as Error).message, /prefix/);
  const del = await t.throwsAsync(storage.deleteFile('/abs'));
  t.is((del as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  const token = await t.throwsAsync(storage.listFiles({ pageToken: '!!' }));
  t.regex((token as Error).message, /pageToken/);
});

test.serial('an upload whose bytes do not match the SHA-256 the client sent is refused and keeps the old object', async (t) => {
  const good = Buffer.from('the good content');
  await storage.uploadStream({ header: { path: 'ck/file', sha256: sha(good) } }, chunksOf(good));
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const storedBytes = async () => (await jsm.streams.info(`OBJ_${BUCKET_FILES}`)).state.bytes;
  const before = await storedBytes();
  const err = await t.throwsAsync(
    storage.uploadStream({ header: { path: 'ck/file', sha256: sha(good) } }, chunksOf(randomBytes(900_000))),
  );
  t.is(await storedBytes(), before, 'the refused upload left no chunks behind');
  t.is((err as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  t.regex((err as Error).message, /header\.sha256 does not match the uploaded bytes/);
  t.true((await readAll('ck/file')).equals(good));
  const malformed = await t.throwsAsync(storage.uploadStream({ header: { path: 'ck/x', sha256: 'abc' } }, chunksOf(good)));
  t.regex((malformed as Error).message, /header\.sha256 must be 64 lower-case hex digits/);
  const ifAbsent = await t.throwsAsync(storage.uploadStream({ header: { path: 'ck/file', ifAbsent: true } }, chunksOf(good)));
  t.is((ifAbsent as grpc.ServiceError).code, grpc.status.ALREADY_EXISTS);
  const big = randomBytes(600_000);
  await storage.uploadStream({ header: { path: 'ck/replaced' } }, chunksOf(big));
  const once = await storedBytes();
  await storage.uploadStream({ header: { path: 'ck/replaced' } }, chunksOf(randomBytes(600_000)));
  t.true(await storedBytes() < once + 100_000, 'a replaced object frees its old chunks');
});

test.serial('a digest sent after the last chunk is checked as one in the header: a mismatch keeps the old object; it must come last and only once', async (t) => {
  const good = randomBytes(700_000);
  const closed = (b: Buffer, digest: string) => (async function* () { yield* chunksOf(b, 100_000); yield { sha256: digest }; })();
  const info = await storage.uploadStream({ header: { path: 'tail/file' } }, closed(good, sha(good)));
  t.is(info.sha256, sha(good));
  const wrong = await t.throwsAsync(storage.uploadStream({ header: { path: 'tail/file' } }, closed(randomBytes(700_000), sha(good))));
  t.is((wrong as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  t.regex((wrong as Error).message, /^3 INVALID_ARGUMENT: sha256 does not match the uploaded bytes/);
  t.true((await readAll('tail/file')).equals(good), 'the refused upload left the old object');
  const after = await t.throwsAsync(storage.uploadStream({ header: { path: 'tail/other' } },
    (async function* () { yield { sha256: sha(good) }; yield good; })()));
  t.regex((after as Error).message, /sha256 must be the last message of the upload/);
  const twice = await t.throwsAsync(storage.uploadStream({ header: { path: 'tail/other', sha256: sha(good) } }, closed(good, sha(good))));
  t.regex((twice as Error).message, /sha256 may not follow a header that has sha256 set/);
  const malformed = await t.throwsAsync(storage.uploadStream({ header: { path: 'tail/other' } }, closed(good, 'ABC')));
  t.regex((malformed as Error).message, /sha256 must be 64 lower-case hex digits/);
  t.is((await storage.listAll('tail/')).map((f) => f.path).join(), 'tail/file', 'no refused upload was stored');
});

test.serial('concurrent uploads of one path: one whole version wins and no displaced version stays stored', async (t) => {
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const storedBytes = async () => (await jsm.streams.info(`OBJ_${BUCKET_FILES}`)).state.bytes;
  const before = await storedBytes();
  const versions = Array.from({ length: 6 }, () => randomBytes(600_000));
  await Promise.all(versions.map((v) => storage.uploadStream({ header: { path: 'race/one', sha256: sha(v) } }, chunksOf(v, 100_000))));
  const final = await readAll('race/one');
  t.true(versions.some((v) => v.equals(final)), 'the object is one whole version');
  t.true(await storedBytes() < before + 600_000 + 100_000, 'only one version of the raced object is stored');
});

test.serial('a stored object whose content no longer matches its recorded digest fails the download with DATA_LOSS', async (t) => {
  const content = randomBytes(300_000);
  await storage.uploadStream({ header: { path: 'ck/corrupt' } }, chunksOf(content));
  // Corrupt the record behind the store's back: rewrite the object's metadata with another digest.
  const nc = await cluster.connectNats();
  t.teardown(() => nc.close());
  const padded = Buffer.from('ck/corrupt').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const metaSubject = `$O.${BUCKET_FILES}.M.${padded}`;
  const jsm = await jetstreamManager(nc);
  const last = await jsm.streams.getMessage(`OBJ_${BUCKET_FILES}`, { last_by_subj: metaSubject });
  const rawMeta = JSON.parse(new TextDecoder().decode(last!.data));
  t.is(rawMeta.name, 'ck/corrupt');
  rawMeta.digest = hexToDigest(sha(Buffer.from('something else')));
  await jetstream(nc).publish(metaSubject, JSON.stringify(rawMeta));

  const err = await t.throwsAsync(readAll('ck/corrupt'));
  t.is((err as grpc.ServiceError).code, grpc.status.DATA_LOSS);
  t.regex((err as Error).message, /'ck\/corrupt' is corrupt/);
  const local = path.join(cluster.dir, 'corrupt.bin');
  await t.throwsAsync(storage.downloadFile('ck/corrupt', local));
  await t.throwsAsync(stat(local), undefined, 'no file is left under the final name');
});

test.serial('a 192 MB file streams through with the coordinator using far less memory than its size', async (t) => {
  // Well above 64 MiB: V8 lets about that much freed Buffer memory wait for a collection, so a
  // smaller file could not tell streaming from buffering by RSS.
  const size = 192 * 1024 * 1024;
  const local = path.join(cluster.dir, 'big.bin');
  const out = createWriteStream(local);
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < size / block.length; i++) {
    block[0] = i; // every MiB differs
    if (!out.write(Buffer.from(block))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');

  const pid = cluster.coordinator.process.pid!;
  const rss = async () => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  const before = await rss();
  let peak = before;
  const sampler = setInterval(() => void rss().then((v) => (peak = Math.max(peak, v)), () => {}), 20);
  try {
    const info = await storage.uploadFile(local, 'big/file.bin');
    t.is(Number(info.size), size);
    t.log(`after upload: peak growth ${((peak - before) / 2 ** 20).toFixed(1)} MiB`);
    const back = path.join(cluster.dir, 'big-back.bin');
    const got = await storage.downloadFile('big/file.bin', back);
    t.is(got.sha256, info.sha256);
    t.is((await stat(back)).size, size);
  } finally {
    clearInterval(sampler);
  }
  const growth = peak - before;
  t.log(`coordinator RSS before ${(before / 2 ** 20).toFixed(0)} MiB, peak growth ${(growth / 2 ** 20).toFixed(1)} MiB for a ${size / 2 ** 20} MiB file`);
  t.true(growth < size / 2, `coordinator RSS grew by ${growth} bytes for a ${size}-byte file`);
});

/** Names with characters of 1, 2, 3 and 4 UTF-8 bytes (and one of each together). */
const UTF8_NAMES = ['ascii-a.txt', 'latin1-é.txt', '日本/語.txt', 'emoji-🚀.txt', 'mix-aé日🚀/ß.bin'];

test.serial('paths of 1-, 2-, 3- and 4-byte UTF-8 characters upload, list, download and delete', async (t) => {
  for (const name of UTF8_NAMES) {
    const p = `utf8/${name}`;
    const content = Buffer.from(`content of ${name}\n`);
    const info = await storage.uploadStream({ header: { path: p, sha256: sha(content) } }, chunksOf(content));
    t.is(info.path, p);
    t.true((await readAll(p)).equals(content), `download of ${p}`);
  }
  t.deepEqual((await storage.listAll('utf8/')).map((f) => f.path), UTF8_NAMES.map((n) => `utf8/${n}`).sort());
  t.deepEqual(await storage.deleteFile('utf8/latin1-é.txt'), { deleted: 1 });
  t.deepEqual(await storage.deleteFile('utf8/日本/'), { deleted: 1 });
  const gone = await t.throwsAsync(readAll('utf8/emoji-🚀.txt').then(() => storage.deleteFile('utf8/emoji-🚀.txt')).then(() => readAll('utf8/emoji-🚀.txt')));
  t.is((gone as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  t.deepEqual((await storage.listAll('utf8/')).map((f) => f.path), ['utf8/ascii-a.txt', 'utf8/mix-aé日🚀/ß.bin']);
});

test.serial('a Storage request or upload message carrying a field troupe does not know is refused whole, naming it; nothing is stored', async (t) => {
  const { credentials, options } = grpcClientSetup(apiTarget(cluster.apiAddress), cluster.credentials);
  const client = new grpc.Client(cluster.apiAddress, credentials, options);
  t.teardown(() => client.close());
  const extra = protobuf.Writer.create().uint32((99 << 3) | 2).bytes(Buffer.from([8, 1])).finish();
  // ListFilesRequest { prefix = 1 } and field 99.
  const list = Buffer.concat([protobuf.Writer.create().uint32((1 << 3) | 2).string('x/').finish(), extra]);
  const listed = await new Promise<grpc.ServiceError | null>((resolve) => {
    client.makeUnaryRequest('/troupe.v1.Storage/ListFiles', (b: Buffer) => b, (b: Buffer) => b, list, (e) => resolve(e));
  });
  t.is(listed?.code, grpc.status.INVALID_ARGUMENT);
  t.regex(listed?.details ?? '', /field 99 \(wire type 2\) of troupe\.v1\.ListFilesRequest is not supported by this server/);
  // UploadFileRequest { header = 1 { path = 1 } }, the header carrying field 99, then a chunk.
  const header = Buffer.concat([protobuf.Writer.create().uint32((1 << 3) | 2).string('unknown/field.txt').finish(), extra]);
  const first = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(header).finish();
  const chunk = protobuf.Writer.create().uint32((2 << 3) | 2).bytes(Buffer.from('data')).finish();
  const uploaded = await new Promise<grpc.ServiceError | null>((resolve) => {
    const call = client.makeClientStreamRequest('/troupe.v1.Storage/UploadFile', (b: Buffer) => b, (b: Buffer) => b, (e) => resolve(e));
    call.write(Buffer.from(first));
    call.write(Buffer.from(chunk));
    call.end();
  });
  t.is(uploaded?.code, grpc.status.INVALID_ARGUMENT);
  t.regex(uploaded?.details ?? '', /header: field 99 \(wire type 2\) of troupe\.v1\.UploadFileHeader is not supported by this server/);
  t.deepEqual(await storage.listAll('unknown/'), []);
});
