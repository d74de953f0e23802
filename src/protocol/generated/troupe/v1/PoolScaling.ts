// Original file: proto/troupe/v1/pool_scaling.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetPoolNodeCountsRequest as _troupe_v1_GetPoolNodeCountsRequest, GetPoolNodeCountsRequest__Output as _troupe_v1_GetPoolNodeCountsRequest__Output } from '../../troupe/v1/GetPoolNodeCountsRequest';
import type { GetPoolNodeCountsResponse as _troupe_v1_GetPoolNodeCountsResponse, GetPoolNodeCountsResponse__Output as _troupe_v1_GetPoolNodeCountsResponse__Output } from '../../troupe/v1/GetPoolNodeCountsResponse';
import type { Pool as _troupe_v1_Pool, Pool__Output as _troupe_v1_Pool__Output } from '../../troupe/v1/Pool';
import type { RebootNodeRequest as _troupe_v1_RebootNodeRequest, RebootNodeRequest__Output as _troupe_v1_RebootNodeRequest__Output } from '../../troupe/v1/RebootNodeRequest';
import type { RebootNodeResponse as _troupe_v1_RebootNodeResponse, RebootNodeResponse__Output as _troupe_v1_RebootNodeResponse__Output } from '../../troupe/v1/RebootNodeResponse';
import type { RemoveNodesRequest as _troupe_v1_RemoveNodesRequest, RemoveNodesRequest__Output as _troupe_v1_RemoveNodesRequest__Output } from '../../troupe/v1/RemoveNodesRequest';
import type { ResizePoolRequest as _troupe_v1_ResizePoolRequest, ResizePoolRequest__Output as _troupe_v1_ResizePoolRequest__Output } from '../../troupe/v1/ResizePoolRequest';
import type { StopPoolResizeRequest as _troupe_v1_StopPoolResizeRequest, StopPoolResizeRequest__Output as _troupe_v1_StopPoolResizeRequest__Output } from '../../troupe/v1/StopPoolResizeRequest';

export interface PoolScalingClient extends grpc.Client {
  GetPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  GetPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  GetPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  GetPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  getPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  getPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  getPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  getPoolNodeCounts(argument: _troupe_v1_GetPoolNodeCountsRequest, callback: grpc.requestCallback<_troupe_v1_GetPoolNodeCountsResponse__Output>): grpc.ClientUnaryCall;
  
  RebootNode(argument: _troupe_v1_RebootNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  RebootNode(argument: _troupe_v1_RebootNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  RebootNode(argument: _troupe_v1_RebootNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  RebootNode(argument: _troupe_v1_RebootNodeRequest, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  rebootNode(argument: _troupe_v1_RebootNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  rebootNode(argument: _troupe_v1_RebootNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  rebootNode(argument: _troupe_v1_RebootNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  rebootNode(argument: _troupe_v1_RebootNodeRequest, callback: grpc.requestCallback<_troupe_v1_RebootNodeResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveNodes(argument: _troupe_v1_RemoveNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  RemoveNodes(argument: _troupe_v1_RemoveNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  RemoveNodes(argument: _troupe_v1_RemoveNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  RemoveNodes(argument: _troupe_v1_RemoveNodesRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  removeNodes(argument: _troupe_v1_RemoveNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  removeNodes(argument: _troupe_v1_RemoveNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  removeNodes(argument: _troupe_v1_RemoveNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  removeNodes(argument: _troupe_v1_RemoveNodesRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  ResizePool(argument: _troupe_v1_ResizePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  ResizePool(argument: _troupe_v1_ResizePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  ResizePool(argument: _troupe_v1_ResizePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  ResizePool(argument: _troupe_v1_ResizePoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  resizePool(argument: _troupe_v1_ResizePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  resizePool(argument: _troupe_v1_ResizePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  resizePool(argument: _troupe_v1_ResizePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  resizePool(argument: _troupe_v1_ResizePoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  StopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  StopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  StopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  StopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  stopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  stopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  stopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  stopPoolResize(argument: _troupe_v1_StopPoolResizeRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
}

export interface PoolScalingHandlers extends grpc.UntypedServiceImplementation {
  GetPoolNodeCounts: grpc.handleUnaryCall<_troupe_v1_GetPoolNodeCountsRequest__Output, _troupe_v1_GetPoolNodeCountsResponse>;
  
  RebootNode: grpc.handleUnaryCall<_troupe_v1_RebootNodeRequest__Output, _troupe_v1_RebootNodeResponse>;
  
  RemoveNodes: grpc.handleUnaryCall<_troupe_v1_RemoveNodesRequest__Output, _troupe_v1_Pool>;
  
  ResizePool: grpc.handleUnaryCall<_troupe_v1_ResizePoolRequest__Output, _troupe_v1_Pool>;
  
  StopPoolResize: grpc.handleUnaryCall<_troupe_v1_StopPoolResizeRequest__Output, _troupe_v1_Pool>;
  
}

export interface PoolScalingDefinition extends grpc.ServiceDefinition {
  GetPoolNodeCounts: MethodDefinition<_troupe_v1_GetPoolNodeCountsRequest, _troupe_v1_GetPoolNodeCountsResponse, _troupe_v1_GetPoolNodeCountsRequest__Output, _troupe_v1_GetPoolNodeCountsResponse__Output>
  RebootNode: MethodDefinition<_troupe_v1_RebootNodeRequest, _troupe_v1_RebootNodeResponse, _troupe_v1_RebootNodeRequest__Output, _troupe_v1_RebootNodeResponse__Output>
  RemoveNodes: MethodDefinition<_troupe_v1_RemoveNodesRequest, _troupe_v1_Pool, _troupe_v1_RemoveNodesRequest__Output, _troupe_v1_Pool__Output>
  ResizePool: MethodDefinition<_troupe_v1_ResizePoolRequest, _troupe_v1_Pool, _troupe_v1_ResizePoolRequest__Output, _troupe_v1_Pool__Output>
  StopPoolResize: MethodDefinition<_troupe_v1_StopPoolResizeRequest, _troupe_v1_Pool, _troupe_v1_StopPoolResizeRequest__Output, _troupe_v1_Pool__Output>
}
