// Original file: proto/troupe/internal/v1/remote_launch.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LaunchInput as _troupe_internal_v1_LaunchInput, LaunchInput__Output as _troupe_internal_v1_LaunchInput__Output } from '../../../troupe/internal/v1/LaunchInput';
import type { LaunchOutput as _troupe_internal_v1_LaunchOutput, LaunchOutput__Output as _troupe_internal_v1_LaunchOutput__Output } from '../../../troupe/internal/v1/LaunchOutput';

export interface RemoteLaunchClient extends grpc.Client {
  Launch(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_internal_v1_LaunchInput, _troupe_internal_v1_LaunchOutput__Output>;
  Launch(options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_internal_v1_LaunchInput, _troupe_internal_v1_LaunchOutput__Output>;
  launch(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_internal_v1_LaunchInput, _troupe_internal_v1_LaunchOutput__Output>;
  launch(options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_internal_v1_LaunchInput, _troupe_internal_v1_LaunchOutput__Output>;
  
}

export interface RemoteLaunchHandlers extends grpc.UntypedServiceImplementation {
  Launch: grpc.handleBidiStreamingCall<_troupe_internal_v1_LaunchInput__Output, _troupe_internal_v1_LaunchOutput>;
  
}

export interface RemoteLaunchDefinition extends grpc.ServiceDefinition {
  Launch: MethodDefinition<_troupe_internal_v1_LaunchInput, _troupe_internal_v1_LaunchOutput, _troupe_internal_v1_LaunchInput__Output, _troupe_internal_v1_LaunchOutput__Output>
}
