// troupe node list | show | disable | enable | preempt
import { LIST_QUERY_OPTIONS, listQuery, selectColumns, selectJson } from '../list-options.ts';
import type { Node__Output } from '../../protocol/generated/troupe/v1/Node.ts';
import type { Command, CommandContext } from '../command.ts';
import { nodeJson, type NodeJson } from '../json/json-form.ts';
import { renderFields, shortTime, type Column } from '../output-format.ts';
import { listPages } from '../list-pages.ts';

const DISABLE_OPTIONS = ['requeue', 'terminate', 'taskcompletion'] as const;

const COLUMNS: Column<NodeJson>[] = [
  { header: 'ID', value: (n) => n.id },
  { header: 'POOL', value: (n) => n.poolId },
  { header: 'STATE', value: (n) => n.state },
  { header: 'SCHEDULING', value: (n) => n.schedulingState },
  { header: 'ADDRESS', value: (n) => n.address },
  { header: 'SLOTS USED', value: (n) => `${n.runningTaskSlots}/${n.taskSlots}`, align: 'right' },
  { header: 'TASKS RUN', value: (n) => n.totalTasksRun, align: 'right' },
  { header: 'LAST HEARTBEAT', value: (n) => shortTime(n.lastHeartbeatTime) },
];

function printNode(ctx: CommandContext, node: Node__Output): void {
  const n = nodeJson(node);
  ctx.print(n, () => renderFields([
    ['id', n.id],
    ['pool', n.poolId],
    ['state', n.state],
    ['scheduling state', n.schedulingState],
    ['address', n.address],
    ['host name', n.hostName],
    ['task slots', n.taskSlots],
    ['running task slots', n.runningTaskSlots],
    ['running tasks', n.runningTasksCount],
    ['total tasks run', n.totalTasksRun],
    ['last heartbeat', n.lastHeartbeatTime],
    ['agent started', n.agentStartTime],
    ['task containment', n.taskContainment],
    ['resource limits', n.resourceLimits],
    ['task users', n.taskUserIsolation],
    ['dedicated', n.isDedicated ? 'yes' : 'no (low priority)'],
    ['gpus', n.gpuIds.length ? `${n.gpuIds.join(',')} (in use: ${n.gpuIdsInUse.length ? n.gpuIdsInUse.join(',') : 'none'})` : null],
    ['preemption deadline', n.preemptionDeadline],
    ['start task', n.startTaskInfo ? [n.startTaskInfo.state, n.startTaskInfo.result, n.startTaskInfo.exitCode === null ? null : `exit ${n.startTaskInfo.exitCode}`,
      n.startTaskInfo.retryCount ? `${n.startTaskInfo.retryCount} retries` : null, n.startTaskInfo.failureInfo?.message].filter(Boolean).join(', ') : null],
  ]));
}

export const nodeCommands: Command[] = [
  {
    path: ['node', 'list'],
    summary: 'list compute nodes',
    synopsis: '[--pool ID] [--filter EXPR] [--select PROPS]',
    usesApi: true,
    options: { pool: { type: 'string', value: 'ID', help: 'only the nodes of this pool' }, ...LIST_QUERY_OPTIONS },
    async run(ctx) {
      const poolId = ctx.args.string('pool') ?? '';
      const query = listQuery(ctx.args);
      await ctx.printPages(listPages(async (pageToken) => {
        const page = await ctx.api.ListNodes({ poolId, pageToken, ...query });
        return { items: page.nodes, nextPageToken: page.nextPageToken };
      }, (n) => selectJson(nodeJson(n), query.select)), selectColumns(query.select, COLUMNS));
      return 0;
    },
  },
  {
    path: ['node', 'show'],
    summary: 'show one node',
    synopsis: 'ID',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printNode(ctx, await ctx.api.GetNode({ nodeId: ctx.args.positional(0, 'node id') }));
      return 0;
    },
  },
  {
    path: ['node', 'disable'],
    summary: 'stop scheduling tasks on a node',
    synopsis: 'ID [--option requeue|terminate|taskcompletion]',
    maxPositionals: 1,
    usesApi: true,
    options: {
      option: {
        type: 'string',
        value: 'WHAT',
        help: 'what happens to running tasks: requeue, terminate, or taskcompletion (let them finish; server default)',
      },
    },
    async run(ctx) {
      const nodeId = ctx.args.positional(0, 'node id');
      const option = ctx.args.choice('option', DISABLE_OPTIONS);
      printNode(ctx, await ctx.api.DisableNodeScheduling({ nodeId, nodeDisableSchedulingOption: option ?? '' }));
      return 0;
    },
  },
  {
    path: ['node', 'enable'],
    summary: 'resume scheduling tasks on a node',
    synopsis: 'ID',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printNode(ctx, await ctx.api.EnableNodeScheduling({ nodeId: ctx.args.positional(0, 'node id') }));
      return 0;
    },
  },
  {
    path: ['node', 'preempt'],
    summary: 'take a low-priority node back after a notice period (its tasks are requeued)',
    synopsis: 'ID [--notice D] [--force]',
    details: 'The node takes no new task; its tasks find $AZ_BATCH_NODE_ROOT_DIR/preemption-notice (the deadline), get SIGTERM\n'
      + "at the deadline minus the worker's kill grace and SIGKILL at the deadline, and are requeued (requeueCount, not\n"
      + "retryCount). The node ends 'preempted'. A dedicated node only with --force (draining a borrowed machine).",
    maxPositionals: 1,
    usesApi: true,
    options: {
      notice: { type: 'string', value: 'D', help: 'the notice period, at most 1h (server default 30s)' },
      force: { type: 'boolean', help: 'preempt a dedicated node too' },
    },
    async run(ctx) {
      const nodeId = ctx.args.positional(0, 'node id');
      const { node } = await ctx.api.PreemptNode({ nodeId, noticePeriod: ctx.args.string('notice') ?? '', force: ctx.args.flag('force') });
      printNode(ctx, node!);
      return 0;
    },
  },
];
