// Prestart hook: fetches a task's resource files into its working directory before launch (the
// task stays `preparing` meanwhile): objects or whole prefixes of the store, http(s) URLs, inline
// content. Each file is written beside its final name and renamed into place only when complete
// (and, from the store, its SHA-256 verified), so a failure never leaves a silent empty or partial
// file; it ends the attempt with a usererror naming the file and why (Azure Batch's
// preProcessingError, code ResourceFileDownloadError).
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import path from 'node:path';
import type { FileBucket } from '../../storage/object-store.ts';
import type { ResourceFileRecord } from '../../protocol/records/task-files.ts';
import { storePathProblem } from '../../storage/store-paths.ts';
import { openNoFollow, resolveForWrite } from './safe-write-paths.ts';
import { TaskHookError, type HookContext, type TaskHook } from '../task-hooks.ts';
import type { Logger } from '../../protocol/log.ts';
import type { ObjectCache } from './object-cache.ts';
import { abortable, writeAll } from './chunk-writes.ts';
import { countBytes, type ResourceSource, type TransferObserver } from './transfer-observer.ts';

export const RESOURCE_FILE_ERROR = 'ResourceFileDownloadError';
const DEFAULT_FILE_MODE = 0o644;
const HTTP_TIMEOUT_MS = 10 * 60_000;

export class ResourceFilesHook implements TaskHook {
  readonly name = 'resource-files';

  constructor(private readonly files: FileBucket, private readonly cache?: ObjectCache, private readonly observer?: TransferObserver) {}

  prestart({ task, wd, log, signal }: HookContext): Promise<void> {
    return fetchResourceFiles(this.files, task.resourceFiles ?? [], wd, { signal, log, ...(this.cache ? { cache: this.cache } : {}), ...(this.observer ? { observer: this.observer } : {}) });
  }
}

/** Fetches resource files into `dir` (a task's working directory, or for other kinds of task a
 *  start task's or multi-instance shared directory), throwing TaskHookError on the first that
 *  fails. Stops quietly when `signal` is aborted (whoever aborted it reports why). */
export async function fetchResourceFiles(files: FileBucket, resourceFiles: ResourceFileRecord[], dir: string, opts: { signal: AbortSignal; log: Logger; cache?: ObjectCache; observer?: TransferObserver }): Promise<void> {
  const fetcher = new ResourceFetcher(files, opts.cache);
  if (resourceFiles.length > 0) await mkdir(dir, { recursive: true });
  for (const r of resourceFiles) {
    if (opts.signal.aborted) return;
    const source = r.storagePath !== undefined ? `store path '${r.storagePath}'` : r.httpUrl !== undefined ? `URL ${r.httpUrl}` : 'inline content';
    const kind: ResourceSource = r.storagePath !== undefined ? 'store' : r.httpUrl !== undefined ? 'http' : 'inline';
    const started = performance.now();
    const counted = { bytes: 0 };
    try {
      const written = await fetcher.fetch(r, dir, opts.signal, counted);
      opts.observer?.resourceFetched(kind, counted.bytes, (performance.now() - started) / 1000);
      opts.log.debug('resource file fetched', { source, files: written, bytes: counted.bytes });
    } catch (err) {
      if (opts.signal.aborted) return;
      opts.observer?.resourceFailed(kind, (performance.now() - started) / 1000);
      throw new TaskHookError({
        category: 'usererror',
        code: RESOURCE_FILE_ERROR,
        message: `resource file '${r.filePath || '.'}' from ${source} could not be fetched: ${(err as Error).message}`,
      });
    }
  }
}

class ResourceFetcher {
  constructor(private readonly files: FileBucket, private readonly cache?: ObjectCache) {}

  /** A store object's content: through the node's cache when there is one. */
  private async content(storePath: string, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    if (this.cache) return this.cache.read(this.files, storePath, signal);
    return (await this.files.read(storePath)).chunks;
  }

  /** Fetches one resource file (or every object of a prefix); returns how many files it wrote
   *  and adds the bytes written to `counted`. */
  async fetch(r: ResourceFileRecord, wd: string, signal: AbortSignal, counted: { bytes: number }): Promise<number> {
    if (r.inlineContent !== undefined) {
      await writeFileSafely(wd, r.filePath, countBytes((async function* () { yield r.inlineContent!; })(), counted), r.fileMode);
      return 1;
    }
    if (r.httpUrl !== undefined) {
      const res = await fetch(r.httpUrl, { redirect: 'follow', signal: AbortSignal.any([signal, AbortSignal.timeout(HTTP_TIMEOUT_MS)]) });
      if (!res.ok || !res.body) throw new Error(`the server answered HTTP ${res.status} ${res.statusText}`.trim());
      await writeFileSafely(wd, r.filePath, countBytes(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), counted), r.fileMode);
      return 1;
    }
    const storagePath = r.storagePath!;
    if (!storagePath.endsWith('/')) {
      const target = r.filePath.endsWith('/') ? r.filePath + path.posix.basename(storagePath) : r.filePath;
      await writeFileSafely(wd, target, countBytes(abortable(await this.content(storagePath, signal), signal), counted), r.fileMode);
      return 1;
    }
    const objects = await this.files.list(storagePath);
    if (objects.length === 0) throw new Error('no object in the store starts with that prefix');
    const dir = r.filePath === '' ? '' : r.filePath.endsWith('/') ? r.filePath : `${r.filePath}/`;
    for (const o of objects) {
      const target = dir + o.path.slice(storagePath.length);
      // Store paths are validated when written; checked again because the local name depends on it.
      const problem = storePathProblem(target);
      if (problem) throw new Error(`object '${o.path}' cannot become a local file: it ${problem}`);
      if (signal.aborted) throw signal.reason;
      await writeFileSafely(wd, target, countBytes(abortable(await this.content(o.path, signal), signal), counted), r.fileMode);
    }
    return objects.length;
  }
}

/** Writes chunks to `rel` under `root` through a temporary sibling, renamed into place only after
 *  the last chunk (and the source's own checks) succeeded. */
export async function writeFileSafely(root: string, rel: string, chunks: AsyncIterable<Uint8Array>, mode = DEFAULT_FILE_MODE): Promise<string> {
  const target = await resolveForWrite(root, rel);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.troupe-partial`);
  const handle = await openNoFollow(temp, 0o600);
  try {
    await writeAll(handle, chunks);
    await handle.close();
    await chmod(temp, mode);
    await rename(temp, target);
    return target;
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw err;
  }
}
