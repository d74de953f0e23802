// What a path in troupe's store may look like, and the names of application packages. Store paths
// are relative, '/'-separated and never contain '.', '..' or empty segments, so a path taken from
// the store and joined under a local directory cannot leave it.
import { InvalidArgumentError } from '../protocol/errors.ts';

export const MAX_STORE_PATH_LENGTH = 1024;

/** Why `p` is not a valid store path (an object, or with `prefix` also a prefix ending in '/'),
 *  or undefined when it is. */
export function storePathProblem(p: unknown, opts: { prefix?: boolean; allowEmpty?: boolean } = {}): string | undefined {
  if (typeof p !== 'string') return 'must be a string';
  if (p === '') return opts.allowEmpty ? undefined : 'must not be empty';
  if (p.length > MAX_STORE_PATH_LENGTH) return `must be at most ${MAX_STORE_PATH_LENGTH} characters`;
  if (p.startsWith('/')) return "must be relative (not start with '/')";
  if (/[\u0000-\u001f\u007f\\]/.test(p)) return 'must not contain control characters or backslashes';
  const body = p.endsWith('/') ? p.slice(0, -1) : p;
  if (p.endsWith('/') && !opts.prefix) return "must name one file (not end with '/')";
  for (const segment of body.split('/')) {
    if (segment === '') return 'must not contain empty segments (//)';
    if (segment === '.' || segment === '..') return "must not contain '.' or '..' segments";
  }
  return undefined;
}

export function validateStorePath(p: unknown, field: string, opts: { prefix?: boolean; allowEmpty?: boolean } = {}): string {
  const problem = storePathProblem(p, opts);
  if (problem) throw new InvalidArgumentError(field, problem);
  return p as string;
}

const APPLICATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const APPLICATION_VERSION = /^[A-Za-z0-9._-]{1,64}$/;

export function validateApplicationId(v: unknown, field: string): string {
  if (typeof v !== 'string' || !APPLICATION_ID.test(v)) throw new InvalidArgumentError(field, "must be 1-64 characters of letters, digits, '-' and '_'");
  return v;
}

export function validateApplicationVersion(v: unknown, field: string): string {
  if (typeof v !== 'string' || !APPLICATION_VERSION.test(v) || v === '.' || v === '..') {
    throw new InvalidArgumentError(field, "must be 1-64 characters of letters, digits, '.', '-' and '_' (not '.' or '..')");
  }
  return v;
}

export type ArchiveFormat = 'tar.gz' | 'zip';
export const ARCHIVE_FORMATS: readonly ArchiveFormat[] = ['tar.gz', 'zip'];

/** Where an application package version lives in the applications bucket. */
export const applicationObjectName = (applicationId: string, version: string) => `${applicationId}/${version}`;

/** Azure Batch's variable on Linux: AZ_BATCH_APP_PACKAGE_<id>_<version> with '.' and '-' (and any
 *  other character not allowed in a variable name) turned into '_'. Azure's documentation says the
 *  Linux name is lower case (AZ_BATCH_APP_PACKAGE_agent_linux_x64_1_1_46_0 for Agent-linux-x64
 *  1.1.46.0) while its table's example keeps the case (AZ_BATCH_APP_PACKAGE_FOO_1), so a script
 *  written for either reading works: the lower-case name always, the case-kept one too when it
 *  differs. The first name is the canonical one. */
export function applicationPackageEnvNames(applicationId: string, version: string): string[] {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
  const kept = `AZ_BATCH_APP_PACKAGE_${clean(applicationId)}_${clean(version)}`;
  const lower = `AZ_BATCH_APP_PACKAGE_${clean(applicationId.toLowerCase())}_${clean(version.toLowerCase())}`;
  return kept === lower ? [lower] : [lower, kept];
}
