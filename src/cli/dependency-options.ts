// The CLI's forms of task dependencies: `task add --depends-on a,b --depends-on-range 1:100`, and
// of a job's `--uses-task-dependencies` and `--on-task-failure`.
import type { CommandArgs, OptionSpecs } from './args.ts';
import type { TaskDependencies } from '../protocol/generated/troupe/v1/TaskDependencies.ts';

export const TASK_DEPENDENCY_OPTIONS: OptionSpecs = {
  'depends-on': { type: 'string', value: 'ID,ID', multiple: true, help: 'run only after these tasks of the job completed and satisfied it (succeeded, or exit options say satisfy)' },
  'depends-on-range': { type: 'string', value: 'FROM:TO', multiple: true, help: 'the same for the tasks whose ids are the integers FROM..TO' },
};

export const JOB_DEPENDENCY_OPTIONS: OptionSpecs = {
  'uses-task-dependencies': { type: 'boolean', help: 'its tasks may depend on one another (task add --depends-on)' },
  'on-task-failure': { type: 'string', value: 'WHAT', help: "noaction or performexitoptionsjobaction (a failed task's exit conditions may disable or terminate the job)" },
};

export function dependsOnOf(a: CommandArgs): TaskDependencies | undefined {
  const taskIds = a.list('depends-on').flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const taskIdRanges = a.list('depends-on-range').map((v) => {
    const m = /^\s*(\d+)\s*[:-]\s*(\d+)\s*$/.exec(v);
    if (!m) throw a.usageError(`--depends-on-range expects FROM:TO (two integers), got '${v}'`);
    return { start: Number(m[1]), end: Number(m[2]) };
  });
  return taskIds.length || taskIdRanges.length ? { taskIds, taskIdRanges } : undefined;
}

export function jobDependencyFieldsOf(a: CommandArgs): { usesTaskDependencies: boolean; onTaskFailure: string } {
  const onTaskFailure = a.choice('on-task-failure', ['noaction', 'performexitoptionsjobaction'] as const) ?? '';
  return { usesTaskDependencies: a.flag('uses-task-dependencies'), onTaskFailure };
}
