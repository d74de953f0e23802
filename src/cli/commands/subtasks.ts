// troupe task subtasks: the instances of a multi-instance (MPI) task, one row each.
import type { Subtask__Output } from '../../protocol/generated/troupe/v1/Subtask.ts';
import type { Command } from '../command.ts';
import { renderTable, type Column } from '../output-format.ts';

/** A subtask in Azure Batch's JSON field names (SubtaskInformation). */
export interface SubtaskJson {
  id: number;
  nodeInfo: { nodeId: string; ipAddress: string };
  state: string;
  startTime: string | null;
  endTime: string | null;
  exitCode: number | null;
  result: string | null;
  failureInfo: { category: string; code: string; message: string } | null;
  slots: number;
}

export function subtaskJson(s: Subtask__Output): SubtaskJson {
  const f = s.failureInfo;
  return {
    id: s.id,
    nodeInfo: { nodeId: s.nodeId, ipAddress: s.nodeAddress },
    state: s.state,
    startTime: s.startTime || null,
    endTime: s.endTime || null,
    exitCode: s.exitCode ?? null,
    result: s.result || null,
    failureInfo: f && (f.code || f.message) ? { category: f.category, code: f.code, message: f.message } : null,
    slots: s.slots,
  };
}

const COLUMNS: Column<SubtaskJson>[] = [
  { header: 'ID', value: (s) => s.id, align: 'right' },
  { header: 'NODE', value: (s) => s.nodeInfo.nodeId },
  { header: 'ADDRESS', value: (s) => s.nodeInfo.ipAddress },
  { header: 'STATE', value: (s) => s.state },
  { header: 'EXIT', value: (s) => s.exitCode, align: 'right' },
  { header: 'RESULT', value: (s) => s.result },
  { header: 'FAILURE', value: (s) => (s.failureInfo ? `${s.failureInfo.code}: ${s.failureInfo.message}` : null) },
];

export const subtaskCommands: Command[] = [
  {
    path: ['task', 'subtasks'],
    summary: "list a multi-instance task's subtasks: node, state, exit code",
    synopsis: '--job J --id T',
    usesApi: true,
    options: {
      job: { type: 'string', value: 'J', help: 'job id' },
      id: { type: 'string', value: 'T', help: 'task id' },
    },
    async run(ctx) {
      const { subtasks } = await ctx.api.ListSubtasks({ jobId: ctx.args.required('job'), taskId: ctx.args.required('id') });
      const rows = subtasks.map(subtaskJson);
      ctx.print(rows, () => renderTable(COLUMNS, rows));
      return 0;
    },
  },
];
