// troupe pool create | list | show | delete
import { METADATA_OPTION, metadataOf } from '../list-options.ts';
import type { Pool__Output } from '../../protocol/generated/troupe/v1/Pool.ts';
import { inputName, readInputFile, refuseFieldsWithFile } from '../input-file.ts';
import { parsePoolFile } from '../json/pool-file.ts';
import type { Command, CommandContext } from '../command.ts';
import { APP_OPTION, applicationPackageReferences } from '../file-options.ts';
import { poolJson, type PoolJson } from '../json/json-form.ts';
import { renderFields, renderTable, shortTime, type Column } from '../output-format.ts';
import { USER_ACCOUNT_OPTIONS, userAccountsOf } from '../user-options.ts';
import { POOL_SCALING_CREATE_OPTIONS, poolScalingFields } from '../pool-scaling-options.ts';
import { FORMULA_OPTIONS, formulaOf, INTERVAL_OPTION } from '../autoscale-options.ts';

const FILL_TYPES = ['spread', 'pack'] as const;

const COLUMNS: Column<PoolJson>[] = [
  { header: 'ID', value: (p) => p.id },
  { header: 'STATE', value: (p) => p.state },
  { header: 'NODES', value: (p) => p.currentNodes, align: 'right' },
  { header: 'TARGET', value: (p) => `${p.targetDedicatedNodes}+${p.targetLowPriorityNodes}`, align: 'right' },
  { header: 'ALLOCATION', value: (p) => p.allocationState },
  { header: 'SLOTS/NODE', value: (p) => p.taskSlotsPerNode, align: 'right' },
  { header: 'FILL', value: (p) => p.taskSchedulingPolicy.nodeFillType },
  { header: 'INTER-NODE', value: (p) => p.enableInterNodeCommunication },
  { header: 'CREATED', value: (p) => shortTime(p.creationTime) },
];

function poolFields(p: PoolJson): string {
  return renderFields([
    ['id', p.id],
    ['display name', p.displayName],
    ['state', p.state],
    ['current nodes', p.currentNodes],
    ['task slots per node', p.taskSlotsPerNode],
    ['node fill type', p.taskSchedulingPolicy.nodeFillType],
    ['inter-node communication', p.enableInterNodeCommunication],
    ['created', p.creationTime],
    ['user accounts', p.userAccounts.map((u) => `${u.name} (${u.linuxUserConfiguration.uid}:${u.linuxUserConfiguration.gid}${u.elevationLevel === 'admin' ? ', admin' : ''})`).join(', ')],
    ['admin tasks allowed', p.allowAdminTasks],
    ['node provider', p.nodeProvider.kind === 'command' ? `command (start: ${p.nodeProvider.startCommand}; stop: ${p.nodeProvider.stopCommand}; timeout ${p.nodeProvider.commandTimeout})` : p.nodeProvider.kind],
    ['allocation state', `${p.allocationState} (since ${p.allocationStateTransitionTime})`],
    ['dedicated nodes', `${p.currentDedicatedNodes} (target ${p.targetDedicatedNodes})`],
    ['low-priority nodes', `${p.currentLowPriorityNodes} (target ${p.targetLowPriorityNodes})`],
    ['resize timeout', p.resizeTimeout],
    ['resize errors', p.resizeErrors.map((e) => `${e.code}${e.nodeId ? ` (${e.nodeId})` : ''}: ${e.message}`).join('\n') || null],
    ['start task', p.startTask ? `${p.startTask.commandLine}${p.startTask.waitForSuccess ? ' (wait for success)' : ''}` : null],
    ['autoscale', p.enableAutoScale ? `every ${p.autoScaleEvaluationInterval}: ${p.autoScaleFormula?.replace(/\s*\n\s*/g, ' ')}` : 'disabled'],
    ...autoScaleRunFields(p.autoScaleRun),
  ]);
}

/** The last autoscale run, as `pool show` prints it. */
function autoScaleRunFields(run: PoolJson['autoScaleRun']): [string, string][] {
  if (!run) return [];
  const outcome = run.error
    ? `error: ${run.error.message}`
    : `targets ${run.targetDedicatedNodes} dedicated, ${run.targetLowPriorityNodes} low-priority (${run.nodeDeallocationOption ?? 'requeue'})`;
  return [['last autoscale run', `${shortTime(run.timestamp)}: ${outcome}`], ['autoscale values', run.results]];
}

export function printPool(ctx: CommandContext, pool: Pool__Output): void {
  const json = poolJson(pool);
  ctx.print(json, () => poolFields(json));
}

export const poolCommands: Command[] = [
  {
    path: ['pool', 'create'],
    summary: 'create a pool that workers join',
    synopsis: '--id ID [--slots N] [--fill spread|pack] [--inter-node-communication] [--display-name S] [--app NAME:VERSION]... '
      + "[--start-task 'CMD' [--start-task-wait] [--start-task-retries N]] [--user-account NAME:UID:GID[:admin]]... [--allow-admin-tasks] "
      + "[--node-provider manual|local|command [--provider-start 'CMD' --provider-stop 'CMD' [--provider-timeout 5m]]] [--target-dedicated N] [--target-low-priority N] [--resize-timeout 15m] "

      + '[--formula F | --formula-file PATH [--interval D]] | --file FILE|- [--id ID]',
    usesApi: true,
    details: '--file takes a pool in the form of pool show -o json (its read-only fields ignored), so a shown pool can be created again.',
    options: {
      id: { type: 'string', value: 'ID', help: 'pool id (with --file: instead of the file\'s)' },
      file: { type: 'string', value: 'FILE', help: 'the pool as JSON (pool show -o json); - reads standard input' },
      slots: { type: 'string', value: 'N', help: 'task slots per node, 1..256 (server default applies if unset)' },
      fill: { type: 'string', value: 'TYPE', help: 'node fill type: spread (even) or pack (one node first)' },
      'inter-node-communication': { type: 'boolean', help: 'allow multi-instance (MPI) tasks' },
      'display-name': { type: 'string', value: 'S', help: 'a name for people' },
      'start-task': { type: 'string', value: 'CMD', help: 'runs on each node when it joins or its worker restarts (not in a shell)' },
      'start-task-wait': { type: 'boolean', help: 'nodes take no task until the start task succeeded' },
      'start-task-retries': { type: 'string', value: 'N', help: 'retries of a failed start task (-1 = unlimited)' },
      ...APP_OPTION,
      ...USER_ACCOUNT_OPTIONS,
      ...METADATA_OPTION,
      ...POOL_SCALING_CREATE_OPTIONS,
      ...FORMULA_OPTIONS,
      ...INTERVAL_OPTION,
    },
    async run(ctx) {
      const a = ctx.args;
      const file = a.string('file');
      if (file !== undefined) {
        refuseFieldsWithFile(a, Object.keys(this.options).filter((name) => name !== 'id' && name !== 'file'), 'pool');
        const fromFile = parsePoolFile(await readInputFile(ctx, file), inputName(file));
        printPool(ctx, await ctx.api.CreatePool({ pool: { ...fromFile, id: a.string('id') ?? fromFile.id } }));
        return 0;
      }
      const id = a.required('id');
      const startTaskLine = a.string('start-task');
      const slots = a.integer('slots', { min: 1 });
      const fill = a.choice('fill', FILL_TYPES);
      const formula = await formulaOf(ctx, a);
      if (formula === undefined && a.has('interval')) throw a.usageError('--interval is the autoscale evaluation interval: it needs --formula or --formula-file');
      const pool = await ctx.api.CreatePool({
        pool: {
          id,
          displayName: a.string('display-name') ?? '',
          taskSlotsPerNode: slots ?? 0,
          taskSchedulingPolicy: fill ? { nodeFillType: fill } : null,
          enableInterNodeCommunication: a.flag('inter-node-communication'),
          startTask: startTaskLine === undefined ? null : {
            commandLine: startTaskLine, waitForSuccess: a.flag('start-task-wait'), maxTaskRetryCount: a.integer('start-task-retries') ?? 0,
          },
          applicationPackageReferences: applicationPackageReferences(a),
          userAccounts: userAccountsOf(a),
          allowAdminTasks: a.flag('allow-admin-tasks'),
          metadata: metadataOf(a),
          ...poolScalingFields(a),
          enableAutoScale: formula !== undefined,
          autoScaleFormula: formula ?? '',
          autoScaleEvaluationInterval: a.string('interval') ?? '',
        },
      });
      printPool(ctx, pool);
      return 0;
    },
  },
  {
    path: ['pool', 'list'],
    summary: 'list pools',
    synopsis: '',
    usesApi: true,
    options: {},
    async run(ctx) {
      const pools = (await ctx.api.ListPools({})).pools.map(poolJson);
      ctx.print(pools, () => renderTable(COLUMNS, pools));
      return 0;
    },
  },
  {
    path: ['pool', 'show'],
    summary: 'show one pool',
    synopsis: 'ID',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printPool(ctx, await ctx.api.GetPool({ poolId: ctx.args.positional(0, 'pool id') }));
      return 0;
    },
  },
  {
    path: ['pool', 'delete'],
    summary: 'delete a pool',
    synopsis: 'ID',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const poolId = ctx.args.positional(0, 'pool id');
      await ctx.api.DeletePool({ poolId });
      ctx.print({ id: poolId, deleted: true }, () => `pool '${poolId}' deleted`);
      return 0;
    },
  },
];
