// Original file: proto/troupe/v1/node_control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PreemptNodeRequest as _troupe_v1_PreemptNodeRequest, PreemptNodeRequest__Output as _troupe_v1_PreemptNodeRequest__Output } from '../../troupe/v1/PreemptNodeRequest';
import type { PreemptNodeResponse as _troupe_v1_PreemptNodeResponse, PreemptNodeResponse__Output as _troupe_v1_PreemptNodeResponse__Output } from '../../troupe/v1/PreemptNodeResponse';

export interface NodeControlClient extends grpc.Client {
  PreemptNode(argument: _troupe_v1_PreemptNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  PreemptNode(argument: _troupe_v1_PreemptNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  PreemptNode(argument: _troupe_v1_PreemptNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  PreemptNode(argument: _troupe_v1_PreemptNodeRequest, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  preemptNode(argument: _troupe_v1_PreemptNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  preemptNode(argument: _troupe_v1_PreemptNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  preemptNode(argument: _troupe_v1_PreemptNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  preemptNode(argument: _troupe_v1_PreemptNodeRequest, callback: grpc.requestCallback<_troupe_v1_PreemptNodeResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface NodeControlHandlers extends grpc.UntypedServiceImplementation {
  PreemptNode: grpc.handleUnaryCall<_troupe_v1_PreemptNodeRequest__Output, _troupe_v1_PreemptNodeResponse>;
  
}

export interface NodeControlDefinition extends grpc.ServiceDefinition {
  PreemptNode: MethodDefinition<_troupe_v1_PreemptNodeRequest, _troupe_v1_PreemptNodeResponse, _troupe_v1_PreemptNodeRequest__Output, _troupe_v1_PreemptNodeResponse__Output>
}
