import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { LaunchExit as _troupe_internal_v1_LaunchExit, LaunchExit__Output as _troupe_internal_v1_LaunchExit__Output } from './troupe/internal/v1/LaunchExit';
import type { LaunchInput as _troupe_internal_v1_LaunchInput, LaunchInput__Output as _troupe_internal_v1_LaunchInput__Output } from './troupe/internal/v1/LaunchInput';
import type { LaunchOutput as _troupe_internal_v1_LaunchOutput, LaunchOutput__Output as _troupe_internal_v1_LaunchOutput__Output } from './troupe/internal/v1/LaunchOutput';
import type { LaunchStart as _troupe_internal_v1_LaunchStart, LaunchStart__Output as _troupe_internal_v1_LaunchStart__Output } from './troupe/internal/v1/LaunchStart';
import type { RemoteLaunchClient as _troupe_internal_v1_RemoteLaunchClient, RemoteLaunchDefinition as _troupe_internal_v1_RemoteLaunchDefinition } from './troupe/internal/v1/RemoteLaunch';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  troupe: {
    internal: {
      v1: {
        LaunchExit: MessageTypeDefinition<_troupe_internal_v1_LaunchExit, _troupe_internal_v1_LaunchExit__Output>
        LaunchInput: MessageTypeDefinition<_troupe_internal_v1_LaunchInput, _troupe_internal_v1_LaunchInput__Output>
        LaunchOutput: MessageTypeDefinition<_troupe_internal_v1_LaunchOutput, _troupe_internal_v1_LaunchOutput__Output>
        LaunchStart: MessageTypeDefinition<_troupe_internal_v1_LaunchStart, _troupe_internal_v1_LaunchStart__Output>
        RemoteLaunch: SubtypeConstructor<typeof grpc.Client, _troupe_internal_v1_RemoteLaunchClient> & { service: _troupe_internal_v1_RemoteLaunchDefinition }
      }
    }
  }
}

