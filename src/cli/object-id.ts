// How a command names the one pool, job, node or schedule it acts on: its id as the first
// argument (`job prep-status J`), the same in every command. A few commands took `--id` before;
// that form still works for one release, with a deprecation line on stderr.
import type { OptionSpecs } from './args.ts';
import type { CommandContext } from './command.ts';

/** The old `--id` option of a command whose id is now positional. */
export function deprecatedIdOption(value: string): OptionSpecs {
  return { id: { type: 'string', value, help: 'deprecated: give the id as the first argument' } };
}

/** The id from the first argument, or from the deprecated --id (with a warning). */
export function objectId(ctx: CommandContext, label: string, commandPath: readonly string[]): string {
  const flag = ctx.args.string('id');
  if (flag === undefined) return ctx.args.positional(0, label);
  if (ctx.args.positionals.length > 0) throw ctx.args.usageError(`give the ${label} once: as the first argument (--id is its old form)`);
  ctx.err(`warning: --id is deprecated and will be removed in the next release: write 'troupe ${commandPath.join(' ')} ${flag} ...'`);
  return flag;
}
