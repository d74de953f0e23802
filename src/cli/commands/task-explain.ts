// troupe task explain J T: why a task is not running, from the scheduler's own view
// (troupe.v1.Scheduling ExplainTask). One line per reason, those that keep it from starting first.
import type { Command, CommandContext } from '../command.ts';
import type { TaskExplanation__Output } from '../../protocol/generated/troupe/v1/TaskExplanation.ts';
import type { WaitReason__Output } from '../../protocol/generated/troupe/v1/WaitReason.ts';

/** The ids as `J T`, or as the --job/--id of the other task commands. */
function taskRef(ctx: CommandContext): { jobId: string; taskId: string } {
  const a = ctx.args;
  if (a.positionals.length > 0) {
    if (a.string('job') !== undefined || a.string('id') !== undefined) throw a.usageError('give the task as J T or as --job J --id T, not both');
    return { jobId: a.positional(0, 'job id'), taskId: a.positional(1, 'task id') };
  }
  return { jobId: a.required('job'), taskId: a.required('id') };
}

const LONG_FIELDS = new Set(['tasksAhead', 'queuePosition']);

/** The JSON form: Azure-style camelCase, only the fields a reason sets. */
function reasonJson(r: WaitReason__Output): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: r.kind, blocking: r.blocking, message: r.message };
  for (const [k, v] of Object.entries(r)) {
    if (k in out) continue;
    const unset = Array.isArray(v) ? v.length === 0 : v === '' || v === 0 || v === '0' || v === false || v === null;
    // uint64 counts come as strings (longs: String); they are far below 2^53.
    if (!unset) out[k] = LONG_FIELDS.has(k) ? Number(v) : v;
  }
  return out;
}

function explanationText(e: TaskExplanation__Output): string {
  const head = `task '${e.taskId}' of job '${e.jobId}': ${e.state}${e.state === 'active' ? (e.eligible ? ', eligible to start' : ', waiting') : ''}`;
  const lines = e.reasons.map((r) => `  ${r.kind === 'eligible' ? 'ok' : r.blocking ? 'blocked' : 'note'}  ${r.kind}: ${r.message}`);
  return [head, ...lines].join('\n');
}

export const taskExplainCommands: Command[] = [
  {
    path: ['task', 'explain'],
    summary: "why a task is not running, from the scheduler's own view",
    synopsis: 'J T',
    details: 'Reasons in the order they bite: dependencies, the job (disabled, maxParallelTasks), the pool\n'
      + '(no node, none schedulable, slots, a multi-instance gang, nodes a failed preparation excludes),\n'
      + 'then jobs ahead by priority and the place in its job\'s queue. -o json gives each reason\'s fields.',
    maxPositionals: 2,
    usesApi: true,
    options: {
      job: { type: 'string', value: 'J', help: 'job id (instead of the first argument)' },
      id: { type: 'string', value: 'T', help: 'task id (instead of the second argument)' },
    },
    async run(ctx) {
      const e = await ctx.api.ExplainTask(taskRef(ctx));
      ctx.print({ jobId: e.jobId, taskId: e.taskId, state: e.state, eligible: e.eligible, reasons: e.reasons.map(reasonJson) }, () => explanationText(e));
      return 0;
    },
  },
];
