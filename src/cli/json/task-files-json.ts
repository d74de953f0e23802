// A task's file fields in the CLI's JSON form (task show/list -o json, and task add-many's input):
// resourceFiles, outputFiles and applicationPackageReferences with the API's names, present only
// when the task has some, so tasks without files keep their exact old form. Inline content is
// base64 in JSON (it may be binary).
import type { Task__Output } from '../../protocol/generated/troupe/v1/Task.ts';
import type { TaskSpec } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import type { InputFileError } from '../cli-errors.ts';

export const TASK_FILE_KEYS = ['resourceFiles', 'outputFiles', 'applicationPackageReferences'] as const;

export interface ResourceFileJson {
  storagePath?: string;
  httpUrl?: string;
  inlineContent?: string;
  filePath: string;
  fileMode?: string;
}

export interface TaskFilesJson {
  resourceFiles?: ResourceFileJson[];
  outputFiles?: { filePattern: string; destination: string; uploadCondition: string }[];
  applicationPackageReferences?: { applicationId: string; version: string }[];
}

export function taskFilesJson(t: Pick<Task__Output, 'resourceFiles' | 'outputFiles' | 'applicationPackageReferences'>): TaskFilesJson {
  const out: TaskFilesJson = {};
  if (t.resourceFiles?.length) {
    out.resourceFiles = t.resourceFiles.map((r) => ({
      ...(r.storagePath ? { storagePath: r.storagePath } : {}),
      ...(r.httpUrl ? { httpUrl: r.httpUrl } : {}),
      ...(r.inlineContent?.length ? { inlineContent: Buffer.from(r.inlineContent).toString('base64') } : {}),
      filePath: r.filePath,
      ...(r.fileMode ? { fileMode: r.fileMode } : {}),
    }));
  }
  if (t.outputFiles?.length) {
    out.outputFiles = t.outputFiles.map((o) => ({ filePattern: o.filePattern, destination: o.destination, uploadCondition: o.uploadCondition }));
  }
  if (t.applicationPackageReferences?.length) {
    out.applicationPackageReferences = t.applicationPackageReferences.map((a) => ({ applicationId: a.applicationId, version: a.version }));
  }
  return out;
}

type Fail = (message: string) => InputFileError;

/** Reads the file fields of one task of an add-many file (shapes only; the server owns the rules). */
export function taskFilesFromJson(item: Record<string, unknown>, fail: Fail): Pick<TaskSpec, 'resourceFiles' | 'outputFiles' | 'applicationPackageReferences'> {
  const spec: Pick<TaskSpec, 'resourceFiles' | 'outputFiles' | 'applicationPackageReferences'> = {};
  const objects = (key: string, allowed: string[]): Record<string, unknown>[] | undefined => {
    const v = item[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw fail(`'${key}' must be an array`);
    return v.map((e, i) => {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) throw fail(`${key}[${i}] must be an object`);
      for (const [k, value] of Object.entries(e)) {
        if (!allowed.includes(k)) throw fail(`unknown field '${key}[${i}].${k}'`);
        if (typeof value !== 'string') throw fail(`'${key}[${i}].${k}' must be a string`);
      }
      return e as Record<string, string>;
    });
  };
  const resources = objects('resourceFiles', ['storagePath', 'httpUrl', 'inlineContent', 'filePath', 'fileMode']);
  if (resources) {
    spec.resourceFiles = resources.map((r) => ({
      ...(r as Record<string, string>),
      ...(r.inlineContent !== undefined ? { inlineContent: Buffer.from(r.inlineContent as string, 'base64') } : {}),
    }));
  }
  const outputs = objects('outputFiles', ['filePattern', 'destination', 'uploadCondition']);
  if (outputs) spec.outputFiles = outputs as TaskSpec['outputFiles'];
  const apps = objects('applicationPackageReferences', ['applicationId', 'version']);
  if (apps) spec.applicationPackageReferences = apps as TaskSpec['applicationPackageReferences'];
  return spec;
}
