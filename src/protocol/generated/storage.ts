import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ApplicationPackage as _troupe_v1_ApplicationPackage, ApplicationPackage__Output as _troupe_v1_ApplicationPackage__Output } from './troupe/v1/ApplicationPackage';
import type { DeleteApplicationPackageRequest as _troupe_v1_DeleteApplicationPackageRequest, DeleteApplicationPackageRequest__Output as _troupe_v1_DeleteApplicationPackageRequest__Output } from './troupe/v1/DeleteApplicationPackageRequest';
import type { DeleteApplicationPackageResponse as _troupe_v1_DeleteApplicationPackageResponse, DeleteApplicationPackageResponse__Output as _troupe_v1_DeleteApplicationPackageResponse__Output } from './troupe/v1/DeleteApplicationPackageResponse';
import type { DeleteFileRequest as _troupe_v1_DeleteFileRequest, DeleteFileRequest__Output as _troupe_v1_DeleteFileRequest__Output } from './troupe/v1/DeleteFileRequest';
import type { DeleteFileResponse as _troupe_v1_DeleteFileResponse, DeleteFileResponse__Output as _troupe_v1_DeleteFileResponse__Output } from './troupe/v1/DeleteFileResponse';
import type { DownloadFileChunk as _troupe_v1_DownloadFileChunk, DownloadFileChunk__Output as _troupe_v1_DownloadFileChunk__Output } from './troupe/v1/DownloadFileChunk';
import type { DownloadFileRequest as _troupe_v1_DownloadFileRequest, DownloadFileRequest__Output as _troupe_v1_DownloadFileRequest__Output } from './troupe/v1/DownloadFileRequest';
import type { FileInfo as _troupe_v1_FileInfo, FileInfo__Output as _troupe_v1_FileInfo__Output } from './troupe/v1/FileInfo';
import type { GetApplicationPackageRequest as _troupe_v1_GetApplicationPackageRequest, GetApplicationPackageRequest__Output as _troupe_v1_GetApplicationPackageRequest__Output } from './troupe/v1/GetApplicationPackageRequest';
import type { ListApplicationPackagesRequest as _troupe_v1_ListApplicationPackagesRequest, ListApplicationPackagesRequest__Output as _troupe_v1_ListApplicationPackagesRequest__Output } from './troupe/v1/ListApplicationPackagesRequest';
import type { ListApplicationPackagesResponse as _troupe_v1_ListApplicationPackagesResponse, ListApplicationPackagesResponse__Output as _troupe_v1_ListApplicationPackagesResponse__Output } from './troupe/v1/ListApplicationPackagesResponse';
import type { ListFilesRequest as _troupe_v1_ListFilesRequest, ListFilesRequest__Output as _troupe_v1_ListFilesRequest__Output } from './troupe/v1/ListFilesRequest';
import type { ListFilesResponse as _troupe_v1_ListFilesResponse, ListFilesResponse__Output as _troupe_v1_ListFilesResponse__Output } from './troupe/v1/ListFilesResponse';
import type { StorageClient as _troupe_v1_StorageClient, StorageDefinition as _troupe_v1_StorageDefinition } from './troupe/v1/Storage';
import type { UploadApplicationPackageHeader as _troupe_v1_UploadApplicationPackageHeader, UploadApplicationPackageHeader__Output as _troupe_v1_UploadApplicationPackageHeader__Output } from './troupe/v1/UploadApplicationPackageHeader';
import type { UploadApplicationPackageRequest as _troupe_v1_UploadApplicationPackageRequest, UploadApplicationPackageRequest__Output as _troupe_v1_UploadApplicationPackageRequest__Output } from './troupe/v1/UploadApplicationPackageRequest';
import type { UploadFileHeader as _troupe_v1_UploadFileHeader, UploadFileHeader__Output as _troupe_v1_UploadFileHeader__Output } from './troupe/v1/UploadFileHeader';
import type { UploadFileRequest as _troupe_v1_UploadFileRequest, UploadFileRequest__Output as _troupe_v1_UploadFileRequest__Output } from './troupe/v1/UploadFileRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  troupe: {
    v1: {
      ApplicationPackage: MessageTypeDefinition<_troupe_v1_ApplicationPackage, _troupe_v1_ApplicationPackage__Output>
      DeleteApplicationPackageRequest: MessageTypeDefinition<_troupe_v1_DeleteApplicationPackageRequest, _troupe_v1_DeleteApplicationPackageRequest__Output>
      DeleteApplicationPackageResponse: MessageTypeDefinition<_troupe_v1_DeleteApplicationPackageResponse, _troupe_v1_DeleteApplicationPackageResponse__Output>
      DeleteFileRequest: MessageTypeDefinition<_troupe_v1_DeleteFileRequest, _troupe_v1_DeleteFileRequest__Output>
      DeleteFileResponse: MessageTypeDefinition<_troupe_v1_DeleteFileResponse, _troupe_v1_DeleteFileResponse__Output>
      DownloadFileChunk: MessageTypeDefinition<_troupe_v1_DownloadFileChunk, _troupe_v1_DownloadFileChunk__Output>
      DownloadFileRequest: MessageTypeDefinition<_troupe_v1_DownloadFileRequest, _troupe_v1_DownloadFileRequest__Output>
      FileInfo: MessageTypeDefinition<_troupe_v1_FileInfo, _troupe_v1_FileInfo__Output>
      GetApplicationPackageRequest: MessageTypeDefinition<_troupe_v1_GetApplicationPackageRequest, _troupe_v1_GetApplicationPackageRequest__Output>
      ListApplicationPackagesRequest: MessageTypeDefinition<_troupe_v1_ListApplicationPackagesRequest, _troupe_v1_ListApplicationPackagesRequest__Output>
      ListApplicationPackagesResponse: MessageTypeDefinition<_troupe_v1_ListApplicationPackagesResponse, _troupe_v1_ListApplicationPackagesResponse__Output>
      ListFilesRequest: MessageTypeDefinition<_troupe_v1_ListFilesRequest, _troupe_v1_ListFilesRequest__Output>
      ListFilesResponse: MessageTypeDefinition<_troupe_v1_ListFilesResponse, _troupe_v1_ListFilesResponse__Output>
      Storage: SubtypeConstructor<typeof grpc.Client, _troupe_v1_StorageClient> & { service: _troupe_v1_StorageDefinition }
      UploadApplicationPackageHeader: MessageTypeDefinition<_troupe_v1_UploadApplicationPackageHeader, _troupe_v1_UploadApplicationPackageHeader__Output>
      UploadApplicationPackageRequest: MessageTypeDefinition<_troupe_v1_UploadApplicationPackageRequest, _troupe_v1_UploadApplicationPackageRequest__Output>
      UploadFileHeader: MessageTypeDefinition<_troupe_v1_UploadFileHeader, _troupe_v1_UploadFileHeader__Output>
      UploadFileRequest: MessageTypeDefinition<_troupe_v1_UploadFileRequest, _troupe_v1_UploadFileRequest__Output>
    }
  }
}

