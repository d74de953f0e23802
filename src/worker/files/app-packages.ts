// Prestart hook: application packages, unpacked once per node and version under the node's
// applications/ directory as <id>#<version> (Azure Batch's layout on Windows; '#' can be in
// neither an id nor a version, so the name is unambiguous), and exposed to the task as
// AZ_BATCH_APP_PACKAGE_<id>_<version>.
//
// Once per node and version: tasks of this process that need a package being unpacked wait for
// that one promise instead of unpacking it again. The archive is unpacked into a temporary
// directory that is renamed into place only when complete, so a crash mid-unpack (of this process)
// leaves a .tmp- directory, swept at start, never a half package taken for a finished one.
import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, stat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../protocol/log.ts';
import type { ApplicationPackageRef } from '../../protocol/records/task-files.ts';
import type { FileBucket } from '../../storage/object-store.ts';
import { StoredFileNotFoundError } from '../../storage/storage-errors.ts';
import { applicationObjectName, applicationPackageEnvNames, ARCHIVE_FORMATS, type ArchiveFormat } from '../../storage/store-paths.ts';
import { extractArchive } from './archive-extract.ts';
import { writeFileSafely } from './resource-files.ts';
import { TaskHookError, type HookContext, type TaskHook } from '../task-hooks.ts';

export const APPLICATION_PACKAGE_ERROR = 'ApplicationPackageError';
const TEMP_PREFIX = '.tmp-';

export class ApplicationPackages implements TaskHook {
  readonly name = 'application-packages';
  private readonly unpacking = new Map<string, Promise<string>>();

  constructor(private readonly dir: string, private readonly packages: FileBucket, private readonly log: Logger) {}

  /** Removes what a crashed unpack left behind. Call once at start, before any task runs. */
  async sweep(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      if (name.startsWith(TEMP_PREFIX)) await rm(path.join(this.dir, name), { recursive: true, force: true });
    }
  }

  async prestart({ task }: HookContext): Promise<Record<string, string>> {
    return this.installAll(task.applicationPackageReferences ?? []);
  }

  /** Installs each package (once per node and version); returns the AZ_BATCH_APP_PACKAGE_*
   *  variables. Throws TaskHookError naming the package that could not be installed. */
  async installAll(refs: ApplicationPackageRef[]): Promise<Record<string, string>> {
    const env: Record<string, string> = {};
    for (const ref of refs) {
      try {
        const dir = await this.install(ref);
        for (const name of applicationPackageEnvNames(ref.applicationId, ref.version)) env[name] = dir;
      } catch (err) {
        throw new TaskHookError({
          category: 'usererror',
          code: APPLICATION_PACKAGE_ERROR,
          message: `application package ${ref.applicationId} version ${ref.version} could not be installed: ${(err as Error).message}`,
        });
      }
    }
    return env;
  }

  /** The package's directory, unpacking it first if this node does not have it yet. */
  install(ref: ApplicationPackageRef): Promise<string> {
    const key = `${ref.applicationId}#${ref.version}`;
    let p = this.unpacking.get(key);
    if (!p) {
      p = this.unpack(ref, key);
      this.unpacking.set(key, p);
      // A failed unpack is tried again by the next task that needs it.
      p.catch(() => this.unpacking.delete(key));
    }
    return p;
  }

  private async unpack(ref: ApplicationPackageRef, key: string): Promise<string> {
    const final = path.join(this.dir, key);
    if (await stat(final).then((s) => s.isDirectory(), () => false)) return final;
    const info = await this.packages.stat(applicationObjectName(ref.applicationId, ref.version));
    if (!info) throw new StoredFileNotFoundError(`application package ${ref.applicationId} version ${ref.version}`);
    const format = info.metadata.format as ArchiveFormat;
    if (!ARCHIVE_FORMATS.includes(format)) throw new Error(`the stored package has no known format ('${format}')`);
    const temp = `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`;
    const tempDir = path.join(this.dir, temp);
    const archive = `${temp}.archive`;
    const started = Date.now();
    try {
      await mkdir(tempDir);
      const { chunks } = await this.packages.read(info.path);
      await writeFileSafely(this.dir, archive, chunks, 0o600);
      await extractArchive(format, path.join(this.dir, archive), tempDir);
      await rename(tempDir, final);
    } finally {
      await rm(path.join(this.dir, archive), { force: true });
      await rm(tempDir, { recursive: true, force: true });
    }
    this.log.info('application package unpacked', { applicationId: ref.applicationId, version: ref.version, dir: final, bytes: info.size, ms: Date.now() - started });
    return final;
  }
}
