// Poststop hook: uploads a task's output files to the store after its process exited, when their
// upload condition holds (tasksuccess: exit code 0; taskfailure: anything else; taskcompletion:
// either). Patterns are relative to the working directory, with '*' and '**'; a leading '../'
// reaches the task directory, so '../stdout.txt' keeps the task's log after the node is gone
// (Azure Batch's convention). Nothing outside the task directory is ever read: the directory a
// pattern starts from and every matched file are resolved to their real paths and checked, the
// walk never descends into symlinked directories, and a match that resolves outside (a symlink
// the task made to /etc/passwd) fails the upload instead of sending it.
import { createReadStream } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FailureInfo } from '../../protocol/records/records.ts';
import type { FileBucket } from '../../storage/object-store.ts';
import { matchesRest, parseOutputPattern, type OutputFileRecord, type PatternSegment } from '../../protocol/records/task-files.ts';
import { storePathProblem } from '../../storage/store-paths.ts';
import { assertRealDirectory, isInside } from './safe-write-paths.ts';
import type { ExitOutcome, HookContext, TaskHook } from '../task-hooks.ts';
import type { TransferObserver } from './transfer-observer.ts';

export const FILE_UPLOAD_ERROR = 'FileUploadError';
/** A pattern matching more files than this is almost certainly a mistake ('**' over a dataset). */
const MAX_FILES_PER_PATTERN = 10_000;

interface Match {
  /** For messages and the destination: the path below the pattern's base. */
  rel: string;
  /** The real path to read. */
  file: string;
}

export class OutputFilesHook implements TaskHook {
  readonly name = 'output-files';

  constructor(private readonly files: FileBucket, private readonly observer?: TransferObserver) {}

  async poststop({ task, taskDir, wd, log }: HookContext, outcome: ExitOutcome): Promise<FailureInfo | undefined> {
    for (const o of task.outputFiles ?? []) {
      if (!conditionHolds(o, outcome)) continue;
      try {
        const uploaded = await this.upload(o, taskDir, wd);
        log.debug('output files uploaded', { pattern: o.filePattern, destination: o.destination, files: uploaded });
      } catch (err) {
        this.observer?.outputFailed();
        log.info('output file upload failed', { pattern: o.filePattern, err });
        return { category: 'usererror', code: FILE_UPLOAD_ERROR, message: `output files '${o.filePattern}' -> '${o.destination}': ${(err as Error).message}` };
      }
    }
    return undefined;
  }

  private async upload(o: OutputFileRecord, taskDir: string, wd: string): Promise<number> {
    const parsed = parseOutputPattern(o.filePattern);
    if (!parsed.ok) throw new Error(`the pattern ${parsed.problem}`);
    const { fromTaskDir, base, rest } = parsed.parsed;
    await assertRealDirectory(taskDir);
    const boundary = await realpath(taskDir);
    const start = path.join(fromTaskDir ? taskDir : wd, ...base);
    const matches = rest.length === 0 ? await single(start, base, boundary) : await walk(start, rest, boundary);
    for (const m of matches) {
      const name = destinationOf(o.destination, m.rel, rest.length > 0);
      const problem = storePathProblem(name);
      if (problem) throw new Error(`'${m.rel}' cannot be stored as '${name}': the name ${problem}`);
      const started = performance.now();
      const stored = await this.files.write(name, createReadStream(m.file, { highWaterMark: 256 * 1024 }));
      this.observer?.outputUploaded(stored.size, (performance.now() - started) / 1000);
    }
    return matches.length;
  }
}

function conditionHolds(o: OutputFileRecord, outcome: ExitOutcome): boolean {
  if (o.uploadCondition === 'taskcompletion') return true;
  return (o.uploadCondition === 'tasksuccess') === outcome.succeeded;
}

/** A pattern without wildcards: that one file, when it exists (nothing matched is no error). */
async function single(file: string, base: string[], boundary: string): Promise<Match[]> {
  const st = await lstat(file).catch(() => undefined);
  if (!st) return [];
  const real = await safeReal(file, base.join('/'), boundary);
  if (!(await stat(real)).isFile()) throw new Error(`'${base.join('/')}' is not a regular file`);
  return [{ rel: base[base.length - 1]!, file: real }];
}

/** Files below `start` whose relative path matches `rest`. Symlinked directories are not entered;
 *  symlinked files are matched by their name and must resolve inside the task directory. */
async function walk(start: string, rest: PatternSegment[], boundary: string): Promise<Match[]> {
  const st = await lstat(start).catch(() => undefined);
  if (!st) return [];
  const realStart = await realpath(start);
  if (!isInside(boundary, realStart)) throw new Error(`the directory '${start}' resolves outside the task directory (${realStart}); nothing was uploaded`);
  if (!(await stat(realStart)).isDirectory()) return [];
  const out: Match[] = [];
  const visit = async (dir: string, segments: string[]): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const rel = [...segments, entry.name];
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await visit(full, rel);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      if (!matchesRest(rest, rel)) continue;
      const real = await safeReal(full, rel.join('/'), boundary);
      if (!(await stat(real)).isFile()) continue; // a symlink to a directory inside: not a file
      out.push({ rel: rel.join('/'), file: real });
      if (out.length > MAX_FILES_PER_PATTERN) throw new Error(`the pattern matches more than ${MAX_FILES_PER_PATTERN} files`);
    }
  };
  await visit(realStart, []);
  return out;
}

async function safeReal(file: string, shown: string, boundary: string): Promise<string> {
  const real = await realpath(file).catch(() => undefined);
  if (real === undefined) throw new Error(`'${shown}' is a broken symlink`);
  if (!isInside(boundary, real)) throw new Error(`'${shown}' resolves outside the task directory (${real}): refused, nothing of it was uploaded`);
  return real;
}

/** A pattern with wildcards (or a destination ending in '/') uploads under a prefix, keeping each
 *  file's path below the pattern's fixed part; a single-file pattern names the object itself. */
function destinationOf(destination: string, rel: string, wildcard: boolean): string {
  if (wildcard || destination === '' || destination.endsWith('/')) {
    const prefix = destination === '' || destination.endsWith('/') ? destination : `${destination}/`;
    return prefix + (wildcard ? rel : path.posix.basename(rel));
  }
  return destination;
}
