// Original file: proto/troupe/v1/storage.proto

import type { FileInfo as _troupe_v1_FileInfo, FileInfo__Output as _troupe_v1_FileInfo__Output } from '../../troupe/v1/FileInfo';

export interface DownloadFileChunk {
  'info'?: (_troupe_v1_FileInfo | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "info"|"data";
}

export interface DownloadFileChunk__Output {
  'info'?: (_troupe_v1_FileInfo__Output | null);
  'data'?: (Buffer);
  'part'?: "info"|"data";
}
