// The autoscale flags of `pool create` and `pool autoscale enable|evaluate`: the formula inline or
// from a file, and the evaluation interval.
import type { CommandArgs } from './args.ts';
import type { CommandContext } from './command.ts';
import { readInputFile } from './input-file.ts';

/** --formula / --formula-file, shared with `pool create`. */
export const FORMULA_OPTIONS = {
  formula: { type: 'string', value: 'F', help: 'the autoscale formula ($TargetDedicatedNodes = ...;)' },
  'formula-file': { type: 'string', value: 'PATH', help: 'the autoscale formula from a file (- reads standard input)' },
} as const;

export const INTERVAL_OPTION = {
  interval: { type: 'string', value: 'D', help: 'autoscale evaluation interval, 5s..168h (default 15m, as Azure Batch)' },
} as const;

/** The formula from --formula or --formula-file; undefined when neither is given. */
export async function formulaOf(ctx: CommandContext, a: CommandArgs): Promise<string | undefined> {
  const inline = a.string('formula');
  const file = a.string('formula-file');
  if (inline !== undefined && file !== undefined) throw a.usageError('give the formula with --formula or --formula-file, not both');
  return file !== undefined ? readInputFile(ctx, file) : inline;
}

