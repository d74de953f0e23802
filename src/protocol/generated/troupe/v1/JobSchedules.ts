// Original file: proto/troupe/v1/job_schedule_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateJobScheduleRequest as _troupe_v1_CreateJobScheduleRequest, CreateJobScheduleRequest__Output as _troupe_v1_CreateJobScheduleRequest__Output } from '../../troupe/v1/CreateJobScheduleRequest';
import type { DeleteJobScheduleRequest as _troupe_v1_DeleteJobScheduleRequest, DeleteJobScheduleRequest__Output as _troupe_v1_DeleteJobScheduleRequest__Output } from '../../troupe/v1/DeleteJobScheduleRequest';
import type { DeleteJobScheduleResponse as _troupe_v1_DeleteJobScheduleResponse, DeleteJobScheduleResponse__Output as _troupe_v1_DeleteJobScheduleResponse__Output } from '../../troupe/v1/DeleteJobScheduleResponse';
import type { DisableJobScheduleRequest as _troupe_v1_DisableJobScheduleRequest, DisableJobScheduleRequest__Output as _troupe_v1_DisableJobScheduleRequest__Output } from '../../troupe/v1/DisableJobScheduleRequest';
import type { EnableJobScheduleRequest as _troupe_v1_EnableJobScheduleRequest, EnableJobScheduleRequest__Output as _troupe_v1_EnableJobScheduleRequest__Output } from '../../troupe/v1/EnableJobScheduleRequest';
import type { GetJobScheduleRequest as _troupe_v1_GetJobScheduleRequest, GetJobScheduleRequest__Output as _troupe_v1_GetJobScheduleRequest__Output } from '../../troupe/v1/GetJobScheduleRequest';
import type { JobSchedule as _troupe_v1_JobSchedule, JobSchedule__Output as _troupe_v1_JobSchedule__Output } from '../../troupe/v1/JobSchedule';
import type { ListJobSchedulesRequest as _troupe_v1_ListJobSchedulesRequest, ListJobSchedulesRequest__Output as _troupe_v1_ListJobSchedulesRequest__Output } from '../../troupe/v1/ListJobSchedulesRequest';
import type { ListJobSchedulesResponse as _troupe_v1_ListJobSchedulesResponse, ListJobSchedulesResponse__Output as _troupe_v1_ListJobSchedulesResponse__Output } from '../../troupe/v1/ListJobSchedulesResponse';
import type { PatchJobScheduleRequest as _troupe_v1_PatchJobScheduleRequest, PatchJobScheduleRequest__Output as _troupe_v1_PatchJobScheduleRequest__Output } from '../../troupe/v1/PatchJobScheduleRequest';
import type { TerminateJobScheduleRequest as _troupe_v1_TerminateJobScheduleRequest, TerminateJobScheduleRequest__Output as _troupe_v1_TerminateJobScheduleRequest__Output } from '../../troupe/v1/TerminateJobScheduleRequest';

export interface JobSchedulesClient extends grpc.Client {
  CreateJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  CreateJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  CreateJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  CreateJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  createJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  createJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  createJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  createJobSchedule(argument: _troupe_v1_CreateJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  
  DeleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteJobSchedule(argument: _troupe_v1_DeleteJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_DeleteJobScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  DisableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  DisableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  DisableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  DisableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  disableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  disableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  disableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  disableJobSchedule(argument: _troupe_v1_DisableJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  
  EnableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  EnableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  EnableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  EnableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  enableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  enableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  enableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  enableJobSchedule(argument: _troupe_v1_EnableJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  
  GetJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  GetJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  GetJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  GetJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  getJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  getJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  getJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  getJobSchedule(argument: _troupe_v1_GetJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  
  ListJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listJobSchedules(argument: _troupe_v1_ListJobSchedulesRequest, callback: grpc.requestCallback<_troupe_v1_ListJobSchedulesResponse__Output>): grpc.ClientUnaryCall;
  
  PatchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  PatchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  PatchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  PatchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  patchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  patchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  patchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  patchJobSchedule(argument: _troupe_v1_PatchJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  
  TerminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  TerminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  TerminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  TerminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  terminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  terminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  terminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  terminateJobSchedule(argument: _troupe_v1_TerminateJobScheduleRequest, callback: grpc.requestCallback<_troupe_v1_JobSchedule__Output>): grpc.ClientUnaryCall;
  
}

export interface JobSchedulesHandlers extends grpc.UntypedServiceImplementation {
  CreateJobSchedule: grpc.handleUnaryCall<_troupe_v1_CreateJobScheduleRequest__Output, _troupe_v1_JobSchedule>;
  
  DeleteJobSchedule: grpc.handleUnaryCall<_troupe_v1_DeleteJobScheduleRequest__Output, _troupe_v1_DeleteJobScheduleResponse>;
  
  DisableJobSchedule: grpc.handleUnaryCall<_troupe_v1_DisableJobScheduleRequest__Output, _troupe_v1_JobSchedule>;
  
  EnableJobSchedule: grpc.handleUnaryCall<_troupe_v1_EnableJobScheduleRequest__Output, _troupe_v1_JobSchedule>;
  
  GetJobSchedule: grpc.handleUnaryCall<_troupe_v1_GetJobScheduleRequest__Output, _troupe_v1_JobSchedule>;
  
  ListJobSchedules: grpc.handleUnaryCall<_troupe_v1_ListJobSchedulesRequest__Output, _troupe_v1_ListJobSchedulesResponse>;
  
  PatchJobSchedule: grpc.handleUnaryCall<_troupe_v1_PatchJobScheduleRequest__Output, _troupe_v1_JobSchedule>;
  
  TerminateJobSchedule: grpc.handleUnaryCall<_troupe_v1_TerminateJobScheduleRequest__Output, _troupe_v1_JobSchedule>;
  
}

export interface JobSchedulesDefinition extends grpc.ServiceDefinition {
  CreateJobSchedule: MethodDefinition<_troupe_v1_CreateJobScheduleRequest, _troupe_v1_JobSchedule, _troupe_v1_CreateJobScheduleRequest__Output, _troupe_v1_JobSchedule__Output>
  DeleteJobSchedule: MethodDefinition<_troupe_v1_DeleteJobScheduleRequest, _troupe_v1_DeleteJobScheduleResponse, _troupe_v1_DeleteJobScheduleRequest__Output, _troupe_v1_DeleteJobScheduleResponse__Output>
  DisableJobSchedule: MethodDefinition<_troupe_v1_DisableJobScheduleRequest, _troupe_v1_JobSchedule, _troupe_v1_DisableJobScheduleRequest__Output, _troupe_v1_JobSchedule__Output>
  EnableJobSchedule: MethodDefinition<_troupe_v1_EnableJobScheduleRequest, _troupe_v1_JobSchedule, _troupe_v1_EnableJobScheduleRequest__Output, _troupe_v1_JobSchedule__Output>
  GetJobSchedule: MethodDefinition<_troupe_v1_GetJobScheduleRequest, _troupe_v1_JobSchedule, _troupe_v1_GetJobScheduleRequest__Output, _troupe_v1_JobSchedule__Output>
  ListJobSchedules: MethodDefinition<_troupe_v1_ListJobSchedulesRequest, _troupe_v1_ListJobSchedulesResponse, _troupe_v1_ListJobSchedulesRequest__Output, _troupe_v1_ListJobSchedulesResponse__Output>
  PatchJobSchedule: MethodDefinition<_troupe_v1_PatchJobScheduleRequest, _troupe_v1_JobSchedule, _troupe_v1_PatchJobScheduleRequest__Output, _troupe_v1_JobSchedule__Output>
  TerminateJobSchedule: MethodDefinition<_troupe_v1_TerminateJobScheduleRequest, _troupe_v1_JobSchedule, _troupe_v1_TerminateJobScheduleRequest__Output, _troupe_v1_JobSchedule__Output>
}
