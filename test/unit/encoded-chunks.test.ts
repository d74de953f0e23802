// An upload's chunks read straight into their encoded messages (storage-client.ts): each decodes
// as the UploadFileRequest / UploadApplicationPackageRequest it stands for, together they are the
// file, and the closing part is its SHA-256; at every size where the length's varint or the
// chunking changes.
import test from 'ava';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EncodedChunk, encodedFileChunks } from '../../src/storage/storage-client.ts';
import { messageType } from '../../src/protocol/grpc/proto-descriptor.ts';

const CHUNK = 256 * 1024;

for (const size of [0, 1, 127, 128, 16_383, 16_384, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 1000]) {
  test(`a file of ${size} bytes`, async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-chunks-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const content = randomBytes(size);
    const file = path.join(dir, 'f.bin');
    await writeFile(file, content);
    const parts: unknown[] = [];
    for await (const part of encodedFileChunks(file)) parts.push(part);
    const closing = parts.pop() as { sha256: string };
    t.is(closing.sha256, createHash('sha256').update(content).digest('hex'));
    t.is(parts.length, Math.ceil(size / CHUNK));
    const received: Buffer[] = [];
    for (const type of ['troupe.v1.UploadFileRequest', 'troupe.v1.UploadApplicationPackageRequest']) {
      received.length = 0;
      for (const part of parts) {
        t.true(part instanceof EncodedChunk);
        const decoded = messageType(type).decode((part as EncodedChunk).bytes) as unknown as { chunk?: Uint8Array; part?: string };
        t.is(decoded.part ?? 'chunk', 'chunk');
        received.push(Buffer.from(decoded.chunk!));
      }
      t.true(Buffer.concat(received).equals(content), type);
    }
  });
}
