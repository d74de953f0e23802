// The dependency checks of an add request (lifecycle/dependency-check.ts) against the job as
// the coordinator holds it. Jobs that do not use dependencies, adding tasks that name none, pay
// one scan of the request for the fields.
import type { TroupeError } from '../../protocol/errors.ts';
import type { JobRecord, TaskSpecRecord } from '../../protocol/records/records.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import { checkDependencies, type ExistingTasks } from '../lifecycle/dependency-check.ts';
import { parentIdsOf } from '../state/task-dependencies.ts';

/** undefined when there is nothing to check. */
export function dependencyRefusals(
  state: ClusterState, job: JobRecord, specs: readonly (TaskSpecRecord | undefined)[], fields: readonly string[], refusedIds: ReadonlySet<string> = new Set(),
): (TroupeError | undefined)[] | undefined {
  if (!job.usesTaskDependencies && !specs.some((s) => s?.dependsOn || s?.exitConditions)) return undefined;
  const deps = state.jobDependencies(job.id);
  const existing: ExistingTasks = {
    has: (id) => state.taskState(job.id, id) !== undefined,
    waitingDependentsOf: (id) => (deps?.dependentsOf(id) ?? []).filter((d) => {
      const t = state.task(job.id, d);
      return t?.state === 'active' && t.exec.attempt === 0;
    }),
    parentsOf: (id) => {
      const t = state.task(job.id, id);
      return t ? parentIdsOf(t) : [];
    },
  };
  return checkDependencies(job, specs, fields, refusedIds, existing);
}
