// troupe job create | list | show | terminate | delete | wait | counts | stats
import { JOB_DEPENDENCY_OPTIONS, jobDependencyFieldsOf } from '../dependency-options.ts';
import { LIST_QUERY_OPTIONS, listQuery, METADATA_OPTION, metadataOf, selectColumns, selectJson } from '../list-options.ts';
import type { Job__Output } from '../../protocol/generated/troupe/v1/Job.ts';
import type { Command, CommandContext } from '../command.ts';
import { inputName, readInputFile, refuseFieldsWithFile } from '../input-file.ts';
import { parseJobFile } from '../json/job-file.ts';
import type { CommandArgs, OptionSpecs } from '../args.ts';
import type { Job } from '../../protocol/generated/troupe/v1/Job.ts';
import { waitForJob } from '../job-waiter.ts';
import { jobJson, taskCountsJson, type JobJson, type TaskCountsJson } from '../json/json-form.ts';
import { jobStatisticsJson } from '../json/statistics-json.ts';
import { renderFields, renderTable, shortTime, type Column } from '../output-format.ts';
import { ProgressDisplay } from '../progress.ts';
import { listPages } from '../list-pages.ts';

const ON_ALL_TASKS_COMPLETE = ['noaction', 'terminatejob'] as const;

const COLUMNS: Column<JobJson>[] = [
  { header: 'ID', value: (j) => j.id },
  { header: 'POOL', value: (j) => j.poolInfo.poolId },
  { header: 'STATE', value: (j) => j.state },
  { header: 'PRIORITY', value: (j) => j.priority, align: 'right' },
  { header: 'CREATED', value: (j) => shortTime(j.creationTime) },
];

const COUNT_COLUMNS: Column<TaskCountsJson>[] = (['active', 'running', 'completed', 'succeeded', 'failed'] as const)
  .map((key) => ({ header: key.toUpperCase(), value: (c: TaskCountsJson) => c[key], align: 'right' as const }));

/** The options of a job's fields, less its id: `job create` and `schedule create` (its
 *  jobSpecification) take the same. */
export const JOB_SPEC_OPTIONS: OptionSpecs = {
  pool: { type: 'string', value: 'P', help: 'the pool whose nodes run the tasks' },
  priority: { type: 'string', value: 'N', help: '-1000..1000, higher runs first' },
  'max-retries': { type: 'string', value: 'N', help: 'retries per failed task (-1 = unlimited)' },
  'max-wall-clock': { type: 'string', value: 'D', help: 'the job ends after this long (30s, 5m, 1h30m)' },
  'max-parallel-tasks': { type: 'string', value: 'N', help: 'at most N tasks of the job run at once' },
  env: { type: 'string', value: 'K=V', multiple: true, help: 'environment for every task of the job' },
  'on-all-tasks-complete': { type: 'string', value: 'WHAT', help: 'noaction or terminatejob' },
  'display-name': { type: 'string', value: 'S', help: 'a name for people' },
  ...METADATA_OPTION,
  prep: { type: 'string', value: 'CMD', help: "job preparation task: runs on each node before the job's first task there" },
  'prep-no-wait': { type: 'boolean', help: 'tasks do not wait for the preparation task to succeed' },
  release: { type: 'string', value: 'CMD', help: "job release task: runs on each node that ran the job's tasks when the job ends" },
  'job-manager': { type: 'string', value: 'CMD', help: "job manager task: a task of the job that runs first, with a token to add the job's tasks (TROUPE_API, TROUPE_TOKEN, TROUPE_CA)" },
  'job-manager-id': { type: 'string', value: 'ID', help: "the job manager task's id (default jobmanager)" },
  'job-manager-keep-job': { type: 'boolean', help: 'the job goes on when the job manager completes (killJobOnCompletion false)' },
  'job-manager-shared': { type: 'boolean', help: "other tasks may run on the job manager's node (runExclusive false)" },
  'job-manager-no-token': { type: 'boolean', help: 'no API token for the job manager (authenticationTokenSettings access [])' },
  ...JOB_DEPENDENCY_OPTIONS,
};

/** A job's fields from JOB_SPEC_OPTIONS (the id is the caller's). */
export function jobSpecOf(a: CommandArgs): Omit<Job, 'id'> {
  const prep = a.string('prep');
  const release = a.string('release');
  const manager = a.string('job-manager');
  return {
    poolInfo: { poolId: a.required('pool') },
    displayName: a.string('display-name') ?? '',
    priority: a.integer('priority') ?? 0,
    constraints: {
      maxWallClockTime: a.string('max-wall-clock') ?? '',
      maxTaskRetryCount: a.integer('max-retries') ?? 0,
    },
    commonEnvironmentSettings: a.environment(),
    onAllTasksComplete: a.choice('on-all-tasks-complete', ON_ALL_TASKS_COMPLETE) ?? '',
    maxParallelTasks: a.integer('max-parallel-tasks', { min: 0 }) ?? 0,
    jobPreparationTask: prep === undefined ? null : { commandLine: prep, waitForSuccess: !a.flag('prep-no-wait') },
    jobReleaseTask: release === undefined ? null : { commandLine: release },
    metadata: metadataOf(a),
    ...jobDependencyFieldsOf(a),
    jobManagerTask: manager === undefined ? null : {
      id: a.string('job-manager-id') ?? 'jobmanager', commandLine: manager,
      killJobOnCompletion: !a.flag('job-manager-keep-job'), runExclusive: !a.flag('job-manager-shared'),
      ...(a.flag('job-manager-no-token') ? { authenticationTokenSettings: { access: [] } } : {}),
    },
  };
}

export function renderCounts(counts: TaskCountsJson): string {
  return renderTable(COUNT_COLUMNS, [counts]);
}

export function printJob(ctx: CommandContext, job: Job__Output): void {
  const j = jobJson(job);
  ctx.print(j, () => renderFields([
    ['id', j.id],
    ['display name', j.displayName],
    ['pool', j.poolInfo.poolId],
    ['state', j.state],
    ['priority', j.priority],
    ['max wall clock time', j.constraints.maxWallClockTime],
    ['max task retry count', j.constraints.maxTaskRetryCount],
    ['max parallel tasks', j.maxParallelTasks || 'unlimited'],
    ['on all tasks complete', j.onAllTasksComplete],
    ['environment', j.commonEnvironmentSettings.map((e) => `${e.name}=${e.value}`).join(' ')],
    ['created', j.creationTime],
    ['started', j.executionInfo.startTime],
    ['ended', j.executionInfo.endTime],
    ['terminate reason', j.executionInfo.terminateReason],
    ['preparation task', j.jobPreparationTask?.commandLine ?? null],
    ['release task', j.jobReleaseTask?.commandLine ?? null],
    ['job manager task', j.jobManagerTask ? `${j.jobManagerTask.id}: ${j.jobManagerTask.commandLine}` : null],
    ['metadata', j.metadata.map((m) => `${m.name}=${m.value}`).join(' ')],
    ['uses task dependencies', j.usesTaskDependencies ? 'yes' : null],
    ['on task failure', j.onTaskFailure],
  ]));
}

export const jobCommands: Command[] = [
  {
    path: ['job', 'create'],
    summary: 'create a job on a pool',
    synopsis: '--id J --pool P [--priority N] [--max-retries N] [--max-wall-clock D] [--env K=V]... '
      + "[--on-all-tasks-complete noaction|terminatejob] [--prep 'CMD' [--prep-no-wait]] [--release 'CMD'] "
      + "[--job-manager 'CMD' [--job-manager-id ID] [--job-manager-keep-job] [--job-manager-shared] [--job-manager-no-token]] | --file FILE|- [--id J]",
    details: '--file takes a job in the form of job show -o json (its read-only fields ignored), so a shown job can be created again.',
    usesApi: true,
    options: {
      id: { type: 'string', value: 'J', help: 'job id (with --file: instead of the file\'s)' },
      file: { type: 'string', value: 'FILE', help: 'the job as JSON (job show -o json); - reads standard input' },
      ...JOB_SPEC_OPTIONS,
    },
    async run(ctx) {
      const file = ctx.args.string('file');
      if (file !== undefined) {
        refuseFieldsWithFile(ctx.args, Object.keys(JOB_SPEC_OPTIONS), 'job');
        const fromFile = parseJobFile(await readInputFile(ctx, file), inputName(file));
        printJob(ctx, await ctx.api.CreateJob({ job: { ...fromFile, id: ctx.args.string('id') ?? fromFile.id } }));
        return 0;
      }
      const job = await ctx.api.CreateJob({ job: { id: ctx.args.required('id'), ...jobSpecOf(ctx.args) } });
      printJob(ctx, job);
      return 0;
    },
  },
  {
    path: ['job', 'list'],
    summary: 'list jobs',
    synopsis: '[--state S] [--schedule S] [--filter EXPR] [--select PROPS]',
    usesApi: true,
    options: {
      state: { type: 'string', value: 'S', help: 'only jobs in this state (active, completed, ...)' },
      schedule: { type: 'string', value: 'S', help: 'only the jobs this job schedule made' },
      ...LIST_QUERY_OPTIONS,
    },
    async run(ctx) {
      const state = ctx.args.string('state') ?? '';
      const jobScheduleId = ctx.args.string('schedule') ?? '';
      const query = listQuery(ctx.args);
      await ctx.printPages(listPages(async (pageToken) => {
        const page = await ctx.api.ListJobs({ state, pageToken, jobScheduleId, ...query });
        return { items: page.jobs, nextPageToken: page.nextPageToken };
      }, (j) => selectJson(jobJson(j), query.select)), selectColumns(query.select, COLUMNS));
      return 0;
    },
  },
  {
    path: ['job', 'show'],
    summary: 'show one job',
    synopsis: 'J',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printJob(ctx, await ctx.api.GetJob({ jobId: ctx.args.positional(0, 'job id') }));
      return 0;
    },
  },
  {
    path: ['job', 'terminate'],
    summary: 'end a job: running tasks are killed, no new task starts',
    synopsis: 'J [--reason S]',
    maxPositionals: 1,
    usesApi: true,
    options: { reason: { type: 'string', value: 'S', help: 'recorded as executionInfo.terminateReason' } },
    async run(ctx) {
      const jobId = ctx.args.positional(0, 'job id');
      printJob(ctx, await ctx.api.TerminateJob({ jobId, terminateReason: ctx.args.string('reason') ?? '' }));
      return 0;
    },
  },
  {
    path: ['job', 'disable'],
    summary: 'stop starting tasks of a job (running ones: requeue, terminate or wait)',
    synopsis: 'J [--option requeue|terminate|wait]',
    maxPositionals: 1,
    usesApi: true,
    options: {
      option: {
        type: 'string',
        value: 'WHAT',
        help: 'what happens to running tasks: requeue (server default), terminate, or wait (let them finish)',
      },
    },
    async run(ctx) {
      const jobId = ctx.args.positional(0, 'job id');
      const option = ctx.args.choice('option', ['requeue', 'terminate', 'wait'] as const);
      printJob(ctx, await ctx.api.DisableJob({ jobId, disableTasks: option ?? '' }));
      return 0;
    },
  },
  {
    path: ['job', 'enable'],
    summary: 'start scheduling the tasks of a disabled job again',
    synopsis: 'J',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printJob(ctx, await ctx.api.EnableJob({ jobId: ctx.args.positional(0, 'job id') }));
      return 0;
    },
  },
  {
    path: ['job', 'delete'],
    summary: 'delete a job and its tasks',
    synopsis: 'J',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const jobId = ctx.args.positional(0, 'job id');
      await ctx.api.DeleteJob({ jobId });
      ctx.print({ id: jobId, deleted: true }, () => `job '${jobId}' deleted`);
      return 0;
    },
  },
  {
    path: ['job', 'counts'],
    summary: "count a job's tasks by state",
    synopsis: 'J',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const counts = taskCountsJson(await ctx.api.GetTaskCounts({ jobId: ctx.args.positional(0, 'job id') }));
      ctx.print(counts, () => renderCounts(counts));
      return 0;
    },
  },
  {
    path: ['job', 'stats'],
    summary: "a job's statistics: task counts, CPU and wall time, retries, task durations (like sacct)",
    synopsis: 'J',
    details: "Over the job's completed tasks; CPU times and max RSS are those of each task's processes (troupe-spawner's wait4).",
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const stats = jobStatisticsJson(await ctx.api.GetJobStatistics({ jobId: ctx.args.positional(0, 'job id') }));
      ctx.print(stats, () => renderJobStatistics(stats));
      return 0;
    },
  },
  {
    path: ['job', 'wait'],
    summary: "wait until no task of the job is queued or running",
    synopsis: 'J',
    details: 'Shows progress on stderr. Exits 0 when every task succeeded, 1 otherwise.',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const jobId = ctx.args.positional(0, 'job id');
      const progress = new ProgressDisplay(ctx.io.stderr);
      const result = await waitForJob(ctx.api, jobId, { onProgress: (c) => progress.update(c) });
      progress.finish(result.counts);
      ctx.print(
        { jobId, state: result.jobState, allSucceeded: result.allSucceeded, counts: result.counts },
        () => `${renderCounts(result.counts)}\n${describeOutcome(jobId, result.jobState, result.counts, result.allSucceeded)}`,
      );
      return result.allSucceeded ? 0 : 1;
    },
  },
];

export function renderJobStatistics(s: ReturnType<typeof jobStatisticsJson>): string {
  const c = s.taskCounts;
  return renderFields([
    ['job', s.jobId],
    ['tasks', `${c.active} active, ${c.running} running, ${c.completed} completed (${c.succeeded} succeeded, ${c.failed} failed)`],
    ['retries', s.numTaskRetries],
    ['requeues', s.numTaskRequeues],
    ['user CPU', s.userCpuTime],
    ['kernel CPU', s.kernelCpuTime],
    ['wall clock', s.wallClockTime],
    ['wait', s.waitTime],
    ['task duration', s.minTaskDuration === null ? null : `min ${s.minTaskDuration}, avg ${s.avgTaskDuration}, max ${s.maxTaskDuration}`],
    ['max RSS', s.maxRssKib ? `${s.maxRssKib} KiB` : null],
    ['started', s.startTime],
  ]);
}

export function describeOutcome(jobId: string, jobState: string, c: TaskCountsJson, ok: boolean): string {
  if (ok) return `job '${jobId}': all ${c.completed} tasks succeeded`;
  const unfinished = c.active + c.running;
  const parts = [`${c.failed} failed`];
  if (unfinished > 0) parts.push(`${unfinished} never finished (job ${jobState})`);
  return `job '${jobId}': ${c.succeeded} of ${c.active + c.running + c.completed} tasks succeeded, ${parts.join(', ')}`;
}
