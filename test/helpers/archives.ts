// Builds real tar.gz and zip archives byte by byte, including the malicious ones no well-behaved
// archiver would write ('../' names, absolute names, symlinks pointing outside), so the tests
// can feed them to the worker.
import { gzipSync } from 'node:zlib';

export interface ArchiveEntry {
  name: string;
  /** Default 'file'. */
  type?: 'file' | 'dir' | 'symlink';
  content?: string;
  /** Symlink target. */
  target?: string;
  mode?: number;
}

// ---- tar (ustar) -------------------------------------------------------------------------------

function tarHeader(e: ArchiveEntry, size: number): Buffer {
  const h = Buffer.alloc(512, 0);
  const put = (s: string, offset: number, length: number) => h.write(s, offset, Math.min(length, Buffer.byteLength(s)), 'utf8');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0') + '\0';
  put(e.name, 0, 100);
  put(octal(e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  h.fill(' ', 148, 156);
  put(e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0', 156, 1);
  if (e.target) put(e.target, 157, 100);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

export function tarGz(entries: ArchiveEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = e.type === 'file' || e.type === undefined ? Buffer.from(e.content ?? '') : Buffer.alloc(0);
    parts.push(tarHeader(e, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

// ---- zip (stored, no compression) --------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const byte of b) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function zip(entries: ArchiveEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.type === 'dir' && !e.name.endsWith('/') ? `${e.name}/` : e.name);
    const data = Buffer.from(e.type === 'symlink' ? e.target ?? '' : e.type === 'dir' ? '' : e.content ?? '');
    const kind = e.type === 'dir' ? 0o040000 : e.type === 'symlink' ? 0o120000 : 0o100000;
    const mode = kind | (e.mode ?? (e.type === 'dir' ? 0o755 : e.type === 'symlink' ? 0o777 : 0o644));
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: external attributes carry the mode
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
