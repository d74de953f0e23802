// The public gRPC API. Every handler validates its request before it touches state, and every
// failure leaves as a gRPC status with a message naming the field and the rule; nothing a client
// sends can crash the daemon.
import * as grpc from '@grpc/grpc-js';
import { encodeRepeated } from '../../protocol/grpc/lazy-messages.ts';
import { messageType } from '../../protocol/grpc/proto-descriptor.ts';
import type { AddTaskCollectionResponse } from '../../protocol/generated/troupe/v1/AddTaskCollectionResponse.ts';
import type { BatchHandlers } from '../../protocol/generated/troupe/v1/Batch.ts';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../protocol/errors.ts';
import type { JobRecord, NodeRecord, PoolRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import type { Logger } from '../../protocol/log.ts';
import { failStream, toStatus, unary } from '../../protocol/grpc/grpc-handlers.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import type { JobOperations } from '../operations/job-operations.ts';
import { readJobStatistics } from '../operations/job-statistics-read.ts';
import type { TaskOperations } from '../operations/task-operations.ts';
import type { NodeOperations } from '../operations/node-operations.ts';
import type { NodeFiles } from '../files/node-files.ts';
import type { OutputFollower } from '../files/output-follower.ts';
import { nodeFileHandlers } from './api-node-files.ts';
import { listingHandlers } from './api-listing.ts';
import { updateHandlers } from './api-updates.ts';
import type { RecordUpdates } from '../operations/record-updates.ts';
import { validateFollow } from '../validation/node-file-validation.ts';
import { validateStartTask } from '../validation/node-task-validation.ts';
import { validateJobRequest } from '../validation/job-request-validation.ts';
import { checkIdentityOnPool, validatePoolUsers } from '../validation/user-validation.ts';
import type { JobPrepTracker } from '../nodes/job-prep-tracker.ts';
import { preparationStatusToApi } from './node-task-mapping.ts';
import { WatchHub } from './watch-stream.ts';
import { tokenHandlers } from './api-tokens.ts';
import type { AutoScaleOperations } from '../autoscale/autoscale-operations.ts';
import { validatePoolAutoScale } from '../validation/autoscale-validation.ts';
import type { JobScheduleOperations } from '../schedules/job-schedule-operations.ts';
import { authorizeService, callerOf, type AuthContext } from '../auth/authorize.ts';
import type { TokenStore } from '../auth/token-store.ts';
import type { JobCredentials } from '../auth/job-credentials.ts';
import { serveLeaderService, type ApiListener, type LeaderService } from './api-listener.ts';
import { TimeSlice } from '../../protocol/time-slice.ts';
import type { PoolResizer } from '../pools/pool-resizer.ts';
import type { ProviderRegistry } from '../providers/provider-registry.ts';
import { validatePoolElastic } from '../validation/pool-scaling-validation.ts';
import { jobToApi, nodeToApi, poolToApi, subtaskToApi, taskToApi } from './api-mapping.ts';
import {
  validateAddTask, validateAddTaskCollectionInSlices, validateDisableNodeScheduling, validateId,
  validateListSubtasks, validatePool, validateTaskOutputRequest,
} from '../validation/validation.ts';

export interface ApiContext {
  state: ClusterState;
  registry: NodeRegistry;
  jobs: JobOperations;
  tasks: TaskOperations;
  nodes: NodeOperations;
  /** Files on nodes and live output (issue 4). */
  files: NodeFiles;
  follower: OutputFollower;
  jobPrep: JobPrepTracker;
  tokens: TokenStore;
  /** Job schedules (coordinator/schedules/). */
  schedules: JobScheduleOperations;
  /** Job-scoped credentials for tasks (job managers). */
  credentials?: JobCredentials;
  /** PatchJob, UpdateTask, PatchPool. */
  updates: RecordUpdates;
  /** Elastic pools: the resizer (current nodes, a deleted pool's nodes) and the providers. */
  resizer: PoolResizer;
  providers: ProviderRegistry;
  /** Autoscale formulas (a pool created with one is evaluated at once). */
  autoScale?: AutoScaleOperations;
  log: Logger;
}

export function createHandlers(ctx: ApiContext): BatchHandlers {
  const { state, registry, log } = ctx;
  const watch = new WatchHub(state, registry, log);
  const pool = (id: string): PoolRecord => {
    const p = state.pools.get(id);
    if (!p) throw new NotFoundError('pool', id);
    return p;
  };
  const node = (id: string): NodeRecord => {
    const n = state.nodes.get(id);
    if (!n) throw new NotFoundError('node', id);
    return n;
  };

  return {
    ...nodeFileHandlers(ctx.files, log),
    ...listingHandlers(state, registry, log),
    ...updateHandlers(ctx.updates, state, log),
    ListPreparationAndReleaseTaskStatus: unary(log, 'ListPreparationAndReleaseTaskStatus', (req) =>
      preparationStatusToApi(ctx.jobPrep.status(validateId('job', req.jobId)), state.jobs.get(req.jobId)!)),
    CreatePool: unary(log, 'CreatePool', async (req) => {
      const spec = { ...validatePool(req.pool), ...validatePoolUsers(req.pool as Record<string, unknown> | null) };
      const startTask = validateStartTask(req.pool?.startTask);
      const unfit = checkIdentityOnPool(startTask?.userIdentity, spec.id, spec, 'pool.startTask.userIdentity');
      if (unfit) throw unfit;
      const elastic = validatePoolElastic(req.pool);
      ctx.providers.check(elastic.nodeProvider);
      const creationTime = nowIso();
      const autoScale = validatePoolAutoScale(req.pool!, creationTime);
      const record: PoolRecord = {
        ...spec, ...(startTask ? { startTask } : {}), ...autoScale, state: 'active', creationTime,
        ...(elastic.nodeProvider ? { nodeProvider: elastic.nodeProvider } : {}),
        ...(elastic.scaling ? { scaling: { ...elastic.scaling, allocationStateTransitionTime: creationTime, resizeStartTime: creationTime } } : {}),
      };
      await state.pools.create(record.id, record);
      log.info('pool created', { poolId: record.id, nodeProvider: record.nodeProvider?.kind ?? 'manual', targetDedicatedNodes: record.scaling?.targetDedicatedNodes ?? 0 });
      if (autoScale.autoScale) {
        await ctx.autoScale?.created(record.id);
        return poolToApi(state.pools.get(record.id) ?? record, state, ctx.resizer);
      }
      return poolToApi(record, state, ctx.resizer);
    }),
    GetPool: unary(log, 'GetPool', (req) => poolToApi(pool(validateId('pool', req.poolId)), state, ctx.resizer)),
    ListPools: unary(log, 'ListPools', () => ({ pools: [...state.pools.rows.values()].map((r) => poolToApi(r.value, state, ctx.resizer)) })),
    DeletePool: unary(log, 'DeletePool', async (req) => {
      const id = validateId('pool', req.poolId);
      pool(id);
      const busy = [...state.jobs.rows.values()]
        .map((r) => r.value)
        .filter((j: JobRecord) => j.poolId === id && j.state !== 'completed');
      if (busy.length > 0) {
        throw new FailedPreconditionError(`pool '${id}' has jobs that are not completed (${busy.slice(0, 5).map((j) => j.id).join(', ')}): terminate or delete them first`);
      }
      const schedules = ctx.schedules.list({}).filter((r) => r.jobSpecification.poolId === id && r.state !== 'completed');
      if (schedules.length > 0) {
        throw new FailedPreconditionError(`pool '${id}' has job schedules that are not completed (${schedules.slice(0, 5).map((r) => r.id).join(', ')}): terminate or delete them first`);
      }
      const deleted = await state.pools.remove(id);
      log.info('pool deleted', { poolId: id });
      // Its nodes are told to leave and stop counting (node-departures.ts), its provider stops them.
      if (deleted) await ctx.resizer.poolDeleted(deleted);
      return {};
    }),

    GetNode: unary(log, 'GetNode', (req) => nodeToApi(node(validateId('node', req.nodeId)), state, registry)),
    DisableNodeScheduling: unary(log, 'DisableNodeScheduling', async (req) => {
      const cmd = validateDisableNodeScheduling(req);
      return nodeToApi(await ctx.nodes.disableScheduling(cmd.nodeId, cmd.option), state, registry);
    }),
    EnableNodeScheduling: unary(log, 'EnableNodeScheduling', async (req) => {
      const id = validateId('node', req.nodeId);
      return nodeToApi(await ctx.nodes.enableScheduling(id), state, registry);
    }),

    CreateJob: unary(log, 'CreateJob', async (req, call) =>
      jobToApi(await ctx.jobs.create(validateJobRequest(req.job, (id) => state.pools.get(id), (job, task, field) => ctx.tasks.refusal(job, task, field)), callerOf(call).name))),
    GetJob: unary(log, 'GetJob', (req) => jobToApi(ctx.jobs.get(validateId('job', req.jobId)))),
    TerminateJob: unary(log, 'TerminateJob', async (req) => {
      const id = validateId('job', req.jobId);
      if (req.terminateReason.length > 1024) throw new InvalidArgumentError('terminateReason', 'must be at most 1024 characters');
      return jobToApi(await ctx.jobs.terminate(id, req.terminateReason));
    }),
    DisableJob: unary(log, 'DisableJob', async (req) => {
      const id = validateId('job', req.jobId);
      const option = req.disableTasks || 'requeue';
      if (option !== 'requeue' && option !== 'terminate' && option !== 'wait') {
        throw new InvalidArgumentError('disableTasks', 'must be one of requeue, terminate, wait');
      }
      return jobToApi(await ctx.jobs.disable(id, option));
    }),
    EnableJob: unary(log, 'EnableJob', async (req) => jobToApi(await ctx.jobs.enable(validateId('job', req.jobId)))),
    DeleteJob: unary(log, 'DeleteJob', async (req) => {
      await ctx.jobs.delete(validateId('job', req.jobId));
      return {};
    }),
    GetTaskCounts: unary(log, 'GetTaskCounts', (req) => {
      const id = validateId('job', req.jobId);
      ctx.jobs.get(id);
      return { ...state.book(id).counts };
    }),
    GetJobStatistics: unary(log, 'GetJobStatistics', async (req) => readJobStatistics(state, ctx.jobs.get(validateId('job', req.jobId)))),

    AddTask: unary(log, 'AddTask', async (req) => {
      const { jobId, task } = validateAddTask(req);
      return taskToApi(await ctx.tasks.add(jobId, task), ctx.state);
    }),
    AddTaskCollection: unary(log, 'AddTaskCollection', async (req) => {
      const slice = new TimeSlice();
      const { jobId, results } = await validateAddTaskCollectionInSlices(req, slice);
      const refusedIds = new Set(results.flatMap((r) => (r.ok ? [] : [r.taskId])));
      const outcomes = await ctx.tasks.addMany(jobId, results.map((r) => (r.ok ? r.task : r.error)), slice, refusedIds);
      const response = outcomes.map((o, i) => {
        const taskId = results[i]!.ok ? (results[i] as { task: { id: string } }).task.id : (results[i] as { taskId: string }).taskId;
        if (o.ok) return { taskId, status: 'success' };
        const status = o.error.code === 'INTERNAL' || o.error.code === 'UNAVAILABLE' ? 'servererror' : 'clienterror';
        return { taskId, status, error: { code: o.error.code, message: o.error.message } };
      });
      // Encoded here, in slices (100,000 results took 35 ms in one call); sent as they are.
      return await encodeRepeated(messageType('troupe.v1.AddTaskCollectionResponse'), 'results', response, slice) as unknown as AddTaskCollectionResponse;
    }),
    GetTask: unary(log, 'GetTask', (req) => taskToApi(ctx.tasks.get(validateId('job', req.jobId), validateId('task', req.taskId)), ctx.state)),
    TerminateTask: unary(log, 'TerminateTask', async (req) =>
      taskToApi(await ctx.tasks.terminate(validateId('job', req.jobId), validateId('task', req.taskId)))),

    ReactivateTask: unary(log, 'ReactivateTask', async (req) =>
      taskToApi(await ctx.tasks.reactivate(validateId('job', req.jobId), validateId('task', req.taskId)), ctx.state)),
    DeleteTask: unary(log, 'DeleteTask', async (req) => {
      await ctx.tasks.delete(validateId('job', req.jobId), validateId('task', req.taskId));
      return {};
    }),

    GetTaskOutput: (call) => {
      (async () => {
        const q = validateTaskOutputRequest(call.request);
        const follow = validateFollow(call.request.follow);
        const gone = new AbortController();
        call.on('cancelled', () => gone.abort());
        call.on('close', () => gone.abort());
        if (follow && (q.subtaskId !== undefined || (q.stream !== 'stdout' && q.stream !== 'stderr'))) {
          throw new InvalidArgumentError('follow', "follows the task's (a multi-instance task's primary's) stdout or stderr only, not a subtask's or the coordination output");
        }
        const source = follow
          ? ctx.follower.follow(q.jobId, q.taskId, q.stream as 'stdout' | 'stderr', q.offset, gone.signal)
          : ctx.tasks.output(q.jobId, q.taskId, q.stream, q.offset, q.length, q.subtaskId);
        for await (const data of source) {
          if (call.cancelled) return;
          if (!call.write({ data })) await new Promise((r) => call.once('drain', r));
        }
        call.end();
      })().catch((err) => failStream(call, toStatus(log, 'GetTaskOutput', err)));
    },

    ListSubtasks: unary(log, 'ListSubtasks', (req) => {
      const q = validateListSubtasks(req);
      return { subtasks: ctx.tasks.subtasks(q.jobId, q.taskId).map(subtaskToApi) };
    }),

    Watch: watch.handle,
    ...tokenHandlers(ctx.tokens, log),
  };
}

/** The Batch service's handlers behind the gate, for callers in this process (the dashboard). */
export interface InProcessBatch { definition: grpc.ServiceDefinition; handlers: grpc.UntypedServiceImplementation }

/** The handlers of every leader service but Batch (which serveApi makes from its context), by
 *  full name: a service added to LEADER_SERVICES must be given here, or this does not compile. */
export type ServiceHandlers = Record<Exclude<LeaderService, 'troupe.v1.Batch'>, object>;

/** Serves troupe's services on the listener, every call through the gate: done once this
 *  coordinator leads (the listener answered health and reflection before). */
export function serveApi(listener: ApiListener, ctx: ApiContext, services: ServiceHandlers): InProcessBatch {
  const auth: AuthContext = {
    tokens: ctx.tokens,
    log: ctx.log,
    jobOwner: (jobId) => {
      const job = ctx.state.jobs.get(jobId);
      return job ? job.owner ?? null : undefined;
    },
    jobScheduleOwner: (id) => ctx.schedules.owner(id),
    jobState: (jobId) => ctx.state.jobs.get(jobId)?.state,
  };
  const gate = (name: LeaderService, handlers: object) => authorizeService(listener.definitions[name], handlers as grpc.UntypedServiceImplementation, auth);
  const batch = { definition: listener.definitions['troupe.v1.Batch'], handlers: gate('troupe.v1.Batch', createHandlers(ctx)) };
  serveLeaderService(listener, 'troupe.v1.Batch', batch.handlers);
  for (const [name, handlers] of Object.entries(services) as [keyof ServiceHandlers, object][]) serveLeaderService(listener, name, gate(name, handlers));
  return batch;
}
