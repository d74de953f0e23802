// A task's files as troupe stores them (TaskRecord, PoolRecord, DispatchMessage): the resource
// files it gets before it starts, the output files it leaves, the application packages its node
// unpacks. Also the rules for output file patterns, shared by the API (which refuses patterns
// that could leave the task directory) and the worker (which matches them).

export type UploadCondition = 'tasksuccess' | 'taskfailure' | 'taskcompletion';
export const UPLOAD_CONDITIONS: readonly UploadCondition[] = ['tasksuccess', 'taskfailure', 'taskcompletion'];

/** Exactly one of storagePath, httpUrl or inlineContent is set. */
export interface ResourceFileRecord {
  /** An object of the store, or a prefix ending in '/'. */
  storagePath?: string;
  httpUrl?: string;
  inlineContent?: Uint8Array;
  /** Relative to the working directory; '' = the working directory itself (a storage prefix);
   *  ending in '/' = a directory the file goes into under its own name. */
  filePath: string;
  /** Permission bits (e.g. 0o755); undefined = 0o644. */
  fileMode?: number;
}

export interface OutputFileRecord {
  filePattern: string;
  /** An object path, or a prefix ('' or ending in '/'). */
  destination: string;
  uploadCondition: UploadCondition;
}

export interface ApplicationPackageRef {
  applicationId: string;
  version: string;
}

/** One segment of an output pattern: a literal name, or a matcher. '**' is any number of segments. */
export type PatternSegment = { kind: 'literal'; name: string } | { kind: 'wildcard'; regex: RegExp } | { kind: 'globstar' };

export interface ParsedPattern {
  /** The pattern starts with '../': it is matched from the task directory, not the working one. */
  fromTaskDir: boolean;
  /** The literal segments before the first wildcard (the directory the matching starts from). */
  base: string[];
  /** The rest, wildcards and literals. Empty when the pattern names one file (no wildcard). */
  rest: PatternSegment[];
}

/** Why an output file pattern is refused, or its parsed form. Patterns are relative to the working
 *  directory; a single leading '../' reaches the task directory (Azure Batch's "../stdout.txt"),
 *  nothing reaches further: no other '..', no '.', no empty segment, no absolute path. */
export function parseOutputPattern(pattern: string): { ok: true; parsed: ParsedPattern } | { ok: false; problem: string } {
  if (pattern === '') return { ok: false, problem: 'must not be empty' };
  if (pattern.startsWith('/')) return { ok: false, problem: "must be relative to the task's working directory (not start with '/')" };
  if (/[\u0000-\u001f\\]/.test(pattern)) return { ok: false, problem: 'must not contain control characters or backslashes' };
  let segments = pattern.split('/');
  let fromTaskDir = false;
  if (segments[0] === '..') {
    fromTaskDir = true;
    segments = segments.slice(1);
  }
  if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) return { ok: false, problem: 'must name files, not only a directory' };
  const base: string[] = [];
  const rest: PatternSegment[] = [];
  for (const s of segments) {
    if (s === '') return { ok: false, problem: 'must not contain empty segments (// or a trailing /)' };
    if (s === '.' || s === '..') return { ok: false, problem: "may not leave the task directory: only one leading '../' is allowed, and no '.' segments" };
    const wild = s.includes('*') || s.includes('?');
    if (s.includes('**') && s !== '**') return { ok: false, problem: "uses '**' inside a segment: it must be a whole segment (a/**/b)" };
    if (!wild && rest.length === 0) base.push(s);
    else if (s === '**') rest.push({ kind: 'globstar' });
    else if (wild) rest.push({ kind: 'wildcard', regex: segmentRegex(s) });
    else rest.push({ kind: 'literal', name: s });
  }
  return { ok: true, parsed: { fromTaskDir, base, rest } };
}

function segmentRegex(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Whether the path segments below the pattern's base match its rest. */
export function matchesRest(rest: PatternSegment[], segments: string[]): boolean {
  const match = (pi: number, si: number): boolean => {
    if (pi === rest.length) return si === segments.length;
    const p = rest[pi]!;
    if (p.kind === 'globstar') {
      for (let k = si; k <= segments.length; k++) if (match(pi + 1, k)) return true;
      return false;
    }
    if (si === segments.length) return false;
    const s = segments[si]!;
    if (p.kind === 'literal' ? p.name !== s : !p.regex.test(s)) return false;
    return match(pi + 1, si + 1);
  };
  return match(0, 0);
}
