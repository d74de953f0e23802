// Original file: proto/troupe/v1/autoscale.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AutoScaleRun as _troupe_v1_AutoScaleRun, AutoScaleRun__Output as _troupe_v1_AutoScaleRun__Output } from '../../troupe/v1/AutoScaleRun';
import type { DisableAutoScaleRequest as _troupe_v1_DisableAutoScaleRequest, DisableAutoScaleRequest__Output as _troupe_v1_DisableAutoScaleRequest__Output } from '../../troupe/v1/DisableAutoScaleRequest';
import type { EnableAutoScaleRequest as _troupe_v1_EnableAutoScaleRequest, EnableAutoScaleRequest__Output as _troupe_v1_EnableAutoScaleRequest__Output } from '../../troupe/v1/EnableAutoScaleRequest';
import type { EvaluateAutoScaleRequest as _troupe_v1_EvaluateAutoScaleRequest, EvaluateAutoScaleRequest__Output as _troupe_v1_EvaluateAutoScaleRequest__Output } from '../../troupe/v1/EvaluateAutoScaleRequest';
import type { Pool as _troupe_v1_Pool, Pool__Output as _troupe_v1_Pool__Output } from '../../troupe/v1/Pool';

export interface AutoScaleClient extends grpc.Client {
  DisableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  DisableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  DisableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  DisableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  disableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  disableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  disableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  disableAutoScale(argument: _troupe_v1_DisableAutoScaleRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  EnableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  EnableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  EnableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  EnableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  enableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  enableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  enableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  enableAutoScale(argument: _troupe_v1_EnableAutoScaleRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  EvaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  EvaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  EvaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  EvaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  evaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  evaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  evaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  evaluateAutoScale(argument: _troupe_v1_EvaluateAutoScaleRequest, callback: grpc.requestCallback<_troupe_v1_AutoScaleRun__Output>): grpc.ClientUnaryCall;
  
}

export interface AutoScaleHandlers extends grpc.UntypedServiceImplementation {
  DisableAutoScale: grpc.handleUnaryCall<_troupe_v1_DisableAutoScaleRequest__Output, _troupe_v1_Pool>;
  
  EnableAutoScale: grpc.handleUnaryCall<_troupe_v1_EnableAutoScaleRequest__Output, _troupe_v1_Pool>;
  
  EvaluateAutoScale: grpc.handleUnaryCall<_troupe_v1_EvaluateAutoScaleRequest__Output, _troupe_v1_AutoScaleRun>;
  
}

export interface AutoScaleDefinition extends grpc.ServiceDefinition {
  DisableAutoScale: MethodDefinition<_troupe_v1_DisableAutoScaleRequest, _troupe_v1_Pool, _troupe_v1_DisableAutoScaleRequest__Output, _troupe_v1_Pool__Output>
  EnableAutoScale: MethodDefinition<_troupe_v1_EnableAutoScaleRequest, _troupe_v1_Pool, _troupe_v1_EnableAutoScaleRequest__Output, _troupe_v1_Pool__Output>
  EvaluateAutoScale: MethodDefinition<_troupe_v1_EvaluateAutoScaleRequest, _troupe_v1_AutoScaleRun, _troupe_v1_EvaluateAutoScaleRequest__Output, _troupe_v1_AutoScaleRun__Output>
}
