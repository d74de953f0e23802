// An in-memory troupe API for the CLI tests: the real gRPC service definition and wire format,
// none of the coordinator. Tests drive task state by hand (finishTask) and read back every
// request the CLI sent (calls).
import * as grpc from '@grpc/grpc-js';
import { PassThrough } from 'node:stream';
import { loadServiceClient } from '../../src/protocol/grpc/proto.ts';
import { API_CLIENT_SERVICES } from '../../src/protocol/grpc/api-services.ts';
import type { CliIo } from '../../src/cli/command.ts';
import type { Job } from '../../src/protocol/generated/troupe/v1/Job.ts';
import type { Node } from '../../src/protocol/generated/troupe/v1/Node.ts';
import type { Pool } from '../../src/protocol/generated/troupe/v1/Pool.ts';
import type { Task } from '../../src/protocol/generated/troupe/v1/Task.ts';
import type { TaskSpec } from '../../src/protocol/generated/troupe/v1/TaskSpec.ts';
import type { WatchEvent } from '../../src/protocol/generated/troupe/v1/WatchEvent.ts';

type Handler = (request: any) => unknown;

export class FakeBatch {
  readonly calls: { method: string; request: any }[] = [];
  readonly pools = new Map<string, Pool>();
  readonly nodes = new Map<string, Node>();
  readonly jobs = new Map<string, Job>();
  /** jobId -> taskId -> task, in insertion order (ListTasks pages follow it). */
  readonly tasks = new Map<string, Map<string, Task>>();
  readonly outputs = new Map<string, { stdout: Buffer; stderr: Buffer }>();
  private readonly watchers = new Set<{ jobId: string; call: grpc.ServerWritableStream<any, WatchEvent> }>();

  addNode(node: Node): void {
    this.nodes.set(node.id!, node);
  }

  /** Moves a task to completed with the given exit code, and tells the watchers. */
  finishTask(jobId: string, taskId: string, exitCode: number): void {
    const task = this.task(jobId, taskId);
    task.state = 'completed';
    task.executionInfo = { exitCode, result: exitCode === 0 ? 'success' : 'failure', nodeId: 'n1', retryCount: 0 };
    this.emit(jobId, { task });
  }

  setTaskState(jobId: string, taskId: string, state: string): void {
    const task = this.task(jobId, taskId);
    task.state = state;
    this.emit(jobId, { task });
  }

  private emit(jobId: string, event: WatchEvent): void {
    for (const w of this.watchers) if (!w.jobId || w.jobId === jobId) w.call.write(event);
  }

  private task(jobId: string, taskId: string): Task {
    const task = this.tasks.get(jobId)?.get(taskId);
    if (!task) throw fail(grpc.status.NOT_FOUND, `task '${taskId}' does not exist`);
    return task;
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw fail(grpc.status.NOT_FOUND, `job '${jobId}' does not exist`);
    return job;
  }

  private insertTask(jobId: string, spec: TaskSpec): Task {
    const tasks = this.tasks.get(jobId)!;
    if (tasks.has(spec.id!)) throw fail(grpc.status.ALREADY_EXISTS, `task '${spec.id}' already exists`);
    const task: Task = {
      ...spec,
      jobId,
      commandLine: spec.commandArgs?.length ? spec.commandArgs.join(' ') : spec.commandLine,
      state: 'active',
      creationTime: '2025-01-02T03:04:05.678Z',
    };
    tasks.set(spec.id!, task);
    this.emit(jobId, { task });
    return task;
  }

  readonly unary: Record<string, Handler> = {
    CreatePool: ({ pool }) => {
      if (this.pools.has(pool.id)) throw fail(grpc.status.ALREADY_EXISTS, `pool '${pool.id}' already exists`);
      const created = { ...pool, state: 'active', creationTime: '2025-01-02T03:04:05.678Z' };
      this.pools.set(pool.id, created);
      return created;
    },
    GetPool: ({ poolId }) => this.pools.get(poolId) ?? raise(grpc.status.NOT_FOUND, `pool '${poolId}' does not exist`),
    ListPools: () => ({ pools: [...this.pools.values()] }),
    DeletePool: ({ poolId }) => (this.pools.delete(poolId), {}),
    ListNodes: ({ poolId }) => ({ nodes: [...this.nodes.values()].filter((n) => !poolId || n.poolId === poolId) }),
    GetNode: ({ nodeId }) => this.nodes.get(nodeId) ?? raise(grpc.status.NOT_FOUND, `node '${nodeId}' does not exist`),
    DisableNodeScheduling: ({ nodeId }) => ({ ...this.nodes.get(nodeId), schedulingState: 'disabled' }),
    EnableNodeScheduling: ({ nodeId }) => ({ ...this.nodes.get(nodeId), schedulingState: 'enabled' }),
    CreateJob: ({ job }) => {
      if (this.jobs.has(job.id)) throw fail(grpc.status.ALREADY_EXISTS, `job '${job.id}' already exists`);
      const created = { ...job, state: 'active', creationTime: '2025-01-02T03:04:05Z' };
      this.jobs.set(job.id, created);
      this.tasks.set(job.id, new Map());
      return created;
    },
    GetJob: ({ jobId }) => this.job(jobId),
    ListJobs: () => ({ jobs: [...this.jobs.values()] }),
    TerminateJob: ({ jobId, terminateReason }) => {
      const job = this.job(jobId);
      job.state = 'completed';
      job.executionInfo = { terminateReason };
      this.emit(jobId, { job });
      return job;
    },
    DeleteJob: ({ jobId }) => (this.job(jobId), this.jobs.delete(jobId), {}),
    GetTaskCounts: ({ jobId }) => {
      this.job(jobId);
      const all = [...this.tasks.get(jobId)!.values()];
      const completed = all.filter((t) => t.state === 'completed');
      return {
        active: all.filter((t) => t.state === 'active').length,
        running: all.filter((t) => t.state === 'running' || t.state === 'preparing').length,
        completed: completed.length,
        succeeded: completed.filter((t) => t.executionInfo?.result === 'success').length,
        failed: completed.filter((t) => t.executionInfo?.result === 'failure').length,
      };
    },
    AddTask: ({ jobId, task }) => (this.job(jobId), this.insertTask(jobId, task)),
    AddTaskCollection: ({ jobId, tasks }) => {
      this.job(jobId);
      return {
        results: tasks.map((spec: TaskSpec) => {
          try {
            this.insertTask(jobId, spec);
            return { taskId: spec.id, status: 'success' };
          } catch (err) {
            return { taskId: spec.id, status: 'clienterror', error: { code: 'ALREADY_EXISTS', message: (err as Error & { details: string }).details } };
          }
        }),
      };
    },
    GetTask: ({ jobId, taskId }) => this.task(jobId, taskId),
    ListTasks: ({ jobId, state, maxResults, pageToken }) => {
      this.job(jobId);
      const all = [...this.tasks.get(jobId)!.values()].filter((t) => !state || t.state === state);
      const start = Number(pageToken || 0);
      const end = start + (maxResults || 1000);
      return { tasks: all.slice(start, end), nextPageToken: end < all.length ? String(end) : '' };
    },
    TerminateTask: ({ jobId, taskId }) => {
      this.finishTask(jobId, taskId, 137);
      return this.task(jobId, taskId);
    },
  };

  async start(): Promise<{ address: string; stop(): void }> {
    const server = new grpc.Server();
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [name, handler] of Object.entries(this.unary)) {
      implementation[name] = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
        this.calls.push({ method: name, request: call.request });
        try {
          callback(null, handler(call.request));
        } catch (err) {
          callback(err as grpc.ServiceError);
        }
      };
    }
    implementation.GetTaskOutput = (call: grpc.ServerWritableStream<any, any>) => {
      this.calls.push({ method: 'GetTaskOutput', request: call.request });
      const output = this.outputs.get(`${call.request.jobId}/${call.request.taskId}`);
      if (!output) return call.destroy(fail(grpc.status.NOT_FOUND, 'no output'));
      const data = call.request.stream === 'stderr' ? output.stderr : output.stdout;
      // Small chunks, so the client must concatenate.
      for (let i = 0; i < data.length; i += 4) call.write({ data: data.subarray(i, i + 4) });
      call.end();
    };
    implementation.Watch = (call: grpc.ServerWritableStream<any, WatchEvent>) => {
      this.calls.push({ method: 'Watch', request: call.request });
      const { jobId, includeInitial } = call.request;
      const watcher = { jobId, call };
      if (includeInitial) {
        const job = this.jobs.get(jobId);
        if (job) call.write({ job });
        for (const task of this.tasks.get(jobId)?.values() ?? []) call.write({ task });
        call.write({ initialSyncDone: true });
      }
      this.watchers.add(watcher);
      call.on('cancelled', () => this.watchers.delete(watcher));
    };
    // Each of the API's services gets the handlers of its own methods (api-services.ts).
    for (const service of API_CLIENT_SERVICES) server.addService(loadServiceClient(service).service, implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    return {
      address: `127.0.0.1:${port}`,
      stop: () => {
        for (const w of this.watchers) w.call.end();
        server.forceShutdown();
      },
    };
  }
}

function fail(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

function raise(code: grpc.status, details: string): never {
  throw fail(code, details);
}

/** A CliIo whose output the test reads back. */
export function captureIo(opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (d: Buffer) => chunks.out.push(d));
  stderr.on('data', (d: Buffer) => chunks.err.push(d));
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? '');
  const io: CliIo = { stdout, stderr, stdin, env: opts.env ?? {} };
  return {
    io,
    stdout: () => Buffer.concat(chunks.out).toString('utf8'),
    stdoutBytes: () => Buffer.concat(chunks.out),
    stderr: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}
