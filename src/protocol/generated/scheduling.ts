import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ExplainTaskRequest as _troupe_v1_ExplainTaskRequest, ExplainTaskRequest__Output as _troupe_v1_ExplainTaskRequest__Output } from './troupe/v1/ExplainTaskRequest';
import type { SchedulingClient as _troupe_v1_SchedulingClient, SchedulingDefinition as _troupe_v1_SchedulingDefinition } from './troupe/v1/Scheduling';
import type { TaskExplanation as _troupe_v1_TaskExplanation, TaskExplanation__Output as _troupe_v1_TaskExplanation__Output } from './troupe/v1/TaskExplanation';
import type { WaitReason as _troupe_v1_WaitReason, WaitReason__Output as _troupe_v1_WaitReason__Output } from './troupe/v1/WaitReason';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  troupe: {
    v1: {
      ExplainTaskRequest: MessageTypeDefinition<_troupe_v1_ExplainTaskRequest, _troupe_v1_ExplainTaskRequest__Output>
      Scheduling: SubtypeConstructor<typeof grpc.Client, _troupe_v1_SchedulingClient> & { service: _troupe_v1_SchedulingDefinition }
      TaskExplanation: MessageTypeDefinition<_troupe_v1_TaskExplanation, _troupe_v1_TaskExplanation__Output>
      WaitReason: MessageTypeDefinition<_troupe_v1_WaitReason, _troupe_v1_WaitReason__Output>
    }
  }
}

