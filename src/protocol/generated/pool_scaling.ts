import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddTaskCollectionRequest as _troupe_v1_AddTaskCollectionRequest, AddTaskCollectionRequest__Output as _troupe_v1_AddTaskCollectionRequest__Output } from './troupe/v1/AddTaskCollectionRequest';
import type { AddTaskCollectionResponse as _troupe_v1_AddTaskCollectionResponse, AddTaskCollectionResponse__Output as _troupe_v1_AddTaskCollectionResponse__Output } from './troupe/v1/AddTaskCollectionResponse';
import type { AddTaskRequest as _troupe_v1_AddTaskRequest, AddTaskRequest__Output as _troupe_v1_AddTaskRequest__Output } from './troupe/v1/AddTaskRequest';
import type { ApplicationPackageReference as _troupe_v1_ApplicationPackageReference, ApplicationPackageReference__Output as _troupe_v1_ApplicationPackageReference__Output } from './troupe/v1/ApplicationPackageReference';
import type { AuthenticationTokenSettings as _troupe_v1_AuthenticationTokenSettings, AuthenticationTokenSettings__Output as _troupe_v1_AuthenticationTokenSettings__Output } from './troupe/v1/AuthenticationTokenSettings';
import type { AutoScaleRun as _troupe_v1_AutoScaleRun, AutoScaleRun__Output as _troupe_v1_AutoScaleRun__Output } from './troupe/v1/AutoScaleRun';
import type { AutoScaleRunError as _troupe_v1_AutoScaleRunError, AutoScaleRunError__Output as _troupe_v1_AutoScaleRunError__Output } from './troupe/v1/AutoScaleRunError';
import type { AutoScaleVariable as _troupe_v1_AutoScaleVariable, AutoScaleVariable__Output as _troupe_v1_AutoScaleVariable__Output } from './troupe/v1/AutoScaleVariable';
import type { AutoUserSpecification as _troupe_v1_AutoUserSpecification, AutoUserSpecification__Output as _troupe_v1_AutoUserSpecification__Output } from './troupe/v1/AutoUserSpecification';
import type { CreatePoolRequest as _troupe_v1_CreatePoolRequest, CreatePoolRequest__Output as _troupe_v1_CreatePoolRequest__Output } from './troupe/v1/CreatePoolRequest';
import type { DeletePoolRequest as _troupe_v1_DeletePoolRequest, DeletePoolRequest__Output as _troupe_v1_DeletePoolRequest__Output } from './troupe/v1/DeletePoolRequest';
import type { DeletePoolResponse as _troupe_v1_DeletePoolResponse, DeletePoolResponse__Output as _troupe_v1_DeletePoolResponse__Output } from './troupe/v1/DeletePoolResponse';
import type { DeleteTaskRequest as _troupe_v1_DeleteTaskRequest, DeleteTaskRequest__Output as _troupe_v1_DeleteTaskRequest__Output } from './troupe/v1/DeleteTaskRequest';
import type { DeleteTaskResponse as _troupe_v1_DeleteTaskResponse, DeleteTaskResponse__Output as _troupe_v1_DeleteTaskResponse__Output } from './troupe/v1/DeleteTaskResponse';
import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from './troupe/v1/EnvironmentSetting';
import type { ErrorDetail as _troupe_v1_ErrorDetail, ErrorDetail__Output as _troupe_v1_ErrorDetail__Output } from './troupe/v1/ErrorDetail';
import type { ExitCodeMapping as _troupe_v1_ExitCodeMapping, ExitCodeMapping__Output as _troupe_v1_ExitCodeMapping__Output } from './troupe/v1/ExitCodeMapping';
import type { ExitCodeRangeMapping as _troupe_v1_ExitCodeRangeMapping, ExitCodeRangeMapping__Output as _troupe_v1_ExitCodeRangeMapping__Output } from './troupe/v1/ExitCodeRangeMapping';
import type { ExitConditions as _troupe_v1_ExitConditions, ExitConditions__Output as _troupe_v1_ExitConditions__Output } from './troupe/v1/ExitConditions';
import type { ExitOptions as _troupe_v1_ExitOptions, ExitOptions__Output as _troupe_v1_ExitOptions__Output } from './troupe/v1/ExitOptions';
import type { GetPoolNodeCountsRequest as _troupe_v1_GetPoolNodeCountsRequest, GetPoolNodeCountsRequest__Output as _troupe_v1_GetPoolNodeCountsRequest__Output } from './troupe/v1/GetPoolNodeCountsRequest';
import type { GetPoolNodeCountsResponse as _troupe_v1_GetPoolNodeCountsResponse, GetPoolNodeCountsResponse__Output as _troupe_v1_GetPoolNodeCountsResponse__Output } from './troupe/v1/GetPoolNodeCountsResponse';
import type { GetPoolRequest as _troupe_v1_GetPoolRequest, GetPoolRequest__Output as _troupe_v1_GetPoolRequest__Output } from './troupe/v1/GetPoolRequest';
import type { GetTaskOutputRequest as _troupe_v1_GetTaskOutputRequest, GetTaskOutputRequest__Output as _troupe_v1_GetTaskOutputRequest__Output } from './troupe/v1/GetTaskOutputRequest';
import type { GetTaskRequest as _troupe_v1_GetTaskRequest, GetTaskRequest__Output as _troupe_v1_GetTaskRequest__Output } from './troupe/v1/GetTaskRequest';
import type { JobPreparationAndReleaseTaskExecutionInformation as _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation, JobPreparationAndReleaseTaskExecutionInformation__Output as _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation__Output } from './troupe/v1/JobPreparationAndReleaseTaskExecutionInformation';
import type { JobPreparationTask as _troupe_v1_JobPreparationTask, JobPreparationTask__Output as _troupe_v1_JobPreparationTask__Output } from './troupe/v1/JobPreparationTask';
import type { JobReleaseTask as _troupe_v1_JobReleaseTask, JobReleaseTask__Output as _troupe_v1_JobReleaseTask__Output } from './troupe/v1/JobReleaseTask';
import type { LinuxUserConfiguration as _troupe_v1_LinuxUserConfiguration, LinuxUserConfiguration__Output as _troupe_v1_LinuxUserConfiguration__Output } from './troupe/v1/LinuxUserConfiguration';
import type { ListPoolsRequest as _troupe_v1_ListPoolsRequest, ListPoolsRequest__Output as _troupe_v1_ListPoolsRequest__Output } from './troupe/v1/ListPoolsRequest';
import type { ListPoolsResponse as _troupe_v1_ListPoolsResponse, ListPoolsResponse__Output as _troupe_v1_ListPoolsResponse__Output } from './troupe/v1/ListPoolsResponse';
import type { ListPreparationAndReleaseTaskStatusRequest as _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, ListPreparationAndReleaseTaskStatusRequest__Output as _troupe_v1_ListPreparationAndReleaseTaskStatusRequest__Output } from './troupe/v1/ListPreparationAndReleaseTaskStatusRequest';
import type { ListPreparationAndReleaseTaskStatusResponse as _troupe_v1_ListPreparationAndReleaseTaskStatusResponse, ListPreparationAndReleaseTaskStatusResponse__Output as _troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output } from './troupe/v1/ListPreparationAndReleaseTaskStatusResponse';
import type { ListSubtasksRequest as _troupe_v1_ListSubtasksRequest, ListSubtasksRequest__Output as _troupe_v1_ListSubtasksRequest__Output } from './troupe/v1/ListSubtasksRequest';
import type { ListSubtasksResponse as _troupe_v1_ListSubtasksResponse, ListSubtasksResponse__Output as _troupe_v1_ListSubtasksResponse__Output } from './troupe/v1/ListSubtasksResponse';
import type { ListTasksRequest as _troupe_v1_ListTasksRequest, ListTasksRequest__Output as _troupe_v1_ListTasksRequest__Output } from './troupe/v1/ListTasksRequest';
import type { ListTasksResponse as _troupe_v1_ListTasksResponse, ListTasksResponse__Output as _troupe_v1_ListTasksResponse__Output } from './troupe/v1/ListTasksResponse';
import type { MetadataItem as _troupe_v1_MetadataItem, MetadataItem__Output as _troupe_v1_MetadataItem__Output } from './troupe/v1/MetadataItem';
import type { MetadataPatch as _troupe_v1_MetadataPatch, MetadataPatch__Output as _troupe_v1_MetadataPatch__Output } from './troupe/v1/MetadataPatch';
import type { MultiInstanceSettings as _troupe_v1_MultiInstanceSettings, MultiInstanceSettings__Output as _troupe_v1_MultiInstanceSettings__Output } from './troupe/v1/MultiInstanceSettings';
import type { NodeCounts as _troupe_v1_NodeCounts, NodeCounts__Output as _troupe_v1_NodeCounts__Output } from './troupe/v1/NodeCounts';
import type { NodeProvider as _troupe_v1_NodeProvider, NodeProvider__Output as _troupe_v1_NodeProvider__Output } from './troupe/v1/NodeProvider';
import type { NodeTaskExecutionInformation as _troupe_v1_NodeTaskExecutionInformation, NodeTaskExecutionInformation__Output as _troupe_v1_NodeTaskExecutionInformation__Output } from './troupe/v1/NodeTaskExecutionInformation';
import type { OutputChunk as _troupe_v1_OutputChunk, OutputChunk__Output as _troupe_v1_OutputChunk__Output } from './troupe/v1/OutputChunk';
import type { OutputFile as _troupe_v1_OutputFile, OutputFile__Output as _troupe_v1_OutputFile__Output } from './troupe/v1/OutputFile';
import type { Pool as _troupe_v1_Pool, Pool__Output as _troupe_v1_Pool__Output } from './troupe/v1/Pool';
import type { PoolNodeCounts as _troupe_v1_PoolNodeCounts, PoolNodeCounts__Output as _troupe_v1_PoolNodeCounts__Output } from './troupe/v1/PoolNodeCounts';
import type { PoolScalingClient as _troupe_v1_PoolScalingClient, PoolScalingDefinition as _troupe_v1_PoolScalingDefinition } from './troupe/v1/PoolScaling';
import type { ReactivateTaskRequest as _troupe_v1_ReactivateTaskRequest, ReactivateTaskRequest__Output as _troupe_v1_ReactivateTaskRequest__Output } from './troupe/v1/ReactivateTaskRequest';
import type { RebootNodeRequest as _troupe_v1_RebootNodeRequest, RebootNodeRequest__Output as _troupe_v1_RebootNodeRequest__Output } from './troupe/v1/RebootNodeRequest';
import type { RebootNodeResponse as _troupe_v1_RebootNodeResponse, RebootNodeResponse__Output as _troupe_v1_RebootNodeResponse__Output } from './troupe/v1/RebootNodeResponse';
import type { RemoveNodesRequest as _troupe_v1_RemoveNodesRequest, RemoveNodesRequest__Output as _troupe_v1_RemoveNodesRequest__Output } from './troupe/v1/RemoveNodesRequest';
import type { ResizeError as _troupe_v1_ResizeError, ResizeError__Output as _troupe_v1_ResizeError__Output } from './troupe/v1/ResizeError';
import type { ResizePoolRequest as _troupe_v1_ResizePoolRequest, ResizePoolRequest__Output as _troupe_v1_ResizePoolRequest__Output } from './troupe/v1/ResizePoolRequest';
import type { ResourceFile as _troupe_v1_ResourceFile, ResourceFile__Output as _troupe_v1_ResourceFile__Output } from './troupe/v1/ResourceFile';
import type { ResourceUsage as _troupe_v1_ResourceUsage, ResourceUsage__Output as _troupe_v1_ResourceUsage__Output } from './troupe/v1/ResourceUsage';
import type { StartTask as _troupe_v1_StartTask, StartTask__Output as _troupe_v1_StartTask__Output } from './troupe/v1/StartTask';
import type { StartTaskInformation as _troupe_v1_StartTaskInformation, StartTaskInformation__Output as _troupe_v1_StartTaskInformation__Output } from './troupe/v1/StartTaskInformation';
import type { StopPoolResizeRequest as _troupe_v1_StopPoolResizeRequest, StopPoolResizeRequest__Output as _troupe_v1_StopPoolResizeRequest__Output } from './troupe/v1/StopPoolResizeRequest';
import type { Subtask as _troupe_v1_Subtask, Subtask__Output as _troupe_v1_Subtask__Output } from './troupe/v1/Subtask';
import type { Task as _troupe_v1_Task, Task__Output as _troupe_v1_Task__Output } from './troupe/v1/Task';
import type { TaskAddResult as _troupe_v1_TaskAddResult, TaskAddResult__Output as _troupe_v1_TaskAddResult__Output } from './troupe/v1/TaskAddResult';
import type { TaskConstraints as _troupe_v1_TaskConstraints, TaskConstraints__Output as _troupe_v1_TaskConstraints__Output } from './troupe/v1/TaskConstraints';
import type { TaskDependencies as _troupe_v1_TaskDependencies, TaskDependencies__Output as _troupe_v1_TaskDependencies__Output } from './troupe/v1/TaskDependencies';
import type { TaskDependencyState as _troupe_v1_TaskDependencyState, TaskDependencyState__Output as _troupe_v1_TaskDependencyState__Output } from './troupe/v1/TaskDependencyState';
import type { TaskExecutionInformation as _troupe_v1_TaskExecutionInformation, TaskExecutionInformation__Output as _troupe_v1_TaskExecutionInformation__Output } from './troupe/v1/TaskExecutionInformation';
import type { TaskFailureInformation as _troupe_v1_TaskFailureInformation, TaskFailureInformation__Output as _troupe_v1_TaskFailureInformation__Output } from './troupe/v1/TaskFailureInformation';
import type { TaskIdRange as _troupe_v1_TaskIdRange, TaskIdRange__Output as _troupe_v1_TaskIdRange__Output } from './troupe/v1/TaskIdRange';
import type { TaskPty as _troupe_v1_TaskPty, TaskPty__Output as _troupe_v1_TaskPty__Output } from './troupe/v1/TaskPty';
import type { TaskSchedulingPolicy as _troupe_v1_TaskSchedulingPolicy, TaskSchedulingPolicy__Output as _troupe_v1_TaskSchedulingPolicy__Output } from './troupe/v1/TaskSchedulingPolicy';
import type { TaskSpec as _troupe_v1_TaskSpec, TaskSpec__Output as _troupe_v1_TaskSpec__Output } from './troupe/v1/TaskSpec';
import type { TaskStatistics as _troupe_v1_TaskStatistics, TaskStatistics__Output as _troupe_v1_TaskStatistics__Output } from './troupe/v1/TaskStatistics';
import type { TerminateTaskRequest as _troupe_v1_TerminateTaskRequest, TerminateTaskRequest__Output as _troupe_v1_TerminateTaskRequest__Output } from './troupe/v1/TerminateTaskRequest';
import type { UserAccount as _troupe_v1_UserAccount, UserAccount__Output as _troupe_v1_UserAccount__Output } from './troupe/v1/UserAccount';
import type { UserIdentity as _troupe_v1_UserIdentity, UserIdentity__Output as _troupe_v1_UserIdentity__Output } from './troupe/v1/UserIdentity';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  troupe: {
    v1: {
      AddTaskCollectionRequest: MessageTypeDefinition<_troupe_v1_AddTaskCollectionRequest, _troupe_v1_AddTaskCollectionRequest__Output>
      AddTaskCollectionResponse: MessageTypeDefinition<_troupe_v1_AddTaskCollectionResponse, _troupe_v1_AddTaskCollectionResponse__Output>
      AddTaskRequest: MessageTypeDefinition<_troupe_v1_AddTaskRequest, _troupe_v1_AddTaskRequest__Output>
      ApplicationPackageReference: MessageTypeDefinition<_troupe_v1_ApplicationPackageReference, _troupe_v1_ApplicationPackageReference__Output>
      AuthenticationTokenSettings: MessageTypeDefinition<_troupe_v1_AuthenticationTokenSettings, _troupe_v1_AuthenticationTokenSettings__Output>
      AutoScaleRun: MessageTypeDefinition<_troupe_v1_AutoScaleRun, _troupe_v1_AutoScaleRun__Output>
      AutoScaleRunError: MessageTypeDefinition<_troupe_v1_AutoScaleRunError, _troupe_v1_AutoScaleRunError__Output>
      AutoScaleVariable: MessageTypeDefinition<_troupe_v1_AutoScaleVariable, _troupe_v1_AutoScaleVariable__Output>
      AutoUserSpecification: MessageTypeDefinition<_troupe_v1_AutoUserSpecification, _troupe_v1_AutoUserSpecification__Output>
      CreatePoolRequest: MessageTypeDefinition<_troupe_v1_CreatePoolRequest, _troupe_v1_CreatePoolRequest__Output>
      DeletePoolRequest: MessageTypeDefinition<_troupe_v1_DeletePoolRequest, _troupe_v1_DeletePoolRequest__Output>
      DeletePoolResponse: MessageTypeDefinition<_troupe_v1_DeletePoolResponse, _troupe_v1_DeletePoolResponse__Output>
      DeleteTaskRequest: MessageTypeDefinition<_troupe_v1_DeleteTaskRequest, _troupe_v1_DeleteTaskRequest__Output>
      DeleteTaskResponse: MessageTypeDefinition<_troupe_v1_DeleteTaskResponse, _troupe_v1_DeleteTaskResponse__Output>
      EnvironmentSetting: MessageTypeDefinition<_troupe_v1_EnvironmentSetting, _troupe_v1_EnvironmentSetting__Output>
      ErrorDetail: MessageTypeDefinition<_troupe_v1_ErrorDetail, _troupe_v1_ErrorDetail__Output>
      ExitCodeMapping: MessageTypeDefinition<_troupe_v1_ExitCodeMapping, _troupe_v1_ExitCodeMapping__Output>
      ExitCodeRangeMapping: MessageTypeDefinition<_troupe_v1_ExitCodeRangeMapping, _troupe_v1_ExitCodeRangeMapping__Output>
      ExitConditions: MessageTypeDefinition<_troupe_v1_ExitConditions, _troupe_v1_ExitConditions__Output>
      ExitOptions: MessageTypeDefinition<_troupe_v1_ExitOptions, _troupe_v1_ExitOptions__Output>
      GetPoolNodeCountsRequest: MessageTypeDefinition<_troupe_v1_GetPoolNodeCountsRequest, _troupe_v1_GetPoolNodeCountsRequest__Output>
      GetPoolNodeCountsResponse: MessageTypeDefinition<_troupe_v1_GetPoolNodeCountsResponse, _troupe_v1_GetPoolNodeCountsResponse__Output>
      GetPoolRequest: MessageTypeDefinition<_troupe_v1_GetPoolRequest, _troupe_v1_GetPoolRequest__Output>
      GetTaskOutputRequest: MessageTypeDefinition<_troupe_v1_GetTaskOutputRequest, _troupe_v1_GetTaskOutputRequest__Output>
      GetTaskRequest: MessageTypeDefinition<_troupe_v1_GetTaskRequest, _troupe_v1_GetTaskRequest__Output>
      JobPreparationAndReleaseTaskExecutionInformation: MessageTypeDefinition<_troupe_v1_JobPreparationAndReleaseTaskExecutionInformation, _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation__Output>
      JobPreparationTask: MessageTypeDefinition<_troupe_v1_JobPreparationTask, _troupe_v1_JobPreparationTask__Output>
      JobReleaseTask: MessageTypeDefinition<_troupe_v1_JobReleaseTask, _troupe_v1_JobReleaseTask__Output>
      LinuxUserConfiguration: MessageTypeDefinition<_troupe_v1_LinuxUserConfiguration, _troupe_v1_LinuxUserConfiguration__Output>
      ListPoolsRequest: MessageTypeDefinition<_troupe_v1_ListPoolsRequest, _troupe_v1_ListPoolsRequest__Output>
      ListPoolsResponse: MessageTypeDefinition<_troupe_v1_ListPoolsResponse, _troupe_v1_ListPoolsResponse__Output>
      ListPreparationAndReleaseTaskStatusRequest: MessageTypeDefinition<_troupe_v1_ListPreparationAndReleaseTaskStatusRequest, _troupe_v1_ListPreparationAndReleaseTaskStatusRequest__Output>
      ListPreparationAndReleaseTaskStatusResponse: MessageTypeDefinition<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse, _troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>
      ListSubtasksRequest: MessageTypeDefinition<_troupe_v1_ListSubtasksRequest, _troupe_v1_ListSubtasksRequest__Output>
      ListSubtasksResponse: MessageTypeDefinition<_troupe_v1_ListSubtasksResponse, _troupe_v1_ListSubtasksResponse__Output>
      ListTasksRequest: MessageTypeDefinition<_troupe_v1_ListTasksRequest, _troupe_v1_ListTasksRequest__Output>
      ListTasksResponse: MessageTypeDefinition<_troupe_v1_ListTasksResponse, _troupe_v1_ListTasksResponse__Output>
      MetadataItem: MessageTypeDefinition<_troupe_v1_MetadataItem, _troupe_v1_MetadataItem__Output>
      MetadataPatch: MessageTypeDefinition<_troupe_v1_MetadataPatch, _troupe_v1_MetadataPatch__Output>
      MultiInstanceSettings: MessageTypeDefinition<_troupe_v1_MultiInstanceSettings, _troupe_v1_MultiInstanceSettings__Output>
      NodeCounts: MessageTypeDefinition<_troupe_v1_NodeCounts, _troupe_v1_NodeCounts__Output>
      NodeProvider: MessageTypeDefinition<_troupe_v1_NodeProvider, _troupe_v1_NodeProvider__Output>
      NodeTaskExecutionInformation: MessageTypeDefinition<_troupe_v1_NodeTaskExecutionInformation, _troupe_v1_NodeTaskExecutionInformation__Output>
      OutputChunk: MessageTypeDefinition<_troupe_v1_OutputChunk, _troupe_v1_OutputChunk__Output>
      OutputFile: MessageTypeDefinition<_troupe_v1_OutputFile, _troupe_v1_OutputFile__Output>
      Pool: MessageTypeDefinition<_troupe_v1_Pool, _troupe_v1_Pool__Output>
      PoolNodeCounts: MessageTypeDefinition<_troupe_v1_PoolNodeCounts, _troupe_v1_PoolNodeCounts__Output>
      PoolScaling: SubtypeConstructor<typeof grpc.Client, _troupe_v1_PoolScalingClient> & { service: _troupe_v1_PoolScalingDefinition }
      ReactivateTaskRequest: MessageTypeDefinition<_troupe_v1_ReactivateTaskRequest, _troupe_v1_ReactivateTaskRequest__Output>
      RebootNodeRequest: MessageTypeDefinition<_troupe_v1_RebootNodeRequest, _troupe_v1_RebootNodeRequest__Output>
      RebootNodeResponse: MessageTypeDefinition<_troupe_v1_RebootNodeResponse, _troupe_v1_RebootNodeResponse__Output>
      RemoveNodesRequest: MessageTypeDefinition<_troupe_v1_RemoveNodesRequest, _troupe_v1_RemoveNodesRequest__Output>
      ResizeError: MessageTypeDefinition<_troupe_v1_ResizeError, _troupe_v1_ResizeError__Output>
      ResizePoolRequest: MessageTypeDefinition<_troupe_v1_ResizePoolRequest, _troupe_v1_ResizePoolRequest__Output>
      ResourceFile: MessageTypeDefinition<_troupe_v1_ResourceFile, _troupe_v1_ResourceFile__Output>
      ResourceUsage: MessageTypeDefinition<_troupe_v1_ResourceUsage, _troupe_v1_ResourceUsage__Output>
      StartTask: MessageTypeDefinition<_troupe_v1_StartTask, _troupe_v1_StartTask__Output>
      StartTaskInformation: MessageTypeDefinition<_troupe_v1_StartTaskInformation, _troupe_v1_StartTaskInformation__Output>
      StopPoolResizeRequest: MessageTypeDefinition<_troupe_v1_StopPoolResizeRequest, _troupe_v1_StopPoolResizeRequest__Output>
      Subtask: MessageTypeDefinition<_troupe_v1_Subtask, _troupe_v1_Subtask__Output>
      Task: MessageTypeDefinition<_troupe_v1_Task, _troupe_v1_Task__Output>
      TaskAddResult: MessageTypeDefinition<_troupe_v1_TaskAddResult, _troupe_v1_TaskAddResult__Output>
      TaskConstraints: MessageTypeDefinition<_troupe_v1_TaskConstraints, _troupe_v1_TaskConstraints__Output>
      TaskDependencies: MessageTypeDefinition<_troupe_v1_TaskDependencies, _troupe_v1_TaskDependencies__Output>
      TaskDependencyState: MessageTypeDefinition<_troupe_v1_TaskDependencyState, _troupe_v1_TaskDependencyState__Output>
      TaskExecutionInformation: MessageTypeDefinition<_troupe_v1_TaskExecutionInformation, _troupe_v1_TaskExecutionInformation__Output>
      TaskFailureInformation: MessageTypeDefinition<_troupe_v1_TaskFailureInformation, _troupe_v1_TaskFailureInformation__Output>
      TaskIdRange: MessageTypeDefinition<_troupe_v1_TaskIdRange, _troupe_v1_TaskIdRange__Output>
      TaskPty: MessageTypeDefinition<_troupe_v1_TaskPty, _troupe_v1_TaskPty__Output>
      TaskSchedulingPolicy: MessageTypeDefinition<_troupe_v1_TaskSchedulingPolicy, _troupe_v1_TaskSchedulingPolicy__Output>
      TaskSpec: MessageTypeDefinition<_troupe_v1_TaskSpec, _troupe_v1_TaskSpec__Output>
      TaskStatistics: MessageTypeDefinition<_troupe_v1_TaskStatistics, _troupe_v1_TaskStatistics__Output>
      TerminateTaskRequest: MessageTypeDefinition<_troupe_v1_TerminateTaskRequest, _troupe_v1_TerminateTaskRequest__Output>
      UserAccount: MessageTypeDefinition<_troupe_v1_UserAccount, _troupe_v1_UserAccount__Output>
      UserIdentity: MessageTypeDefinition<_troupe_v1_UserIdentity, _troupe_v1_UserIdentity__Output>
    }
  }
}

