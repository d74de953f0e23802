// troupe's gRPC services as grpc-js takes them (server.addService, client constructors), built on
// the protobufjs reflection of proto-descriptor.ts: one loader for Batch, Storage and
// RemoteLaunch, serialisers made at a method's first call.
import * as grpc from '@grpc/grpc-js';
import { serviceMethods } from './proto-descriptor.ts';
import type { ProtoGrpcType as BatchProto } from '../generated/batch_service.ts';
import type { ProtoGrpcType as StorageProto } from '../generated/storage.ts';
import type { ProtoGrpcType as RemoteLaunchProto } from '../generated/remote_launch.ts';
import type { ProtoGrpcType as TerminalProto } from '../generated/terminal.ts';
import type { ProtoGrpcType as NodeTerminalProto } from '../generated/node_terminal.ts';
import type { ProtoGrpcType as PoolScalingProto } from '../generated/pool_scaling.ts';
import type { ProtoGrpcType as NodeControlProto } from '../generated/node_control.ts';
import type { ProtoGrpcType as SchedulingProto } from '../generated/scheduling.ts';

function serviceDefinition(fullName: string, lazyRequestFields: Record<string, string> = {}, encodedResponses: readonly string[] = [], strictRequests = false): grpc.ServiceDefinition {
  const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const m of serviceMethods(fullName, lazyRequestFields, strictRequests)) {
    const encode = m.response.encode;
    definition[m.name] = {
      path: m.path,
      requestStream: m.requestStream,
      responseStream: m.responseStream,
      requestSerialize: m.request.encode,
      requestDeserialize: m.request.decode,
      // A response the handler encoded itself (once, for many streams) goes out as it is.
      responseSerialize: encodedResponses.includes(m.name)
        ? (value: object) => (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : encode(value))
        : encode,
      responseDeserialize: m.response.decode,
      // As proto-loader names them: clients get `listPools` beside `ListPools`.
      originalName: m.name[0]!.toLowerCase() + m.name.slice(1),
    };
  }
  return definition as grpc.ServiceDefinition;
}

const loaded = new Map<string, unknown>();

/** One service's package, as grpc.loadPackageDefinition makes it: a client constructor with
 *  `.service` under its package path. */
function loadService<T>(fullName: string): T {
  if (!loaded.has(fullName)) loaded.set(fullName, grpc.loadPackageDefinition({ [fullName]: serviceDefinition(fullName) }));
  return loaded.get(fullName) as T;
}

export function loadTroupeProto(): BatchProto {
  return loadService<BatchProto>('troupe.v1.Batch');
}

/** The Batch service for the coordinator's server: an AddTaskCollection's tasks arrive as
 *  LazyMessages (decoded one by one, in the handler's slices), not as an array, and its response
 *  and Watch's events may be bytes the handler encoded itself. A request with a field the
 *  server does not know is refused (unknown-fields.ts). */
export function batchServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.Batch', { AddTaskCollection: 'tasks' }, ['Watch', 'AddTaskCollection'], true);
}

/** Encodes a WatchEvent as the Watch stream sends it: one encoding for many watchers. */
export function encodeWatchEvent(event: object): Buffer {
  watchCodec ??= serviceMethods('troupe.v1.Batch').find((m) => m.name === 'Watch')!.response;
  return watchCodec.encode(event);
}
let watchCodec: { encode(value: object): Buffer } | undefined;

export function loadStorageProto(): StorageProto {
  return loadService<StorageProto>('troupe.v1.Storage');
}

export function loadRemoteLaunchProto(): RemoteLaunchProto['troupe']['internal']['v1'] {
  return loadService<RemoteLaunchProto>('troupe.internal.v1.RemoteLaunch').troupe.internal.v1;
}

/** The public Storage service for the coordinator's server; its requests, and every message of
 *  its uploads, are checked for unknown fields (storage-service.ts refuses a stream's). */
export function storageServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.Storage', {}, [], true);
}

/** The public JobSchedules service; its requests are checked for unknown fields. */
export function jobSchedulesServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.JobSchedules', {}, [], true);
}

/** A client constructor of one of the public services, as grpc.loadPackageDefinition makes it. */
export function loadServiceClient(fullName: string): grpc.ServiceClientConstructor {
  let node = loadService<Record<string, unknown>>(fullName) as unknown;
  for (const part of fullName.split('.')) node = (node as Record<string, unknown>)[part];
  return node as grpc.ServiceClientConstructor;
}

/** The public Terminal service (exec, attach); its requests are checked for unknown fields. */
export function terminalServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.Terminal', {}, [], true);
}

export function loadTerminalProto(): TerminalProto['troupe']['v1'] {
  return loadService<TerminalProto>('troupe.v1.Terminal').troupe.v1;
}

/** The public PoolScaling service (resize, node removal and reboot, node counts). */
export function poolScalingServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.PoolScaling', {}, [], true);
}

export function loadPoolScalingProto(): PoolScalingProto['troupe']['v1'] {
  return loadService<PoolScalingProto>('troupe.v1.PoolScaling').troupe.v1;
}

/** The public NodeControl service (PreemptNode); its requests are checked for unknown fields. */
export function nodeControlServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.NodeControl', {}, [], true);
}

export function loadNodeControlProto(): NodeControlProto['troupe']['v1'] {
  return loadService<NodeControlProto>('troupe.v1.NodeControl').troupe.v1;
}

/** The worker's side of Terminal, which only the coordinator calls. */
export function loadNodeTerminalProto(): NodeTerminalProto['troupe']['internal']['v1'] {
  return loadService<NodeTerminalProto>('troupe.internal.v1.NodeTerminal').troupe.internal.v1;
}

/** The public Scheduling service (ExplainTask); its requests are checked for unknown fields. */
export function schedulingServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.Scheduling', {}, [], true);
}

export function loadSchedulingProto(): SchedulingProto['troupe']['v1'] {
  return loadService<SchedulingProto>('troupe.v1.Scheduling').troupe.v1;
}

/** The public AutoScale service (autoscale formulas on pools); its requests are checked for
 *  unknown fields. */
export function autoScaleServerDefinition(): grpc.ServiceDefinition {
  return serviceDefinition('troupe.v1.AutoScale', {}, [], true);
}
