// troupe file upload | download | list | delete: the cluster's file store (troupe.v1.Storage).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileInfo__Output } from '../../protocol/generated/troupe/v1/FileInfo.ts';
import { withStorage } from '../storage-session.ts';
import { storePathProblem } from '../../storage/store-paths.ts';
import type { Command } from '../command.ts';
import { renderTable, shortTime, type Column } from '../output-format.ts';

interface FileJson {
  path: string;
  size: number;
  sha256: string;
  lastModified: string;
}

const fileJson = (f: FileInfo__Output): FileJson => ({ path: f.path, size: Number(f.size), sha256: f.sha256, lastModified: f.lastModified });

const COLUMNS: Column<FileJson>[] = [
  { header: 'PATH', value: (f) => f.path },
  { header: 'SIZE', value: (f) => f.size, align: 'right' },
  { header: 'MODIFIED', value: (f) => shortTime(f.lastModified) },
  { header: 'SHA256', value: (f) => f.sha256.slice(0, 16) },
];

/** Regular files under a directory, as paths relative to it with '/' separators. */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`)));
    else if (e.isFile()) out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

export const fileCommands: Command[] = [
  {
    path: ['file', 'upload'],
    summary: 'upload a file or a directory into the store',
    synopsis: 'LOCAL --to PATH|PREFIX/',
    details: 'A directory uploads every file below it under the prefix, keeping relative paths.\n'
      + 'A file goes to PATH, or under PREFIX/ by its own name.',
    usesApi: true,
    maxPositionals: 1,
    options: { to: { type: 'string', value: 'DEST', help: 'store path, or prefix ending in /' } },
    async run(ctx) {
      const local = ctx.args.positional(0, 'the local file or directory');
      const to = ctx.args.required('to');
      const st = await stat(local);
      const uploads = st.isDirectory()
        ? (await filesUnder(local)).map((rel) => [path.join(local, rel), `${to.endsWith('/') ? to : `${to}/`}${rel}`] as const)
        : [[local, to.endsWith('/') ? `${to}${path.basename(local)}` : to] as const];
      const done = await withStorage(ctx, async (s) => {
        const infos: FileJson[] = [];
        for (const [from, dest] of uploads) infos.push(fileJson(await s.uploadFile(from, dest)));
        return infos;
      });
      ctx.print(done, () => renderTable(COLUMNS, done));
      return 0;
    },
  },
  {
    path: ['file', 'download'],
    summary: 'download a file, or every file under a prefix, into a local directory',
    synopsis: 'PATH|PREFIX/ LOCAL_DIR',
    usesApi: true,
    maxPositionals: 2,
    options: {},
    async run(ctx) {
      const source = ctx.args.positional(0, 'the store path or prefix');
      const dir = ctx.args.positional(1, 'the local directory');
      const done = await withStorage(ctx, async (s) => {
        const targets = source.endsWith('/')
          ? (await s.listAll(source)).map((f) => {
            // Names come from the store, which anything with NATS access can write: checked again.
            const rel = f.path.slice(source.length);
            const problem = storePathProblem(rel);
            if (problem) throw new Error(`'${f.path}' cannot become a local file: '${rel}' ${problem}`);
            return [f.path, path.join(dir, ...rel.split('/'))] as const;
          })
          : [[source, path.join(dir, path.posix.basename(source))] as const];
        const infos: FileJson[] = [];
        for (const [from, to] of targets) infos.push(fileJson(await s.downloadFile(from, to)));
        return infos;
      });
      if (done.length === 0) ctx.err(`no file in the store starts with '${source}'`);
      ctx.print(done, () => renderTable(COLUMNS, done));
      return done.length === 0 ? 1 : 0;
    },
  },
  {
    path: ['file', 'list'],
    summary: 'list files in the store',
    synopsis: '[--prefix P]',
    usesApi: true,
    options: { prefix: { type: 'string', value: 'P', help: 'only paths starting with P' } },
    async run(ctx) {
      const files = (await withStorage(ctx, (s) => s.listAll(ctx.args.string('prefix') ?? ''))).map(fileJson);
      ctx.print(files, () => renderTable(COLUMNS, files));
      return 0;
    },
  },
  {
    path: ['file', 'delete'],
    summary: 'delete a file, or every file under a prefix ending in /',
    synopsis: 'PATH|PREFIX/',
    usesApi: true,
    maxPositionals: 1,
    options: {},
    async run(ctx) {
      const target = ctx.args.positional(0, 'the store path or prefix');
      const { deleted } = await withStorage(ctx, (s) => s.deleteFile(target));
      ctx.print({ deleted }, () => `deleted ${deleted} file${deleted === 1 ? '' : 's'}`);
      return 0;
    },
  },
];
