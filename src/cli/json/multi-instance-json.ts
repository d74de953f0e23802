// A task's multiInstanceSettings in the CLI's JSON form (task show/list -o json: fixed keys, null
// for unset; null for a task that is not multi-instance), and read back from an add-many file,
// so that a multi-instance task listed and added again stays one. commonResourceFiles take the
// resource files' form (task-files-json.ts: inline content in base64).
import type { MultiInstanceSettings, MultiInstanceSettings__Output } from '../../protocol/generated/troupe/v1/MultiInstanceSettings.ts';
import type { InputFileError } from '../cli-errors.ts';
import { text } from './json-values.ts';
import { taskFilesFromJson, taskFilesJson, type ResourceFileJson } from './task-files-json.ts';

export interface MultiInstanceSettingsJson {
  numberOfInstances: number;
  coordinationCommandLine: string | null;
  coordinationCommandArgs: string[];
  commonResourceFiles: ResourceFileJson[];
}

const KEYS = ['numberOfInstances', 'coordinationCommandLine', 'coordinationCommandArgs', 'commonResourceFiles'];

export function multiInstanceSettingsJson(m: MultiInstanceSettings__Output | null | undefined): MultiInstanceSettingsJson | null {
  if (!m || !m.numberOfInstances) return null;
  return {
    numberOfInstances: m.numberOfInstances,
    coordinationCommandLine: text(m.coordinationCommandLine),
    coordinationCommandArgs: [...(m.coordinationCommandArgs ?? [])],
    commonResourceFiles: taskFilesJson({ resourceFiles: m.commonResourceFiles, outputFiles: [], applicationPackageReferences: [] }).resourceFiles ?? [],
  };
}

/** An add-many task's multiInstanceSettings, shapes only (the server owns the rules). */
export function multiInstanceSettingsFromJson(value: unknown, fail: (message: string) => InputFileError): MultiInstanceSettings | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw fail(`'multiInstanceSettings' must be an object`);
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!KEYS.includes(key)) throw fail(`unknown field 'multiInstanceSettings.${key}'`);
  if (typeof m.numberOfInstances !== 'number' || !Number.isInteger(m.numberOfInstances)) throw fail(`'multiInstanceSettings.numberOfInstances' must be an integer`);
  const out: MultiInstanceSettings = { numberOfInstances: m.numberOfInstances };
  if (m.coordinationCommandLine !== undefined && m.coordinationCommandLine !== null) {
    if (typeof m.coordinationCommandLine !== 'string') throw fail(`'multiInstanceSettings.coordinationCommandLine' must be a string`);
    out.coordinationCommandLine = m.coordinationCommandLine;
  }
  if (m.coordinationCommandArgs !== undefined && m.coordinationCommandArgs !== null) {
    if (!Array.isArray(m.coordinationCommandArgs) || !m.coordinationCommandArgs.every((a) => typeof a === 'string')) {
      throw fail(`'multiInstanceSettings.coordinationCommandArgs' must be an array of strings`);
    }
    out.coordinationCommandArgs = m.coordinationCommandArgs;
  }
  const files = taskFilesFromJson({ resourceFiles: m.commonResourceFiles }, (message) => fail(message.replace(/resourceFiles/g, 'multiInstanceSettings.commonResourceFiles')));
  if (files.resourceFiles) out.commonResourceFiles = files.resourceFiles;
  return out;
}
