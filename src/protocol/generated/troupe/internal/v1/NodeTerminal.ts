// Original file: proto/troupe/internal/v1/node_terminal.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AttachInput as _troupe_v1_AttachInput, AttachInput__Output as _troupe_v1_AttachInput__Output } from '../../../troupe/v1/AttachInput';
import type { ExecInput as _troupe_v1_ExecInput, ExecInput__Output as _troupe_v1_ExecInput__Output } from '../../../troupe/v1/ExecInput';
import type { TerminalOutput as _troupe_v1_TerminalOutput, TerminalOutput__Output as _troupe_v1_TerminalOutput__Output } from '../../../troupe/v1/TerminalOutput';

export interface NodeTerminalClient extends grpc.Client {
  Attach(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_AttachInput, _troupe_v1_TerminalOutput__Output>;
  Attach(options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_AttachInput, _troupe_v1_TerminalOutput__Output>;
  attach(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_AttachInput, _troupe_v1_TerminalOutput__Output>;
  attach(options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_AttachInput, _troupe_v1_TerminalOutput__Output>;
  
  Exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_ExecInput, _troupe_v1_TerminalOutput__Output>;
  Exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_ExecInput, _troupe_v1_TerminalOutput__Output>;
  exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_ExecInput, _troupe_v1_TerminalOutput__Output>;
  exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_troupe_v1_ExecInput, _troupe_v1_TerminalOutput__Output>;
  
}

export interface NodeTerminalHandlers extends grpc.UntypedServiceImplementation {
  Attach: grpc.handleBidiStreamingCall<_troupe_v1_AttachInput__Output, _troupe_v1_TerminalOutput>;
  
  Exec: grpc.handleBidiStreamingCall<_troupe_v1_ExecInput__Output, _troupe_v1_TerminalOutput>;
  
}

export interface NodeTerminalDefinition extends grpc.ServiceDefinition {
  Attach: MethodDefinition<_troupe_v1_AttachInput, _troupe_v1_TerminalOutput, _troupe_v1_AttachInput__Output, _troupe_v1_TerminalOutput__Output>
  Exec: MethodDefinition<_troupe_v1_ExecInput, _troupe_v1_TerminalOutput, _troupe_v1_ExecInput__Output, _troupe_v1_TerminalOutput__Output>
}
