// Whether the tasks of one add request may be added as their dependencies and exit conditions
// say, decided before anything is stored. Azure Batch accepts a dependency on a task that never
// comes, or a cycle, and leaves the tasks waiting forever; troupe refuses them at once, naming
// the field. Pure: the job's tasks are seen through `existing`.
//
// Linear in the request's edges: every id a task names (ranges expanded) is looked at once, a
// refusal spreads to the request's tasks that depend on the refused one by one breadth-first
// pass, and cycles are found by one depth-first walk over the request's tasks.
import { InvalidArgumentError, type TroupeError } from '../../protocol/errors.ts';
import type { JobRecord, TaskSpecRecord } from '../../protocol/records/records.ts';
import type { ExitConditionsRecord, ExitOptionsRecord, JobAction } from '../../protocol/records/dependency-records.ts';

export interface ExistingTasks {
  /** A task of the job has this id. */
  has(taskId: string): boolean;
  /** Tasks of the job, not yet run, that wait on this id (only a deleted id being added again
   *  has any): a new task depending on one of them would close a cycle through the old ones. */
  waitingDependentsOf(taskId: string): readonly string[];
  /** The ids an existing task depends on. */
  parentsOf(taskId: string): readonly string[];
}

/** One entry per spec: undefined (it may be added) or why not. `specs[i]` undefined = refused
 *  earlier (its id still counts as refused in this request). */
export function checkDependencies(
  job: Pick<JobRecord, 'id' | 'usesTaskDependencies' | 'onTaskFailure'>,
  specs: readonly (TaskSpecRecord | undefined)[],
  fields: readonly string[],
  refusedIds: ReadonlySet<string>,
  existing: ExistingTasks,
): (TroupeError | undefined)[] {
  const errors: (TroupeError | undefined)[] = new Array(specs.length);
  const inRequest = new Map<string, number>();
  specs.forEach((s, i) => { if (s && !existing.has(s.id)) inRequest.set(s.id, i); });
  const parents: (string[] | undefined)[] = new Array(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    if (!s) continue;
    errors[i] = shapeError(job, s, fields[i]!) ?? unknownParent(job, s, fields[i]!, inRequest, refusedIds, existing, (ids) => { parents[i] = ids; });
  }
  spreadRefusals(specs, fields, parents, inRequest, errors);
  refuseCycles(specs, fields, parents, inRequest, existing, errors);
  return errors;
}

function shapeError(job: Pick<JobRecord, 'id' | 'usesTaskDependencies' | 'onTaskFailure'>, s: TaskSpecRecord, field: string): TroupeError | undefined {
  if (s.dependsOn && !job.usesTaskDependencies) {
    return new InvalidArgumentError(`${field}.dependsOn`, `job '${job.id}' does not use task dependencies (create the job with usesTaskDependencies)`);
  }
  const named = namedJobActions(s.exitConditions);
  if (named.length > 0 && job.onTaskFailure !== 'performexitoptionsjobaction') {
    return new InvalidArgumentError(`${field}.exitConditions.${named[0]!.field}`,
      `'${named[0]!.action}' is never taken: job '${job.id}' has onTaskFailure noaction (create it with performexitoptionsjobaction, as Azure Batch requires)`);
  }
  return undefined;
}

/** The first id the task names that is neither a task of the job nor another task of this
 *  request (or is itself); `keep` receives the expanded ids when all are fine. */
function unknownParent(
  job: Pick<JobRecord, 'id'>, s: TaskSpecRecord, field: string,
  inRequest: ReadonlyMap<string, number>, refusedIds: ReadonlySet<string>, existing: ExistingTasks, keep: (ids: string[]) => void,
): TroupeError | undefined {
  const d = s.dependsOn;
  if (!d) return undefined;
  const ids: string[] = [];
  const check = (id: string, where: string): TroupeError | undefined => {
    if (id === s.id) return new InvalidArgumentError(where, `task '${s.id}' cannot depend on itself`);
    if (existing.has(id) || inRequest.has(id)) {
      ids.push(id);
      return undefined;
    }
    if (refusedIds.has(id)) return new InvalidArgumentError(where, `depends on task '${id}', which this request adds but was refused`);
    return new InvalidArgumentError(where, `task '${id}' is neither a task of job '${job.id}' nor added in this request`);
  };
  for (let k = 0; k < d.taskIds.length; k++) {
    const e = check(d.taskIds[k]!, `${field}.dependsOn.taskIds[${k}]`);
    if (e) return e;
  }
  for (let k = 0; k < d.ranges.length; k++) {
    const r = d.ranges[k]!;
    for (let n = r.start; n <= r.end; n++) {
      const e = check(String(n), `${field}.dependsOn.taskIdRanges[${k}]`);
      if (e) return e;
    }
  }
  keep(ids);
  return undefined;
}

/** A task of the request that depends on another task of the request that is refused is
 *  refused too (it would wait on a task that never comes). */
function spreadRefusals(
  specs: readonly (TaskSpecRecord | undefined)[], fields: readonly string[], parents: readonly (string[] | undefined)[],
  inRequest: ReadonlyMap<string, number>, errors: (TroupeError | undefined)[],
): void {
  const dependents = new Map<number, number[]>();
  const refused: number[] = [];
  specs.forEach((s, i) => {
    if (!s) return;
    if (errors[i]) refused.push(i);
    for (const p of parents[i] ?? []) {
      const j = inRequest.get(p);
      if (j === undefined) continue;
      let list = dependents.get(j);
      if (!list) dependents.set(j, (list = []));
      list.push(i);
    }
  });
  for (let head = 0; head < refused.length; head++) {
    const j = refused[head]!;
    for (const i of dependents.get(j) ?? []) {
      if (errors[i]) continue;
      errors[i] = new InvalidArgumentError(`${fields[i]}.dependsOn`, `depends on ${fields[j]} ('${specs[j]!.id}'), which was refused`);
      refused.push(i);
    }
  }
}

/** Cycles through the request's tasks (and, for an id added again, through the tasks of the
 *  job that still wait on it): every task on one is refused, naming the cycle. */
function refuseCycles(
  specs: readonly (TaskSpecRecord | undefined)[], fields: readonly string[], parents: readonly (string[] | undefined)[],
  inRequest: ReadonlyMap<string, number>, existing: ExistingTasks, errors: (TroupeError | undefined)[],
): void {
  // Walk from each task to what it depends on; a grey node met again closes a cycle.
  const colour = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  const parentsOf = (id: string): readonly string[] => {
    const i = inRequest.get(id);
    if (i !== undefined) return errors[i] ? [] : parents[i] ?? [];
    return existing.parentsOf(id);
  };
  // Only ids that are on some path back to the request matter: existing tasks that do not wait
  // on a re-added id cannot lead back, so their parents are not walked.
  const leadsBack = new Set<string>();
  const queue = [...inRequest.keys()];
  for (let head = 0; head < queue.length; head++) {
    for (const d of existing.waitingDependentsOf(queue[head]!)) {
      if (inRequest.has(d) || leadsBack.has(d)) continue;
      leadsBack.add(d);
      queue.push(d);
    }
  }
  for (const [start, startIndex] of inRequest) {
    if (colour.has(start) || errors[startIndex]) continue;
    const path: string[] = [];
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    colour.set(start, 1);
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ps = parentsOf(top.id);
      if (top.next >= ps.length) {
        colour.set(top.id, 2);
        stack.pop();
        path.pop();
        continue;
      }
      const p = ps[top.next++]!;
      if (!inRequest.has(p) && !leadsBack.has(p)) continue;
      const c = colour.get(p);
      if (c === 2) continue;
      if (c === 1) {
        const cycle = [...path.slice(path.indexOf(p)), p];
        for (const id of cycle) {
          const i = inRequest.get(id);
          if (i !== undefined && !errors[i]) errors[i] = new InvalidArgumentError(`${fields[i]}.dependsOn`, `makes a cycle: ${cycle.map((x) => `'${x}'`).join(' -> ')} (each depends on the next)`);
        }
        continue;
      }
      colour.set(p, 1);
      path.push(p);
      stack.push({ id: p, next: 0 });
    }
  }
}

/** The job actions a task's exit conditions name (Azure Batch refuses them in a job whose
 *  onTaskFailure is noaction, which would never take them). */
export function namedJobActions(e: ExitConditionsRecord | undefined): { field: string; action: JobAction }[] {
  if (!e) return [];
  const named: { field: string; action: JobAction }[] = [];
  const add = (field: string, o: ExitOptionsRecord | undefined) => { if (o?.jobAction && o.jobAction !== 'none') named.push({ field, action: o.jobAction }); };
  e.exitCodes?.forEach((c, i) => add(`exitCodes[${i}].exitOptions.jobAction`, c.options));
  e.exitCodeRanges?.forEach((r, i) => add(`exitCodeRanges[${i}].exitOptions.jobAction`, r.options));
  add('preProcessingError.jobAction', e.preProcessingError);
  add('fileUploadError.jobAction', e.fileUploadError);
  add('defaultAction.jobAction', e.default);
  return named;
}
