// The worker's file hooks, in the order they run: application packages, resource files (both
// before launch), output files (after exit). Workers reach the object store directly over NATS.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../protocol/log.ts';
import { TroupeStore } from '../storage/object-store.ts';
import type { NodeLayout } from './node-layout.ts';
import { ApplicationPackages } from './app-packages.ts';
import { OutputFilesHook } from './output-files.ts';
import { ResourceFilesHook } from './resource-files.ts';
import type { TaskHook } from './task-hooks.ts';

export async function createFileHooks(nc: NatsConnection, layout: NodeLayout, log: Logger): Promise<TaskHook[]> {
  const store = new TroupeStore(nc);
  const applications = new ApplicationPackages(layout.applicationsDir, store.applications, log);
  await applications.sweep();
  return [applications, new ResourceFilesHook(store.files), new OutputFilesHook(store.files)];
}
