// How a job record changes, as pure functions typed by the states they leave from: calling one
// on a job in another state does not type-check (callers narrow on `state` first), and the
// runtime check still guards records read back from the store.
import type { JobIn } from '../../protocol/records/records.ts';
import { jobTransition, type JobState } from '../../protocol/records/states.ts';

/** States from which a job can still be terminated. */
export type TerminableJobState = 'active' | 'disabling' | 'disabled' | 'enabling';

export function terminating(j: JobIn<TerminableJobState>, reason: string, at: string): JobIn<'terminating'> {
  return { ...j, state: jobTransition(j.state, 'terminating'), stateTransitionTime: at, terminateReason: reason };
}

/** Terminated jobs complete once their tasks have; active ones when onAllTasksComplete says so. */
export function completed(j: JobIn<'active' | 'terminating'>, at: string): JobIn<'completed'> {
  return {
    ...j,
    state: jobTransition(j.state, 'completed'),
    stateTransitionTime: at,
    endTime: at,
    terminateReason: j.terminateReason ?? 'AllTasksComplete',
  };
}

export function deleting(j: JobIn<Exclude<JobState, 'deleting'>>, at: string): JobIn<'deleting'> {
  return { ...j, state: jobTransition(j.state, 'deleting'), stateTransitionTime: at };
}

export function isTerminable(j: { state: string }): j is JobIn<TerminableJobState> {
  return j.state === 'active' || j.state === 'disabling' || j.state === 'disabled' || j.state === 'enabling';
}

export type DisableJobTasks = 'requeue' | 'terminate' | 'wait';

/** No new task starts; running ones are handled per the disable option, then it is disabled. */
export function disabling(j: JobIn<'active' | 'enabling'>, at: string): JobIn<'disabling'> {
  return { ...j, state: jobTransition(j.state, 'disabling'), stateTransitionTime: at };
}

export function disabled(j: JobIn<'disabling'>, at: string): JobIn<'disabled'> {
  return { ...j, state: jobTransition(j.state, 'disabled'), stateTransitionTime: at };
}

export function enabling(j: JobIn<'disabled' | 'disabling'>, at: string): JobIn<'enabling'> {
  return { ...j, state: jobTransition(j.state, 'enabling'), stateTransitionTime: at };
}

export function enabled(j: JobIn<'enabling'>, at: string): JobIn<'active'> {
  return { ...j, state: jobTransition(j.state, 'active'), stateTransitionTime: at };
}
