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
import type { BatchClient as _troupe_v1_BatchClient, BatchDefinition as _troupe_v1_BatchDefinition } from './troupe/v1/Batch';
import type { CreateJobRequest as _troupe_v1_CreateJobRequest, CreateJobRequest__Output as _troupe_v1_CreateJobRequest__Output } from './troupe/v1/CreateJobRequest';
import type { CreatePoolRequest as _troupe_v1_CreatePoolRequest, CreatePoolRequest__Output as _troupe_v1_CreatePoolRequest__Output } from './troupe/v1/CreatePoolRequest';
import type { CreateTokenRequest as _troupe_v1_CreateTokenRequest, CreateTokenRequest__Output as _troupe_v1_CreateTokenRequest__Output } from './troupe/v1/CreateTokenRequest';
import type { CreateTokenResponse as _troupe_v1_CreateTokenResponse, CreateTokenResponse__Output as _troupe_v1_CreateTokenResponse__Output } from './troupe/v1/CreateTokenResponse';
import type { DeleteJobRequest as _troupe_v1_DeleteJobRequest, DeleteJobRequest__Output as _troupe_v1_DeleteJobRequest__Output } from './troupe/v1/DeleteJobRequest';
import type { DeleteJobResponse as _troupe_v1_DeleteJobResponse, DeleteJobResponse__Output as _troupe_v1_DeleteJobResponse__Output } from './troupe/v1/DeleteJobResponse';
import type { DeletePoolRequest as _troupe_v1_DeletePoolRequest, DeletePoolRequest__Output as _troupe_v1_DeletePoolRequest__Output } from './troupe/v1/DeletePoolRequest';
import type { DeletePoolResponse as _troupe_v1_DeletePoolResponse, DeletePoolResponse__Output as _troupe_v1_DeletePoolResponse__Output } from './troupe/v1/DeletePoolResponse';
import type { DeleteTaskRequest as _troupe_v1_DeleteTaskRequest, DeleteTaskRequest__Output as _troupe_v1_DeleteTaskRequest__Output } from './troupe/v1/DeleteTaskRequest';
import type { DeleteTaskResponse as _troupe_v1_DeleteTaskResponse, DeleteTaskResponse__Output as _troupe_v1_DeleteTaskResponse__Output } from './troupe/v1/DeleteTaskResponse';
import type { DeletedTask as _troupe_v1_DeletedTask, DeletedTask__Output as _troupe_v1_DeletedTask__Output } from './troupe/v1/DeletedTask';
import type { DisableJobRequest as _troupe_v1_DisableJobRequest, DisableJobRequest__Output as _troupe_v1_DisableJobRequest__Output } from './troupe/v1/DisableJobRequest';
import type { DisableNodeSchedulingRequest as _troupe_v1_DisableNodeSchedulingRequest, DisableNodeSchedulingRequest__Output as _troupe_v1_DisableNodeSchedulingRequest__Output } from './troupe/v1/DisableNodeSchedulingRequest';
import type { EnableJobRequest as _troupe_v1_EnableJobRequest, EnableJobRequest__Output as _troupe_v1_EnableJobRequest__Output } from './troupe/v1/EnableJobRequest';
import type { EnableNodeSchedulingRequest as _troupe_v1_EnableNodeSchedulingRequest, EnableNodeSchedulingRequest__Output as _troupe_v1_EnableNodeSchedulingRequest__Output } from './troupe/v1/EnableNodeSchedulingRequest';
import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from './troupe/v1/EnvironmentSetting';
import type { ErrorDetail as _troupe_v1_ErrorDetail, ErrorDetail__Output as _troupe_v1_ErrorDetail__Output } from './troupe/v1/ErrorDetail';
import type { ExitCodeMapping as _troupe_v1_ExitCodeMapping, ExitCodeMapping__Output as _troupe_v1_ExitCodeMapping__Output } from './troupe/v1/ExitCodeMapping';
import type { ExitCodeRangeMapping as _troupe_v1_ExitCodeRangeMapping, ExitCodeRangeMapping__Output as _troupe_v1_ExitCodeRangeMapping__Output } from './troupe/v1/ExitCodeRangeMapping';
import type { ExitConditions as _troupe_v1_ExitConditions, ExitConditions__Output as _troupe_v1_ExitConditions__Output } from './troupe/v1/ExitConditions';
import type { ExitOptions as _troupe_v1_ExitOptions, ExitOptions__Output as _troupe_v1_ExitOptions__Output } from './troupe/v1/ExitOptions';
import type { FileChunk as _troupe_v1_FileChunk, FileChunk__Output as _troupe_v1_FileChunk__Output } from './troupe/v1/FileChunk';
import type { GetJobRequest as _troupe_v1_GetJobRequest, GetJobRequest__Output as _troupe_v1_GetJobRequest__Output } from './troupe/v1/GetJobRequest';
import type { GetJobStatisticsRequest as _troupe_v1_GetJobStatisticsRequest, GetJobStatisticsRequest__Output as _troupe_v1_GetJobStatisticsRequest__Output } from './troupe/v1/GetJobStatisticsRequest';
import type { GetNodeFileRequest as _troupe_v1_GetNodeFileRequest, GetNodeFileRequest__Output as _troupe_v1_GetNodeFileRequest__Output } from './troupe/v1/GetNodeFileRequest';
import type { GetNodeRequest as _troupe_v1_GetNodeRequest, GetNodeRequest__Output as _troupe_v1_GetNodeRequest__Output } from './troupe/v1/GetNodeRequest';
import type { GetPoolRequest as _troupe_v1_GetPoolRequest, GetPoolRequest__Output as _troupe_v1_GetPoolRequest__Output } from './troupe/v1/GetPoolRequest';
import type { GetTaskCountsRequest as _troupe_v1_GetTaskCountsRequest, GetTaskCountsRequest__Output as _troupe_v1_GetTaskCountsRequest__Output } from './troupe/v1/GetTaskCountsRequest';
import type { GetTaskFileRequest as _troupe_v1_GetTaskFileRequest, GetTaskFileRequest__Output as _troupe_v1_GetTaskFileRequest__Output } from './troupe/v1/GetTaskFileRequest';
import type { GetTaskOutputRequest as _troupe_v1_GetTaskOutputRequest, GetTaskOutputRequest__Output as _troupe_v1_GetTaskOutputRequest__Output } from './troupe/v1/GetTaskOutputRequest';
import type { GetTaskRequest as _troupe_v1_GetTaskRequest, GetTaskRequest__Output as _troupe_v1_GetTaskRequest__Output } from './troupe/v1/GetTaskRequest';
import type { Job as _troupe_v1_Job, Job__Output as _troupe_v1_Job__Output } from './troupe/v1/Job';
import type { JobConstraints as _troupe_v1_JobConstraints, JobConstraints__Output as _troupe_v1_JobConstraints__Output } from './troupe/v1/JobConstraints';
import type { JobConstraintsPatch as _troupe_v1_JobConstraintsPatch, JobConstraintsPatch__Output as _troupe_v1_JobConstraintsPatch__Output } from './troupe/v1/JobConstraintsPatch';
import type { JobExecutionInformation as _troupe_v1_JobExecutionInformation, JobExecutionInformation__Output as _troupe_v1_JobExecutionInformation__Output } from './troupe/v1/JobExecutionInformation';
import type { JobManagerTask as _troupe_v1_JobManagerTask, JobManagerTask__Output as _troupe_v1_JobManagerTask__Output } from './troupe/v1/JobManagerTask';
import type { JobPreparationAndReleaseTaskExecutionInformation as _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation, JobPreparationAndReleaseTaskExecutionInformation__Output as _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation__Output } from './troupe/v1/JobPreparationAndReleaseTaskExecutionInformation';
import type { JobPreparationTask as _troupe_v1_JobPreparationTask, JobPreparationTask__Output as _troupe_v1_JobPreparationTask__Output } from './troupe/v1/JobPreparationTask';
import type { JobReleaseTask as _troupe_v1_JobReleaseTask, JobReleaseTask__Output as _troupe_v1_JobReleaseTask__Output } from './troupe/v1/JobReleaseTask';
import type { JobStatistics as _troupe_v1_JobStatistics, JobStatistics__Output as _troupe_v1_JobStatistics__Output } from './troupe/v1/JobStatistics';
import type { LinuxUserConfiguration as _troupe_v1_LinuxUserConfiguration, LinuxUserConfiguration__Output as _troupe_v1_LinuxUserConfiguration__Output } from './troupe/v1/LinuxUserConfiguration';
import type { ListJobsRequest as _troupe_v1_ListJobsRequest, ListJobsRequest__Output as _troupe_v1_ListJobsRequest__Output } from './troupe/v1/ListJobsRequest';
import type { ListJobsResponse as _troupe_v1_ListJobsResponse, ListJobsResponse__Output as _troupe_v1_ListJobsResponse__Output } from './troupe/v1/ListJobsResponse';
import type { ListNodeFilesRequest as _troupe_v1_ListNodeFilesRequest, ListNodeFilesRequest__Output as _troupe_v1_ListNodeFilesRequest__Output } from './troupe/v1/ListNodeFilesRequest';
import type { ListNodeFilesResponse as _troupe_v1_ListNodeFilesResponse, ListNodeFilesResponse__Output as _troupe_v1_ListNodeFilesResponse__Output } from './troupe/v1/ListNodeFilesResponse';
import type { ListNodesRequest as _troupe_v1_ListNodesRequest, ListNodesRequest__Output as _troupe_v1_ListNodesRequest__Output } from './troupe/v1/ListNodesRequest';
import type { ListNodesResponse as _troupe_v1_ListNodesResponse, ListNodesResponse__Output as _troupe_v1_ListNodesResponse__Output } from './troupe/v1/ListNodesResponse';
import type { ListPoolsRequest as _troupe_v1_ListPoolsRequest, ListPoolsRequest__Output as _troupe_v1_ListPoolsRequest__Output } from './troupe/v1/ListPoolsRequest';
import type { ListPoolsResponse as _troupe_v1_ListPoolsResponse, ListPoolsResponse__Output as _troupe_v1_ListPoolsResponse__Output } from './troupe/v1/ListPoolsResponse';
import type { ListPreparationAndReleaseTaskStatusRequest as _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, ListPreparationAndReleaseTaskStatusRequest__Output as _troupe_v1_ListPreparationAndReleaseTaskStatusRequest__Output } from './troupe/v1/ListPreparationAndReleaseTaskStatusRequest';
import type { ListPreparationAndReleaseTaskStatusResponse as _troupe_v1_ListPreparationAndReleaseTaskStatusResponse, ListPreparationAndReleaseTaskStatusResponse__Output as _troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output } from './troupe/v1/ListPreparationAndReleaseTaskStatusResponse';
import type { ListSubtasksRequest as _troupe_v1_ListSubtasksRequest, ListSubtasksRequest__Output as _troupe_v1_ListSubtasksRequest__Output } from './troupe/v1/ListSubtasksRequest';
import type { ListSubtasksResponse as _troupe_v1_ListSubtasksResponse, ListSubtasksResponse__Output as _troupe_v1_ListSubtasksResponse__Output } from './troupe/v1/ListSubtasksResponse';
import type { ListTaskFilesRequest as _troupe_v1_ListTaskFilesRequest, ListTaskFilesRequest__Output as _troupe_v1_ListTaskFilesRequest__Output } from './troupe/v1/ListTaskFilesRequest';
import type { ListTasksRequest as _troupe_v1_ListTasksRequest, ListTasksRequest__Output as _troupe_v1_ListTasksRequest__Output } from './troupe/v1/ListTasksRequest';
import type { ListTasksResponse as _troupe_v1_ListTasksResponse, ListTasksResponse__Output as _troupe_v1_ListTasksResponse__Output } from './troupe/v1/ListTasksResponse';
import type { ListTokensRequest as _troupe_v1_ListTokensRequest, ListTokensRequest__Output as _troupe_v1_ListTokensRequest__Output } from './troupe/v1/ListTokensRequest';
import type { ListTokensResponse as _troupe_v1_ListTokensResponse, ListTokensResponse__Output as _troupe_v1_ListTokensResponse__Output } from './troupe/v1/ListTokensResponse';
import type { MetadataItem as _troupe_v1_MetadataItem, MetadataItem__Output as _troupe_v1_MetadataItem__Output } from './troupe/v1/MetadataItem';
import type { MetadataPatch as _troupe_v1_MetadataPatch, MetadataPatch__Output as _troupe_v1_MetadataPatch__Output } from './troupe/v1/MetadataPatch';
import type { MultiInstanceSettings as _troupe_v1_MultiInstanceSettings, MultiInstanceSettings__Output as _troupe_v1_MultiInstanceSettings__Output } from './troupe/v1/MultiInstanceSettings';
import type { Node as _troupe_v1_Node, Node__Output as _troupe_v1_Node__Output } from './troupe/v1/Node';
import type { NodeFile as _troupe_v1_NodeFile, NodeFile__Output as _troupe_v1_NodeFile__Output } from './troupe/v1/NodeFile';
import type { NodeProvider as _troupe_v1_NodeProvider, NodeProvider__Output as _troupe_v1_NodeProvider__Output } from './troupe/v1/NodeProvider';
import type { NodeTaskExecutionInformation as _troupe_v1_NodeTaskExecutionInformation, NodeTaskExecutionInformation__Output as _troupe_v1_NodeTaskExecutionInformation__Output } from './troupe/v1/NodeTaskExecutionInformation';
import type { OutputChunk as _troupe_v1_OutputChunk, OutputChunk__Output as _troupe_v1_OutputChunk__Output } from './troupe/v1/OutputChunk';
import type { OutputFile as _troupe_v1_OutputFile, OutputFile__Output as _troupe_v1_OutputFile__Output } from './troupe/v1/OutputFile';
import type { PatchJobRequest as _troupe_v1_PatchJobRequest, PatchJobRequest__Output as _troupe_v1_PatchJobRequest__Output } from './troupe/v1/PatchJobRequest';
import type { PatchPoolRequest as _troupe_v1_PatchPoolRequest, PatchPoolRequest__Output as _troupe_v1_PatchPoolRequest__Output } from './troupe/v1/PatchPoolRequest';
import type { Pool as _troupe_v1_Pool, Pool__Output as _troupe_v1_Pool__Output } from './troupe/v1/Pool';
import type { PoolInformation as _troupe_v1_PoolInformation, PoolInformation__Output as _troupe_v1_PoolInformation__Output } from './troupe/v1/PoolInformation';
import type { ReactivateTaskRequest as _troupe_v1_ReactivateTaskRequest, ReactivateTaskRequest__Output as _troupe_v1_ReactivateTaskRequest__Output } from './troupe/v1/ReactivateTaskRequest';
import type { ResizeError as _troupe_v1_ResizeError, ResizeError__Output as _troupe_v1_ResizeError__Output } from './troupe/v1/ResizeError';
import type { ResourceFile as _troupe_v1_ResourceFile, ResourceFile__Output as _troupe_v1_ResourceFile__Output } from './troupe/v1/ResourceFile';
import type { ResourceUsage as _troupe_v1_ResourceUsage, ResourceUsage__Output as _troupe_v1_ResourceUsage__Output } from './troupe/v1/ResourceUsage';
import type { RevokeTokenRequest as _troupe_v1_RevokeTokenRequest, RevokeTokenRequest__Output as _troupe_v1_RevokeTokenRequest__Output } from './troupe/v1/RevokeTokenRequest';
import type { RevokeTokenResponse as _troupe_v1_RevokeTokenResponse, RevokeTokenResponse__Output as _troupe_v1_RevokeTokenResponse__Output } from './troupe/v1/RevokeTokenResponse';
import type { StartTask as _troupe_v1_StartTask, StartTask__Output as _troupe_v1_StartTask__Output } from './troupe/v1/StartTask';
import type { StartTaskInformation as _troupe_v1_StartTaskInformation, StartTaskInformation__Output as _troupe_v1_StartTaskInformation__Output } from './troupe/v1/StartTaskInformation';
import type { Subtask as _troupe_v1_Subtask, Subtask__Output as _troupe_v1_Subtask__Output } from './troupe/v1/Subtask';
import type { Task as _troupe_v1_Task, Task__Output as _troupe_v1_Task__Output } from './troupe/v1/Task';
import type { TaskAddResult as _troupe_v1_TaskAddResult, TaskAddResult__Output as _troupe_v1_TaskAddResult__Output } from './troupe/v1/TaskAddResult';
import type { TaskBatch as _troupe_v1_TaskBatch, TaskBatch__Output as _troupe_v1_TaskBatch__Output } from './troupe/v1/TaskBatch';
import type { TaskConstraints as _troupe_v1_TaskConstraints, TaskConstraints__Output as _troupe_v1_TaskConstraints__Output } from './troupe/v1/TaskConstraints';
import type { TaskConstraintsPatch as _troupe_v1_TaskConstraintsPatch, TaskConstraintsPatch__Output as _troupe_v1_TaskConstraintsPatch__Output } from './troupe/v1/TaskConstraintsPatch';
import type { TaskCounts as _troupe_v1_TaskCounts, TaskCounts__Output as _troupe_v1_TaskCounts__Output } from './troupe/v1/TaskCounts';
import type { TaskDependencies as _troupe_v1_TaskDependencies, TaskDependencies__Output as _troupe_v1_TaskDependencies__Output } from './troupe/v1/TaskDependencies';
import type { TaskDependencyState as _troupe_v1_TaskDependencyState, TaskDependencyState__Output as _troupe_v1_TaskDependencyState__Output } from './troupe/v1/TaskDependencyState';
import type { TaskExecutionInformation as _troupe_v1_TaskExecutionInformation, TaskExecutionInformation__Output as _troupe_v1_TaskExecutionInformation__Output } from './troupe/v1/TaskExecutionInformation';
import type { TaskFailureInformation as _troupe_v1_TaskFailureInformation, TaskFailureInformation__Output as _troupe_v1_TaskFailureInformation__Output } from './troupe/v1/TaskFailureInformation';
import type { TaskIdRange as _troupe_v1_TaskIdRange, TaskIdRange__Output as _troupe_v1_TaskIdRange__Output } from './troupe/v1/TaskIdRange';
import type { TaskPty as _troupe_v1_TaskPty, TaskPty__Output as _troupe_v1_TaskPty__Output } from './troupe/v1/TaskPty';
import type { TaskSchedulingPolicy as _troupe_v1_TaskSchedulingPolicy, TaskSchedulingPolicy__Output as _troupe_v1_TaskSchedulingPolicy__Output } from './troupe/v1/TaskSchedulingPolicy';
import type { TaskSpec as _troupe_v1_TaskSpec, TaskSpec__Output as _troupe_v1_TaskSpec__Output } from './troupe/v1/TaskSpec';
import type { TaskStatistics as _troupe_v1_TaskStatistics, TaskStatistics__Output as _troupe_v1_TaskStatistics__Output } from './troupe/v1/TaskStatistics';
import type { TerminateJobRequest as _troupe_v1_TerminateJobRequest, TerminateJobRequest__Output as _troupe_v1_TerminateJobRequest__Output } from './troupe/v1/TerminateJobRequest';
import type { TerminateTaskRequest as _troupe_v1_TerminateTaskRequest, TerminateTaskRequest__Output as _troupe_v1_TerminateTaskRequest__Output } from './troupe/v1/TerminateTaskRequest';
import type { Token as _troupe_v1_Token, Token__Output as _troupe_v1_Token__Output } from './troupe/v1/Token';
import type { UpdateTaskRequest as _troupe_v1_UpdateTaskRequest, UpdateTaskRequest__Output as _troupe_v1_UpdateTaskRequest__Output } from './troupe/v1/UpdateTaskRequest';
import type { UserAccount as _troupe_v1_UserAccount, UserAccount__Output as _troupe_v1_UserAccount__Output } from './troupe/v1/UserAccount';
import type { UserIdentity as _troupe_v1_UserIdentity, UserIdentity__Output as _troupe_v1_UserIdentity__Output } from './troupe/v1/UserIdentity';
import type { WatchEvent as _troupe_v1_WatchEvent, WatchEvent__Output as _troupe_v1_WatchEvent__Output } from './troupe/v1/WatchEvent';
import type { WatchRequest as _troupe_v1_WatchRequest, WatchRequest__Output as _troupe_v1_WatchRequest__Output } from './troupe/v1/WatchRequest';
import type { WhoAmIRequest as _troupe_v1_WhoAmIRequest, WhoAmIRequest__Output as _troupe_v1_WhoAmIRequest__Output } from './troupe/v1/WhoAmIRequest';

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
      Batch: SubtypeConstructor<typeof grpc.Client, _troupe_v1_BatchClient> & { service: _troupe_v1_BatchDefinition }
      CreateJobRequest: MessageTypeDefinition<_troupe_v1_CreateJobRequest, _troupe_v1_CreateJobRequest__Output>
      CreatePoolRequest: MessageTypeDefinition<_troupe_v1_CreatePoolRequest, _troupe_v1_CreatePoolRequest__Output>
      CreateTokenRequest: MessageTypeDefinition<_troupe_v1_CreateTokenRequest, _troupe_v1_CreateTokenRequest__Output>
      CreateTokenResponse: MessageTypeDefinition<_troupe_v1_CreateTokenResponse, _troupe_v1_CreateTokenResponse__Output>
      DeleteJobRequest: MessageTypeDefinition<_troupe_v1_DeleteJobRequest, _troupe_v1_DeleteJobRequest__Output>
      DeleteJobResponse: MessageTypeDefinition<_troupe_v1_DeleteJobResponse, _troupe_v1_DeleteJobResponse__Output>
      DeletePoolRequest: MessageTypeDefinition<_troupe_v1_DeletePoolRequest, _troupe_v1_DeletePoolRequest__Output>
      DeletePoolResponse: MessageTypeDefinition<_troupe_v1_DeletePoolResponse, _troupe_v1_DeletePoolResponse__Output>
      DeleteTaskRequest: MessageTypeDefinition<_troupe_v1_DeleteTaskRequest, _troupe_v1_DeleteTaskRequest__Output>
      DeleteTaskResponse: MessageTypeDefinition<_troupe_v1_DeleteTaskResponse, _troupe_v1_DeleteTaskResponse__Output>
      DeletedTask: MessageTypeDefinition<_troupe_v1_DeletedTask, _troupe_v1_DeletedTask__Output>
      DisableJobRequest: MessageTypeDefinition<_troupe_v1_DisableJobRequest, _troupe_v1_DisableJobRequest__Output>
      DisableNodeSchedulingRequest: MessageTypeDefinition<_troupe_v1_DisableNodeSchedulingRequest, _troupe_v1_DisableNodeSchedulingRequest__Output>
      EnableJobRequest: MessageTypeDefinition<_troupe_v1_EnableJobRequest, _troupe_v1_EnableJobRequest__Output>
      EnableNodeSchedulingRequest: MessageTypeDefinition<_troupe_v1_EnableNodeSchedulingRequest, _troupe_v1_EnableNodeSchedulingRequest__Output>
      EnvironmentSetting: MessageTypeDefinition<_troupe_v1_EnvironmentSetting, _troupe_v1_EnvironmentSetting__Output>
      ErrorDetail: MessageTypeDefinition<_troupe_v1_ErrorDetail, _troupe_v1_ErrorDetail__Output>
      ExitCodeMapping: MessageTypeDefinition<_troupe_v1_ExitCodeMapping, _troupe_v1_ExitCodeMapping__Output>
      ExitCodeRangeMapping: MessageTypeDefinition<_troupe_v1_ExitCodeRangeMapping, _troupe_v1_ExitCodeRangeMapping__Output>
      ExitConditions: MessageTypeDefinition<_troupe_v1_ExitConditions, _troupe_v1_ExitConditions__Output>
      ExitOptions: MessageTypeDefinition<_troupe_v1_ExitOptions, _troupe_v1_ExitOptions__Output>
      FileChunk: MessageTypeDefinition<_troupe_v1_FileChunk, _troupe_v1_FileChunk__Output>
      GetJobRequest: MessageTypeDefinition<_troupe_v1_GetJobRequest, _troupe_v1_GetJobRequest__Output>
      GetJobStatisticsRequest: MessageTypeDefinition<_troupe_v1_GetJobStatisticsRequest, _troupe_v1_GetJobStatisticsRequest__Output>
      GetNodeFileRequest: MessageTypeDefinition<_troupe_v1_GetNodeFileRequest, _troupe_v1_GetNodeFileRequest__Output>
      GetNodeRequest: MessageTypeDefinition<_troupe_v1_GetNodeRequest, _troupe_v1_GetNodeRequest__Output>
      GetPoolRequest: MessageTypeDefinition<_troupe_v1_GetPoolRequest, _troupe_v1_GetPoolRequest__Output>
      GetTaskCountsRequest: MessageTypeDefinition<_troupe_v1_GetTaskCountsRequest, _troupe_v1_GetTaskCountsRequest__Output>
      GetTaskFileRequest: MessageTypeDefinition<_troupe_v1_GetTaskFileRequest, _troupe_v1_GetTaskFileRequest__Output>
      GetTaskOutputRequest: MessageTypeDefinition<_troupe_v1_GetTaskOutputRequest, _troupe_v1_GetTaskOutputRequest__Output>
      GetTaskRequest: MessageTypeDefinition<_troupe_v1_GetTaskRequest, _troupe_v1_GetTaskRequest__Output>
      Job: MessageTypeDefinition<_troupe_v1_Job, _troupe_v1_Job__Output>
      JobConstraints: MessageTypeDefinition<_troupe_v1_JobConstraints, _troupe_v1_JobConstraints__Output>
      JobConstraintsPatch: MessageTypeDefinition<_troupe_v1_JobConstraintsPatch, _troupe_v1_JobConstraintsPatch__Output>
      JobExecutionInformation: MessageTypeDefinition<_troupe_v1_JobExecutionInformation, _troupe_v1_JobExecutionInformation__Output>
      JobManagerTask: MessageTypeDefinition<_troupe_v1_JobManagerTask, _troupe_v1_JobManagerTask__Output>
      JobPreparationAndReleaseTaskExecutionInformation: MessageTypeDefinition<_troupe_v1_JobPreparationAndReleaseTaskExecutionInformation, _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation__Output>
      JobPreparationTask: MessageTypeDefinition<_troupe_v1_JobPreparationTask, _troupe_v1_JobPreparationTask__Output>
      JobReleaseTask: MessageTypeDefinition<_troupe_v1_JobReleaseTask, _troupe_v1_JobReleaseTask__Output>
      JobStatistics: MessageTypeDefinition<_troupe_v1_JobStatistics, _troupe_v1_JobStatistics__Output>
      LinuxUserConfiguration: MessageTypeDefinition<_troupe_v1_LinuxUserConfiguration, _troupe_v1_LinuxUserConfiguration__Output>
      ListJobsRequest: MessageTypeDefinition<_troupe_v1_ListJobsRequest, _troupe_v1_ListJobsRequest__Output>
      ListJobsResponse: MessageTypeDefinition<_troupe_v1_ListJobsResponse, _troupe_v1_ListJobsResponse__Output>
      ListNodeFilesRequest: MessageTypeDefinition<_troupe_v1_ListNodeFilesRequest, _troupe_v1_ListNodeFilesRequest__Output>
      ListNodeFilesResponse: MessageTypeDefinition<_troupe_v1_ListNodeFilesResponse, _troupe_v1_ListNodeFilesResponse__Output>
      ListNodesRequest: MessageTypeDefinition<_troupe_v1_ListNodesRequest, _troupe_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_troupe_v1_ListNodesResponse, _troupe_v1_ListNodesResponse__Output>
      ListPoolsRequest: MessageTypeDefinition<_troupe_v1_ListPoolsRequest, _troupe_v1_ListPoolsRequest__Output>
      ListPoolsResponse: MessageTypeDefinition<_troupe_v1_ListPoolsResponse, _troupe_v1_ListPoolsResponse__Output>
      ListPreparationAndReleaseTaskStatusRequest: MessageTypeDefinition<_troupe_v1_ListPreparationAndReleaseTaskStatusRequest, _troupe_v1_ListPreparationAndReleaseTaskStatusRequest__Output>
      ListPreparationAndReleaseTaskStatusResponse: MessageTypeDefinition<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse, _troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>
      ListSubtasksRequest: MessageTypeDefinition<_troupe_v1_ListSubtasksRequest, _troupe_v1_ListSubtasksRequest__Output>
      ListSubtasksResponse: MessageTypeDefinition<_troupe_v1_ListSubtasksResponse, _troupe_v1_ListSubtasksResponse__Output>
      ListTaskFilesRequest: MessageTypeDefinition<_troupe_v1_ListTaskFilesRequest, _troupe_v1_ListTaskFilesRequest__Output>
      ListTasksRequest: MessageTypeDefinition<_troupe_v1_ListTasksRequest, _troupe_v1_ListTasksRequest__Output>
      ListTasksResponse: MessageTypeDefinition<_troupe_v1_ListTasksResponse, _troupe_v1_ListTasksResponse__Output>
      ListTokensRequest: MessageTypeDefinition<_troupe_v1_ListTokensRequest, _troupe_v1_ListTokensRequest__Output>
      ListTokensResponse: MessageTypeDefinition<_troupe_v1_ListTokensResponse, _troupe_v1_ListTokensResponse__Output>
      MetadataItem: MessageTypeDefinition<_troupe_v1_MetadataItem, _troupe_v1_MetadataItem__Output>
      MetadataPatch: MessageTypeDefinition<_troupe_v1_MetadataPatch, _troupe_v1_MetadataPatch__Output>
      MultiInstanceSettings: MessageTypeDefinition<_troupe_v1_MultiInstanceSettings, _troupe_v1_MultiInstanceSettings__Output>
      Node: MessageTypeDefinition<_troupe_v1_Node, _troupe_v1_Node__Output>
      NodeFile: MessageTypeDefinition<_troupe_v1_NodeFile, _troupe_v1_NodeFile__Output>
      NodeProvider: MessageTypeDefinition<_troupe_v1_NodeProvider, _troupe_v1_NodeProvider__Output>
      NodeTaskExecutionInformation: MessageTypeDefinition<_troupe_v1_NodeTaskExecutionInformation, _troupe_v1_NodeTaskExecutionInformation__Output>
      OutputChunk: MessageTypeDefinition<_troupe_v1_OutputChunk, _troupe_v1_OutputChunk__Output>
      OutputFile: MessageTypeDefinition<_troupe_v1_OutputFile, _troupe_v1_OutputFile__Output>
      PatchJobRequest: MessageTypeDefinition<_troupe_v1_PatchJobRequest, _troupe_v1_PatchJobRequest__Output>
      PatchPoolRequest: MessageTypeDefinition<_troupe_v1_PatchPoolRequest, _troupe_v1_PatchPoolRequest__Output>
      Pool: MessageTypeDefinition<_troupe_v1_Pool, _troupe_v1_Pool__Output>
      PoolInformation: MessageTypeDefinition<_troupe_v1_PoolInformation, _troupe_v1_PoolInformation__Output>
      ReactivateTaskRequest: MessageTypeDefinition<_troupe_v1_ReactivateTaskRequest, _troupe_v1_ReactivateTaskRequest__Output>
      ResizeError: MessageTypeDefinition<_troupe_v1_ResizeError, _troupe_v1_ResizeError__Output>
      ResourceFile: MessageTypeDefinition<_troupe_v1_ResourceFile, _troupe_v1_ResourceFile__Output>
      ResourceUsage: MessageTypeDefinition<_troupe_v1_ResourceUsage, _troupe_v1_ResourceUsage__Output>
      RevokeTokenRequest: MessageTypeDefinition<_troupe_v1_RevokeTokenRequest, _troupe_v1_RevokeTokenRequest__Output>
      RevokeTokenResponse: MessageTypeDefinition<_troupe_v1_RevokeTokenResponse, _troupe_v1_RevokeTokenResponse__Output>
      StartTask: MessageTypeDefinition<_troupe_v1_StartTask, _troupe_v1_StartTask__Output>
      StartTaskInformation: MessageTypeDefinition<_troupe_v1_StartTaskInformation, _troupe_v1_StartTaskInformation__Output>
      Subtask: MessageTypeDefinition<_troupe_v1_Subtask, _troupe_v1_Subtask__Output>
      Task: MessageTypeDefinition<_troupe_v1_Task, _troupe_v1_Task__Output>
      TaskAddResult: MessageTypeDefinition<_troupe_v1_TaskAddResult, _troupe_v1_TaskAddResult__Output>
      TaskBatch: MessageTypeDefinition<_troupe_v1_TaskBatch, _troupe_v1_TaskBatch__Output>
      TaskConstraints: MessageTypeDefinition<_troupe_v1_TaskConstraints, _troupe_v1_TaskConstraints__Output>
      TaskConstraintsPatch: MessageTypeDefinition<_troupe_v1_TaskConstraintsPatch, _troupe_v1_TaskConstraintsPatch__Output>
      TaskCounts: MessageTypeDefinition<_troupe_v1_TaskCounts, _troupe_v1_TaskCounts__Output>
      TaskDependencies: MessageTypeDefinition<_troupe_v1_TaskDependencies, _troupe_v1_TaskDependencies__Output>
      TaskDependencyState: MessageTypeDefinition<_troupe_v1_TaskDependencyState, _troupe_v1_TaskDependencyState__Output>
      TaskExecutionInformation: MessageTypeDefinition<_troupe_v1_TaskExecutionInformation, _troupe_v1_TaskExecutionInformation__Output>
      TaskFailureInformation: MessageTypeDefinition<_troupe_v1_TaskFailureInformation, _troupe_v1_TaskFailureInformation__Output>
      TaskIdRange: MessageTypeDefinition<_troupe_v1_TaskIdRange, _troupe_v1_TaskIdRange__Output>
      TaskPty: MessageTypeDefinition<_troupe_v1_TaskPty, _troupe_v1_TaskPty__Output>
      TaskSchedulingPolicy: MessageTypeDefinition<_troupe_v1_TaskSchedulingPolicy, _troupe_v1_TaskSchedulingPolicy__Output>
      TaskSpec: MessageTypeDefinition<_troupe_v1_TaskSpec, _troupe_v1_TaskSpec__Output>
      TaskStatistics: MessageTypeDefinition<_troupe_v1_TaskStatistics, _troupe_v1_TaskStatistics__Output>
      TerminateJobRequest: MessageTypeDefinition<_troupe_v1_TerminateJobRequest, _troupe_v1_TerminateJobRequest__Output>
      TerminateTaskRequest: MessageTypeDefinition<_troupe_v1_TerminateTaskRequest, _troupe_v1_TerminateTaskRequest__Output>
      Token: MessageTypeDefinition<_troupe_v1_Token, _troupe_v1_Token__Output>
      UpdateTaskRequest: MessageTypeDefinition<_troupe_v1_UpdateTaskRequest, _troupe_v1_UpdateTaskRequest__Output>
      UserAccount: MessageTypeDefinition<_troupe_v1_UserAccount, _troupe_v1_UserAccount__Output>
      UserIdentity: MessageTypeDefinition<_troupe_v1_UserIdentity, _troupe_v1_UserIdentity__Output>
      WatchEvent: MessageTypeDefinition<_troupe_v1_WatchEvent, _troupe_v1_WatchEvent__Output>
      WatchRequest: MessageTypeDefinition<_troupe_v1_WatchRequest, _troupe_v1_WatchRequest__Output>
      WhoAmIRequest: MessageTypeDefinition<_troupe_v1_WhoAmIRequest, _troupe_v1_WhoAmIRequest__Output>
    }
  }
}

