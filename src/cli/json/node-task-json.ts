// Stable JSON forms (Azure Batch's field names, null for unset) of what issue 4 added: start,
// preparation and release tasks, their execution on nodes, and node file entries.
import type { JobPreparationTask__Output } from '../../protocol/generated/troupe/v1/JobPreparationTask.ts';
import type { JobReleaseTask__Output } from '../../protocol/generated/troupe/v1/JobReleaseTask.ts';
import type { ListPreparationAndReleaseTaskStatusResponse__Output } from '../../protocol/generated/troupe/v1/ListPreparationAndReleaseTaskStatusResponse.ts';
import type { NodeFile__Output } from '../../protocol/generated/troupe/v1/NodeFile.ts';
import type { NodeTaskExecutionInformation__Output } from '../../protocol/generated/troupe/v1/NodeTaskExecutionInformation.ts';
import type { StartTaskInformation__Output } from '../../protocol/generated/troupe/v1/StartTaskInformation.ts';
import type { StartTask__Output } from '../../protocol/generated/troupe/v1/StartTask.ts';
import type { ResourceFile__Output } from '../../protocol/generated/troupe/v1/ResourceFile.ts';
import { text } from './json-values.ts';
import { taskFilesJson, type ResourceFileJson } from './task-files-json.ts';
import { userIdentityJson } from './user-json.ts';

type Env = { name: string; value: string }[];
const env = (e: readonly { name: string; value: string }[] | null | undefined): Env => (e ?? []).map((x) => ({ name: x.name, value: x.value }));
/** Resource files in the tasks' form (task-files-json.ts), [] for none. */
const resources = (r: ResourceFile__Output[] | null | undefined): ResourceFileJson[] =>
  taskFilesJson({ resourceFiles: r ?? [], outputFiles: [], applicationPackageReferences: [] }).resourceFiles ?? [];

export function startTaskJson(s: StartTask__Output | null | undefined) {
  if (!s) return null;
  return {
    commandLine: text(s.commandLine), commandArgs: [...(s.commandArgs ?? [])], environmentSettings: env(s.environmentSettings),
    waitForSuccess: s.waitForSuccess === true, maxTaskRetryCount: s.maxTaskRetryCount ?? 0,
    resourceFiles: resources(s.resourceFiles),
    userIdentity: userIdentityJson(s.userIdentity),
  };
}

export function jobPreparationTaskJson(p: JobPreparationTask__Output | null | undefined) {
  if (!p) return null;
  return {
    id: text(p.id), commandLine: text(p.commandLine), commandArgs: [...(p.commandArgs ?? [])], environmentSettings: env(p.environmentSettings),
    waitForSuccess: p.waitForSuccess !== false, maxTaskRetryCount: p.maxTaskRetryCount ?? 0,
    maxWallClockTime: text(p.maxWallClockTime),
    resourceFiles: resources(p.resourceFiles),
    userIdentity: userIdentityJson(p.userIdentity),
  };
}

export function jobReleaseTaskJson(r: JobReleaseTask__Output | null | undefined) {
  if (!r) return null;
  return {
    id: text(r.id), commandLine: text(r.commandLine), commandArgs: [...(r.commandArgs ?? [])], environmentSettings: env(r.environmentSettings),
    maxWallClockTime: text(r.maxWallClockTime), resourceFiles: resources(r.resourceFiles), userIdentity: userIdentityJson(r.userIdentity),
  };
}

export function nodeTaskInfoJson(i: (StartTaskInformation__Output | NodeTaskExecutionInformation__Output) | null | undefined) {
  if (!i) return null;
  return {
    state: text(i.state),
    startTime: text(i.startTime),
    endTime: text(i.endTime),
    exitCode: i.exitCode ?? null,
    result: text(i.result),
    retryCount: i.retryCount ?? 0,
    failureInfo: i.failureInfo ? { category: text(i.failureInfo.category), code: text(i.failureInfo.code), message: text(i.failureInfo.message) } : null,
    ...('taskRootDirectory' in i ? { taskRootDirectory: text(i.taskRootDirectory) } : {}),
  };
}

export function prepStatusJson(s: ListPreparationAndReleaseTaskStatusResponse__Output) {
  return {
    value: s.value.map((v) => ({
      poolId: text(v.poolId),
      nodeId: text(v.nodeId),
      jobPreparationTaskExecutionInfo: nodeTaskInfoJson(v.jobPreparationTaskExecutionInfo),
      jobReleaseTaskExecutionInfo: nodeTaskInfoJson(v.jobReleaseTaskExecutionInfo),
    })),
    preparationFailedNodes: s.preparationFailedNodes,
    preparationSucceededNodes: s.preparationSucceededNodes,
  };
}

export function nodeFileJson(f: NodeFile__Output) {
  return { name: f.name, isDirectory: f.isDirectory === true, size: Number(f.size), mtime: text(f.mtime) };
}
