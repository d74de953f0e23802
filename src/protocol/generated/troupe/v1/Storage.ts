// Original file: proto/troupe/v1/storage.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApplicationPackage as _troupe_v1_ApplicationPackage, ApplicationPackage__Output as _troupe_v1_ApplicationPackage__Output } from '../../troupe/v1/ApplicationPackage';
import type { DeleteApplicationPackageRequest as _troupe_v1_DeleteApplicationPackageRequest, DeleteApplicationPackageRequest__Output as _troupe_v1_DeleteApplicationPackageRequest__Output } from '../../troupe/v1/DeleteApplicationPackageRequest';
import type { DeleteApplicationPackageResponse as _troupe_v1_DeleteApplicationPackageResponse, DeleteApplicationPackageResponse__Output as _troupe_v1_DeleteApplicationPackageResponse__Output } from '../../troupe/v1/DeleteApplicationPackageResponse';
import type { DeleteFileRequest as _troupe_v1_DeleteFileRequest, DeleteFileRequest__Output as _troupe_v1_DeleteFileRequest__Output } from '../../troupe/v1/DeleteFileRequest';
import type { DeleteFileResponse as _troupe_v1_DeleteFileResponse, DeleteFileResponse__Output as _troupe_v1_DeleteFileResponse__Output } from '../../troupe/v1/DeleteFileResponse';
import type { DownloadFileChunk as _troupe_v1_DownloadFileChunk, DownloadFileChunk__Output as _troupe_v1_DownloadFileChunk__Output } from '../../troupe/v1/DownloadFileChunk';
import type { DownloadFileRequest as _troupe_v1_DownloadFileRequest, DownloadFileRequest__Output as _troupe_v1_DownloadFileRequest__Output } from '../../troupe/v1/DownloadFileRequest';
import type { FileInfo as _troupe_v1_FileInfo, FileInfo__Output as _troupe_v1_FileInfo__Output } from '../../troupe/v1/FileInfo';
import type { GetApplicationPackageRequest as _troupe_v1_GetApplicationPackageRequest, GetApplicationPackageRequest__Output as _troupe_v1_GetApplicationPackageRequest__Output } from '../../troupe/v1/GetApplicationPackageRequest';
import type { ListApplicationPackagesRequest as _troupe_v1_ListApplicationPackagesRequest, ListApplicationPackagesRequest__Output as _troupe_v1_ListApplicationPackagesRequest__Output } from '../../troupe/v1/ListApplicationPackagesRequest';
import type { ListApplicationPackagesResponse as _troupe_v1_ListApplicationPackagesResponse, ListApplicationPackagesResponse__Output as _troupe_v1_ListApplicationPackagesResponse__Output } from '../../troupe/v1/ListApplicationPackagesResponse';
import type { ListFilesRequest as _troupe_v1_ListFilesRequest, ListFilesRequest__Output as _troupe_v1_ListFilesRequest__Output } from '../../troupe/v1/ListFilesRequest';
import type { ListFilesResponse as _troupe_v1_ListFilesResponse, ListFilesResponse__Output as _troupe_v1_ListFilesResponse__Output } from '../../troupe/v1/ListFilesResponse';
import type { UploadApplicationPackageRequest as _troupe_v1_UploadApplicationPackageRequest, UploadApplicationPackageRequest__Output as _troupe_v1_UploadApplicationPackageRequest__Output } from '../../troupe/v1/UploadApplicationPackageRequest';
import type { UploadFileRequest as _troupe_v1_UploadFileRequest, UploadFileRequest__Output as _troupe_v1_UploadFileRequest__Output } from '../../troupe/v1/UploadFileRequest';

export interface StorageClient extends grpc.Client {
  DeleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  DeleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  DeleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  DeleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  deleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  deleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  deleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  deleteApplicationPackage(argument: _troupe_v1_DeleteApplicationPackageRequest, callback: grpc.requestCallback<_troupe_v1_DeleteApplicationPackageResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteFile(argument: _troupe_v1_DeleteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  DeleteFile(argument: _troupe_v1_DeleteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  DeleteFile(argument: _troupe_v1_DeleteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  DeleteFile(argument: _troupe_v1_DeleteFileRequest, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  deleteFile(argument: _troupe_v1_DeleteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  deleteFile(argument: _troupe_v1_DeleteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  deleteFile(argument: _troupe_v1_DeleteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  deleteFile(argument: _troupe_v1_DeleteFileRequest, callback: grpc.requestCallback<_troupe_v1_DeleteFileResponse__Output>): grpc.ClientUnaryCall;
  
  DownloadFile(argument: _troupe_v1_DownloadFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_DownloadFileChunk__Output>;
  DownloadFile(argument: _troupe_v1_DownloadFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_DownloadFileChunk__Output>;
  downloadFile(argument: _troupe_v1_DownloadFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_DownloadFileChunk__Output>;
  downloadFile(argument: _troupe_v1_DownloadFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_troupe_v1_DownloadFileChunk__Output>;
  
  GetApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  GetApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  GetApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  GetApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  getApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  getApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  getApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  getApplicationPackage(argument: _troupe_v1_GetApplicationPackageRequest, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientUnaryCall;
  
  ListApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  ListApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  ListApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  ListApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  listApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  listApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  listApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  listApplicationPackages(argument: _troupe_v1_ListApplicationPackagesRequest, callback: grpc.requestCallback<_troupe_v1_ListApplicationPackagesResponse__Output>): grpc.ClientUnaryCall;
  
  ListFiles(argument: _troupe_v1_ListFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  ListFiles(argument: _troupe_v1_ListFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  ListFiles(argument: _troupe_v1_ListFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  ListFiles(argument: _troupe_v1_ListFilesRequest, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _troupe_v1_ListFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _troupe_v1_ListFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _troupe_v1_ListFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _troupe_v1_ListFilesRequest, callback: grpc.requestCallback<_troupe_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  
  UploadApplicationPackage(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  UploadApplicationPackage(metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  UploadApplicationPackage(options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  UploadApplicationPackage(callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  uploadApplicationPackage(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  uploadApplicationPackage(metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  uploadApplicationPackage(options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  uploadApplicationPackage(callback: grpc.requestCallback<_troupe_v1_ApplicationPackage__Output>): grpc.ClientWritableStream<_troupe_v1_UploadApplicationPackageRequest>;
  
  UploadFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  UploadFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  UploadFile(options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  UploadFile(callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  uploadFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  uploadFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  uploadFile(options: grpc.CallOptions, callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  uploadFile(callback: grpc.requestCallback<_troupe_v1_FileInfo__Output>): grpc.ClientWritableStream<_troupe_v1_UploadFileRequest>;
  
}

export interface StorageHandlers extends grpc.UntypedServiceImplementation {
  DeleteApplicationPackage: grpc.handleUnaryCall<_troupe_v1_DeleteApplicationPackageRequest__Output, _troupe_v1_DeleteApplicationPackageResponse>;
  
  DeleteFile: grpc.handleUnaryCall<_troupe_v1_DeleteFileRequest__Output, _troupe_v1_DeleteFileResponse>;
  
  DownloadFile: grpc.handleServerStreamingCall<_troupe_v1_DownloadFileRequest__Output, _troupe_v1_DownloadFileChunk>;
  
  GetApplicationPackage: grpc.handleUnaryCall<_troupe_v1_GetApplicationPackageRequest__Output, _troupe_v1_ApplicationPackage>;
  
  ListApplicationPackages: grpc.handleUnaryCall<_troupe_v1_ListApplicationPackagesRequest__Output, _troupe_v1_ListApplicationPackagesResponse>;
  
  ListFiles: grpc.handleUnaryCall<_troupe_v1_ListFilesRequest__Output, _troupe_v1_ListFilesResponse>;
  
  UploadApplicationPackage: grpc.handleClientStreamingCall<_troupe_v1_UploadApplicationPackageRequest__Output, _troupe_v1_ApplicationPackage>;
  
  UploadFile: grpc.handleClientStreamingCall<_troupe_v1_UploadFileRequest__Output, _troupe_v1_FileInfo>;
  
}

export interface StorageDefinition extends grpc.ServiceDefinition {
  DeleteApplicationPackage: MethodDefinition<_troupe_v1_DeleteApplicationPackageRequest, _troupe_v1_DeleteApplicationPackageResponse, _troupe_v1_DeleteApplicationPackageRequest__Output, _troupe_v1_DeleteApplicationPackageResponse__Output>
  DeleteFile: MethodDefinition<_troupe_v1_DeleteFileRequest, _troupe_v1_DeleteFileResponse, _troupe_v1_DeleteFileRequest__Output, _troupe_v1_DeleteFileResponse__Output>
  DownloadFile: MethodDefinition<_troupe_v1_DownloadFileRequest, _troupe_v1_DownloadFileChunk, _troupe_v1_DownloadFileRequest__Output, _troupe_v1_DownloadFileChunk__Output>
  GetApplicationPackage: MethodDefinition<_troupe_v1_GetApplicationPackageRequest, _troupe_v1_ApplicationPackage, _troupe_v1_GetApplicationPackageRequest__Output, _troupe_v1_ApplicationPackage__Output>
  ListApplicationPackages: MethodDefinition<_troupe_v1_ListApplicationPackagesRequest, _troupe_v1_ListApplicationPackagesResponse, _troupe_v1_ListApplicationPackagesRequest__Output, _troupe_v1_ListApplicationPackagesResponse__Output>
  ListFiles: MethodDefinition<_troupe_v1_ListFilesRequest, _troupe_v1_ListFilesResponse, _troupe_v1_ListFilesRequest__Output, _troupe_v1_ListFilesResponse__Output>
  UploadApplicationPackage: MethodDefinition<_troupe_v1_UploadApplicationPackageRequest, _troupe_v1_ApplicationPackage, _troupe_v1_UploadApplicationPackageRequest__Output, _troupe_v1_ApplicationPackage__Output>
  UploadFile: MethodDefinition<_troupe_v1_UploadFileRequest, _troupe_v1_FileInfo, _troupe_v1_UploadFileRequest__Output, _troupe_v1_FileInfo__Output>
}
