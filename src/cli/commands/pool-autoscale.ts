// troupe pool autoscale enable | disable | evaluate: autoscale formulas on a pool (the
// troupe.v1.AutoScale service, through the CLI's wire client).
import type { Command } from '../command.ts';
import { FORMULA_OPTIONS, formulaOf, INTERVAL_OPTION } from '../autoscale-options.ts';
import { autoScaleRunJson } from '../json/autoscale-json.ts';
import { renderFields } from '../output-format.ts';
import { printPool } from './pool.ts';

export const poolAutoScaleCommands: Command[] = [
  {
    path: ['pool', 'autoscale', 'enable'],
    summary: "enable autoscale on a pool (or change its formula or interval); evaluated at once",
    synopsis: 'P --formula F | --formula-file PATH [--interval D]',
    maxPositionals: 1,
    usesApi: true,
    details: "The formula is Azure Batch's: $TargetDedicatedNodes = min(10, $PendingTasks); troupe adds $PendingTaskSlots, $RunnableTasks and $RunnableTaskSlots.",
    options: { ...FORMULA_OPTIONS, ...INTERVAL_OPTION },
    async run(ctx) {
      const a = ctx.args;
      const poolId = a.positional(0, 'pool id');
      const formula = await formulaOf(ctx, a);
      if (formula === undefined) throw a.usageError('missing the formula: --formula F or --formula-file PATH');
      const pool = await ctx.api.EnableAutoScale({ poolId, autoScaleFormula: formula, autoScaleEvaluationInterval: a.string('interval') ?? '' });
      printPool(ctx, pool);
      return 0;
    },
  },
  {
    path: ['pool', 'autoscale', 'disable'],
    summary: 'disable autoscale on a pool (its targets stay as the last evaluation set them)',
    synopsis: 'P',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const poolId = ctx.args.positional(0, 'pool id');
      printPool(ctx, await ctx.api.DisableAutoScale({ poolId }));
      return 0;
    },
  },
  {
    path: ['pool', 'autoscale', 'evaluate'],
    summary: "evaluate a formula against a pool now, without applying it: every variable's value, or the error",
    synopsis: 'P --formula F | --formula-file PATH',
    maxPositionals: 1,
    usesApi: true,
    options: { ...FORMULA_OPTIONS },
    async run(ctx) {
      const a = ctx.args;
      const poolId = a.positional(0, 'pool id');
      const formula = await formulaOf(ctx, a);
      if (formula === undefined) throw a.usageError('missing the formula: --formula F or --formula-file PATH');
      const run = autoScaleRunJson(await ctx.api.EvaluateAutoScale({ poolId, autoScaleFormula: formula }));
      ctx.print(run, () => renderRun(run!));
      return run?.error ? 1 : 0;
    },
  },
];

export function renderRun(run: NonNullable<ReturnType<typeof autoScaleRunJson>>): string {
  return renderFields([
    ['evaluated', run.timestamp],
    ...(run.error ? [['error', `${run.error.code}: ${run.error.message}`] as const] : []),
    ...run.values.map((v) => [v.name, v.value] as const),
  ]);
}
