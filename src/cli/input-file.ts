// The JSON files some commands read (`job create --file`, `pool create --file`): a path, or `-`
// for standard input. A file that cannot be read is an InputFileError naming it.
import { readFile } from 'node:fs/promises';
import type { CommandArgs } from './args.ts';
import type { CommandContext } from './command.ts';
import { InputFileError } from './cli-errors.ts';

export async function readInputFile(ctx: CommandContext, file: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      throw new InputFileError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** With --file the file gives every field: a flag of `fields` given too is a usage error. */
export function refuseFieldsWithFile(a: CommandArgs, fields: readonly string[], what: string): void {
  const given = fields.find((name) => a.has(name));
  if (given) throw a.usageError(`--file gives the whole ${what}: --${given} cannot be given with it (only --id, which renames it)`);
}

/** The source name for messages: the path, or stdin. */
export const inputName = (file: string) => (file === '-' ? 'stdin' : file);
