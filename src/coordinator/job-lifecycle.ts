// How a job record changes, as pure functions typed by the states they leave from: calling one
// on a job in another state does not type-check (callers narrow on `state` first), and the
// runtime check still guards records read back from the store.
import type { JobIn } from '../protocol/records.ts';
import { jobTransition, type JobState } from '../protocol/states.ts';

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
