// Original file: proto/troupe/v1/storage.proto

import type { FileInfo as _troupe_v1_FileInfo, FileInfo__Output as _troupe_v1_FileInfo__Output } from '../../troupe/v1/FileInfo';

export interface ListFilesResponse {
  'files'?: (_troupe_v1_FileInfo)[];
  'nextPageToken'?: (string);
}

export interface ListFilesResponse__Output {
  'files': (_troupe_v1_FileInfo__Output)[];
  'nextPageToken': (string);
}
