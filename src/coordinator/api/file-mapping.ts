// A task's file fields, record -> API message (Azure Batch's names; fileMode back to octal text).
import type { TaskRecord } from '../../protocol/records/records.ts';
import type { ResourceFile } from '../../protocol/generated/troupe/v1/ResourceFile.ts';
import type { OutputFile } from '../../protocol/generated/troupe/v1/OutputFile.ts';
import type { ApplicationPackageReference } from '../../protocol/generated/troupe/v1/ApplicationPackageReference.ts';

export function taskFilesToApi(t: Pick<TaskRecord, 'resourceFiles' | 'outputFiles' | 'applicationPackageReferences'>): {
  resourceFiles: ResourceFile[];
  outputFiles: OutputFile[];
  applicationPackageReferences: ApplicationPackageReference[];
} {
  return {
    resourceFiles: (t.resourceFiles ?? []).map((r) => ({
      storagePath: r.storagePath ?? '',
      httpUrl: r.httpUrl ?? '',
      inlineContent: r.inlineContent ? Buffer.from(r.inlineContent) : Buffer.alloc(0),
      filePath: r.filePath,
      fileMode: r.fileMode === undefined ? '' : `0${r.fileMode.toString(8)}`,
    })),
    outputFiles: (t.outputFiles ?? []).map((o) => ({ ...o })),
    applicationPackageReferences: (t.applicationPackageReferences ?? []).map((a) => ({ ...a })),
  };
}
