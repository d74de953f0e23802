// A page of a job's tasks under a $filter. Conjuncts on the indexed properties (`state eq`,
// `executionInfo/result eq`, and/or-ed) pick the candidate positions from the job's state index
// (state/task-state-index.ts), so a rare state in a million-task job costs what its matches
// cost; the whole filter is then evaluated on each candidate. A filter with no indexed part
// evaluates at most EVALUATION_LIMIT tasks per page: the page may then come back short, even
// empty, with a token to go on from, as today's state-filtered pages do. Tokens stay positions.
import type { ClusterState } from '../state/cluster-state.ts';
import type { TaskStateIndex } from '../state/task-state-index.ts';
import { nextPosition, type PositionSet } from '../state/position-bitset.ts';
import type { TaskRecord } from '../../protocol/records/records.ts';
import type { TaskResult, TaskState } from '../../protocol/records/states.ts';
import { NotFoundError } from '../../protocol/errors.ts';
import type { FilterNode } from './odata-parser.ts';
import { compileFilter } from './odata-eval.ts';
import { TASK_PROPERTIES } from './list-properties.ts';

/** Tasks a filtered page evaluates at most (each may be decoded: completed tasks are packed). */
export const EVALUATION_LIMIT = 10_000;

export interface TaskPageQuery {
  jobId: string;
  /** ListTasksRequest.state, kept: the same as `state eq '<state>'` and-ed with the filter. */
  state?: TaskState;
  filter?: FilterNode;
  maxResults: number;
  /** The position to begin at (the previous page's token). */
  after: number;
}

/** `take` may refuse a task (the page is full by size): it then begins the next page. */
export function listTaskPage(state: ClusterState, q: TaskPageQuery, take: (t: TaskRecord) => boolean): { count: number; next?: number } {
  if (!state.jobs.get(q.jobId)) throw new NotFoundError('job', q.jobId);
  const book = state.book(q.jobId);
  const order = book.order;
  const filter = withState(q.filter, q.state);
  const matches = compileFilter(filter, TASK_PROPERTIES);
  const candidates = filter ? indexedCandidates(filter, book.stateIndex) : undefined;
  let count = 0;
  let evaluated = 0;
  let i = q.after;
  if (candidates) {
    while (count < q.maxResults) {
      const pos = nextPosition(candidates, i, order.length);
      if (pos < 0) {
        i = order.length;
        break;
      }
      i = pos;
      if (evaluated >= EVALUATION_LIMIT) break;
      evaluated++;
      const t = order[pos] ? state.task(q.jobId, order[pos]!) : undefined;
      if (t && matches(t)) {
        if (!take(t)) break;
        count++;
      }
      i = pos + 1;
    }
  } else {
    const scanEnd = filter ? Math.min(order.length, q.after + EVALUATION_LIMIT) : order.length;
    for (; i < scanEnd && count < q.maxResults; i++) {
      const id = order[i]!;
      if (id === '') continue;
      const t = state.task(q.jobId, id);
      if (!t || !matches(t)) continue;
      if (!take(t)) break;
      count++;
    }
  }
  return { count, next: i < order.length ? i : undefined };
}

function withState(filter: FilterNode | undefined, taskState: TaskState | undefined): FilterNode | undefined {
  if (!taskState) return filter;
  const byState: FilterNode = { kind: 'compare', op: 'eq', property: 'state', value: taskState, type: 'enum' };
  return filter ? { kind: 'and', left: byState, right: filter } : byState;
}

/** The positions the filter can match according to the index, or undefined when it has no
 *  indexed part that bounds it (every position is then a candidate). A superset, never less. */
export function indexedCandidates(node: FilterNode, index: TaskStateIndex): PositionSet | undefined {
  switch (node.kind) {
    case 'compare':
      if (node.op !== 'eq' || typeof node.value !== 'string') return undefined;
      if (node.property === 'state') return { kind: 'bits', bits: index.byState[node.value as TaskState] };
      if (node.property === 'executionInfo/result') return { kind: 'bits', bits: index.byResult[node.value as TaskResult] };
      return undefined;
    case 'and': {
      const left = indexedCandidates(node.left, index);
      const right = indexedCandidates(node.right, index);
      if (left && right) return { kind: 'and', left, right };
      return left ?? right;
    }
    case 'or': {
      const left = indexedCandidates(node.left, index);
      const right = indexedCandidates(node.right, index);
      return left && right ? { kind: 'or', left, right } : undefined;
    }
    default:
      return undefined;
  }
}
