// Validation of a task's resource files, output files and application package references (and a
// pool's). Every user-given path is checked here, where it can be: nothing may be absolute,
// contain '..' (but an output pattern's single leading '../', which reaches the task directory)
// or empty segments. What only the node can see (symlinks) the worker checks again.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import {
  parseOutputPattern, UPLOAD_CONDITIONS, type ApplicationPackageRef, type OutputFileRecord, type ResourceFileRecord, type UploadCondition,
} from '../../protocol/records/task-files.ts';
import { storePathProblem, validateApplicationId, validateApplicationVersion, validateStorePath } from '../../storage/store-paths.ts';

export const MAX_RESOURCE_FILES = 1000;
export const MAX_OUTPUT_FILES = 100;
export const MAX_APPLICATION_PACKAGES = 10;
export const MAX_INLINE_CONTENT_BYTES = 64 * 1024;
export const MAX_URL_CHARS = 8192;
/** A task's file fields together: the task record and its dispatch message are single NATS
 *  messages (1 MiB by default), shared with everything else the task carries. */
export const MAX_FILE_FIELDS_BYTES = 256 * 1024;

type Untrusted = Record<string, unknown>;

function entries(value: unknown, field: string, max: number): Untrusted[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidArgumentError(field, 'must be a list');
  if (value.length > max) throw new InvalidArgumentError(field, `must have at most ${max} entries`);
  return value.map((v, i) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidArgumentError(`${field}[${i}]`, 'must be a message');
    return v as Untrusted;
  });
}

const text = (v: unknown, field: string): string => {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  return v;
};

/** A local path under the working directory: relative, no '.', '..' or empty segments; a trailing
 *  '/' names a directory. '' = the working directory itself. */
function localPath(v: unknown, field: string): string {
  const p = text(v, field);
  if (p === '') return '';
  const problem = storePathProblem(p, { prefix: true });
  if (problem) throw new InvalidArgumentError(field, problem.replace("must name one file (not end with '/')", ''));
  return p;
}

export function validateResourceFiles(value: unknown, field: string): ResourceFileRecord[] {
  return entries(value, field, MAX_RESOURCE_FILES).map((r, i) => validateResourceFile(r, `${field}[${i}]`));
}

function validateResourceFile(r: Untrusted, field: string): ResourceFileRecord {
  const storagePath = text(r.storagePath, `${field}.storagePath`);
  const httpUrl = text(r.httpUrl, `${field}.httpUrl`);
  const inline = r.inlineContent;
  const inlineContent = inline === undefined || inline === null ? undefined : inline instanceof Uint8Array ? inline : undefined;
  if (inline !== undefined && inline !== null && !(inline instanceof Uint8Array)) throw new InvalidArgumentError(`${field}.inlineContent`, 'must be bytes');
  const hasInline = inlineContent !== undefined && inlineContent.length > 0;
  const sources = [storagePath !== '', httpUrl !== '', hasInline].filter(Boolean).length;
  if (sources !== 1) throw new InvalidArgumentError(field, 'must set exactly one of storagePath, httpUrl and inlineContent');
  let filePath = localPath(r.filePath, `${field}.filePath`);
  const fileMode = mode(r.fileMode, `${field}.fileMode`);
  const record: ResourceFileRecord = { filePath, ...(fileMode === undefined ? {} : { fileMode }) };
  if (storagePath) {
    validateStorePath(storagePath, `${field}.storagePath`, { prefix: true });
    // One object without a file path lands under its own name in the working directory.
    if (filePath === '' && !storagePath.endsWith('/')) filePath = storagePath.slice(storagePath.lastIndexOf('/') + 1);
    return { ...record, filePath, storagePath };
  }
  if (filePath === '' || filePath.endsWith('/')) throw new InvalidArgumentError(`${field}.filePath`, 'must name a file for an httpUrl or inline content');
  if (httpUrl) {
    if (httpUrl.length > MAX_URL_CHARS) throw new InvalidArgumentError(`${field}.httpUrl`, `must be at most ${MAX_URL_CHARS} characters`);
    let url: URL;
    try {
      url = new URL(httpUrl);
    } catch {
      throw new InvalidArgumentError(`${field}.httpUrl`, 'must be an absolute http:// or https:// URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`${field}.httpUrl`, 'must be an http:// or https:// URL');
    return { ...record, httpUrl };
  }
  if (inlineContent!.length > MAX_INLINE_CONTENT_BYTES) {
    throw new InvalidArgumentError(`${field}.inlineContent`, `must be at most ${MAX_INLINE_CONTENT_BYTES} bytes (put larger files in the store)`);
  }
  return { ...record, inlineContent: Uint8Array.from(inlineContent!) };
}

function mode(v: unknown, field: string): number | undefined {
  const s = text(v, field);
  if (s === '') return undefined;
  if (!/^0?[0-7]{3}$/.test(s)) throw new InvalidArgumentError(field, 'must be octal permission bits such as 0644 or 0755');
  return parseInt(s, 8);
}

export function validateOutputFiles(value: unknown, field: string): OutputFileRecord[] {
  return entries(value, field, MAX_OUTPUT_FILES).map((o, i) => validateOutputFile(o, `${field}[${i}]`));
}

function validateOutputFile(o: Untrusted, field: string): OutputFileRecord {
  const filePattern = text(o.filePattern, `${field}.filePattern`);
  const parsed = parseOutputPattern(filePattern);
  if (!parsed.ok) throw new InvalidArgumentError(`${field}.filePattern`, parsed.problem);
  const destination = text(o.destination, `${field}.destination`);
  const isPrefix = parsed.parsed.rest.length > 0 || destination === '' || destination.endsWith('/');
  if (destination !== '') validateStorePath(destination, `${field}.destination`, { prefix: isPrefix });
  const condition = text(o.uploadCondition, `${field}.uploadCondition`) || 'taskcompletion';
  if (!UPLOAD_CONDITIONS.includes(condition as UploadCondition)) {
    throw new InvalidArgumentError(`${field}.uploadCondition`, `must be one of ${UPLOAD_CONDITIONS.join(', ')}`);
  }
  return { filePattern, destination, uploadCondition: condition as UploadCondition };
}

export function validateApplicationPackageReferences(value: unknown, field: string): ApplicationPackageRef[] {
  const refs = entries(value, field, MAX_APPLICATION_PACKAGES).map((a, i) => ({
    applicationId: validateApplicationId(a.applicationId, `${field}[${i}].applicationId`),
    version: validateApplicationVersion(a.version, `${field}[${i}].version`),
  }));
  const seen = new Set<string>();
  refs.forEach((r, i) => {
    const key = r.applicationId.toLowerCase();
    if (seen.has(key)) throw new InvalidArgumentError(`${field}[${i}].applicationId`, `names application '${r.applicationId}' a second time`);
    seen.add(key);
  });
  return refs;
}

/** The optional record fields of a task spec: present only when non-empty, so records of tasks
 *  without files stay as they were. */
export function taskFileFields(s: Untrusted, field: string): { resourceFiles?: ResourceFileRecord[]; outputFiles?: OutputFileRecord[]; applicationPackageReferences?: ApplicationPackageRef[] } {
  const resourceFiles = validateResourceFiles(s.resourceFiles, `${field}.resourceFiles`);
  const outputFiles = validateOutputFiles(s.outputFiles, `${field}.outputFiles`);
  const applicationPackageReferences = validateApplicationPackageReferences(s.applicationPackageReferences, `${field}.applicationPackageReferences`);
  const bytes = resourceFiles.reduce((n, r) => n + (r.inlineContent?.length ?? 0) + (r.storagePath?.length ?? 0) + (r.httpUrl?.length ?? 0) + r.filePath.length + 16, 0)
    + outputFiles.reduce((n, o) => n + o.filePattern.length + o.destination.length + 16, 0);
  if (bytes > MAX_FILE_FIELDS_BYTES) {
    throw new InvalidArgumentError(`${field}.resourceFiles`, `and ${field}.outputFiles together must be at most ${MAX_FILE_FIELDS_BYTES / 1024} KiB (put large content in the store)`);
  }
  return {
    ...(resourceFiles.length ? { resourceFiles } : {}),
    ...(outputFiles.length ? { outputFiles } : {}),
    ...(applicationPackageReferences.length ? { applicationPackageReferences } : {}),
  };
}
