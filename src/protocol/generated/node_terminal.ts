import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { NodeTerminalClient as _troupe_internal_v1_NodeTerminalClient, NodeTerminalDefinition as _troupe_internal_v1_NodeTerminalDefinition } from './troupe/internal/v1/NodeTerminal';
import type { AttachInput as _troupe_v1_AttachInput, AttachInput__Output as _troupe_v1_AttachInput__Output } from './troupe/v1/AttachInput';
import type { AttachStart as _troupe_v1_AttachStart, AttachStart__Output as _troupe_v1_AttachStart__Output } from './troupe/v1/AttachStart';
import type { ExecInput as _troupe_v1_ExecInput, ExecInput__Output as _troupe_v1_ExecInput__Output } from './troupe/v1/ExecInput';
import type { ExecStart as _troupe_v1_ExecStart, ExecStart__Output as _troupe_v1_ExecStart__Output } from './troupe/v1/ExecStart';
import type { TerminalClient as _troupe_v1_TerminalClient, TerminalDefinition as _troupe_v1_TerminalDefinition } from './troupe/v1/Terminal';
import type { TerminalExit as _troupe_v1_TerminalExit, TerminalExit__Output as _troupe_v1_TerminalExit__Output } from './troupe/v1/TerminalExit';
import type { TerminalOutput as _troupe_v1_TerminalOutput, TerminalOutput__Output as _troupe_v1_TerminalOutput__Output } from './troupe/v1/TerminalOutput';
import type { WindowSize as _troupe_v1_WindowSize, WindowSize__Output as _troupe_v1_WindowSize__Output } from './troupe/v1/WindowSize';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  troupe: {
    internal: {
      v1: {
        NodeTerminal: SubtypeConstructor<typeof grpc.Client, _troupe_internal_v1_NodeTerminalClient> & { service: _troupe_internal_v1_NodeTerminalDefinition }
      }
    }
    v1: {
      AttachInput: MessageTypeDefinition<_troupe_v1_AttachInput, _troupe_v1_AttachInput__Output>
      AttachStart: MessageTypeDefinition<_troupe_v1_AttachStart, _troupe_v1_AttachStart__Output>
      ExecInput: MessageTypeDefinition<_troupe_v1_ExecInput, _troupe_v1_ExecInput__Output>
      ExecStart: MessageTypeDefinition<_troupe_v1_ExecStart, _troupe_v1_ExecStart__Output>
      Terminal: SubtypeConstructor<typeof grpc.Client, _troupe_v1_TerminalClient> & { service: _troupe_v1_TerminalDefinition }
      TerminalExit: MessageTypeDefinition<_troupe_v1_TerminalExit, _troupe_v1_TerminalExit__Output>
      TerminalOutput: MessageTypeDefinition<_troupe_v1_TerminalOutput, _troupe_v1_TerminalOutput__Output>
      WindowSize: MessageTypeDefinition<_troupe_v1_WindowSize, _troupe_v1_WindowSize__Output>
    }
  }
}

