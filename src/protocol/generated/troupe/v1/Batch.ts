// Original file: proto/troupe/v1/batch_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddTaskCollectionRequest as _troupe_v1_AddTaskCollectionRequest, AddTaskCollectionRequest__Output as _troupe_v1_AddTaskCollectionRequest__Output } from '../../troupe/v1/AddTaskCollectionRequest';
import type { AddTaskCollectionResponse as _troupe_v1_AddTaskCollectionResponse, AddTaskCollectionResponse__Output as _troupe_v1_AddTaskCollectionResponse__Output } from '../../troupe/v1/AddTaskCollectionResponse';
import type { AddTaskRequest as _troupe_v1_AddTaskRequest, AddTaskRequest__Output as _troupe_v1_AddTaskRequest__Output } from '../../troupe/v1/AddTaskRequest';
import type { CreateJobRequest as _troupe_v1_CreateJobRequest, CreateJobRequest__Output as _troupe_v1_CreateJobRequest__Output } from '../../troupe/v1/CreateJobRequest';
import type { CreatePoolRequest as _troupe_v1_CreatePoolRequest, CreatePoolRequest__Output as _troupe_v1_CreatePoolRequest__Output } from '../../troupe/v1/CreatePoolRequest';
import type { CreateTokenRequest as _troupe_v1_CreateTokenRequest, CreateTokenRequest__Output as _troupe_v1_CreateTokenRequest__Output } from '../../troupe/v1/CreateTokenRequest';
import type { CreateTokenResponse as _troupe_v1_CreateTokenResponse, CreateTokenResponse__Output as _troupe_v1_CreateTokenResponse__Output } from '../../troupe/v1/CreateTokenResponse';
import type { DeleteJobRequest as _troupe_v1_DeleteJobRequest, DeleteJobRequest__Output as _troupe_v1_DeleteJobRequest__Output } from '../../troupe/v1/DeleteJobRequest';
import type { DeleteJobResponse as _troupe_v1_DeleteJobResponse, DeleteJobResponse__Output as _troupe_v1_DeleteJobResponse__Output } from '../../troupe/v1/DeleteJobResponse';
import type { DeletePoolRequest as _troupe_v1_DeletePoolRequest, DeletePoolRequest__Output as _troupe_v1_DeletePoolRequest__Output } from '../../troupe/v1/DeletePoolRequest';
import type { DeletePoolResponse as _troupe_v1_DeletePoolResponse, DeletePoolResponse__Output as _troupe_v1_DeletePoolResponse__Output } from '../../troupe/v1/DeletePoolResponse';
import type { DeleteTaskRequest as _troupe_v1_DeleteTaskRequest, DeleteTaskRequest__Output as _troupe_v1_DeleteTaskRequest__Output } from '../../troupe/v1/DeleteTaskRequest';
import type { DeleteTaskResponse as _troupe_v1_DeleteTaskResponse, DeleteTaskResponse__Output as _troupe_v1_DeleteTaskResponse__Output } from '../../troupe/v1/DeleteTaskResponse';
import type { DisableJobRequest as _troupe_v1_DisableJobRequest, DisableJobRequest__Output as _troupe_v1_DisableJobRequest__Output } from '../../troupe/v1/DisableJobRequest';
import type { DisableNodeSchedulingRequest as _troupe_v1_DisableNodeSchedulingRequest, DisableNodeSchedulingRequest__Output as _troupe_v1_DisableNodeSchedulingRequest__Output } from '../../troupe/v1/DisableNodeSchedulingRequest';
import type { EnableJobRequest as _troupe_v1_EnableJobRequest, EnableJobRequest__Output as _troupe_v1_EnableJobRequest__Output } from '../../troupe/v1/EnableJobRequest';
import type { EnableNodeSchedulingRequest as _troupe_v1_EnableNodeSchedulingRequest, EnableNodeSchedulingRequest__Output as _troupe_v1_EnableNodeSchedulingRequest__Output } from '../../troupe/v1/EnableNodeSchedulingRequest';
import type { FileChunk as _troupe_v1_FileChunk, FileChunk__Output as _troupe_v1_FileChunk__Output } from '../../troupe/v1/FileChunk';
import type { GetJobRequest as _troupe_v1_GetJobRequest, GetJobRequest__Output as _troupe_v1_GetJobRequest__Output } from '../../troupe/v1/GetJobRequest';
import type { GetJobStatisticsRequest as _troupe_v1_GetJobStatisticsRequest, GetJobStatisticsRequest__Output as _troupe_v1_GetJobStatisticsRequest__Output } from '../../troupe/v1/GetJobStatisticsRequest';
import type { GetNodeFileRequest as _troupe_v1_GetNodeFileRequest, GetNodeFileRequest__Output as _troupe_v1_GetNodeFileRequest__Output } from '../../troupe/v1/GetNodeFileRequest';
import type { GetNodeRequest as _troupe_v1_GetNodeRequest, GetNodeRequest__Output as _troupe_v1_GetNodeRequest__Output } from '../../troupe/v1/GetNodeRequest';
import type { GetPoolRequest as _troupe_v1_GetPoolRequest, GetPoolRequest__Output as _troupe_v1_GetPoolRequest__Output } from '../../troupe/v1/GetPoolRequest';
import type { GetTaskCountsRequest as _troupe_v1_GetTaskCountsRequest, GetTaskCountsRequest__Output as _troupe_v1_GetTaskCountsRequest__Output } from '../../troupe/v1/GetTaskCountsRequest';
import type { GetTaskFileRequest as _troupe_v1_GetTaskFileRequest, GetTaskFileRequest__Output as _troupe_v1_GetTaskFileRequest__Output } from '../../troupe/v1/GetTaskFileRequest';
import type { GetTaskOutputRequest as _troupe_v1_GetTaskOutputRequest, GetTaskOutputRequest__Output as _troupe_v1_GetTaskOutputRequest__Output } from '../../troupe/v1/GetTaskOutputRequest';
import type { GetTaskRequest as _troupe_v1_GetTaskRequest, GetTaskRequest__Output as _troupe_v1_GetTaskRequest__Output } from '../../troupe/v1/GetTaskRequest';
import type { Job as _troupe_v1_Job, Job__Output as _troupe_v1_Job__Output } from '../../troupe/v1/Job';
import type { JobStatistics as _troupe_v1_JobStatistics, JobStatistics__Output as _troupe_v1_JobStatistics__Output } from '../../troupe/v1/JobStatistics';
import type { ListJobsRequest as _troupe_v1_ListJobsRequest, ListJobsRequest__Output as _troupe_v1_ListJobsRequest__Output } from '../../troupe/v1/ListJobsRequest';
import type { ListJobsResponse as _troupe_v1_ListJobsResponse, ListJobsResponse__Output as _troupe_v1_ListJobsResponse__Output } from '../../troupe/v1/ListJobsResponse';
import type { ListNodeFilesRequest as _troupe_v1_ListNodeFilesRequest, ListNodeFilesRequest__Output as _troupe_v1_ListNodeFilesRequest__Output } from '../../troupe/v1/ListNodeFilesRequest';
import type { ListNodeFilesResponse as _troupe_v1_ListNodeFilesResponse, ListNodeFilesResponse__Output as _troupe_v1_ListNodeFilesResponse__Output } from '../../troupe/v1/ListNodeFilesResponse';
import type { ListNodesRequest as _troupe_v1_ListNodesRequest, ListNodesRequest__Output as _troupe_v1_ListNodesRequest__Output } from '../../troupe/v1/ListNodesRequest';
import type { ListNodesResponse as _troupe_v1_ListNodesResponse, ListNodesResponse__Output as _troupe_v1_ListNodesResponse__Output } from '../../troupe/v1/ListNodesResponse';
import type { ListPoolsRequest as _troupe_v1_ListPoolsRequest, ListPoolsRequest__Output as _troupe_v1_ListPoolsRequest__Output } from '../../troupe/v1/ListPoolsRequest';
import type { ListPoolsResponse as _troupe_v1_ListPoolsResponse, ListPoolsResponse__Output as _troupe_v1_ListPoolsResponse__Output } from '../../troupe/v1/ListPoolsResponse';
import type { ListPreparationAndReleaseTaskStatusRequest as _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, ListPreparationAndReleaseTaskStatusRequest__Output as _troupe_v1_ListPreparationAndReleaseTaskStatusRequest__Output } from '../../troupe/v1/ListPreparationAndReleaseTaskStatusRequest';
import type { ListPreparationAndReleaseTaskStatusResponse as _troupe_v1_ListPreparationAndReleaseTaskStatusResponse, ListPreparationAndReleaseTaskStatusResponse__Output as _troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output } from '../../troupe/v1/ListPreparationAndReleaseTaskStatusResponse';
import type { ListSubtasksRequest as _troupe_v1_ListSubtasksRequest, ListSubtasksRequest__Output as _troupe_v1_ListSubtasksRequest__Output } from '../../troupe/v1/ListSubtasksRequest';
import type { ListSubtasksResponse as _troupe_v1_ListSubtasksResponse, ListSubtasksResponse__Output as _troupe_v1_ListSubtasksResponse__Output } from '../../troupe/v1/ListSubtasksResponse';
import type { ListTaskFilesRequest as _troupe_v1_ListTaskFilesRequest, ListTaskFilesRequest__Output as _troupe_v1_ListTaskFilesRequest__Output } from '../../troupe/v1/ListTaskFilesRequest';
import type { ListTasksRequest as _troupe_v1_ListTasksRequest, ListTasksRequest__Output as _troupe_v1_ListTasksRequest__Output } from '../../troupe/v1/ListTasksRequest';
import type { ListTasksResponse as _troupe_v1_ListTasksResponse, ListTasksResponse__Output as _troupe_v1_ListTasksResponse__Output } from '../../troupe/v1/ListTasksResponse';
import type { ListTokensRequest as _troupe_v1_ListTokensRequest, ListTokensRequest__Output as _troupe_v1_ListTokensRequest__Output } from '../../troupe/v1/ListTokensRequest';
import type { ListTokensResponse as _troupe_v1_ListTokensResponse, ListTokensResponse__Output as _troupe_v1_ListTokensResponse__Output } from '../../troupe/v1/ListTokensResponse';
import type { Node as _troupe_v1_Node, Node__Output as _troupe_v1_Node__Output } from '../../troupe/v1/Node';
import type { OutputChunk as _troupe_v1_OutputChunk, OutputChunk__Output as _troupe_v1_OutputChunk__Output } from '../../troupe/v1/OutputChunk';
import type { PatchJobRequest as _troupe_v1_PatchJobRequest, PatchJobRequest__Output as _troupe_v1_PatchJobRequest__Output } from '../../troupe/v1/PatchJobRequest';
import type { PatchPoolRequest as _troupe_v1_PatchPoolRequest, PatchPoolRequest__Output as _troupe_v1_PatchPoolRequest__Output } from '../../troupe/v1/PatchPoolRequest';
import type { Pool as _troupe_v1_Pool, Pool__Output as _troupe_v1_Pool__Output } from '../../troupe/v1/Pool';
import type { ReactivateTaskRequest as _troupe_v1_ReactivateTaskRequest, ReactivateTaskRequest__Output as _troupe_v1_ReactivateTaskRequest__Output } from '../../troupe/v1/ReactivateTaskRequest';
import type { RevokeTokenRequest as _troupe_v1_RevokeTokenRequest, RevokeTokenRequest__Output as _troupe_v1_RevokeTokenRequest__Output } from '../../troupe/v1/RevokeTokenRequest';
import type { RevokeTokenResponse as _troupe_v1_RevokeTokenResponse, RevokeTokenResponse__Output as _troupe_v1_RevokeTokenResponse__Output } from '../../troupe/v1/RevokeTokenResponse';
import type { Task as _troupe_v1_Task, Task__Output as _troupe_v1_Task__Output } from '../../troupe/v1/Task';
import type { TaskCounts as _troupe_v1_TaskCounts, TaskCounts__Output as _troupe_v1_TaskCounts__Output } from '../../troupe/v1/TaskCounts';
import type { TerminateJobRequest as _troupe_v1_TerminateJobRequest, TerminateJobRequest__Output as _troupe_v1_TerminateJobRequest__Output } from '../../troupe/v1/TerminateJobRequest';
import type { TerminateTaskRequest as _troupe_v1_TerminateTaskRequest, TerminateTaskRequest__Output as _troupe_v1_TerminateTaskRequest__Output } from '../../troupe/v1/TerminateTaskRequest';
import type { Token as _troupe_v1_Token, Token__Output as _troupe_v1_Token__Output } from '../../troupe/v1/Token';
import type { UpdateTaskRequest as _troupe_v1_UpdateTaskRequest, UpdateTaskRequest__Output as _troupe_v1_UpdateTaskRequest__Output } from '../../troupe/v1/UpdateTaskRequest';
import type { WatchEvent as _troupe_v1_WatchEvent, WatchEvent__Output as _troupe_v1_WatchEvent__Output } from '../../troupe/v1/WatchEvent';
import type { WatchRequest as _troupe_v1_WatchRequest, WatchRequest__Output as _troupe_v1_WatchRequest__Output } from '../../troupe/v1/WatchRequest';
import type { WhoAmIRequest as _troupe_v1_WhoAmIRequest, WhoAmIRequest__Output as _troupe_v1_WhoAmIRequest__Output } from '../../troupe/v1/WhoAmIRequest';

export interface BatchClient extends grpc.Client {
  AddTask(argument: _troupe_v1_AddTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  AddTask(argument: _troupe_v1_AddTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  AddTask(argument: _troupe_v1_AddTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  AddTask(argument: _troupe_v1_AddTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  addTask(argument: _troupe_v1_AddTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  addTask(argument: _troupe_v1_AddTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  addTask(argument: _troupe_v1_AddTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  addTask(argument: _troupe_v1_AddTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  
  AddTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  AddTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  AddTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  AddTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  addTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  addTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  addTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  addTaskCollection(argument: _troupe_v1_AddTaskCollectionRequest, callback: grpc.requestCallback<_troupe_v1_AddTaskCollectionResponse__Output>): grpc.ClientUnaryCall;
  
  CreateJob(argument: _troupe_v1_CreateJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateJob(argument: _troupe_v1_CreateJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateJob(argument: _troupe_v1_CreateJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateJob(argument: _troupe_v1_CreateJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  createJob(argument: _troupe_v1_CreateJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  createJob(argument: _troupe_v1_CreateJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  createJob(argument: _troupe_v1_CreateJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  createJob(argument: _troupe_v1_CreateJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  
  CreatePool(argument: _troupe_v1_CreatePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  CreatePool(argument: _troupe_v1_CreatePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  CreatePool(argument: _troupe_v1_CreatePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  CreatePool(argument: _troupe_v1_CreatePoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  createPool(argument: _troupe_v1_CreatePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  createPool(argument: _troupe_v1_CreatePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  createPool(argument: _troupe_v1_CreatePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  createPool(argument: _troupe_v1_CreatePoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  CreateToken(argument: _troupe_v1_CreateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _troupe_v1_CreateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _troupe_v1_CreateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _troupe_v1_CreateTokenRequest, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _troupe_v1_CreateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _troupe_v1_CreateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _troupe_v1_CreateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _troupe_v1_CreateTokenRequest, callback: grpc.requestCallback<_troupe_v1_CreateTokenResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteJob(argument: _troupe_v1_DeleteJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  DeleteJob(argument: _troupe_v1_DeleteJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  DeleteJob(argument: _troupe_v1_DeleteJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  DeleteJob(argument: _troupe_v1_DeleteJobRequest, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _troupe_v1_DeleteJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _troupe_v1_DeleteJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _troupe_v1_DeleteJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _troupe_v1_DeleteJobRequest, callback: grpc.requestCallback<_troupe_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  
  DeletePool(argument: _troupe_v1_DeletePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  DeletePool(argument: _troupe_v1_DeletePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  DeletePool(argument: _troupe_v1_DeletePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  DeletePool(argument: _troupe_v1_DeletePoolRequest, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  deletePool(argument: _troupe_v1_DeletePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  deletePool(argument: _troupe_v1_DeletePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  deletePool(argument: _troupe_v1_DeletePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  deletePool(argument: _troupe_v1_DeletePoolRequest, callback: grpc.requestCallback<_troupe_v1_DeletePoolResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteTask(argument: _troupe_v1_DeleteTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  DeleteTask(argument: _troupe_v1_DeleteTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  DeleteTask(argument: _troupe_v1_DeleteTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  DeleteTask(argument: _troupe_v1_DeleteTaskRequest, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _troupe_v1_DeleteTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _troupe_v1_DeleteTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _troupe_v1_DeleteTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _troupe_v1_DeleteTaskRequest, callback: grpc.requestCallback<_troupe_v1_DeleteTaskResponse__Output>): grpc.ClientUnaryCall;
  
  DisableJob(argument: _troupe_v1_DisableJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  DisableJob(argument: _troupe_v1_DisableJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  DisableJob(argument: _troupe_v1_DisableJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  DisableJob(argument: _troupe_v1_DisableJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  disableJob(argument: _troupe_v1_DisableJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  disableJob(argument: _troupe_v1_DisableJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  disableJob(argument: _troupe_v1_DisableJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  disableJob(argument: _troupe_v1_DisableJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  
  DisableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  DisableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  DisableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  DisableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  disableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  disableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  disableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  disableNodeScheduling(argument: _troupe_v1_DisableNodeSchedulingRequest, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  
  EnableJob(argument: _troupe_v1_EnableJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  EnableJob(argument: _troupe_v1_EnableJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  EnableJob(argument: _troupe_v1_EnableJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  EnableJob(argument: _troupe_v1_EnableJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  enableJob(argument: _troupe_v1_EnableJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  enableJob(argument: _troupe_v1_EnableJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  enableJob(argument: _troupe_v1_EnableJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  enableJob(argument: _troupe_v1_EnableJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  
  EnableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  EnableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  EnableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  EnableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  enableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  enableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  enableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  enableNodeScheduling(argument: _troupe_v1_EnableNodeSchedulingRequest, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  
  GetJob(argument: _troupe_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _troupe_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _troupe_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _troupe_v1_GetJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _troupe_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _troupe_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _troupe_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _troupe_v1_GetJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  
  GetJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  GetJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  GetJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  GetJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  getJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  getJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  getJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  getJobStatistics(argument: _troupe_v1_GetJobStatisticsRequest, callback: grpc.requestCallback<_troupe_v1_JobStatistics__Output>): grpc.ClientUnaryCall;
  
  GetNode(argument: _troupe_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _troupe_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _troupe_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _troupe_v1_GetNodeRequest, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _troupe_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _troupe_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _troupe_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _troupe_v1_GetNodeRequest, callback: grpc.requestCallback<_troupe_v1_Node__Output>): grpc.ClientUnaryCall;
  
  GetNodeFile(argument: _troupe_v1_GetNodeFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  GetNodeFile(argument: _troupe_v1_GetNodeFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  getNodeFile(argument: _troupe_v1_GetNodeFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  getNodeFile(argument: _troupe_v1_GetNodeFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  
  GetPool(argument: _troupe_v1_GetPoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  GetPool(argument: _troupe_v1_GetPoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  GetPool(argument: _troupe_v1_GetPoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  GetPool(argument: _troupe_v1_GetPoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _troupe_v1_GetPoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _troupe_v1_GetPoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _troupe_v1_GetPoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _troupe_v1_GetPoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  GetTask(argument: _troupe_v1_GetTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _troupe_v1_GetTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _troupe_v1_GetTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _troupe_v1_GetTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _troupe_v1_GetTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _troupe_v1_GetTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _troupe_v1_GetTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _troupe_v1_GetTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  
  GetTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  GetTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  GetTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  GetTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  getTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  getTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  getTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  getTaskCounts(argument: _troupe_v1_GetTaskCountsRequest, callback: grpc.requestCallback<_troupe_v1_TaskCounts__Output>): grpc.ClientUnaryCall;
  
  GetTaskFile(argument: _troupe_v1_GetTaskFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  GetTaskFile(argument: _troupe_v1_GetTaskFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  getTaskFile(argument: _troupe_v1_GetTaskFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  getTaskFile(argument: _troupe_v1_GetTaskFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_FileChunk__Output>;
  
  GetTaskOutput(argument: _troupe_v1_GetTaskOutputRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_OutputChunk__Output>;
  GetTaskOutput(argument: _troupe_v1_GetTaskOutputRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_OutputChunk__Output>;
  getTaskOutput(argument: _troupe_v1_GetTaskOutputRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_OutputChunk__Output>;
  getTaskOutput(argument: _troupe_v1_GetTaskOutputRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_OutputChunk__Output>;
  
  ListJobs(argument: _troupe_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _troupe_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _troupe_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _troupe_v1_ListJobsRequest, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _troupe_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _troupe_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _troupe_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _troupe_v1_ListJobsRequest, callback: grpc.requestCallback<_troupe_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  
  ListNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  ListNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  ListNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  ListNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listNodeFiles(argument: _troupe_v1_ListNodeFilesRequest, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  
  ListNodes(argument: _troupe_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _troupe_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _troupe_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _troupe_v1_ListNodesRequest, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _troupe_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _troupe_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _troupe_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _troupe_v1_ListNodesRequest, callback: grpc.requestCallback<_troupe_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  ListPools(argument: _troupe_v1_ListPoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  ListPools(argument: _troupe_v1_ListPoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  ListPools(argument: _troupe_v1_ListPoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  ListPools(argument: _troupe_v1_ListPoolsRequest, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  listPools(argument: _troupe_v1_ListPoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  listPools(argument: _troupe_v1_ListPoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  listPools(argument: _troupe_v1_ListPoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  listPools(argument: _troupe_v1_ListPoolsRequest, callback: grpc.requestCallback<_troupe_v1_ListPoolsResponse__Output>): grpc.ClientUnaryCall;
  
  ListPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  ListPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  ListPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  ListPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  listPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  listPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  listPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  listPreparationAndReleaseTaskStatus(argument: _troupe_v1_ListPreparationAndReleaseTaskStatusRequest, callback: grpc.requestCallback<_troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  
  ListSubtasks(argument: _troupe_v1_ListSubtasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  ListSubtasks(argument: _troupe_v1_ListSubtasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  ListSubtasks(argument: _troupe_v1_ListSubtasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  ListSubtasks(argument: _troupe_v1_ListSubtasksRequest, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  listSubtasks(argument: _troupe_v1_ListSubtasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  listSubtasks(argument: _troupe_v1_ListSubtasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  listSubtasks(argument: _troupe_v1_ListSubtasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  listSubtasks(argument: _troupe_v1_ListSubtasksRequest, callback: grpc.requestCallback<_troupe_v1_ListSubtasksResponse__Output>): grpc.ClientUnaryCall;
  
  ListTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  ListTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  ListTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  ListTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  listTaskFiles(argument: _troupe_v1_ListTaskFilesRequest, callback: grpc.requestCallback<_troupe_v1_ListNodeFilesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTasks(argument: _troupe_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _troupe_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _troupe_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _troupe_v1_ListTasksRequest, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _troupe_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _troupe_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _troupe_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _troupe_v1_ListTasksRequest, callback: grpc.requestCallback<_troupe_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  
  ListTokens(argument: _troupe_v1_ListTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _troupe_v1_ListTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _troupe_v1_ListTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _troupe_v1_ListTokensRequest, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _troupe_v1_ListTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _troupe_v1_ListTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _troupe_v1_ListTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _troupe_v1_ListTokensRequest, callback: grpc.requestCallback<_troupe_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  
  PatchJob(argument: _troupe_v1_PatchJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  PatchJob(argument: _troupe_v1_PatchJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  PatchJob(argument: _troupe_v1_PatchJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  PatchJob(argument: _troupe_v1_PatchJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  patchJob(argument: _troupe_v1_PatchJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  patchJob(argument: _troupe_v1_PatchJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  patchJob(argument: _troupe_v1_PatchJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  patchJob(argument: _troupe_v1_PatchJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  
  PatchPool(argument: _troupe_v1_PatchPoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  PatchPool(argument: _troupe_v1_PatchPoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  PatchPool(argument: _troupe_v1_PatchPoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  PatchPool(argument: _troupe_v1_PatchPoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  patchPool(argument: _troupe_v1_PatchPoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  patchPool(argument: _troupe_v1_PatchPoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  patchPool(argument: _troupe_v1_PatchPoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  patchPool(argument: _troupe_v1_PatchPoolRequest, callback: grpc.requestCallback<_troupe_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  ReactivateTask(argument: _troupe_v1_ReactivateTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  ReactivateTask(argument: _troupe_v1_ReactivateTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  ReactivateTask(argument: _troupe_v1_ReactivateTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  ReactivateTask(argument: _troupe_v1_ReactivateTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  reactivateTask(argument: _troupe_v1_ReactivateTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  reactivateTask(argument: _troupe_v1_ReactivateTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  reactivateTask(argument: _troupe_v1_ReactivateTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  reactivateTask(argument: _troupe_v1_ReactivateTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  
  RevokeToken(argument: _troupe_v1_RevokeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _troupe_v1_RevokeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _troupe_v1_RevokeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _troupe_v1_RevokeTokenRequest, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _troupe_v1_RevokeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _troupe_v1_RevokeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _troupe_v1_RevokeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _troupe_v1_RevokeTokenRequest, callback: grpc.requestCallback<_troupe_v1_RevokeTokenResponse__Output>): grpc.ClientUnaryCall;
  
  TerminateJob(argument: _troupe_v1_TerminateJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  TerminateJob(argument: _troupe_v1_TerminateJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  TerminateJob(argument: _troupe_v1_TerminateJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  TerminateJob(argument: _troupe_v1_TerminateJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  terminateJob(argument: _troupe_v1_TerminateJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  terminateJob(argument: _troupe_v1_TerminateJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  terminateJob(argument: _troupe_v1_TerminateJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  terminateJob(argument: _troupe_v1_TerminateJobRequest, callback: grpc.requestCallback<_troupe_v1_Job__Output>): grpc.ClientUnaryCall;
  
  TerminateTask(argument: _troupe_v1_TerminateTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  TerminateTask(argument: _troupe_v1_TerminateTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  TerminateTask(argument: _troupe_v1_TerminateTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  TerminateTask(argument: _troupe_v1_TerminateTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  terminateTask(argument: _troupe_v1_TerminateTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  terminateTask(argument: _troupe_v1_TerminateTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  terminateTask(argument: _troupe_v1_TerminateTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  terminateTask(argument: _troupe_v1_TerminateTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  
  UpdateTask(argument: _troupe_v1_UpdateTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  UpdateTask(argument: _troupe_v1_UpdateTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  UpdateTask(argument: _troupe_v1_UpdateTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  UpdateTask(argument: _troupe_v1_UpdateTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  updateTask(argument: _troupe_v1_UpdateTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  updateTask(argument: _troupe_v1_UpdateTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  updateTask(argument: _troupe_v1_UpdateTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  updateTask(argument: _troupe_v1_UpdateTaskRequest, callback: grpc.requestCallback<_troupe_v1_Task__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _troupe_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_WatchEvent__Output>;
  Watch(argument: _troupe_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_WatchEvent__Output>;
  watch(argument: _troupe_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_WatchEvent__Output>;
  watch(argument: _troupe_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_WatchEvent__Output>;
  
  WhoAmI(argument: _troupe_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _troupe_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _troupe_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _troupe_v1_WhoAmIRequest, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _troupe_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _troupe_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _troupe_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _troupe_v1_WhoAmIRequest, callback: grpc.requestCallback<_troupe_v1_Token__Output>): grpc.ClientUnaryCall;
  
}

export interface BatchHandlers extends grpc.UntypedServiceImplementation {
  AddTask: grpc.handleUnaryCall<_troupe_v1_AddTaskRequest__Output, _troupe_v1_Task>;
  
  AddTaskCollection: grpc.handleUnaryCall<_troupe_v1_AddTaskCollectionRequest__Output, _troupe_v1_AddTaskCollectionResponse>;
  
  CreateJob: grpc.handleUnaryCall<_troupe_v1_CreateJobRequest__Output, _troupe_v1_Job>;
  
  CreatePool: grpc.handleUnaryCall<_troupe_v1_CreatePoolRequest__Output, _troupe_v1_Pool>;
  
  CreateToken: grpc.handleUnaryCall<_troupe_v1_CreateTokenRequest__Output, _troupe_v1_CreateTokenResponse>;
  
  DeleteJob: grpc.handleUnaryCall<_troupe_v1_DeleteJobRequest__Output, _troupe_v1_DeleteJobResponse>;
  
  DeletePool: grpc.handleUnaryCall<_troupe_v1_DeletePoolRequest__Output, _troupe_v1_DeletePoolResponse>;
  
  DeleteTask: grpc.handleUnaryCall<_troupe_v1_DeleteTaskRequest__Output, _troupe_v1_DeleteTaskResponse>;
  
  DisableJob: grpc.handleUnaryCall<_troupe_v1_DisableJobRequest__Output, _troupe_v1_Job>;
  
  DisableNodeScheduling: grpc.handleUnaryCall<_troupe_v1_DisableNodeSchedulingRequest__Output, _troupe_v1_Node>;
  
  EnableJob: grpc.handleUnaryCall<_troupe_v1_EnableJobRequest__Output, _troupe_v1_Job>;
  
  EnableNodeScheduling: grpc.handleUnaryCall<_troupe_v1_EnableNodeSchedulingRequest__Output, _troupe_v1_Node>;
  
  GetJob: grpc.handleUnaryCall<_troupe_v1_GetJobRequest__Output, _troupe_v1_Job>;
  
  GetJobStatistics: grpc.handleUnaryCall<_troupe_v1_GetJobStatisticsRequest__Output, _troupe_v1_JobStatistics>;
  
  GetNode: grpc.handleUnaryCall<_troupe_v1_GetNodeRequest__Output, _troupe_v1_Node>;
  
  GetNodeFile: grpc.handleServerStreamingCall<_troupe_v1_GetNodeFileRequest__Output, _troupe_v1_FileChunk>;
  
  GetPool: grpc.handleUnaryCall<_troupe_v1_GetPoolRequest__Output, _troupe_v1_Pool>;
  
  GetTask: grpc.handleUnaryCall<_troupe_v1_GetTaskRequest__Output, _troupe_v1_Task>;
  
  GetTaskCounts: grpc.handleUnaryCall<_troupe_v1_GetTaskCountsRequest__Output, _troupe_v1_TaskCounts>;
  
  GetTaskFile: grpc.handleServerStreamingCall<_troupe_v1_GetTaskFileRequest__Output, _troupe_v1_FileChunk>;
  
  GetTaskOutput: grpc.handleServerStreamingCall<_troupe_v1_GetTaskOutputRequest__Output, _troupe_v1_OutputChunk>;
  
  ListJobs: grpc.handleUnaryCall<_troupe_v1_ListJobsRequest__Output, _troupe_v1_ListJobsResponse>;
  
  ListNodeFiles: grpc.handleUnaryCall<_troupe_v1_ListNodeFilesRequest__Output, _troupe_v1_ListNodeFilesResponse>;
  
  ListNodes: grpc.handleUnaryCall<_troupe_v1_ListNodesRequest__Output, _troupe_v1_ListNodesResponse>;
  
  ListPools: grpc.handleUnaryCall<_troupe_v1_ListPoolsRequest__Output, _troupe_v1_ListPoolsResponse>;
  
  ListPreparationAndReleaseTaskStatus: grpc.handleUnaryCall<_troupe_v1_ListPreparationAndReleaseTaskStatusRequest__Output, _troupe_v1_ListPreparationAndReleaseTaskStatusResponse>;
  
  ListSubtasks: grpc.handleUnaryCall<_troupe_v1_ListSubtasksRequest__Output, _troupe_v1_ListSubtasksResponse>;
  
  ListTaskFiles: grpc.handleUnaryCall<_troupe_v1_ListTaskFilesRequest__Output, _troupe_v1_ListNodeFilesResponse>;
  
  ListTasks: grpc.handleUnaryCall<_troupe_v1_ListTasksRequest__Output, _troupe_v1_ListTasksResponse>;
  
  ListTokens: grpc.handleUnaryCall<_troupe_v1_ListTokensRequest__Output, _troupe_v1_ListTokensResponse>;
  
  PatchJob: grpc.handleUnaryCall<_troupe_v1_PatchJobRequest__Output, _troupe_v1_Job>;
  
  PatchPool: grpc.handleUnaryCall<_troupe_v1_PatchPoolRequest__Output, _troupe_v1_Pool>;
  
  ReactivateTask: grpc.handleUnaryCall<_troupe_v1_ReactivateTaskRequest__Output, _troupe_v1_Task>;
  
  RevokeToken: grpc.handleUnaryCall<_troupe_v1_RevokeTokenRequest__Output, _troupe_v1_RevokeTokenResponse>;
  
  TerminateJob: grpc.handleUnaryCall<_troupe_v1_TerminateJobRequest__Output, _troupe_v1_Job>;
  
  TerminateTask: grpc.handleUnaryCall<_troupe_v1_TerminateTaskRequest__Output, _troupe_v1_Task>;
  
  UpdateTask: grpc.handleUnaryCall<_troupe_v1_UpdateTaskRequest__Output, _troupe_v1_Task>;
  
  Watch: grpc.handleServerStreamingCall<_troupe_v1_WatchRequest__Output, _troupe_v1_WatchEvent>;
  
  WhoAmI: grpc.handleUnaryCall<_troupe_v1_WhoAmIRequest__Output, _troupe_v1_Token>;
  
}

export interface BatchDefinition extends grpc.ServiceDefinition {
  AddTask: MethodDefinition<_troupe_v1_AddTaskRequest, _troupe_v1_Task, _troupe_v1_AddTaskRequest__Output, _troupe_v1_Task__Output>
  AddTaskCollection: MethodDefinition<_troupe_v1_AddTaskCollectionRequest, _troupe_v1_AddTaskCollectionResponse, _troupe_v1_AddTaskCollectionRequest__Output, _troupe_v1_AddTaskCollectionResponse__Output>
  CreateJob: MethodDefinition<_troupe_v1_CreateJobRequest, _troupe_v1_Job, _troupe_v1_CreateJobRequest__Output, _troupe_v1_Job__Output>
  CreatePool: MethodDefinition<_troupe_v1_CreatePoolRequest, _troupe_v1_Pool, _troupe_v1_CreatePoolRequest__Output, _troupe_v1_Pool__Output>
  CreateToken: MethodDefinition<_troupe_v1_CreateTokenRequest, _troupe_v1_CreateTokenResponse, _troupe_v1_CreateTokenRequest__Output, _troupe_v1_CreateTokenResponse__Output>
  DeleteJob: MethodDefinition<_troupe_v1_DeleteJobRequest, _troupe_v1_DeleteJobResponse, _troupe_v1_DeleteJobRequest__Output, _troupe_v1_DeleteJobResponse__Output>
  DeletePool: MethodDefinition<_troupe_v1_DeletePoolRequest, _troupe_v1_DeletePoolResponse, _troupe_v1_DeletePoolRequest__Output, _troupe_v1_DeletePoolResponse__Output>
  DeleteTask: MethodDefinition<_troupe_v1_DeleteTaskRequest, _troupe_v1_DeleteTaskResponse, _troupe_v1_DeleteTaskRequest__Output, _troupe_v1_DeleteTaskResponse__Output>
  DisableJob: MethodDefinition<_troupe_v1_DisableJobRequest, _troupe_v1_Job, _troupe_v1_DisableJobRequest__Output, _troupe_v1_Job__Output>
  DisableNodeScheduling: MethodDefinition<_troupe_v1_DisableNodeSchedulingRequest, _troupe_v1_Node, _troupe_v1_DisableNodeSchedulingRequest__Output, _troupe_v1_Node__Output>
  EnableJob: MethodDefinition<_troupe_v1_EnableJobRequest, _troupe_v1_Job, _troupe_v1_EnableJobRequest__Output, _troupe_v1_Job__Output>
  EnableNodeScheduling: MethodDefinition<_troupe_v1_EnableNodeSchedulingRequest, _troupe_v1_Node, _troupe_v1_EnableNodeSchedulingRequest__Output, _troupe_v1_Node__Output>
  GetJob: MethodDefinition<_troupe_v1_GetJobRequest, _troupe_v1_Job, _troupe_v1_GetJobRequest__Output, _troupe_v1_Job__Output>
  GetJobStatistics: MethodDefinition<_troupe_v1_GetJobStatisticsRequest, _troupe_v1_JobStatistics, _troupe_v1_GetJobStatisticsRequest__Output, _troupe_v1_JobStatistics__Output>
  GetNode: MethodDefinition<_troupe_v1_GetNodeRequest, _troupe_v1_Node, _troupe_v1_GetNodeRequest__Output, _troupe_v1_Node__Output>
  GetNodeFile: MethodDefinition<_troupe_v1_GetNodeFileRequest, _troupe_v1_FileChunk, _troupe_v1_GetNodeFileRequest__Output, _troupe_v1_FileChunk__Output>
  GetPool: MethodDefinition<_troupe_v1_GetPoolRequest, _troupe_v1_Pool, _troupe_v1_GetPoolRequest__Output, _troupe_v1_Pool__Output>
  GetTask: MethodDefinition<_troupe_v1_GetTaskRequest, _troupe_v1_Task, _troupe_v1_GetTaskRequest__Output, _troupe_v1_Task__Output>
  GetTaskCounts: MethodDefinition<_troupe_v1_GetTaskCountsRequest, _troupe_v1_TaskCounts, _troupe_v1_GetTaskCountsRequest__Output, _troupe_v1_TaskCounts__Output>
  GetTaskFile: MethodDefinition<_troupe_v1_GetTaskFileRequest, _troupe_v1_FileChunk, _troupe_v1_GetTaskFileRequest__Output, _troupe_v1_FileChunk__Output>
  GetTaskOutput: MethodDefinition<_troupe_v1_GetTaskOutputRequest, _troupe_v1_OutputChunk, _troupe_v1_GetTaskOutputRequest__Output, _troupe_v1_OutputChunk__Output>
  ListJobs: MethodDefinition<_troupe_v1_ListJobsRequest, _troupe_v1_ListJobsResponse, _troupe_v1_ListJobsRequest__Output, _troupe_v1_ListJobsResponse__Output>
  ListNodeFiles: MethodDefinition<_troupe_v1_ListNodeFilesRequest, _troupe_v1_ListNodeFilesResponse, _troupe_v1_ListNodeFilesRequest__Output, _troupe_v1_ListNodeFilesResponse__Output>
  ListNodes: MethodDefinition<_troupe_v1_ListNodesRequest, _troupe_v1_ListNodesResponse, _troupe_v1_ListNodesRequest__Output, _troupe_v1_ListNodesResponse__Output>
  ListPools: MethodDefinition<_troupe_v1_ListPoolsRequest, _troupe_v1_ListPoolsResponse, _troupe_v1_ListPoolsRequest__Output, _troupe_v1_ListPoolsResponse__Output>
  ListPreparationAndReleaseTaskStatus: MethodDefinition<_troupe_v1_ListPreparationAndReleaseTaskStatusRequest, _troupe_v1_ListPreparationAndReleaseTaskStatusResponse, _troupe_v1_ListPreparationAndReleaseTaskStatusRequest__Output, _troupe_v1_ListPreparationAndReleaseTaskStatusResponse__Output>
  ListSubtasks: MethodDefinition<_troupe_v1_ListSubtasksRequest, _troupe_v1_ListSubtasksResponse, _troupe_v1_ListSubtasksRequest__Output, _troupe_v1_ListSubtasksResponse__Output>
  ListTaskFiles: MethodDefinition<_troupe_v1_ListTaskFilesRequest, _troupe_v1_ListNodeFilesResponse, _troupe_v1_ListTaskFilesRequest__Output, _troupe_v1_ListNodeFilesResponse__Output>
  ListTasks: MethodDefinition<_troupe_v1_ListTasksRequest, _troupe_v1_ListTasksResponse, _troupe_v1_ListTasksRequest__Output, _troupe_v1_ListTasksResponse__Output>
  ListTokens: MethodDefinition<_troupe_v1_ListTokensRequest, _troupe_v1_ListTokensResponse, _troupe_v1_ListTokensRequest__Output, _troupe_v1_ListTokensResponse__Output>
  PatchJob: MethodDefinition<_troupe_v1_PatchJobRequest, _troupe_v1_Job, _troupe_v1_PatchJobRequest__Output, _troupe_v1_Job__Output>
  PatchPool: MethodDefinition<_troupe_v1_PatchPoolRequest, _troupe_v1_Pool, _troupe_v1_PatchPoolRequest__Output, _troupe_v1_Pool__Output>
  ReactivateTask: MethodDefinition<_troupe_v1_ReactivateTaskRequest, _troupe_v1_Task, _troupe_v1_ReactivateTaskRequest__Output, _troupe_v1_Task__Output>
  RevokeToken: MethodDefinition<_troupe_v1_RevokeTokenRequest, _troupe_v1_RevokeTokenResponse, _troupe_v1_RevokeTokenRequest__Output, _troupe_v1_RevokeTokenResponse__Output>
  TerminateJob: MethodDefinition<_troupe_v1_TerminateJobRequest, _troupe_v1_Job, _troupe_v1_TerminateJobRequest__Output, _troupe_v1_Job__Output>
  TerminateTask: MethodDefinition<_troupe_v1_TerminateTaskRequest, _troupe_v1_Task, _troupe_v1_TerminateTaskRequest__Output, _troupe_v1_Task__Output>
  UpdateTask: MethodDefinition<_troupe_v1_UpdateTaskRequest, _troupe_v1_Task, _troupe_v1_UpdateTaskRequest__Output, _troupe_v1_Task__Output>
  Watch: MethodDefinition<_troupe_v1_WatchRequest, _troupe_v1_WatchEvent, _troupe_v1_WatchRequest__Output, _troupe_v1_WatchEvent__Output>
  WhoAmI: MethodDefinition<_troupe_v1_WhoAmIRequest, _troupe_v1_Token, _troupe_v1_WhoAmIRequest__Output, _troupe_v1_Token__Output>
}
