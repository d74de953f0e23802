// troupe task add | add-many | list | show | terminate | output
import { dependencyStateText, dependsOnText } from '../json/dependencies-json.ts';
import { LIST_QUERY_OPTIONS, listQuery, selectColumns, selectJson } from '../list-options.ts';
import { readFile } from 'node:fs/promises';
import type { Task__Output } from '../../protocol/generated/troupe/v1/Task.ts';
import type { TaskSpec } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import type { BatchApi } from '../../protocol/grpc/batch-api.ts';
import { InputFileError } from '../cli-errors.ts';
import type { Command, CommandContext } from '../command.ts';
import { taskJson, type TaskJson } from '../json/json-form.ts';
import { renderFields, type Column } from '../output-format.ts';
import { pipeTaskOutput } from '../task-output.ts';
import { parseTaskFile } from '../json/task-file.ts';
import { TASK_SPEC_OPTIONS, TASK_SPEC_SYNOPSIS, taskSpecOf } from '../task-spec-options.ts';

/** AddTaskCollection takes at most this many tasks per call. */
export const TASK_COLLECTION_CHUNK = 5000;
/** Page size asked of ListTasks (the server allows up to 10000). */
const LIST_PAGE_SIZE = 1000;
const COMMAND_WIDTH = 60;

const TASK_STATES = ['active', 'preparing', 'running', 'completed'] as const;

/** The options that name one task. */
const TASK_REF = {
  job: { type: 'string', value: 'J', help: 'job id' },
  id: { type: 'string', value: 'T', help: 'task id' },
} as const;

const COLUMNS: Column<TaskJson>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'STATE', value: (t) => t.state },
  { header: 'RESULT', value: (t) => t.executionInfo.result },
  { header: 'EXIT', value: (t) => t.executionInfo.exitCode, align: 'right' },
  { header: 'RETRIES', value: (t) => t.executionInfo.retryCount, align: 'right' },
  { header: 'NODE', value: (t) => t.executionInfo.nodeId },
  { header: 'COMMAND', value: (t) => truncate(t.commandLine, COMMAND_WIDTH) },
];

function truncate(text: string | null, width: number): string | null {
  return text && text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function printTask(ctx: CommandContext, task: Task__Output): void {
  const t = taskJson(task);
  const info = t.executionInfo;
  const failure = info.failureInfo;
  ctx.print(t, () => renderFields([
    ['id', t.id],
    ['display name', t.displayName],
    ['command line', t.commandLine],
    ['environment', t.environmentSettings.map((e) => `${e.name}=${e.value}`).join(' ')],
    ['required slots', t.requiredSlots],
    ['required gpus', t.requiredGpus],
    ['gpus', t.gpuIds.length ? t.gpuIds.join(',') : null],
    ['user identity', userIdentityText(t.userIdentity)],
    ['max wall clock time', t.constraints.maxWallClockTime],
    ['max task retry count', t.constraints.maxTaskRetryCount ?? '(job default)'],
    ['retention time', t.constraints.retentionTime],
    ['max memory', t.constraints.maxMemoryMib ? `${t.constraints.maxMemoryMib} MiB` : null],
    ['state', t.state],
    ['created', t.creationTime],
    ['state changed', t.stateTransitionTime],
    ['node', info.nodeId],
    ['started', info.startTime],
    ['ended', info.endTime],
    ['exit code', info.exitCode],
    ['result', info.result],
    ['retries', info.retryCount],
    ['requeues', info.requeueCount],
    ['failure', failure ? [failure.category, failure.code, failure.message].filter(Boolean).join(': ') : null],
    ['CPU (user, kernel)', t.stats ? `${t.stats.userCpuTime ?? '0s'}, ${t.stats.kernelCpuTime ?? '0s'} (all attempts)` : null],
    ['wall clock', t.stats?.wallClockTime ?? null],
    ['max RSS', t.stats?.maxRssKib ? `${t.stats.maxRssKib} KiB` : null],
    ['depends on', dependsOnText(task)],
    ['dependencies', dependencyStateText(task)],
  ]));
}

function userIdentityText(u: TaskJson['userIdentity']): string {
  if (u?.userName) return `user account ${u.userName}`;
  const auto = u?.autoUser;
  return `auto-user, ${auto?.scope ?? 'pool'} scope, ${auto?.elevationLevel ?? 'nonadmin'}${u ? '' : ' (default)'}`;
}

export interface TaskCollectionOutcome {
  added: number;
  failures: { taskId: string; code: string; message: string }[];
}

/**
 * Sends the tasks in chunks the server accepts; per-task failures are collected, not thrown.
 * `outcome` is filled as chunks return, so after an error the caller still knows what got in.
 */
export async function addTaskCollection(
  api: BatchApi,
  jobId: string,
  tasks: readonly TaskSpec[],
  outcome: TaskCollectionOutcome = { added: 0, failures: [] },
): Promise<TaskCollectionOutcome> {
  for (let start = 0; start < tasks.length; start += TASK_COLLECTION_CHUNK) {
    const chunk = tasks.slice(start, start + TASK_COLLECTION_CHUNK);
    const { results } = await api.AddTaskCollection({ jobId, tasks: chunk });
    for (const r of results) {
      if (r.status === 'success') outcome.added++;
      else outcome.failures.push({ taskId: r.taskId, code: r.error?.code || r.status.toUpperCase(), message: r.error?.message ?? '' });
    }
  }
  return outcome;
}

async function readTasksInput(ctx: CommandContext, file: string): Promise<string> {
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

export const taskCommands: Command[] = [
  {
    path: ['task', 'add'],
    summary: 'add one task to a job',
    synopsis: `--job J --id T ${TASK_SPEC_SYNOPSIS} -- CMD ARG...`,
    details: 'The words after -- are the exact argv of the task (no shell is involved).\n'
      + 'With --instances N it is a multi-instance (MPI) task: N nodes of the pool at once (each whole,\n'
      + 'or --required-slots of each), the --coordination command line on every one, then CMD on the primary.',
    usesApi: true,
    allowRest: true,
    options: {
      job: { type: 'string', value: 'J', help: 'job id' },
      id: { type: 'string', value: 'T', help: 'task id, unique in the job' },
      ...TASK_SPEC_OPTIONS,
    },
    async run(ctx) {
      const jobId = ctx.args.required('job');
      const task = await ctx.api.AddTask({ jobId, task: taskSpecOf(ctx.args, ctx.args.required('id')) });
      printTask(ctx, task);
      return 0;
    },
  },
  {
    path: ['task', 'add-many'],
    summary: 'add tasks from a JSON array or JSON lines file',
    synopsis: '--job J --file FILE|-',
    details: 'The form of task show/list -o json (its read-only fields ignored), so listed tasks can be added again.\n'
      + 'Each task: {id, commandLine | commandArgs, environmentSettings: [{name, value}],\n'
      + 'constraints: {maxWallClockTime, maxTaskRetryCount, retentionTime, maxMemoryMib (MiB, or "512M")}, requiredSlots, requiredGpus, displayName,\n'
      + 'multiInstanceSettings: {numberOfInstances, coordinationCommandLine | coordinationCommandArgs, commonResourceFiles},\n'
      + 'userIdentity: {userName} | {autoUser: {scope: pool|task, elevationLevel: nonadmin|admin}},\n'
      + 'resourceFiles: [{storagePath | httpUrl | inlineContent (base64), filePath, fileMode}],\n'
      + 'outputFiles: [{filePattern, destination, uploadCondition}], applicationPackageReferences: [{applicationId, version}],\n'
      + 'authenticationTokenSettings: {access: ["job"]}, dependsOn: {taskIds: [ID...], taskIdRanges: [{start, end}]},\n'
      + 'exitConditions: {exitCodes: [{code, exitOptions: {jobAction, dependencyAction}}], exitCodeRanges: [{start, end, exitOptions}],\n'
      + '  preProcessingError, fileUploadError, default}}.\n'
      + `Sent in chunks of ${TASK_COLLECTION_CHUNK}. Exits 1 if any task was rejected.`,
    usesApi: true,
    options: {
      job: { type: 'string', value: 'J', help: 'job id' },
      file: { type: 'string', value: 'FILE', help: 'the tasks; - reads standard input' },
    },
    async run(ctx) {
      const jobId = ctx.args.required('job');
      const file = ctx.args.required('file');
      const tasks = parseTaskFile(await readTasksInput(ctx, file), file === '-' ? 'stdin' : file);
      const outcome: TaskCollectionOutcome = { added: 0, failures: [] };
      try {
        await addTaskCollection(ctx.api, jobId, tasks, outcome);
      } catch (err) {
        // Without this, a re-run's ALREADY_EXISTS failures would come as a surprise.
        if (outcome.added > 0) ctx.err(`note: ${outcome.added} tasks were added before the error`);
        throw err;
      }
      const failed = outcome.failures.length;
      ctx.print(
        { added: outcome.added, failed, failures: outcome.failures },
        () => [`added ${outcome.added}, failed ${failed}`, ...outcome.failures.map((f) => `${f.taskId}: ${f.code}: ${f.message}`)].join('\n'),
      );
      return failed > 0 ? 1 : 0;
    },
  },
  {
    path: ['task', 'list'],
    summary: "list a job's tasks (every page unless --max)",
    synopsis: '--job J [--state S] [--filter EXPR] [--select PROPS] [--max N]',
    usesApi: true,
    options: {
      job: { type: 'string', value: 'J', help: 'job id' },
      state: { type: 'string', value: 'S', help: `only tasks in this state: ${TASK_STATES.join(', ')}` },
      ...LIST_QUERY_OPTIONS,
      max: { type: 'string', value: 'N', help: 'at most N tasks' },
    },
    async run(ctx) {
      const jobId = ctx.args.required('job');
      const state = ctx.args.choice('state', TASK_STATES) ?? '';
      const max = ctx.args.integer('max', { min: 1 });
      const query = listQuery(ctx.args);
      // Printed page by page: a job of any size is listed with one page in memory.
      async function* pages(): AsyncGenerator<TaskJson[]> {
        let listed = 0;
        let pageToken = '';
        do {
          const want = max === undefined ? LIST_PAGE_SIZE : Math.min(LIST_PAGE_SIZE, max - listed);
          const page = await ctx.api.ListTasks({ jobId, state, maxResults: want, pageToken, ...query });
          const tasks = page.tasks.slice(0, max === undefined ? undefined : max - listed).map((t) => selectJson(taskJson(t), query.select));
          listed += tasks.length;
          yield tasks;
          pageToken = page.nextPageToken;
        } while (pageToken && (max === undefined || listed < max));
      }
      await ctx.printPages(pages(), selectColumns(query.select, COLUMNS));
      return 0;
    },
  },
  {
    path: ['task', 'show'],
    summary: 'show one task',
    synopsis: '--job J --id T',
    usesApi: true,
    options: {
      ...TASK_REF,
    },
    async run(ctx) {
      printTask(ctx, await ctx.api.GetTask({ jobId: ctx.args.required('job'), taskId: ctx.args.required('id') }));
      return 0;
    },
  },
  {
    path: ['task', 'terminate'],
    summary: 'kill a task (it completes with a failure, no retry)',
    synopsis: '--job J --id T',
    usesApi: true,
    options: {
      ...TASK_REF,
    },
    async run(ctx) {
      printTask(ctx, await ctx.api.TerminateTask({ jobId: ctx.args.required('job'), taskId: ctx.args.required('id') }));
      return 0;
    },
  },
  {
    path: ['task', 'reactivate'],
    summary: 'queue a failed task again, its retry count reset',
    synopsis: '--job J --id T',
    usesApi: true,
    options: { ...TASK_REF },
    async run(ctx) {
      printTask(ctx, await ctx.api.ReactivateTask({ jobId: ctx.args.required('job'), taskId: ctx.args.required('id') }));
      return 0;
    },
  },
  {
    path: ['task', 'delete'],
    summary: 'delete a task (a running one is killed first)',
    synopsis: '--job J --id T',
    usesApi: true,
    options: { ...TASK_REF },
    async run(ctx) {
      const jobId = ctx.args.required('job');
      const taskId = ctx.args.required('id');
      await ctx.api.DeleteTask({ jobId, taskId });
      ctx.print({ jobId, id: taskId, deleted: true }, () => `task '${taskId}' of job '${jobId}' deleted`);
      return 0;
    },
  },
  {
    path: ['task', 'output'],
    summary: "write a task's stdout (or stderr) to standard output, byte for byte",
    synopsis: '--job J --id T [--stderr] [--follow] [--subtask N] [--coordination]',
    usesApi: true,
    options: {
      ...TASK_REF,
      stderr: { type: 'boolean', help: "the task's stderr.txt instead of stdout.txt" },
      follow: { type: 'boolean', short: 'f', help: 'keep writing as the task writes, until it completes' },
      subtask: { type: 'string', value: 'N', help: 'multi-instance: subtask N (0 = the primary, the default)' },
      coordination: { type: 'boolean', help: "multi-instance primary: its coordination command's output" },
    },
    async run(ctx) {
      const a = ctx.args;
      const subtaskId = a.integer('subtask', { min: 0 });
      const stream = a.flag('stderr') ? 'stderr' : 'stdout';
      await pipeTaskOutput(ctx.api, {
        jobId: a.required('job'),
        taskId: a.required('id'),
        stream: a.flag('coordination') ? `coordination-${stream}` : stream,
        follow: a.flag('follow'),
        ...(subtaskId !== undefined ? { subtaskId } : {}),
      }, ctx.io.stdout);
      return 0;
    },
  },
];
