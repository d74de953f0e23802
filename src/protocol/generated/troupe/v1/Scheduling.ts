// Original file: proto/troupe/v1/scheduling.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ExplainTaskRequest as _troupe_v1_ExplainTaskRequest, ExplainTaskRequest__Output as _troupe_v1_ExplainTaskRequest__Output } from '../../troupe/v1/ExplainTaskRequest';
import type { TaskExplanation as _troupe_v1_TaskExplanation, TaskExplanation__Output as _troupe_v1_TaskExplanation__Output } from '../../troupe/v1/TaskExplanation';

export interface SchedulingClient extends grpc.Client {
  ExplainTask(argument: _troupe_v1_ExplainTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  ExplainTask(argument: _troupe_v1_ExplainTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  ExplainTask(argument: _troupe_v1_ExplainTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  ExplainTask(argument: _troupe_v1_ExplainTaskRequest, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  explainTask(argument: _troupe_v1_ExplainTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  explainTask(argument: _troupe_v1_ExplainTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  explainTask(argument: _troupe_v1_ExplainTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  explainTask(argument: _troupe_v1_ExplainTaskRequest, callback: grpc.requestCallback<_troupe_v1_TaskExplanation__Output>): grpc.ClientUnaryCall;
  
}

export interface SchedulingHandlers extends grpc.UntypedServiceImplementation {
  ExplainTask: grpc.handleUnaryCall<_troupe_v1_ExplainTaskRequest__Output, _troupe_v1_TaskExplanation>;
  
}

export interface SchedulingDefinition extends grpc.ServiceDefinition {
  ExplainTask: MethodDefinition<_troupe_v1_ExplainTaskRequest, _troupe_v1_TaskExplanation, _troupe_v1_ExplainTaskRequest__Output, _troupe_v1_TaskExplanation__Output>
}
