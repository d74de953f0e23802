// The list calls (ListJobs, ListTasks, ListNodes) with Azure Batch's $filter and $select
// (listing/): a filter is parsed and checked once per call (INVALID_ARGUMENT naming the position
// and the property), pages stay byte-bounded (bounded-page.ts) and their tokens resumable.
import type { BatchHandlers } from '../../protocol/generated/troupe/v1/Batch.ts';
import { InvalidArgumentError, NotFoundError } from '../../protocol/errors.ts';
import { isJobState, JOB_STATES } from '../../protocol/records/states.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import type { Logger } from '../../protocol/log.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { callerOf } from '../auth/authorize.ts';
import { seesAllJobs } from '../auth/call-policy.ts';
import { validateId, validateKeyPage, validateListTasks } from '../validation/validation.ts';
import { JOB_KEY, jobKey, keyPage, NODE_KEY, PageBudget } from './bounded-page.ts';
import { jobToApi, nodeToApi, taskToApi } from './api-mapping.ts';
import { parseFilter } from '../listing/odata-parser.ts';
import { compileFilter } from '../listing/odata-eval.ts';
import { JOB_PROPERTIES, NODE_PROPERTIES, TASK_PROPERTIES } from '../listing/list-properties.ts';
import { applySelect, parseSelect } from '../listing/select.ts';
import { listTaskPage } from '../listing/task-listing.ts';
import { validateJobScheduleId } from '../validation/job-schedule-validation.ts';

type ListHandlers = Pick<BatchHandlers, 'ListJobs' | 'ListTasks' | 'ListNodes'>;

const text = (value: unknown, field: string): string => {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  return value;
};

export function listingHandlers(state: ClusterState, registry: NodeRegistry, log: Logger): ListHandlers {
  return {
    ListNodes: unary(log, 'ListNodes', (req) => {
      const poolId = req.poolId ? validateId('pool', req.poolId) : undefined;
      // An unknown pool is NOT_FOUND, as every unknown id is (not an empty list).
      if (poolId !== undefined && !state.pools.get(poolId)) throw new NotFoundError('pool', poolId);
      const { maxResults, afterKey } = validateKeyPage(req, NODE_KEY);
      const matches = compileFilter(parseFilter(text(req.filter, 'filter'), NODE_PROPERTIES), NODE_PROPERTIES);
      const selection = parseSelect(text(req.select, 'select'), 'troupe.v1.Node');
      const records = [...state.nodes.rows.values()].map((r) => r.value)
        .filter((n) => (!poolId || n.poolId === poolId) && (afterKey === undefined || n.id > afterKey));
      records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // Matched on their API form: a node's live state is derived there.
      const nodes = records.map((n) => ({ id: n.id, api: nodeToApi(n, state, registry) })).filter((n) => matches(n.api));
      const page = keyPage(nodes, maxResults, (n) => applySelect(n.api, selection), (n) => n.id);
      return { nodes: page.items, nextPageToken: page.nextPageToken };
    }),

    ListJobs: unary(log, 'ListJobs', (req, call) => {
      if (req.state && !isJobState(req.state)) throw new InvalidArgumentError('state', `must be empty or one of ${JOB_STATES.join(', ')}`);
      const { maxResults, afterKey } = validateKeyPage(req, JOB_KEY);
      const matches = compileFilter(parseFilter(text(req.filter, 'filter'), JOB_PROPERTIES), JOB_PROPERTIES);
      const selection = parseSelect(text(req.select, 'select'), 'troupe.v1.Job');
      if (req.jobScheduleId) validateJobScheduleId(req.jobScheduleId);
      const caller = callerOf(call);
      const owner = seesAllJobs(caller.role) ? undefined : caller.name;
      const jobs = [...state.jobs.rows.values()].map((r) => r.value)
        .filter((j) => (!req.state || j.state === req.state) && (afterKey === undefined || jobKey(j) > afterKey) && (owner === undefined || j.owner === owner)
          && (!req.jobScheduleId || j.jobScheduleId === req.jobScheduleId) && matches(j));
      jobs.sort((a, b) => (jobKey(a) < jobKey(b) ? -1 : jobKey(a) > jobKey(b) ? 1 : 0));
      const page = keyPage(jobs, maxResults, (j) => applySelect(jobToApi(j), selection), jobKey);
      return { jobs: page.items, nextPageToken: page.nextPageToken };
    }),

    ListTasks: unary(log, 'ListTasks', (req) => {
      const q = validateListTasks(req);
      const filter = parseFilter(text(req.filter, 'filter'), TASK_PROPERTIES);
      const selection = parseSelect(text(req.select, 'select'), 'troupe.v1.Task');
      const budget = new PageBudget((t: Parameters<typeof taskToApi>[0]) => applySelect(taskToApi(t, state), selection));
      const page = listTaskPage(state, { ...q, ...(filter ? { filter } : {}) }, (t) => budget.take(t));
      return { tasks: budget.items, nextPageToken: page.next === undefined ? '' : String(page.next) };
    }),
  };
}
