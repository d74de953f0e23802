// The worker's file hooks, in the order they run: application packages, resource files (both
// before launch), output files (after exit). Workers reach the object store directly over NATS.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../protocol/log.ts';
import { TroupeStore } from '../../storage/object-store.ts';
import type { NodeLayout } from '../node-layout.ts';
import { ApplicationPackages } from './app-packages.ts';
import { OutputFilesHook } from './output-files.ts';
import { fetchResourceFiles, ResourceFilesHook } from './resource-files.ts';
import type { ApplicationPackageRef, ResourceFileRecord } from '../../protocol/records/task-files.ts';
import type { TaskHook } from '../task-hooks.ts';
import { DEFAULT_CACHE_BYTES, ObjectCache } from './object-cache.ts';
import type { TransferObserver } from './transfer-observer.ts';

/** Fetches resource files into `dir` (throws TaskHookError naming the file on failure). */
export type ResourceFetch = (files: ResourceFileRecord[], dir: string, signal: AbortSignal, log: Logger) => Promise<void>;
/** Installs application packages; returns their AZ_BATCH_APP_PACKAGE_* variables. */
export type ApplicationInstall = (refs: ApplicationPackageRef[]) => Promise<Record<string, string>>;

/** `cacheBytes`: the node's cache of store objects (object-cache.ts); 0 = none. `observer` is told
 *  of every fetch and upload (the worker's metrics). */
export async function createFileHooks(nc: NatsConnection, layout: NodeLayout, log: Logger, cacheBytes = DEFAULT_CACHE_BYTES, observer?: TransferObserver): Promise<{ hooks: TaskHook[]; fetchResources: ResourceFetch; installApplications: ApplicationInstall; cache?: ObjectCache }> {
  // Chunks by message gets: a worker's NATS user may not create consumers (nats-permissions.ts).
  const store = new TroupeStore(nc, 'message-get');
  const applications = new ApplicationPackages(layout.applicationsDir, store.applications, log);
  await applications.sweep();
  const cache = cacheBytes > 0 ? await ObjectCache.open(layout.objectCacheDir, cacheBytes, log) : undefined;
  return {
    hooks: [applications, new ResourceFilesHook(store.files, cache, observer), new OutputFilesHook(store.files, observer)],
    // For what fetches files outside a task's own hooks: node tasks, multi-instance common files.
    fetchResources: (files, dir, signal, taskLog) => fetchResourceFiles(store.files, files, dir, { signal, log: taskLog, ...(cache ? { cache } : {}), ...(observer ? { observer } : {}) }),
    ...(cache ? { cache } : {}),
    installApplications: (refs) => applications.installAll(refs),
  };
}
