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

/** Fetches resource files into `dir` (throws TaskHookError naming the file on failure). */
export type ResourceFetch = (files: ResourceFileRecord[], dir: string, signal: AbortSignal, log: Logger) => Promise<void>;
/** Installs application packages; returns their AZ_BATCH_APP_PACKAGE_* variables. */
export type ApplicationInstall = (refs: ApplicationPackageRef[]) => Promise<Record<string, string>>;

export async function createFileHooks(nc: NatsConnection, layout: NodeLayout, log: Logger): Promise<{ hooks: TaskHook[]; fetchResources: ResourceFetch; installApplications: ApplicationInstall }> {
  const store = new TroupeStore(nc);
  const applications = new ApplicationPackages(layout.applicationsDir, store.applications, log);
  await applications.sweep();
  return {
    hooks: [applications, new ResourceFilesHook(store.files), new OutputFilesHook(store.files)],
    // For what fetches files outside a task's own hooks: node tasks, multi-instance common files.
    fetchResources: (files, dir, signal, taskLog) => fetchResourceFiles(store.files, files, dir, { signal, log: taskLog }),
    installApplications: (refs) => applications.installAll(refs),
  };
}
