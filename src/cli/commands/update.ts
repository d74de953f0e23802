// troupe job update | task update | pool update: Azure Batch's patches (only the options given
// change; updates.proto). Flag names are those of job create and task add.
import type { Command } from '../command.ts';
import { METADATA_OPTION, metadataOf } from '../list-options.ts';
import { printJob } from './job.ts';
import { printTask } from './task.ts';
import { printPool } from './pool.ts';

const ON_ALL_TASKS_COMPLETE = ['noaction', 'terminatejob'] as const;

export const updateCommands: Command[] = [
  {
    path: ['job', 'update'],
    summary: 'change a job: priority, max parallel tasks, constraints, on-all-tasks-complete, metadata',
    synopsis: 'J [--priority N] [--max-parallel-tasks N] [--max-wall-clock D|""] [--max-retries N] '
      + '[--on-all-tasks-complete noaction|terminatejob] [--metadata NAME=VALUE]... [--clear-metadata]',
    details: 'Only the options given change. --max-wall-clock "" makes the job unlimited; --metadata replaces\n'
      + 'the whole list, --clear-metadata empties it. A completed or terminating job cannot be changed.',
    maxPositionals: 1,
    usesApi: true,
    options: {
      priority: { type: 'string', value: 'N', help: '-1000..1000, higher runs first (applies to the next scheduling pass)' },
      'max-parallel-tasks': { type: 'string', value: 'N', help: 'at most N tasks of the job run at once (0 = unlimited)' },
      'max-wall-clock': { type: 'string', value: 'D', help: 'the job ends this long after its creation ("" = unlimited)' },
      'max-retries': { type: 'string', value: 'N', help: 'retries per failed task, for tasks added from now on (-1 = unlimited)' },
      'on-all-tasks-complete': { type: 'string', value: 'WHAT', help: 'noaction or terminatejob' },
      ...METADATA_OPTION,
      'clear-metadata': { type: 'boolean', help: 'remove every metadata item' },
    },
    async run(ctx) {
      const a = ctx.args;
      const jobId = a.positional(0, 'job id');
      const priority = a.integer('priority');
      const maxParallelTasks = a.integer('max-parallel-tasks', { min: 0 });
      const maxWallClockTime = a.string('max-wall-clock');
      const maxTaskRetryCount = a.integer('max-retries', { min: -1 });
      const onAllTasksComplete = a.choice('on-all-tasks-complete', ON_ALL_TASKS_COMPLETE);
      const metadata = metadataOf(a);
      if (metadata.length > 0 && a.flag('clear-metadata')) throw a.usageError('--metadata and --clear-metadata together: give one');
      const constraints = maxWallClockTime !== undefined || maxTaskRetryCount !== undefined
        ? { ...(maxWallClockTime !== undefined ? { maxWallClockTime } : {}), ...(maxTaskRetryCount !== undefined ? { maxTaskRetryCount } : {}) }
        : null;
      printJob(ctx, await ctx.api.PatchJob({
        jobId,
        ...(priority !== undefined ? { priority } : {}),
        ...(maxParallelTasks !== undefined ? { maxParallelTasks } : {}),
        constraints,
        ...(onAllTasksComplete !== undefined ? { onAllTasksComplete } : {}),
        metadata: metadata.length > 0 || a.flag('clear-metadata') ? { items: metadata } : null,
      }));
      return 0;
    },
  },
  {
    path: ['task', 'update'],
    summary: "change a task's constraints (a running task's node applies a new wall clock at once)",
    synopsis: '--job J --id T [--max-wall-clock D|""] [--retention D] [--max-retries N]',
    details: 'Only the options given change. The wall clock counts from the start of the running attempt:\n'
      + 'a limit already exceeded ends it (MaxWallClockTimeExceeded). A completed task cannot be changed.',
    usesApi: true,
    options: {
      job: { type: 'string', value: 'J', help: 'job id' },
      id: { type: 'string', value: 'T', help: 'task id' },
      'max-wall-clock': { type: 'string', value: 'D', help: 'kill the task after this long ("" = unlimited)' },
      retention: { type: 'string', value: 'D', help: 'keep the task directory this long after completion' },
      'max-retries': { type: 'string', value: 'N', help: 'retries after a failure, maxTaskRetryCount (-1 = unlimited)' },
      retries: { type: 'string', value: 'N', aliasOf: 'max-retries', help: 'old name of --max-retries' },
    },
    async run(ctx) {
      const a = ctx.args;
      const maxWallClockTime = a.string('max-wall-clock');
      const retentionTime = a.string('retention');
      const maxTaskRetryCount = a.integer('max-retries', { min: -1 });
      printTask(ctx, await ctx.api.UpdateTask({
        jobId: a.required('job'),
        taskId: a.required('id'),
        constraints: {
          ...(maxWallClockTime !== undefined ? { maxWallClockTime } : {}),
          ...(retentionTime !== undefined ? { retentionTime } : {}),
          ...(maxTaskRetryCount !== undefined ? { maxTaskRetryCount } : {}),
        },
      }));
      return 0;
    },
  },
  {
    path: ['pool', 'update'],
    summary: "replace a pool's metadata",
    synopsis: 'P [--metadata NAME=VALUE]... [--clear-metadata]',
    maxPositionals: 1,
    usesApi: true,
    options: { ...METADATA_OPTION, 'clear-metadata': { type: 'boolean', help: 'remove every metadata item' } },
    async run(ctx) {
      const a = ctx.args;
      const metadata = metadataOf(a);
      if (metadata.length === 0 && !a.flag('clear-metadata')) throw a.usageError('nothing to change: give --metadata NAME=VALUE or --clear-metadata');
      printPool(ctx, await ctx.api.PatchPool({ poolId: a.positional(0, 'pool id'), metadata: { items: metadata } }));
      return 0;
    },
  },
];
