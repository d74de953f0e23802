// troupe pool resize | stop-resize | node-counts, troupe node remove | reboot: the PoolScaling
// service (pool_scaling.proto), and the elastic options of pool create.
import type { Command } from '../command.ts';
import { DEALLOCATION_OPTION, RESIZE_TIMEOUT_OPTION } from '../pool-scaling-options.ts';
import type { NodeCounts__Output } from '../../protocol/generated/troupe/v1/NodeCounts.ts';
import { NODE_DEALLOCATION_OPTIONS } from '../../protocol/records/pool-scaling-records.ts';
import { renderTable, type Column } from '../output-format.ts';
import { printPool } from './pool.ts';

const COUNT_STATES: [keyof NodeCounts__Output, string][] = [
  ['starting', 'STARTING'], ['idle', 'IDLE'], ['running', 'RUNNING'], ['waitingForStartTask', 'WAITING'], ['startTaskFailed', 'STARTFAILED'],
  ['offline', 'OFFLINE'], ['unusable', 'UNUSABLE'], ['leavingPool', 'LEAVING'], ['preempted', 'PREEMPTED'], ['total', 'TOTAL'],
];

interface CountRow { pool: string; priority: string; counts: NodeCounts__Output }

export const poolScalingCommands: Command[] = [
  {
    path: ['pool', 'resize'],
    summary: "set a pool's node targets: its provider starts nodes, or nodes leave, until it has them",
    synopsis: 'ID --target-dedicated N [--target-low-priority N] [--resize-timeout 15m] [--deallocation requeue|terminate|taskcompletion|retaineddata]',
    maxPositionals: 1,
    usesApi: true,
    options: {
      'target-dedicated': { type: 'string', value: 'N', help: 'dedicated nodes the pool is to have, 0..1000' },
      'target-low-priority': { type: 'string', value: 'N', help: 'low-priority nodes the pool is to have, 0..1000 (default 0)' },
      ...RESIZE_TIMEOUT_OPTION,
      ...DEALLOCATION_OPTION,
    },
    async run(ctx) {
      const a = ctx.args;
      const poolId = a.positional(0, 'pool id');
      const dedicated = a.integer('target-dedicated', { min: 0, max: 1000 });
      if (dedicated === undefined) throw a.usageError('--target-dedicated is required');
      printPool(ctx, await ctx.api.ResizePool({
        poolId, targetDedicatedNodes: dedicated, targetLowPriorityNodes: a.integer('target-low-priority', { min: 0, max: 1000 }) ?? 0,
        resizeTimeout: a.string('resize-timeout') ?? '', nodeDeallocationOption: a.choice('deallocation', NODE_DEALLOCATION_OPTIONS) ?? '',
      }));
      return 0;
    },
  },
  {
    path: ['pool', 'stop-resize'],
    summary: "stop a pool's resize where it is (its targets become the nodes it has)",
    synopsis: 'ID',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printPool(ctx, await ctx.api.StopPoolResize({ poolId: ctx.args.positional(0, 'pool id') }));
      return 0;
    },
  },
  {
    path: ['pool', 'node-counts'],
    summary: 'nodes per state and priority, of one pool or of every pool',
    synopsis: '[ID]',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const poolId = ctx.args.positionals[0] ?? '';
      const { pools } = await ctx.api.GetPoolNodeCounts({ poolId });
      const rows: CountRow[] = pools.flatMap((p) => [
        { pool: p.poolId, priority: 'dedicated', counts: p.dedicated! },
        { pool: p.poolId, priority: 'lowpriority', counts: p.lowPriority! },
      ]);
      const columns: Column<CountRow>[] = [
        { header: 'POOL', value: (r) => r.pool },
        { header: 'PRIORITY', value: (r) => r.priority },
        ...COUNT_STATES.map(([field, header]): Column<CountRow> => ({ header, value: (r) => r.counts[field] ?? 0, align: 'right' })),
      ];
      ctx.print(pools, () => renderTable(columns, rows));
      return 0;
    },
  },
  {
    path: ['node', 'remove'],
    summary: 'remove nodes from their pool (its targets go down by as many)',
    synopsis: 'POOL NODE... [--deallocation requeue|terminate|taskcompletion|retaineddata] [--resize-timeout 15m]',
    maxPositionals: 101,
    usesApi: true,
    options: { ...DEALLOCATION_OPTION, ...RESIZE_TIMEOUT_OPTION },
    async run(ctx) {
      const a = ctx.args;
      const poolId = a.positional(0, 'pool id');
      const nodeIds = a.positionals.slice(1);
      if (nodeIds.length === 0) throw a.usageError('name at least one node to remove');
      printPool(ctx, await ctx.api.RemoveNodes({
        poolId, nodeIds, resizeTimeout: a.string('resize-timeout') ?? '', nodeDeallocationOption: a.choice('deallocation', NODE_DEALLOCATION_OPTIONS) ?? '',
      }));
      return 0;
    },
  },
  {
    path: ['node', 'reboot'],
    summary: "restart a node's agent",
    synopsis: 'ID [--option requeue|terminate|taskcompletion|retaineddata]',
    maxPositionals: 1,
    usesApi: true,
    options: {
      option: { type: 'string', value: 'WHAT', help: 'what happens to running tasks: requeue (default), terminate, taskcompletion or retaineddata (let them finish first)' },
    },
    async run(ctx) {
      const nodeId = ctx.args.positional(0, 'node id');
      await ctx.api.RebootNode({ nodeId, nodeRebootOption: ctx.args.choice('option', NODE_DEALLOCATION_OPTIONS) ?? '' });
      ctx.print({ id: nodeId, rebooting: true }, () => `node '${nodeId}' told to reboot`);
      return 0;
    },
  },
];
