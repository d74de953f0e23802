// troupe app upload | list | delete: application packages (versioned tar.gz or zip archives).
import type { ApplicationPackage__Output } from '../../protocol/generated/troupe/v1/ApplicationPackage.ts';
import { withStorage } from '../storage-session.ts';
import type { Command } from '../command.ts';
import { renderTable, shortTime, type Column } from '../output-format.ts';

const FORMATS = ['tar.gz', 'zip'] as const;

interface AppJson {
  applicationId: string;
  version: string;
  format: string;
  size: number;
  lastModified: string;
}

const appJson = (p: ApplicationPackage__Output): AppJson => ({
  applicationId: p.applicationId, version: p.version, format: p.format, size: Number(p.size), lastModified: p.lastModified,
});

const COLUMNS: Column<AppJson>[] = [
  { header: 'NAME', value: (p) => p.applicationId },
  { header: 'VERSION', value: (p) => p.version },
  { header: 'FORMAT', value: (p) => p.format },
  { header: 'SIZE', value: (p) => p.size, align: 'right' },
  { header: 'UPLOADED', value: (p) => shortTime(p.lastModified) },
];

/** tar.gz for .tar.gz/.tgz, zip for .zip; anything else needs --format. */
function formatOf(file: string): (typeof FORMATS)[number] | undefined {
  if (/\.(tar\.gz|tgz)$/i.test(file)) return 'tar.gz';
  if (/\.zip$/i.test(file)) return 'zip';
  return undefined;
}

export const appCommands: Command[] = [
  {
    path: ['app', 'upload'],
    summary: 'upload a version of an application package',
    synopsis: '--name N --version V [--format tar.gz|zip] [--replace] ARCHIVE',
    details: 'Tasks and pools reference it with --app N:V; nodes unpack it once and set $AZ_BATCH_APP_PACKAGE_<n>_<v>.',
    usesApi: true,
    maxPositionals: 1,
    options: {
      name: { type: 'string', value: 'N', help: 'application id' },
      version: { type: 'string', value: 'V', help: 'version' },
      format: { type: 'string', value: 'F', help: 'archive format (default: from the file name)' },
      replace: { type: 'boolean', help: 'replace an existing package of this version' },
    },
    async run(ctx) {
      const a = ctx.args;
      const archive = a.positional(0, 'the archive file');
      const format = a.choice('format', FORMATS) ?? formatOf(archive);
      if (!format) throw a.usageError(`cannot tell the format of '${archive}': add --format tar.gz or --format zip`);
      const pkg = await withStorage(ctx, (s) => s.uploadApplicationPackage(archive, {
        applicationId: a.required('name'), version: a.required('version'), format, replace: a.flag('replace'),
      }));
      const json = appJson(pkg);
      ctx.print(json, () => renderTable(COLUMNS, [json]));
      return 0;
    },
  },
  {
    path: ['app', 'list'],
    summary: 'list application packages',
    synopsis: '[--name N]',
    usesApi: true,
    options: { name: { type: 'string', value: 'N', help: 'only this application' } },
    async run(ctx) {
      const apps = (await withStorage(ctx, (s) => s.listApplicationPackages(ctx.args.string('name') ?? ''))).map(appJson);
      ctx.print(apps, () => renderTable(COLUMNS, apps));
      return 0;
    },
  },
  {
    path: ['app', 'delete'],
    summary: 'delete a version of an application package',
    synopsis: '--name N --version V',
    usesApi: true,
    options: {
      name: { type: 'string', value: 'N', help: 'application id' },
      version: { type: 'string', value: 'V', help: 'version' },
    },
    async run(ctx) {
      const name = ctx.args.required('name');
      const version = ctx.args.required('version');
      await withStorage(ctx, (s) => s.deleteApplicationPackage(name, version));
      ctx.print({ deleted: { applicationId: name, version } }, () => `deleted ${name} ${version}`);
      return 0;
    },
  },
];
