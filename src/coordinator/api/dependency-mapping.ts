// Task dependencies and exit conditions, records -> API messages (dependencies.proto).
import type { TaskDependencies } from '../../protocol/generated/troupe/v1/TaskDependencies.ts';
import type { ExitConditions } from '../../protocol/generated/troupe/v1/ExitConditions.ts';
import type { ExitOptions } from '../../protocol/generated/troupe/v1/ExitOptions.ts';
import type { TaskDependencyState } from '../../protocol/generated/troupe/v1/TaskDependencyState.ts';
import type { DependencyStateRecord, ExitConditionsRecord, ExitOptionsRecord, TaskDependenciesRecord } from '../../protocol/records/dependency-records.ts';

export function dependsOnToApi(d: TaskDependenciesRecord | undefined): TaskDependencies | null {
  return d ? { taskIds: d.taskIds, taskIdRanges: d.ranges.map((r) => ({ start: r.start, end: r.end })) } : null;
}

function optionsToApi(o: ExitOptionsRecord | undefined): ExitOptions | null {
  return o ? { jobAction: o.jobAction ?? '', dependencyAction: o.dependencyAction ?? '' } : null;
}

export function exitConditionsToApi(e: ExitConditionsRecord | undefined): ExitConditions | null {
  if (!e) return null;
  return {
    exitCodes: (e.exitCodes ?? []).map((c) => ({ code: c.code, exitOptions: optionsToApi(c.options) })),
    exitCodeRanges: (e.exitCodeRanges ?? []).map((r) => ({ start: r.start, end: r.end, exitOptions: optionsToApi(r.options) })),
    preProcessingError: optionsToApi(e.preProcessingError),
    fileUploadError: optionsToApi(e.fileUploadError),
    defaultAction: optionsToApi(e.default),
  };
}

export function dependencyStateToApi(s: DependencyStateRecord | undefined): TaskDependencyState | null {
  return s ? { ...s } : null;
}
