// troupe schedule create | list | show | disable | enable | terminate | delete: Azure Batch's job
// schedules, each run making a job "<schedule>-job-<n>" of the schedule's job specification.
import { readFile } from 'node:fs/promises';
import type { JobSchedule__Output } from '../../protocol/generated/troupe/v1/JobSchedule.ts';
import { InputFileError, UsageError } from '../cli-errors.ts';
import type { Command, CommandContext } from '../command.ts';
import { jobScheduleJson, parseJobScheduleFile, parseJobSchedulePatchFile, type JobScheduleJson } from '../json/job-schedule-json.ts';
import { listPages } from '../list-pages.ts';
import { renderFields, shortTime, type Column } from '../output-format.ts';
import { JOB_SPEC_OPTIONS, jobSpecOf } from './job.ts';

const STATES = ['active', 'disabled', 'terminating', 'completed', 'deleting'] as const;

const COLUMNS: Column<JobScheduleJson>[] = [
  { header: 'ID', value: (s) => s.id },
  { header: 'STATE', value: (s) => s.state },
  { header: 'POOL', value: (s) => s.jobSpecification?.poolInfo.poolId },
  { header: 'EVERY', value: (s) => s.schedule.recurrenceInterval ?? 'once' },
  { header: 'NEXT RUN', value: (s) => shortTime(s.executionInfo.nextRunTime) },
  { header: 'RECENT JOB', value: (s) => s.executionInfo.recentJob?.id },
];

const SCHEDULE_OPTIONS = {
  'recurrence-interval': { type: 'string', value: 'D', help: 'time between two runs (at least 1s; 30s, 1h, PT1H); none = one run only' },
  'start-window': { type: 'string', value: 'D', help: 'how late after its due time a run may still start, else it is skipped (default: until the next run)' },
  'do-not-run-until': { type: 'string', value: 'TIME', help: 'no run before this ISO 8601 time (2026-12-01T08:00:00Z)' },
  'do-not-run-after': { type: 'string', value: 'TIME', help: 'no run after this time: then the schedule completes' },
} as const;

function printSchedule(ctx: CommandContext, schedule: JobSchedule__Output): void {
  const s = jobScheduleJson(schedule);
  ctx.print(s, () => renderFields([
    ['id', s.id],
    ['display name', s.displayName],
    ['state', s.state],
    ['pool', s.jobSpecification?.poolInfo.poolId],
    ['recurrence interval', s.schedule.recurrenceInterval ?? 'none (one run)'],
    ['start window', s.schedule.startWindow ?? 'until the next run'],
    ['do not run until', s.schedule.doNotRunUntil],
    ['do not run after', s.schedule.doNotRunAfter],
    ['next run', s.executionInfo.nextRunTime],
    ['recent job', s.executionInfo.recentJob?.id],
    ['created', s.creationTime],
    ['ended', s.executionInfo.endTime],
    ['owner', s.owner],
  ]));
}

function scheduleOf(ctx: CommandContext) {
  const a = ctx.args;
  return {
    recurrenceInterval: a.string('recurrence-interval') ?? '',
    startWindow: a.string('start-window') ?? '',
    doNotRunUntil: a.string('do-not-run-until') ?? '',
    doNotRunAfter: a.string('do-not-run-after') ?? '',
  };
}

async function readInput(ctx: CommandContext, file: string): Promise<string> {
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

/** The commands that act on one schedule by id and print it. */
function stateCommand(verb: 'disable' | 'enable' | 'terminate', summary: string, call: (ctx: CommandContext, jobScheduleId: string) => Promise<JobSchedule__Output>): Command {
  return {
    path: ['schedule', verb],
    summary,
    synopsis: 'S',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printSchedule(ctx, await call(ctx, ctx.args.positional(0, 'job schedule id')));
      return 0;
    },
  };
}

export const scheduleCommands: Command[] = [
  {
    path: ['schedule', 'create'],
    summary: 'create a job schedule: a job of the given job fields on each recurrence',
    synopsis: '--id S --pool P [--recurrence-interval D] [--start-window D] [--do-not-run-until T] [--do-not-run-after T] [job create\'s options] | --file FILE|-',
    details: 'Each run makes a job "<id>-job-<n>" (n = 1, 2, ...); a run waits while the previous job is active\n'
      + '(and is skipped when its start window passes). --file takes the schedule in the JSON form of\n'
      + '`schedule show -o json`: {id, displayName, schedule: {doNotRunUntil, doNotRunAfter, startWindow,\n'
      + 'recurrenceInterval}, jobSpecification: {poolInfo: {poolId}, priority, constraints, ...}}.',
    usesApi: true,
    options: {
      id: { type: 'string', value: 'S', help: 'job schedule id (1-50 letters, digits, - and _)' },
      file: { type: 'string', value: 'FILE', help: 'the whole schedule as JSON; - reads standard input' },
      ...SCHEDULE_OPTIONS,
      ...JOB_SPEC_OPTIONS,
    },
    async run(ctx) {
      const a = ctx.args;
      const file = a.string('file');
      let jobSchedule;
      if (file !== undefined) {
        const others = ['id', ...Object.keys(SCHEDULE_OPTIONS), ...Object.keys(JOB_SPEC_OPTIONS)].filter((o) => a.has(o));
        if (others.length > 0) throw new UsageError(`--file holds the whole schedule: give no --${others[0]} with it`);
        jobSchedule = parseJobScheduleFile(await readInput(ctx, file), file === '-' ? 'stdin' : file);
      } else {
        const { displayName, ...spec } = jobSpecOf(a);
        jobSchedule = {
          id: a.required('id'),
          displayName,
          schedule: scheduleOf(ctx),
          jobSpecification: spec,
        };
      }
      printSchedule(ctx, await ctx.api.CreateJobSchedule({ jobSchedule }));
      return 0;
    },
  },
  {
    path: ['schedule', 'list'],
    summary: 'list job schedules',
    synopsis: '[--state S]',
    usesApi: true,
    options: { state: { type: 'string', value: 'S', help: `only schedules in this state (${STATES.join(', ')})` } },
    async run(ctx) {
      const state = ctx.args.choice('state', STATES) ?? '';
      await ctx.printPages(listPages(async (pageToken) => {
        const page = await ctx.api.ListJobSchedules({ state, pageToken });
        return { items: page.jobSchedules, nextPageToken: page.nextPageToken };
      }, jobScheduleJson), COLUMNS);
      return 0;
    },
  },
  {
    path: ['schedule', 'show'],
    summary: 'show one job schedule',
    synopsis: 'S',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      printSchedule(ctx, await ctx.api.GetJobSchedule({ jobScheduleId: ctx.args.positional(0, 'job schedule id') }));
      return 0;
    },
  },
  {
    path: ['schedule', 'patch'],
    summary: "replace a schedule's times or job specification (jobs made before keep theirs)",
    synopsis: 'S [--recurrence-interval D] [--start-window D] [--do-not-run-until T] [--do-not-run-after T] | S --file FILE|-',
    details: 'The schedule options, when any is given, replace the whole schedule (those not given are cleared),\n'
      + 'counted from now. --file takes {schedule, jobSpecification} in the JSON form of `schedule show -o json`,\n'
      + 'each replaced when present.',
    maxPositionals: 1,
    usesApi: true,
    options: { file: { type: 'string', value: 'FILE', help: 'schedule and/or jobSpecification as JSON; - reads standard input' }, ...SCHEDULE_OPTIONS },
    async run(ctx) {
      const a = ctx.args;
      const jobScheduleId = a.positional(0, 'job schedule id');
      const file = a.string('file');
      const given = Object.keys(SCHEDULE_OPTIONS).filter((o) => a.has(o));
      if (file !== undefined && given.length > 0) throw new UsageError(`--file holds the whole patch: give no --${given[0]} with it`);
      if (file === undefined && given.length === 0) throw new UsageError('nothing to patch: give schedule options or --file');
      const patch = file !== undefined ? parseJobSchedulePatchFile(await readInput(ctx, file), file === '-' ? 'stdin' : file) : { schedule: scheduleOf(ctx) };
      printSchedule(ctx, await ctx.api.PatchJobSchedule({ jobScheduleId, ...patch }));
      return 0;
    },
  },
  stateCommand('disable', 'make no new job until enabled (the active job goes on)', (ctx, jobScheduleId) => ctx.api.DisableJobSchedule({ jobScheduleId })),
  stateCommand('enable', 'make jobs again (runs missed meanwhile are skipped)', (ctx, jobScheduleId) => ctx.api.EnableJobSchedule({ jobScheduleId })),
  stateCommand('terminate', 'end a schedule: its active job is terminated, no new one is made', (ctx, jobScheduleId) => ctx.api.TerminateJobSchedule({ jobScheduleId })),
  {
    path: ['schedule', 'delete'],
    summary: 'delete a job schedule and every job it made',
    synopsis: 'S',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const jobScheduleId = ctx.args.positional(0, 'job schedule id');
      await ctx.api.DeleteJobSchedule({ jobScheduleId });
      ctx.print({ id: jobScheduleId, deleted: true }, () => `job schedule '${jobScheduleId}' deleted`);
      return 0;
    },
  },
];
